import type { GaussianStatistics } from './gaussianFit';
import { multiply, symmetricEigen, trace } from './symmetricMatrix';

/**
 * Fréchet distance between two Gaussians, ‖μ₁ − μ₂‖² + tr(Σ₁ + Σ₂ − 2(Σ₁Σ₂)^½) (FID's formula).
 * tr((Σ₁Σ₂)^½) is Σ √λᵢ over the eigenvalues of the symmetric PSD matrix R Σ' R, R the square root
 * of one covariance and Σ' the other (it is similar to Σ₁Σ₂): real and stable where a general
 * matrix square root of Σ₁Σ₂ would not be, singular covariances included; eigenvalues that rounding
 * made slightly negative count as 0.
 * R is the root of the argument that already has one computed, else of `reference`; it is kept
 * (GaussianStatistics), so reference statistics fitted once per run pay for it once.
 */
export function frechetDistance(other: GaussianStatistics, reference: GaussianStatistics): number {
  const dim = reference.dim;
  if (other.dim !== dim) throw new Error(`Fréchet distance between statistics of dimension ${other.dim} and ${dim}`);
  let meanTerm = 0;
  for (let d = 0; d < dim; d++) {
    const diff = reference.mean[d]! - other.mean[d]!;
    meanTerm += diff * diff;
  }
  const [rooted, unrooted] = other.hasCovarianceRoot() && !reference.hasCovarianceRoot() ? [other, reference] : [reference, other];
  const root = rooted.covarianceRoot();
  const { values } = symmetricEigen(multiply(multiply(root, unrooted.covariance, dim), root, dim), dim);
  let traceOfRoot = 0;
  for (const value of values) traceOfRoot += Math.sqrt(Math.max(0, value));
  const distance = meanTerm + trace(reference.covariance, dim) + trace(other.covariance, dim) - 2 * traceOfRoot;
  // The distance is ≥ 0; for (nearly) identical statistics rounding can leave it a hair below.
  return Math.max(0, distance);
}
