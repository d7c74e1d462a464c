import { float64Rows, rowCount, type FeatureMatrix } from './featureRows';
import { psdSquareRoot } from './symmetricMatrix';

/**
 * Mean and covariance of a feature set (float64; covariance dim × dim row-major). Reference
 * statistics are fitted once per run and compared at every quality interval, so the covariance's
 * square root, which the Fréchet distance needs of one argument, is computed once and kept.
 */
export class GaussianStatistics {
  private covarianceRootCache: Float64Array | undefined;

  constructor(
    readonly dim: number,
    /** Samples the statistics were fitted on. */
    readonly count: number,
    readonly mean: Float64Array,
    readonly covariance: Float64Array,
  ) {
    if (mean.length !== dim || covariance.length !== dim * dim)
      throw new Error(`statistics of dimension ${dim} need a mean of ${dim} and a ${dim}×${dim} covariance`);
  }

  /** The symmetric PSD square root Σ^½ of the covariance. */
  covarianceRoot(): Float64Array {
    this.covarianceRootCache ??= psdSquareRoot(this.covariance, this.dim);
    return this.covarianceRootCache;
  }

  hasCovarianceRoot(): boolean {
    return this.covarianceRootCache !== undefined;
  }
}

/** Sample mean and unbiased (n − 1) covariance of the rows of an n × dim feature matrix; n ≥ 2. */
export function gaussianFit(features: FeatureMatrix, dim: number): GaussianStatistics {
  const n = rowCount(features, dim);
  if (n < 2) throw new Error(`a covariance needs at least 2 samples, got ${n}`);
  const mean = new Float64Array(dim);
  for (let i = 0; i < n; i++) {
    for (let d = 0; d < dim; d++) mean[d] += features[i * dim + d]!;
  }
  for (let d = 0; d < dim; d++) mean[d] /= n;
  // Centring first (rather than E[xxᵀ] − μμᵀ) keeps the covariance accurate when |μ| ≫ σ.
  const centred = float64Rows(features, dim, n, mean);
  const covariance = new Float64Array(dim * dim);
  for (let i = 0; i < n; i++) {
    const offset = i * dim;
    for (let a = 0; a < dim; a++) {
      const value = centred[offset + a]!;
      for (let b = a; b < dim; b++) covariance[a * dim + b] += value * centred[offset + b]!;
    }
  }
  for (let a = 0; a < dim; a++) {
    for (let b = a; b < dim; b++) {
      const value = covariance[a * dim + b]! / (n - 1);
      covariance[a * dim + b] = value;
      covariance[b * dim + a] = value;
    }
  }
  return new GaussianStatistics(dim, n, mean, covariance);
}
