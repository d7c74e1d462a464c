/**
 * Display decimation for long series: min/max per bucket keeps every spike and the envelope of a
 * noisy line; non-finite values are kept so divergence still shows as a gap. Works on index
 * ranges so only the visible window (when zoomed) is decimated.
 */

/** Indices to draw: all of [from, to) when that is at most `target`, else first, last and per bucket min, max and gaps. */
export function minMaxIndices(ys: ArrayLike<number>, target: number, from = 0, to = ys.length): number[] {
  const start = Math.max(0, from);
  const end = Math.min(ys.length, to);
  const count = end - start;
  if (count <= 0) return [];
  if (count <= target || target < 4) return range(start, end);
  const buckets = Math.max(1, Math.floor((target - 2) / 2));
  const size = count / buckets;
  const out: number[] = [start];
  for (let b = 0; b < buckets; b++) {
    const lo = start + Math.floor(b * size);
    const hi = Math.min(end, start + Math.floor((b + 1) * size));
    let minI = -1;
    let maxI = -1;
    for (let i = lo; i < hi; i++) {
      const y = ys[i]!;
      if (!Number.isFinite(y)) {
        pushOrdered(out, minI, maxI);
        minI = maxI = -1;
        if (out[out.length - 1] !== i) out.push(i);
        continue;
      }
      if (minI < 0 || y < ys[minI]!) minI = i;
      if (maxI < 0 || y > ys[maxI]!) maxI = i;
    }
    pushOrdered(out, minI, maxI);
  }
  if (out[out.length - 1] !== end - 1) out.push(end - 1);
  return out;
}

function pushOrdered(out: number[], a: number, b: number): void {
  const first = Math.min(a, b);
  const second = Math.max(a, b);
  for (const i of first === second ? [first] : [first, second]) if (i >= 0 && i > out[out.length - 1]!) out.push(i);
}

function range(from: number, to: number): number[] {
  const out = new Array<number>(to - from);
  for (let i = from; i < to; i++) out[i - from] = i;
  return out;
}

/** First index whose x is ≥ `x` in ascending `xs` (xs.length when none). */
export function lowerBound(xs: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index whose x is > `x` in ascending `xs` (xs.length when none). */
export function upperBound(xs: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (xs[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index range [from, to) covering x in [min, max] plus one point either side, so lines reach the edges. */
export function visibleRange(xs: ArrayLike<number>, min: number | undefined, max: number | undefined): { from: number; to: number } {
  const from = min === undefined ? 0 : Math.max(0, lowerBound(xs, min) - 1);
  const to = max === undefined ? xs.length : Math.min(xs.length, upperBound(xs, max) + 1);
  return { from, to: Math.max(from, to) };
}

/** Index of the x nearest to `x` in ascending `xs` (-1 when empty). */
export function nearestIndex(xs: ArrayLike<number>, x: number): number {
  if (xs.length === 0) return -1;
  const i = lowerBound(xs, x);
  if (i === 0) return 0;
  if (i === xs.length) return xs.length - 1;
  return x - xs[i - 1]! <= xs[i]! - x ? i - 1 : i;
}
