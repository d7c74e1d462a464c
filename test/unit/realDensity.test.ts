import assert from 'node:assert/strict';
import { createDataset } from '../../src/training/data/createDataset';
import { normalCdf, realCellProbabilities } from '../../src/training/recording/realDensity';

const sum = (values: readonly number[]) => values.reduce((s, v) => s + v, 0);

describe('real density on the samples grid and line', () => {
  it('normalCdf matches known values, tails included', () => {
    assert.ok(Math.abs(normalCdf(0) - 0.5) < 1e-7);
    assert.ok(Math.abs(normalCdf(1.959964) - 0.975) < 1e-6);
    assert.ok(Math.abs(normalCdf(-3) - 0.0013498980316) / 0.0013498980316 < 1e-6);
    assert.ok(Math.abs(normalCdf(-6) - 9.8658765e-10) / 9.8658765e-10 < 1e-5);
  });

  it('ring: exact cell masses sum to 1 and sit on the 8 modes', () => {
    const ring = createDataset({ kind: 'ring', modes: 8, radius: 2, std: 0.02 }, '.');
    const n = 48;
    const x = { min: ring.bounds.min[0]!, max: ring.bounds.max[0]!, cells: n };
    const y = { min: ring.bounds.min[1]!, max: ring.bounds.max[1]!, cells: n };
    const p = realCellProbabilities(ring, x, y, 1);
    assert.equal(p.length, n * n);
    assert.ok(Math.abs(sum(p) - 1) < 1e-3, `sum ${sum(p)}`);
    // Each mode's mass lies in the cells around its centre.
    for (const mode of ring.modes!) {
      const col = Math.floor(((mode.centre[0]! - x.min) / (x.max - x.min)) * n);
      const row = Math.floor(((mode.centre[1]! - y.min) / (y.max - y.min)) * n);
      let near = 0;
      for (let dr = -1; dr <= 1; dr++) for (let dc = -1; dc <= 1; dc++) near += p[(row + dr) * n + col + dc] ?? 0;
      assert.ok(Math.abs(near - 1 / 8) < 1e-3, `mode at ${mode.centre.join(',')}: ${near}`);
    }
    // The centre of the ring is empty.
    assert.equal(p[(n / 2) * n + n / 2], 0);
  });

  it('mixture1d: the components keep their weights', () => {
    const data = createDataset({ kind: 'mixture1d', means: [-2, 0, 2], stds: [0.2, 0.2, 0.2], weights: [1, 2, 1] }, '.');
    const x = { min: -3, max: 3, cells: 6 };
    const p = realCellProbabilities(data, x, undefined, 1);
    // Cells [-3,-2), [-2,-1), …: each mode splits evenly over the two cells beside its mean.
    assert.ok(Math.abs(p[0]! + p[1]! - 0.25) < 1e-3);
    assert.ok(Math.abs(p[2]! + p[3]! - 0.5) < 1e-3);
    assert.ok(Math.abs(p[4]! + p[5]! - 0.25) < 1e-3);
  });

  it('data without components: a normalised histogram of a seeded real sample, the same for the same seed', () => {
    const moons = createDataset({ kind: 'moons', noise: 0.05, scale: 1 }, '.');
    const x = { min: moons.bounds.min[0]!, max: moons.bounds.max[0]!, cells: 16 };
    const y = { min: moons.bounds.min[1]!, max: moons.bounds.max[1]!, cells: 16 };
    const p = realCellProbabilities(moons, x, y, 7);
    assert.ok(Math.abs(sum(p) - 1) < 1e-3);
    assert.ok(p.filter((v) => v > 0).length > 20, 'mass spread over the moons');
    assert.deepEqual(realCellProbabilities(moons, x, y, 7), p);
  });
});
