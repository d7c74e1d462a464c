import { float64Rows, rowCount, rowDots, rowSquaredNorms, type FeatureMatrix } from './featureRows';

export interface PrecisionRecall {
  /** Share of generated points inside the real manifold (some real point's k-NN ball). */
  precision: number;
  /** Share of real points inside the generated manifold (some generated point's k-NN ball). */
  recall: number;
}

const DEFAULT_K = 3;
/** Rows per block: a block's rows of both sets (2 × 128 × 1 KiB at dim 128) stay in cache while its pairs are visited. */
const BLOCK = 128;

/**
 * Improved precision and recall (Kynkäänniemi et al. 2019). Each point's ball has as radius the
 * distance to its k-th nearest other point of the same set; a point is inside a manifold when it
 * lies in (or on) some ball of the other set. O((n_real + n_fake)² · dim) with squared distances
 * ‖a‖² + ‖b‖² − 2aᵀb, in float64 on points centred on the real mean (to limit cancellation).
 * `k` is 3 by default (the paper's choice). NaN for both when a set has no more than k points.
 */
export function precisionRecall(real: FeatureMatrix, fake: FeatureMatrix, dim: number, k = DEFAULT_K): PrecisionRecall {
  if (!Number.isInteger(k) || k < 1) throw new Error(`k must be a positive integer, got ${k}`);
  const nReal = rowCount(real, dim);
  const nFake = rowCount(fake, dim);
  if (nReal <= k || nFake <= k) return { precision: NaN, recall: NaN };
  const centre = new Float64Array(dim);
  for (let i = 0; i < nReal; i++) {
    for (let d = 0; d < dim; d++) centre[d] += real[i * dim + d]! / nReal;
  }
  const realRows = float64Rows(real, dim, nReal, centre);
  const fakeRows = float64Rows(fake, dim, nFake, centre);
  const realNorms = rowSquaredNorms(realRows, dim);
  const fakeNorms = rowSquaredNorms(fakeRows, dim);
  const realRadii = kthNeighbourSquaredDistances(realRows, realNorms, dim, k);
  const fakeRadii = kthNeighbourSquaredDistances(fakeRows, fakeNorms, dim, k);

  const fakeInReal = new Uint8Array(nFake);
  const realInFake = new Uint8Array(nReal);
  const dots = new Float64Array(BLOCK * BLOCK);
  for (let i0 = 0; i0 < nReal; i0 += BLOCK) {
    const i1 = Math.min(nReal, i0 + BLOCK);
    for (let j0 = 0; j0 < nFake; j0 += BLOCK) {
      const j1 = Math.min(nFake, j0 + BLOCK);
      rowDots(realRows, i0, i1, fakeRows, j0, j1, dim, dots);
      for (let i = i0; i < i1; i++) {
        const realNorm = realNorms[i]!;
        const realRadius = realRadii[i]!;
        const row = (i - i0) * (j1 - j0) - j0;
        for (let j = j0; j < j1; j++) {
          const squared = realNorm + fakeNorms[j]! - 2 * dots[row + j]!;
          if (squared <= realRadius) fakeInReal[j] = 1;
          if (squared <= fakeRadii[j]!) realInFake[i] = 1;
        }
      }
    }
  }
  return { precision: sum(fakeInReal) / nFake, recall: sum(realInFake) / nReal };
}

/**
 * For every row, the squared distance to its k-th nearest other row (by index: a duplicate of a
 * point counts as a neighbour at distance 0), NaN where there is none. Visits each unordered pair
 * once, in blocks.
 */
export function kthNeighbourSquaredDistances(rows: Float64Array, norms: Float64Array, dim: number, k: number): Float64Array {
  const n = norms.length;
  // nearest[i·k … i·k + k − 1]: the k smallest squared distances seen so far for row i, ascending.
  const nearest = new Float64Array(n * k).fill(Infinity);
  const last = k - 1;
  // Called only when `squared` beats row i's current k-th nearest.
  const insert = (i: number, squared: number) => {
    const base = i * k;
    let slot = base + last;
    while (slot > base && nearest[slot - 1]! > squared) {
      nearest[slot] = nearest[slot - 1]!;
      slot--;
    }
    nearest[slot] = squared;
  };
  const dots = new Float64Array(BLOCK * BLOCK);
  for (let i0 = 0; i0 < n; i0 += BLOCK) {
    const i1 = Math.min(n, i0 + BLOCK);
    for (let j0 = i0; j0 < n; j0 += BLOCK) {
      const j1 = Math.min(n, j0 + BLOCK);
      rowDots(rows, i0, i1, rows, j0, j1, dim, dots);
      for (let i = i0; i < i1; i++) {
        const norm = norms[i]!;
        const row = (i - i0) * (j1 - j0) - j0;
        for (let j = Math.max(j0, i + 1); j < j1; j++) {
          // Rounding can make the squared distance of nearby points slightly negative.
          const squared = Math.max(0, norm + norms[j]! - 2 * dots[row + j]!);
          if (squared < nearest[i * k + last]!) insert(i, squared);
          if (squared < nearest[j * k + last]!) insert(j, squared);
        }
      }
    }
  }
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const radius = nearest[i * k + k - 1]!;
    // A row with a non-finite value (a diverged generator), or without k finite neighbours, has no ball: NaN compares false.
    out[i] = Number.isFinite(norms[i]!) && Number.isFinite(radius) ? radius : NaN;
  }
  return out;
}

function sum(flags: Uint8Array): number {
  let total = 0;
  for (const flag of flags) total += flag;
  return total;
}
