import assert from 'node:assert/strict';
import { kernelDistance } from '../../src/training/quality/statistics/kernelDistance';
import { Rng } from '../../src/training/random';

const close = (actual: number, expected: number, tolerance: number) =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `expected ${expected} ± ${tolerance}, got ${actual}`);

const normalCloud = (n: number, dim: number, seed: number, shift = 0) =>
  new Rng(seed).fillNormal(new Float32Array(n * dim)).map((v) => v + shift);

describe('kernel distance (KID)', () => {
  it('matches the unbiased MMD² written out for n = 3, d = 2', () => {
    const x = [
      [1, 0],
      [0, 1],
      [1, 1],
    ];
    const y = [
      [2, 0],
      [0, 0],
      [1, 2],
    ];
    const k = (a: number[], b: number[]) => ((a[0]! * b[0]! + a[1]! * b[1]!) / 2 + 1) ** 3;
    const within = (s: number[][]) => k(s[0]!, s[1]!) + k(s[0]!, s[2]!) + k(s[1]!, s[2]!);
    let across = 0;
    for (const a of x) for (const b of y) across += k(a, b);
    // 1/(m(m−1)) Σ_{i≠j} counts every unordered pair twice: 2/6 = 1/3 of the sum over pairs.
    const expected = within(x) / 3 + within(y) / 3 - (2 * across) / 9;
    const result = kernelDistance(Float32Array.from(x.flat()), Float32Array.from(y.flat()), 2, { rng: new Rng(1) });
    close(result.mean, expected, 1e-12);
    // With m = n every subset is the whole set, so every subset gives the same value.
    close(result.std, 0, 1e-12);
  });

  it('is about 0 for identical sets, far below a shifted set', () => {
    const n = 400;
    const x = normalCloud(n, 8, 2);
    const same = kernelDistance(x, x, 8, { rng: new Rng(3), subsetSize: n });
    const shifted = kernelDistance(x, normalCloud(n, 8, 4, 0.5), 8, { rng: new Rng(3), subsetSize: n });
    // Both subsets hold the same points, so the cross term also sums k(xᵢ, xᵢ), which the within
    // terms leave out: the estimate is (2/n)(mean k(xᵢ, xⱼ≠ᵢ) − mean k(xᵢ, xᵢ)), slightly negative.
    const k = (i: number, j: number) => {
      let dot = 0;
      for (let d = 0; d < 8; d++) dot += x[i * 8 + d]! * x[j * 8 + d]!;
      return (dot / 8 + 1) ** 3;
    };
    let diagonal = 0;
    let offDiagonal = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        if (i === j) diagonal += k(i, j);
        else offDiagonal += k(i, j);
      }
    }
    close(same.mean, (2 / n) * (offDiagonal / (n * (n - 1)) - diagonal / n), 1e-9);
    assert.ok(shifted.mean > 0.5, `shifted: ${shifted.mean}`);
    assert.ok(Math.abs(same.mean) < 0.05 * shifted.mean, `same: ${same.mean}, shifted: ${shifted.mean}`);
    // Independent samples of one distribution, on random half-size subsets.
    const independent = kernelDistance(x, normalCloud(n, 8, 5), 8, { rng: new Rng(3), subsetSize: n / 2 });
    assert.ok(Math.abs(independent.mean) < 0.02 * shifted.mean, `independent: ${independent.mean}`);
    assert.ok(independent.std > 0, 'subsets smaller than the sets differ');
  });

  it('grows with the shift and is clearly positive', () => {
    const x = normalCloud(300, 4, 5);
    const values = [0.25, 0.5, 1, 2].map((shift) => kernelDistance(x, normalCloud(300, 4, 6, shift), 4, { rng: new Rng(7) }));
    for (const value of values) assert.ok(value.mean > 3 * value.std, `mean ${value.mean}, std ${value.std}`);
    for (let i = 1; i < values.length; i++)
      assert.ok(values[i]!.mean > 2 * values[i - 1]!.mean, `shift ${i}: ${values.map((v) => v.mean)}`);
  });

  it('draws its subsets from the given seed', () => {
    const x = normalCloud(100, 3, 8);
    const y = normalCloud(120, 3, 9, 0.2);
    const options = (seed: number) => ({ rng: new Rng(seed), subsets: 5, subsetSize: 50 });
    assert.deepEqual(kernelDistance(x, y, 3, options(10)), kernelDistance(x, y, 3, options(10)));
    assert.notDeepEqual(kernelDistance(x, y, 3, options(10)), kernelDistance(x, y, 3, options(11)));
  });

  it('defaults to subsets of min(1000, n_x, n_y) points', () => {
    // 60 and 80 points: subsets of 60 take all of x, so the value changes only through y's subsets.
    const x = normalCloud(60, 2, 12);
    const y = normalCloud(80, 2, 13);
    const explicit = kernelDistance(x, y, 2, { rng: new Rng(14), subsets: 10, subsetSize: 60 });
    assert.deepEqual(kernelDistance(x, y, 2, { rng: new Rng(14) }), explicit);
    assert.throws(() => kernelDistance(x, y, 2, { rng: new Rng(14), subsetSize: 61 }), /2 ≤ m ≤ 60/);
  });
});
