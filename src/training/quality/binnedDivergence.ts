/**
 * Jensen–Shannon and KL(real ‖ fake) divergences, in bits, between histograms of real and generated
 * samples (the estimate of seed 002 and GAN Lab). Every bin gets ε = 1e-4 added to its count before
 * normalising, so KL stays finite where the generator puts no mass. Points outside the range
 * (and non-finite ones) are clamped into the edge bins.
 */

export interface Divergence {
  js: number;
  kl: number;
}

const SMOOTHING = 1e-4;
export const GRID_BINS_PER_SIDE = 30;

/** 1-D samples over `bins` equal bins on [min, max]. */
export function binnedDivergence1d(real: Float32Array, fake: Float32Array, min: number, max: number, bins: number): Divergence {
  const histogram = (values: Float32Array) => {
    const counts = new Float64Array(bins);
    for (const v of values) counts[binIndex(v, min, max, bins)]!++;
    return counts;
  };
  return divergence(histogram(real), histogram(fake));
}

/** 2-D samples (row-major x, y) on a gridSize × gridSize grid over the bounds. */
export function binnedDivergence2d(
  real: Float32Array,
  fake: Float32Array,
  bounds: { min: number[]; max: number[] },
  gridSize = GRID_BINS_PER_SIDE,
): Divergence {
  const [xMin, yMin] = bounds.min as [number, number];
  const [xMax, yMax] = bounds.max as [number, number];
  const histogram = (points: Float32Array) => {
    const counts = new Float64Array(gridSize * gridSize);
    for (let i = 0; i + 1 < points.length; i += 2) {
      const column = binIndex(points[i]!, xMin, xMax, gridSize);
      const row = binIndex(points[i + 1]!, yMin, yMax, gridSize);
      counts[row * gridSize + column]!++;
    }
    return counts;
  };
  return divergence(histogram(real), histogram(fake));
}

function binIndex(value: number, min: number, max: number, bins: number): number {
  const index = Math.floor(((value - min) / (max - min)) * bins);
  if (Number.isNaN(index) || index < 0) return 0;
  return index >= bins ? bins - 1 : index;
}

function divergence(realCounts: Float64Array, fakeCounts: Float64Array): Divergence {
  const p = smoothedProbabilities(realCounts);
  const q = smoothedProbabilities(fakeCounts);
  let kl = 0;
  let js = 0;
  for (let i = 0; i < p.length; i++) {
    const m = 0.5 * (p[i]! + q[i]!);
    kl += p[i]! * Math.log2(p[i]! / q[i]!);
    js += 0.5 * p[i]! * Math.log2(p[i]! / m) + 0.5 * q[i]! * Math.log2(q[i]! / m);
  }
  // Rounding can leave tiny negatives where the histograms are equal.
  return { js: Math.max(0, js), kl: Math.max(0, kl) };
}

function smoothedProbabilities(counts: Float64Array): Float64Array {
  let total = 0;
  for (const c of counts) total += c + SMOOTHING;
  return counts.map((c) => (c + SMOOTHING) / total);
}
