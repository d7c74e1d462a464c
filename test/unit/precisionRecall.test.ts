import assert from 'node:assert/strict';
import { precisionRecall } from '../../src/training/quality/statistics/precisionRecall';
import { Rng } from '../../src/training/random';

const close = (actual: number, expected: number, tolerance: number) =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `expected ${expected} ± ${tolerance}, got ${actual}`);

/** n points drawn evenly from Gaussian blobs (std 0.1) at the given centres of `dim` coordinates. */
function blobs(n: number, centres: number[][], rng: Rng): Float32Array {
  const dim = centres[0]!.length;
  const out = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) {
    const centre = centres[i % centres.length]!;
    for (let d = 0; d < dim; d++) out[i * dim + d] = centre[d]! + 0.1 * rng.normal();
  }
  return out;
}

/** The definition, pair by pair with direct distances: the reference the blocked version must match. */
function bruteForce(real: Float32Array, fake: Float32Array, dim: number, k: number) {
  const distance = (a: Float32Array, i: number, b: Float32Array, j: number) => {
    let sum = 0;
    for (let d = 0; d < dim; d++) sum += (a[i * dim + d]! - b[j * dim + d]!) ** 2;
    return Math.sqrt(sum);
  };
  const radii = (set: Float32Array) =>
    Array.from(
      { length: set.length / dim },
      (_, i) =>
        Array.from({ length: set.length / dim }, (_, j) => j)
          .filter((j) => j !== i)
          .map((j) => distance(set, i, set, j))
          .sort((a, b) => a - b)[k - 1]!,
    );
  const inside = (points: Float32Array, set: Float32Array, setRadii: number[]) => {
    let count = 0;
    for (let i = 0; i < points.length / dim; i++) {
      if (setRadii.some((radius, j) => distance(points, i, set, j) <= radius)) count++;
    }
    return count / (points.length / dim);
  };
  return { precision: inside(fake, real, radii(real)), recall: inside(real, fake, radii(fake)) };
}

describe('precision and recall (k-NN manifolds)', () => {
  const centres = [
    [0, 0, 0],
    [3, 0, 0],
    [0, 3, 0],
    [0, 0, 3],
  ];

  it('a tiny 1-D case with k = 1, by hand', () => {
    // Real 0, 1, 5: nearest-other radii 1, 1, 4. Fake 0.5, 1.5, 9, 10: radii 1, 1, 1, 1.
    // Precision: 0.5 and 1.5 lie in the balls of 0 and 1, 9 on the ball of 5 (|9 − 5| = 4), 10 in none: 3/4.
    // Recall: 0 and 1 lie in the balls of 0.5 and 1.5; 5 is 3.5 from 1.5 and 4 from 9: in none: 2/3.
    const result = precisionRecall(Float32Array.from([0, 1, 5]), Float32Array.from([0.5, 1.5, 9, 10]), 1, 1);
    assert.equal(result.precision, 3 / 4);
    assert.equal(result.recall, 2 / 3);
  });

  it('identical clouds: 1 and 1', () => {
    const cloud = blobs(500, centres, new Rng(1));
    assert.deepEqual(precisionRecall(cloud, cloud, 3), { precision: 1, recall: 1 });
  });

  it('a cloud shifted far away: 0 and 0', () => {
    const real = blobs(500, centres, new Rng(2));
    const far = real.map((v) => v + 100);
    assert.deepEqual(precisionRecall(real, far, 3), { precision: 0, recall: 0 });
  });

  it('a fake cloud covering half the real modes: precision ≈ 1, recall ≈ 0.5', () => {
    const real = blobs(1000, centres, new Rng(3));
    const fake = blobs(1000, centres.slice(0, 2), new Rng(4));
    const result = precisionRecall(real, fake, 3);
    // Real blobs have half the fake density, so a few fake points in their tails fall outside every real ball.
    assert.ok(result.precision > 0.9, `precision ${result.precision}`);
    close(result.recall, 0.5, 0.05);
    const independent = precisionRecall(real, blobs(1000, centres, new Rng(5)), 3);
    assert.ok(independent.precision > 0.9 && independent.recall > 0.9, JSON.stringify(independent));
  });

  it('matches the definition computed pair by pair, across block boundaries', () => {
    const real = blobs(300, centres, new Rng(6));
    const fake = blobs(260, centres.slice(1), new Rng(7)).map((v) => v * 1.1);
    for (const k of [1, 3, 5]) assert.deepEqual(precisionRecall(real, fake, 3, k), bruteForce(real, fake, 3, k), `k = ${k}`);
  });

  it('diverged (NaN) fake points are in no manifold and have no ball', () => {
    const real = blobs(200, centres, new Rng(8));
    const fake = blobs(200, centres, new Rng(9));
    const finite = precisionRecall(real, fake.slice(300), 3);
    fake.fill(NaN, 0, 300);
    const result = precisionRecall(real, fake, 3);
    assert.equal(result.precision, finite.precision / 2);
    assert.equal(result.recall, finite.recall);
    assert.deepEqual(precisionRecall(real, new Float32Array(600).fill(NaN), 3), { precision: 0, recall: 0 });
  });

  it('is NaN when a set has no k-th neighbour', () => {
    const result = precisionRecall(Float32Array.from([0, 1, 2]), Float32Array.from([0, 1, 2, 3]), 1, 3);
    assert.ok(Number.isNaN(result.precision) && Number.isNaN(result.recall));
    assert.deepEqual(precisionRecall(Float32Array.from([0, 1, 2]), Float32Array.from([0, 1, 2, 3]), 1, 2), { precision: 1, recall: 1 });
  });
});
