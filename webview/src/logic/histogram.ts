/** Histogram helpers: bin centres and shares of a HistogramRecord, and binning raw 1-D samples. */

/** Centre of each of `bins` equal bins on [min, max]. */
export function binCentres(min: number, max: number, bins: number): number[] {
  const width = (max - min) / bins;
  return Array.from({ length: bins }, (_, i) => min + (i + 0.5) * width);
}

/** Counts as shares of their total (all zeros stay zeros). */
export function toShares(counts: ArrayLike<number>): number[] {
  const list = Array.from(counts);
  const total = list.reduce((s, c) => s + (Number.isFinite(c) ? c : 0), 0);
  return list.map((c) => (total > 0 && Number.isFinite(c) ? c / total : 0));
}

/** Counts of `values` in `bins` equal bins on [min, max]; values outside are dropped, max itself falls in the last bin. */
export function binValues(values: Iterable<number>, min: number, max: number, bins: number): number[] {
  const counts = new Array<number>(bins).fill(0);
  const span = max - min;
  if (!(span > 0) || bins <= 0) return counts;
  for (const v of values) {
    if (!Number.isFinite(v) || v < min || v > max) continue;
    counts[Math.min(bins - 1, Math.floor(((v - min) / span) * bins))]!++;
  }
  return counts;
}

/** Counts → probability density (area 1) for bins of `width`. */
export function toDensity(counts: readonly number[], width: number): number[] {
  const total = counts.reduce((s, c) => s + c, 0);
  return counts.map((c) => (total > 0 && width > 0 ? c / (total * width) : 0));
}
