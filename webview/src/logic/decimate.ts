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

/** Smallest block the cache keeps; coarser ones are made from pairs of finer ones. */
const MIN_BLOCK = 16;

/** Per block of `size` values: index of the smallest and largest finite value and of the first non-finite one (-1: none). */
interface Level {
  size: number;
  min: number[];
  max: number[];
  gap: number[];
}

/**
 * minMaxIndices for a series that grows at its end, without re-walking it every frame: min, max and
 * first non-finite index are kept per aligned block of 16, 32, 64 … values, each level made from the
 * one below, extended only by the blocks completed since the last call. A frame then costs the new
 * values plus a walk over the blocks shown (about `target`), not the whole series: the difference
 * between 200,000 points per series staying smooth or not.
 *
 * Buckets are power-of-two blocks aligned in index space (so they stay put as the series grows):
 * between target/4 and target/2 of them, two points each (three with a gap), plus the partial
 * blocks at the ends of the range. Pass `generation` (see
 * MetricColumns.generation) so values replaced in place (a resumed run) start the cache afresh; a
 * different array or a shorter one does too.
 */
export class MinMaxCache {
  private source: ArrayLike<number> | null = null;
  private generation = 0;
  private length = 0;
  private levels = new Map<number, Level>();

  indices(ys: ArrayLike<number>, target: number, from = 0, to = ys.length, generation = 0): number[] {
    if (ys !== this.source || generation !== this.generation || ys.length < this.length) {
      this.source = ys;
      this.generation = generation;
      this.levels = new Map();
    }
    this.length = ys.length;
    const start = Math.max(0, from);
    const end = Math.min(ys.length, to);
    const count = end - start;
    if (count <= 0) return [];
    if (count <= target || target < 4) return range(start, end);
    const buckets = Math.max(1, Math.floor((target - 2) / 2));
    const size = 2 ** Math.ceil(Math.log2(count / buckets));
    if (size < MIN_BLOCK) return minMaxIndices(ys, target, start, end);
    const level = this.level(ys, size);
    const out: number[] = [start];
    const firstFull = Math.ceil(start / size);
    const lastFull = Math.min(level.min.length, Math.floor(end / size));
    if (firstFull >= lastFull) return minMaxIndices(ys, target, start, end);
    scanInto(ys, start, firstFull * size, out);
    for (let b = firstFull; b < lastFull; b++) pushSorted(out, level.min[b]!, level.max[b]!, level.gap[b]!);
    scanInto(ys, lastFull * size, end, out);
    if (out[out.length - 1] !== end - 1) out.push(end - 1);
    return out;
  }

  /** The level of `size`, extended to every complete block of `ys`. */
  private level(ys: ArrayLike<number>, size: number): Level {
    let level = this.levels.get(size);
    if (!level) {
      level = { size, min: [], max: [], gap: [] };
      this.levels.set(size, level);
    }
    const complete = Math.floor(ys.length / size);
    if (level.min.length >= complete) return level;
    if (size > MIN_BLOCK) {
      const half = this.level(ys, size / 2);
      for (let b = level.min.length; b < complete; b++) {
        const a = 2 * b;
        const c = 2 * b + 1;
        level.min.push(pick(ys, half.min[a]!, half.min[c]!, (p, q) => p <= q));
        level.max.push(pick(ys, half.max[a]!, half.max[c]!, (p, q) => p >= q));
        level.gap.push(half.gap[a]! >= 0 ? half.gap[a]! : half.gap[c]!);
      }
    } else {
      for (let b = level.min.length; b < complete; b++) {
        let minI = -1;
        let maxI = -1;
        let gap = -1;
        for (let i = b * size; i < (b + 1) * size; i++) {
          const y = ys[i]!;
          if (!Number.isFinite(y)) {
            if (gap < 0) gap = i;
            continue;
          }
          if (minI < 0 || y < ys[minI]!) minI = i;
          if (maxI < 0 || y > ys[maxI]!) maxI = i;
        }
        level.min.push(minI);
        level.max.push(maxI);
        level.gap.push(gap);
      }
    }
    return level;
  }
}

/** The better of two indices (-1: none) by `better(value a, value b)`; the earlier on ties. */
function pick(ys: ArrayLike<number>, a: number, b: number, better: (p: number, q: number) => boolean): number {
  if (a < 0) return b;
  if (b < 0) return a;
  return better(ys[a]!, ys[b]!) ? a : b;
}

/** Pushes the indices ≥ 0 among a, b, c in ascending order, each after the last one pushed. */
function pushSorted(out: number[], a: number, b: number, c: number): void {
  let t: number;
  if (a > b) {
    t = a;
    a = b;
    b = t;
  }
  if (b > c) {
    t = b;
    b = c;
    c = t;
  }
  if (a > b) {
    t = a;
    a = b;
    b = t;
  }
  if (a >= 0 && a > out[out.length - 1]!) out.push(a);
  if (b >= 0 && b > out[out.length - 1]!) out.push(b);
  if (c >= 0 && c > out[out.length - 1]!) out.push(c);
}

/** One bucket of [from, to) scanned directly (the partial blocks at either end of the range). */
function scanInto(ys: ArrayLike<number>, from: number, to: number, out: number[]): void {
  let minI = -1;
  let maxI = -1;
  let gap = -1;
  for (let i = from; i < to; i++) {
    const y = ys[i]!;
    if (!Number.isFinite(y)) {
      if (gap < 0) gap = i;
      continue;
    }
    if (minI < 0 || y < ys[minI]!) minI = i;
    if (maxI < 0 || y > ys[maxI]!) maxI = i;
  }
  pushSorted(out, minI, maxI, gap);
}
