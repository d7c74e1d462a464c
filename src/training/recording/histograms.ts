import type { HistogramRecord } from '../../shared/runFormat';

/** Counts of `values` in `bins` equal bins over [min, max]; values outside go to the edge bins. */
export function histogram(values: Float32Array, bins: number, min: number, max: number): number[] {
  const counts = new Array<number>(bins).fill(0);
  const width = (max - min) / bins || 1;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    const i = Math.min(bins - 1, Math.max(0, Math.floor((v - min) / width)));
    counts[i]!++;
  }
  return counts;
}

/** Histograms of D on a real and a fake batch over one shared range. */
export function scoreHistograms(step: number, real: Float32Array, fake: Float32Array, bins: number, probability: boolean): HistogramRecord {
  let min = 0;
  let max = 1;
  if (!probability) {
    min = Infinity;
    max = -Infinity;
    for (const v of [...real, ...fake]) {
      if (!Number.isFinite(v)) continue;
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    if (!(max > min)) {
      min = Number.isFinite(min) ? min - 0.5 : -1;
      max = min + 1;
    }
  }
  return {
    step,
    min,
    max,
    scale: probability ? 'probability' : 'score',
    real: histogram(real, bins, min, max),
    fake: histogram(fake, bins, min, max),
  };
}
