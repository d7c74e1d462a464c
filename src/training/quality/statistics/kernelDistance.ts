import type { Rng } from '../../random';
import { rowCount, rowDots, type FeatureMatrix } from './featureRows';

export interface KernelDistanceOptions {
  /** Draws the subsets. */
  rng: Rng;
  /** Random subsets the estimate is averaged over. Default 10. */
  subsets?: number;
  /** Points drawn (without replacement) from each set per subset. Default min(1000, n_x, n_y). */
  subsetSize?: number;
}

export interface KernelDistance {
  /** Mean over the subsets of the unbiased MMD²; can be slightly negative for identical distributions. */
  mean: number;
  /** Standard deviation of the subset values (population form, as torch-fidelity reports it). */
  std: number;
}

const DEFAULT_SUBSETS = 10;
const MAX_SUBSET_SIZE = 1000;
/** Rows per block of kernel values (see rowDots). */
const BLOCK = 128;

/**
 * Kernel distance (KID, Bińkowski et al. 2018): the unbiased estimate of MMD² with the polynomial
 * kernel k(x, y) = (xᵀy / dim + 1)³,
 *   1/(m(m−1)) Σ_{i≠j} k(xᵢ, xⱼ) + 1/(m(m−1)) Σ_{i≠j} k(yᵢ, yⱼ) − 2/m² Σ_{i,j} k(xᵢ, yⱼ),
 * on `subsets` pairs of random subsets of m points (x's and y's drawn independently, with `rng`).
 */
export function kernelDistance(x: FeatureMatrix, y: FeatureMatrix, dim: number, options: KernelDistanceOptions): KernelDistance {
  const { rng } = options;
  const nx = rowCount(x, dim);
  const ny = rowCount(y, dim);
  const subsets = options.subsets ?? DEFAULT_SUBSETS;
  const m = options.subsetSize ?? Math.min(MAX_SUBSET_SIZE, nx, ny);
  if (m < 2 || m > nx || m > ny) throw new Error(`KID subsets of ${m} points need 2 ≤ m ≤ ${Math.min(nx, ny)} (the smaller set)`);
  const values: number[] = [];
  for (let s = 0; s < subsets; s++) {
    const xSubset = pickRows(x, nx, m, dim, rng);
    const ySubset = pickRows(y, ny, m, dim, rng);
    const xx = kernelSum(xSubset, xSubset, m, dim, true);
    const yy = kernelSum(ySubset, ySubset, m, dim, true);
    const xy = kernelSum(xSubset, ySubset, m, dim, false);
    values.push((xx + yy) / (m * (m - 1)) - (2 * xy) / (m * m));
  }
  const mean = values.reduce((sum, v) => sum + v, 0) / values.length;
  const variance = values.reduce((sum, v) => sum + (v - mean) * (v - mean), 0) / values.length;
  return { mean, std: Math.sqrt(variance) };
}

function cubicKernel(dot: number, dim: number): number {
  const base = dot / dim + 1;
  return base * base * base;
}

/**
 * Σ_{i,j} k(aᵢ, bⱼ) over m × m rows, or, for a set with itself (`offDiagonal`), Σ_{i≠j} k(aᵢ, aⱼ)
 * from the pairs i < j.
 */
function kernelSum(a: Float64Array, b: Float64Array, m: number, dim: number, offDiagonal: boolean): number {
  const dots = new Float64Array(BLOCK * BLOCK);
  let sum = 0;
  for (let i0 = 0; i0 < m; i0 += BLOCK) {
    const i1 = Math.min(m, i0 + BLOCK);
    for (let j0 = offDiagonal ? i0 : 0; j0 < m; j0 += BLOCK) {
      const j1 = Math.min(m, j0 + BLOCK);
      rowDots(a, i0, i1, b, j0, j1, dim, dots);
      for (let i = i0; i < i1; i++) {
        const row = (i - i0) * (j1 - j0) - j0;
        for (let j = offDiagonal ? Math.max(j0, i + 1) : j0; j < j1; j++) sum += cubicKernel(dots[row + j]!, dim);
      }
    }
  }
  return offDiagonal ? 2 * sum : sum;
}

/** m distinct rows in random order (a partial Fisher–Yates shuffle), copied contiguously in float64. */
function pickRows(rows: FeatureMatrix, n: number, m: number, dim: number, rng: Rng): Float64Array {
  const order = Int32Array.from({ length: n }, (_, i) => i);
  const out = new Float64Array(m * dim);
  for (let i = 0; i < m; i++) {
    const pick = i + rng.int(n - i);
    const row = order[pick]!;
    order[pick] = order[i]!;
    order[i] = row;
    out.set(rows.subarray(row * dim, (row + 1) * dim), i * dim);
  }
  return out;
}
