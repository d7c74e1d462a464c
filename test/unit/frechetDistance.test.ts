import assert from 'node:assert/strict';
import { frechetDistance } from '../../src/training/quality/statistics/frechetDistance';
import { gaussianFit, GaussianStatistics } from '../../src/training/quality/statistics/gaussianFit';
import { multiply } from '../../src/training/quality/statistics/symmetricMatrix';
import { Rng } from '../../src/training/random';

const close = (actual: number, expected: number, tolerance: number) =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `expected ${expected} ± ${tolerance}, got ${actual}`);

/** Statistics given directly: mean and a covariance as nested rows. */
const statistics = (mean: number[], covariance: number[][]) =>
  new GaussianStatistics(mean.length, 100, Float64Array.from(mean), Float64Array.from(covariance.flat()));
const diagonal = (values: number[]) => values.map((v, i) => values.map((_, j) => (i === j ? v : 0)));

/** R · diag(values) · Rᵀ for a rotation R (rows given). */
function rotated(rotation: number[][], values: number[]): number[][] {
  const d = values.length;
  return Array.from({ length: d }, (_, i) =>
    Array.from({ length: d }, (_, j) => values.reduce((sum, v, k) => sum + rotation[i]![k]! * v * rotation[j]![k]!, 0)),
  );
}

/** n points of a random correlated Gaussian in `dim` dimensions, shifted by `shift`. */
function correlatedFeatures(n: number, dim: number, rng: Rng, shift = 0): Float32Array {
  const mixing = Array.from({ length: dim * dim }, () => rng.normal() / Math.sqrt(dim));
  const out = new Float32Array(n * dim);
  const z = new Float64Array(dim);
  for (let i = 0; i < n; i++) {
    for (let d = 0; d < dim; d++) z[d] = rng.normal();
    for (let a = 0; a < dim; a++) {
      let value = shift;
      for (let b = 0; b < dim; b++) value += mixing[a * dim + b]! * z[b]!;
      out[i * dim + a] = value;
    }
  }
  return out;
}

describe('Gaussian fit and Fréchet distance', () => {
  it('fits the mean and the unbiased covariance', () => {
    // Rows (1, 2), (3, 6), (5, 7): mean (3, 5); centred (−2, −3), (0, 1), (2, 2); sums of products 8, 10, 14 over n − 1 = 2.
    const fit = gaussianFit(Float32Array.from([1, 2, 3, 6, 5, 7]), 2);
    assert.equal(fit.count, 3);
    assert.deepEqual([...fit.mean], [3, 5]);
    assert.deepEqual([...fit.covariance], [4, 5, 5, 7]);
    assert.throws(() => gaussianFit(Float32Array.from([1, 2]), 2), /at least 2 samples/);
  });

  it('keeps an accurate covariance far from the origin', () => {
    const fit = gaussianFit(Float64Array.from([1e8, 1e8 + 1, 1e8 + 2]), 1);
    assert.equal(fit.covariance[0], 1);
  });

  it('covarianceRoot squares back to the covariance and is computed once', () => {
    const fit = gaussianFit(correlatedFeatures(200, 6, new Rng(1)), 6);
    const root = fit.covarianceRoot();
    assert.equal(fit.covarianceRoot(), root);
    const squared = multiply(root, root, 6);
    squared.forEach((value, i) => close(value, fit.covariance[i]!, 1e-12));
  });

  it('takes the root of the reference (second) statistics and keeps it', () => {
    const generated = gaussianFit(correlatedFeatures(200, 6, new Rng(11), 0.5), 6);
    const reference = gaussianFit(correlatedFeatures(300, 6, new Rng(12)), 6);
    const first = frechetDistance(generated, reference);
    assert.ok(reference.hasCovarianceRoot() && !generated.hasCovarianceRoot());
    // Once the generated statistics have a root too, the reference's is still the one used: same bits.
    generated.covarianceRoot();
    assert.equal(frechetDistance(generated, reference), first);
    const fresh = gaussianFit(correlatedFeatures(300, 6, new Rng(12)), 6);
    close(frechetDistance(generated, fresh), first, 1e-10 * first);
    assert.ok(!fresh.hasCovarianceRoot(), "the generated statistics' root, already there, served");
  });

  it('diagonal covariances: Σ(μ₁ᵢ − μ₂ᵢ)² + Σ(√σ₁ᵢ − √σ₂ᵢ)²', () => {
    const a = statistics([1, 2, 3], diagonal([1, 4, 9]));
    const b = statistics([0, 0, 1], diagonal([4, 1, 0.25]));
    // (1 + 4 + 4) + ((1 − 2)² + (2 − 1)² + (3 − 0.5)²) = 9 + 8.25
    close(frechetDistance(a, b), 17.25, 1e-12);
  });

  it('identical statistics give 0', () => {
    const features = correlatedFeatures(500, 8, new Rng(2), 3);
    const fit = gaussianFit(features, 8);
    assert.ok(frechetDistance(fit, fit) <= 1e-9, `${frechetDistance(fit, fit)}`);
    assert.ok(frechetDistance(fit, gaussianFit(features, 8)) <= 1e-9);
  });

  it('covariances rotated alike: the diagonal formula in the rotated basis', () => {
    const c = Math.cos(0.7);
    const s = Math.sin(0.7);
    const rotation = [
      [c, -s, 0],
      [s * 0.6, c * 0.6, -0.8],
      [s * 0.8, c * 0.8, 0.6],
    ];
    const a = statistics([0, 0, 0], rotated(rotation, [1, 4, 9]));
    const b = statistics([0, 0, 0], rotated(rotation, [4, 1, 0.25]));
    close(frechetDistance(a, b), 8.25, 1e-10);
  });

  it('non-commuting 2 × 2 covariances: tr √(Σ₁Σ₂) = √(tr Σ₁Σ₂ + 2√(det Σ₁ det Σ₂))', () => {
    const sigma1 = [
      [4, 1],
      [1, 2],
    ];
    const sigma2 = rotated(
      [
        [Math.cos(0.5), -Math.sin(0.5)],
        [Math.sin(0.5), Math.cos(0.5)],
      ],
      [9, 0.25],
    );
    const traceOfProduct = sigma1[0]![0]! * sigma2[0]![0]! + 2 * sigma1[0]![1]! * sigma2[1]![0]! + sigma1[1]![1]! * sigma2[1]![1]!;
    const determinants = (4 * 2 - 1) * (9 * 0.25);
    const traceOfRoot = Math.sqrt(traceOfProduct + 2 * Math.sqrt(determinants));
    const expected = (1 - 0) ** 2 + (2 - 5) ** 2 + 4 + 2 + 9 + 0.25 - 2 * traceOfRoot;
    close(frechetDistance(statistics([1, 2], sigma1), statistics([0, 5], sigma2)), expected, 1e-10);
  });

  it('is symmetric in its arguments', () => {
    const a = gaussianFit(correlatedFeatures(400, 16, new Rng(3)), 16);
    const b = gaussianFit(correlatedFeatures(400, 16, new Rng(4), 0.3), 16);
    const ab = frechetDistance(a, b);
    assert.ok(ab > 1);
    close(frechetDistance(b, a), ab, 1e-9 * ab);
  });

  it('stays finite with singular covariances (fewer samples than dimensions)', () => {
    const a = gaussianFit(correlatedFeatures(10, 32, new Rng(5)), 32);
    const b = gaussianFit(correlatedFeatures(12, 32, new Rng(6), 1), 32);
    const ab = frechetDistance(a, b);
    assert.ok(Number.isFinite(ab) && ab > 32, `${ab}`);
    close(frechetDistance(b, a), ab, 1e-8 * ab);
    assert.ok(frechetDistance(a, a) <= 1e-9);
  });

  it('rejects statistics of different dimensions', () => {
    assert.throws(() => frechetDistance(statistics([0], [[1]]), statistics([0, 0], diagonal([1, 1]))), /dimension 1 and 2/);
  });
});
