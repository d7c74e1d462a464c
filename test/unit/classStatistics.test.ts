import assert from 'node:assert/strict';
import { argmaxRows, classStatistics, labelAgreement, stackedModeStatistics } from '../../src/training/quality/statistics/classStatistics';

const close = (actual: number, expected: number, tolerance: number) =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `expected ${expected} ± ${tolerance}, got ${actual}`);

/** Rows as a row-major matrix. */
const matrix = (rows: number[][]) => Float32Array.from(rows.flat());
/** One confident (one-hot) row per label. */
const oneHot = (labels: number[], classes: number) =>
  matrix(labels.map((label) => Array.from({ length: classes }, (_, c) => (c === label ? 1 : 0))));

describe('class statistics', () => {
  it('a small case by hand: histogram, coverage, KL against uniform and classifier score', () => {
    const rows = [
      [0.7, 0.2, 0.1],
      [0.1, 0.8, 0.1],
      [0.6, 0.3, 0.1],
      [0.2, 0.2, 0.6],
      [0.5, 0.4, 0.1],
    ];
    const result = classStatistics(matrix(rows), 3);
    assert.deepEqual(result.histogram, [3, 1, 1]);
    assert.equal(result.covered, 3);
    assert.equal(result.total, 3);
    close(result.kl, 0.6 * Math.log2(0.6 * 3) + 2 * 0.2 * Math.log2(0.2 * 3), 1e-12);
    // p̄ = column means; the score is exp of the mean over rows of Σ_c p ln(p / p̄).
    const f = rows.map((row) => row.map((p) => Math.fround(p)));
    const marginal = [0, 1, 2].map((c) => f.reduce((sum, row) => sum + row[c]!, 0) / 5);
    const meanKl = f.reduce((sum, row) => sum + row.reduce((s, p, c) => s + p * Math.log(p / marginal[c]!), 0), 0) / 5;
    close(result.score, Math.exp(meanKl), 1e-9);
  });

  it('a class is covered with at least max(1, 0.2 · n / classes) images', () => {
    // n = 100, 4 classes: an even share is 25, so a class needs 5 images.
    const labels = [...Array(50).fill(0), ...Array(41).fill(1), ...Array(5).fill(2), ...Array(4).fill(3)];
    const result = classStatistics(oneHot(labels, 4), 4);
    assert.deepEqual(result.histogram, [50, 41, 5, 4]);
    assert.equal(result.covered, 3);
    // Few images: one is enough.
    assert.equal(classStatistics(oneHot([0, 2], 10), 10).covered, 2);
  });

  it('KL is 0 for an even histogram and log₂ C for a single class', () => {
    assert.equal(classStatistics(oneHot([0, 1, 2, 3, 3, 2, 1, 0], 4), 4).kl, 0);
    assert.equal(classStatistics(oneHot([2, 2, 2], 4), 4).kl, 2);
  });

  it('classifier score: 1 when every image gets the same distribution, C for confident even predictions', () => {
    const same = matrix(Array(6).fill([0.5, 0.3, 0.2]));
    close(classStatistics(same, 3).score, 1, 1e-12);
    close(classStatistics(oneHot([0, 1, 2, 3, 4, 0, 1, 2, 3, 4], 5), 5).score, 5, 1e-12);
    // Confident but collapsed onto one class: 1 again.
    close(classStatistics(oneHot([1, 1, 1], 5), 5).score, 1, 1e-12);
  });

  it('argmax takes the first of ties and skips rows with no finite probability', () => {
    assert.deepEqual(
      [
        ...argmaxRows(
          matrix([
            [0.4, 0.4, 0.2],
            [NaN, NaN, NaN],
            [NaN, 0.1, 0.9],
          ]),
          3,
        ),
      ],
      [0, -1, 2],
    );
    const result = classStatistics(
      matrix([
        [NaN, NaN],
        [0, 1],
      ]),
      2,
    );
    assert.deepEqual(result.histogram, [0, 1]);
  });

  it('Stacked MNIST: modes are digit triples, covered with one image, KL against 1,000', () => {
    // Four images: (3, 1, 4), (3, 1, 4), (0, 0, 9), (9, 9, 9).
    const red = oneHot([3, 3, 0, 9], 10);
    const green = oneHot([1, 1, 0, 9], 10);
    const blue = oneHot([4, 4, 9, 9], 10);
    const result = stackedModeStatistics(red, green, blue);
    assert.equal(result.total, 1000);
    assert.equal(result.histogram.length, 1000);
    assert.equal(result.histogram[314], 2);
    assert.equal(result.histogram[9], 1);
    assert.equal(result.histogram[999], 1);
    assert.equal(result.covered, 3);
    close(result.kl, 0.5 * Math.log2(0.5 * 1000) + 2 * 0.25 * Math.log2(0.25 * 1000), 1e-12);
    assert.throws(() => stackedModeStatistics(red, green, oneHot([1], 10)), /same images/);
  });

  it('Stacked MNIST: every mode once gives all covered and KL 0', () => {
    const modes = Array.from({ length: 8 }, (_, i) => i);
    const digit = (place: number) =>
      oneHot(
        modes.map((m) => Math.floor(m / 2 ** place) % 2),
        2,
      );
    const result = stackedModeStatistics(digit(2), digit(1), digit(0), 2);
    assert.deepEqual(result.histogram, Array(8).fill(1));
    assert.equal(result.covered, 8);
    assert.equal(result.kl, 0);
  });

  it('label agreement: the share whose most probable class is the requested one', () => {
    const probabilities = oneHot([0, 1, 2, 2], 3);
    assert.equal(labelAgreement(probabilities, 3, Int32Array.from([0, 1, 2, 0])), 0.75);
    assert.throws(() => labelAgreement(probabilities, 3, Int32Array.from([0])), /4 images but 1/);
  });
});
