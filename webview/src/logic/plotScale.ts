/** Axis ranges and tick values for the hand-drawn sample plots. */

export interface Range {
  min: number;
  max: number;
}

/** Smallest and largest of the finite values, as they are (null when there are none). */
export function finiteRange(values: Iterable<number>): Range | null {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return min > max ? null : { min, max };
}

/** Range of the finite values (null when there are none), widened when it is a single value. */
export function extent(values: Iterable<number>): Range | null {
  const range = finiteRange(values);
  if (range && range.min === range.max) return { min: range.min - 0.5, max: range.max + 0.5 };
  return range;
}

export function pad(range: Range, fraction: number): Range {
  const d = (range.max - range.min) * fraction;
  return { min: range.min - d, max: range.max + d };
}

export function union(a: Range | null, b: Range | null): Range | null {
  if (!a) return b;
  if (!b) return a;
  return { min: Math.min(a.min, b.min), max: Math.max(a.max, b.max) };
}

/** Range of the values between the `low` and `high` quantiles, so a few outliers do not squash the plot. */
export function robustExtent(values: readonly number[], low = 0.005, high = 0.995): Range | null {
  const finite = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (finite.length === 0) return null;
  const at = (q: number) => finite[Math.min(finite.length - 1, Math.max(0, Math.round(q * (finite.length - 1))))]!;
  return extent([at(low), at(high)]);
}

/** About `count` round tick values (1, 2, 5 × 10^k steps) inside [min, max]. */
export function niceTicks(min: number, max: number, count: number): number[] {
  if (!(max > min) || count < 1) return Number.isFinite(min) ? [min] : [];
  const raw = (max - min) / count;
  const magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? 10 * magnitude;
  const first = Math.ceil(min / step - 1e-9) * step;
  const ticks: number[] = [];
  for (let v = first; v <= max + step * 1e-9; v += step) ticks.push(Math.abs(v) < step * 1e-9 ? 0 : Number(v.toPrecision(12)));
  return ticks;
}

/** Square range (same span on both axes) centred on the given ranges, for plots that must keep the aspect ratio. */
export function squareRanges(x: Range, y: Range): { x: Range; y: Range } {
  const span = Math.max(x.max - x.min, y.max - y.min);
  const cx = (x.min + x.max) / 2;
  const cy = (y.min + y.max) / 2;
  return { x: { min: cx - span / 2, max: cx + span / 2 }, y: { min: cy - span / 2, max: cy + span / 2 } };
}
