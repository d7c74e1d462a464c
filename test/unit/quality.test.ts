import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { DataConfig } from '../../src/shared/experiment/schema';
import { createDataset } from '../../src/training/data/createDataset';
import { binnedDivergence1d, binnedDivergence2d } from '../../src/training/quality/binnedDivergence';
import { computeQuality } from '../../src/training/quality/computeQuality';
import { curveFit, ksAgainstUniform } from '../../src/training/quality/curveFit';
import { modeCoverage } from '../../src/training/quality/modeCoverage';
import { wasserstein1d } from '../../src/training/quality/wasserstein1d';
import { Rng } from '../../src/training/random';

const f32 = (values: number[]) => Float32Array.from(values);
const close = (actual: number, expected: number, tolerance: number) =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `expected ${expected} ± ${tolerance}, got ${actual}`);

const ringConfig: DataConfig = { kind: 'ring', modes: 8, radius: 2, std: 0.02 };
const parabolaConfig: DataConfig = { kind: 'parabola', points: 15, xMin: -1, xMax: 1, aMin: 1, aMax: 2 };

describe('quality metrics', () => {
  describe('binned JS and KL', () => {
    it('are 0 for identical samples', () => {
      const samples = new Rng(1).fillNormal(new Float32Array(1000));
      const d1 = binnedDivergence1d(samples, samples, -4, 4, 64);
      assert.equal(d1.js, 0);
      assert.equal(d1.kl, 0);
      const d2 = binnedDivergence2d(samples, samples, { min: [-4, -4], max: [4, 4] });
      assert.equal(d2.js, 0);
      assert.equal(d2.kl, 0);
    });

    it('JS tends to 1 bit for disjoint samples', () => {
      const d1 = binnedDivergence1d(f32(Array(100).fill(0.1)), f32(Array(100).fill(0.9)), 0, 1, 10);
      assert.ok(d1.js > 0.999 && d1.js <= 1, `js=${d1.js}`);
      assert.ok(d1.kl > 15, 'KL grows without bound as the smoothing vanishes');
      const d2 = binnedDivergence2d(f32(Array(200).fill(-1)), f32(Array(200).fill(1)), { min: [-2, -2], max: [2, 2] });
      assert.ok(d2.js > 0.999 && d2.js <= 1, `js=${d2.js}`);
    });

    it('match hand-computed values on two bins with ε = 1e-4 smoothing', () => {
      const eps = 1e-4;
      const p = [(3 + eps) / (4 + 2 * eps), (1 + eps) / (4 + 2 * eps)];
      const q = [p[1]!, p[0]!];
      const kl = p[0]! * Math.log2(p[0]! / q[0]!) + p[1]! * Math.log2(p[1]! / q[1]!);
      const m = [0.5, 0.5];
      const js =
        0.5 * (p[0]! * Math.log2(p[0]! / m[0]!) + p[1]! * Math.log2(p[1]! / m[1]!)) +
        0.5 * (q[0]! * Math.log2(q[0]! / m[0]!) + q[1]! * Math.log2(q[1]! / m[1]!));
      const d = binnedDivergence1d(f32([0.1, 0.2, 0.3, 0.7]), f32([0.1, 0.6, 0.8, 0.9]), 0, 1, 2);
      close(d.kl, kl, 1e-12);
      close(d.kl, 0.5 * Math.log2(3), 1e-3);
      close(d.js, js, 1e-12);
      close(d.js, 1 - (0.75 * Math.log2(1 / 0.75) + 0.25 * Math.log2(1 / 0.25)), 1e-3);
    });

    it('clamps points outside the range into the edge bins', () => {
      assert.equal(binnedDivergence1d(f32([-50, 50]), f32([0.01, 0.99]), 0, 1, 10).js, 0);
      const d2 = binnedDivergence2d(f32([-9, -9, 9, 9]), f32([0, 0, 1, 1]), { min: [0, 0], max: [1, 1] });
      assert.equal(d2.js, 0);
    });
  });

  describe('wasserstein1d', () => {
    it('matches hand-computed distances', () => {
      assert.equal(wasserstein1d(f32([0, 1]), f32([1, 2])), 1);
      assert.equal(wasserstein1d(f32([0]), f32([0, 2])), 1);
      close(wasserstein1d(f32([0, 0, 3]), f32([1])), 4 / 3, 1e-12);
      close(wasserstein1d(f32([1]), f32([3, 0, 0])), 4 / 3, 1e-12);
      assert.equal(wasserstein1d(f32([2, 1, 3]), f32([3, 1, 2])), 0);
    });

    it('equals the shift between a sample and its translate', () => {
      const samples = new Rng(2).fillNormal(new Float32Array(999));
      const shifted = samples.map((v) => v + 0.5);
      close(wasserstein1d(samples, shifted), 0.5, 1e-5);
    });

    it('is NaN when the generator produced NaN', () => {
      assert.ok(Number.isNaN(wasserstein1d(f32([0, 1]), f32([NaN, 1]))));
    });
  });

  describe('modeCoverage', () => {
    const ring = createDataset(ringConfig, '.');
    const modes = ring.modes!;
    const around = (modeIndexes: number[], rng: Rng) => {
      const out = new Float32Array(modeIndexes.length * 2);
      modeIndexes.forEach((k, i) => {
        out[2 * i] = modes[k]!.centre[0]! + 0.02 * rng.normal();
        out[2 * i + 1] = modes[k]!.centre[1]! + 0.02 * rng.normal();
      });
      return out;
    };

    it('counts 8/8 for real samples', () => {
      const coverage = modeCoverage(ring.sample(800, new Rng(3)), 2, modes);
      assert.equal(coverage.modesCovered, 8);
      assert.equal(coverage.modesTotal, 8);
      assert.ok(coverage.highQualityShare > 0.97);
    });

    it('counts 1/8 for a generator collapsed onto one mode', () => {
      const coverage = modeCoverage(around(Array(800).fill(0), new Rng(4)), 2, modes);
      assert.equal(coverage.modesCovered, 1);
      assert.equal(coverage.modesTotal, 8);
      // A 2-D Gaussian puts 1 − e^(−4.5) ≈ 0.989 of its mass within 3σ.
      close(coverage.highQualityShare, 1 - Math.exp(-4.5), 0.01);
    });

    it('needs 20% of an even share for a mode to count', () => {
      // n = 800, 8 modes: an even share is 100, so a mode needs 20 high-quality points.
      const indexes = [...Array.from({ length: 781 }, (_, i) => i % 7), ...Array(19).fill(7)];
      assert.equal(modeCoverage(around(indexes, new Rng(5)), 2, modes).modesCovered, 7);
      const enough = [...Array.from({ length: 780 }, (_, i) => i % 7), ...Array(20).fill(7)];
      assert.equal(modeCoverage(around(enough, new Rng(5)), 2, modes).modesCovered, 8);
      assert.equal(modeCoverage(around(indexes, new Rng(5)), 2, modes, { coverageFraction: 0.1 }).modesCovered, 8);
    });

    it('points far from every mode are not high quality', () => {
      const coverage = modeCoverage(new Float32Array(200), 2, modes);
      assert.equal(coverage.modesCovered, 0);
      assert.equal(coverage.highQualityShare, 0);
    });
  });

  describe('curveFit', () => {
    const parabola = createDataset(parabolaConfig, '.');
    const x = parabola.curveX!;

    it('finds every real curve fits and a ~ U[1, 2]', () => {
      const fit = curveFit(parabola.sample(1000, new Rng(6)), x, 1, 2);
      assert.equal(fit.curveFitShare, 1);
      assert.ok(fit.curveKs < 0.06, `ks=${fit.curveKs}`);
    });

    it('finds noise does not fit', () => {
      const noise = new Rng(7).fillUniform(new Float32Array(1000 * 15), -1, 3);
      const fit = curveFit(noise, x, 1, 2);
      assert.ok(fit.curveFitShare < 0.02, `share=${fit.curveFitShare}`);
      assert.ok(fit.curveKs > 0.2);
    });

    it('rejects true parabolas whose a is out of range, and collapsed a', () => {
      const outOfRange = createDataset({ ...parabolaConfig, aMin: 3, aMax: 3 }, '.').sample(100, new Rng(8));
      const fit = curveFit(outOfRange, x, 1, 2);
      assert.equal(fit.curveFitShare, 0);
      assert.equal(fit.curveKs, 1);
      const collapsed = createDataset({ ...parabolaConfig, aMin: 1.5, aMax: 1.5 }, '.').sample(100, new Rng(8));
      const collapsedFit = curveFit(collapsed, x, 1, 2);
      assert.equal(collapsedFit.curveFitShare, 1);
      close(collapsedFit.curveKs, 0.5, 1e-6);
    });

    it('KS distance matches hand-computed values', () => {
      assert.equal(ksAgainstUniform(Float64Array.from([0.5]), 0, 1), 0.5);
      assert.equal(ksAgainstUniform(Float64Array.from([0.25, 0.75]), 0, 1), 0.25);
      assert.equal(ksAgainstUniform(Float64Array.from([2, 2]), 2, 2), 0);
      assert.equal(ksAgainstUniform(Float64Array.from([1, 2, 2, 3]), 2, 2), 0.25);
    });
  });

  describe('computeQuality', () => {
    it('ring: JS and KL on the grid, mode coverage, precision and recall', () => {
      const ring = createDataset(ringConfig, '.');
      const quality = computeQuality(ring, ring.sample(5000, new Rng(9)), ring.sample(5000, new Rng(10)), ringConfig);
      assert.deepEqual(Object.keys(quality).sort(), ['highQualityShare', 'js', 'kl', 'modesCovered', 'modesTotal', 'precision', 'recall']);
      assert.ok(quality.js! < 0.05, `js=${quality.js}`);
      assert.equal(quality.modesCovered, 8);
    });

    it('ring: precision and recall in data space, 1 and 1 for the real distribution, recall 1/8 when collapsed', () => {
      const ring = createDataset(ringConfig, '.');
      const real = ring.sample(2048, new Rng(20));
      const itself = computeQuality(ring, real, real, ringConfig);
      assert.equal(itself.precision, 1);
      assert.equal(itself.recall, 1);
      const fresh = computeQuality(ring, real, ring.sample(2048, new Rng(21)), ringConfig);
      assert.ok(fresh.precision! > 0.9 && fresh.recall! > 0.9, `precision ${fresh.precision}, recall ${fresh.recall}`);
      // Collapsed onto mode 0 with the data's own spread: inside the real manifold, but covering one mode of 8.
      const centre = ring.modes![0]!.centre;
      const rng = new Rng(22);
      const collapsed = Float32Array.from({ length: 2 * 2048 }, (_, i) => centre[i % 2]! + 0.02 * rng.normal());
      const quality = computeQuality(ring, real, collapsed, ringConfig);
      assert.ok(quality.precision! > 0.9, `precision ${quality.precision}`);
      close(quality.recall!, 1 / 8, 0.03);
    });

    it('mixture1d: JS, KL, Wasserstein, mode coverage, precision and recall', () => {
      const config: DataConfig = { kind: 'mixture1d', means: [-2, 0, 2], stds: [0.2, 0.2, 0.2], weights: [1, 1, 1] };
      const mixture = createDataset(config, '.');
      const real = mixture.sample(5000, new Rng(11));
      const quality = computeQuality(mixture, real, mixture.sample(5000, new Rng(12)), config);
      assert.deepEqual(Object.keys(quality).sort(), [
        'highQualityShare',
        'js',
        'kl',
        'modesCovered',
        'modesTotal',
        'precision',
        'recall',
        'wasserstein',
      ]);
      assert.ok(quality.wasserstein! < 0.1);
      assert.equal(quality.modesCovered, 3);
      const collapsed = computeQuality(mixture, real, new Float32Array(5000), config);
      assert.equal(collapsed.modesCovered, 1);
      assert.ok(collapsed.js! > 0.4);
      close(collapsed.wasserstein!, 4 / 3, 0.1);
    });

    it('swissroll and moons: JS, KL, precision and recall', () => {
      const configs: DataConfig[] = [
        { kind: 'moons', noise: 0.05, scale: 1 },
        { kind: 'swissroll', noise: 0.05, scale: 0.15 },
      ];
      for (const config of configs) {
        const dataset = createDataset(config, '.');
        const real = dataset.sample(5000, new Rng(13));
        const quality = computeQuality(dataset, real, dataset.sample(5000, new Rng(14)), config);
        assert.deepEqual(Object.keys(quality).sort(), ['js', 'kl', 'precision', 'recall']);
        assert.ok(quality.js! < 0.1, `${config.kind}: js=${quality.js}`);
        const shifted = real.map((v, i) => (i % 2 === 0 ? v + 1 : v));
        assert.ok(computeQuality(dataset, real, shifted, config).js! > 0.3, `${config.kind}: a shifted copy is far`);
      }
    });

    it('parabola: curve fit only', () => {
      const parabola = createDataset(parabolaConfig, '.');
      const quality = computeQuality(parabola, parabola.sample(500, new Rng(15)), parabola.sample(500, new Rng(16)), parabolaConfig);
      assert.deepEqual(Object.keys(quality).sort(), ['curveFitShare', 'curveKs']);
      assert.equal(quality.curveFitShare, 1);
    });

    it('csv: by dimension, and nothing beyond two', () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gan-quality-'));
      try {
        fs.writeFileSync(path.join(dir, 'd.csv'), '1,2,3\n4,5,6\n7,8,9\n');
        const three: DataConfig = { kind: 'csv', path: 'd.csv', header: 'no', delimiter: ',', columns: [] };
        const dataset3 = createDataset(three, dir);
        assert.deepEqual(computeQuality(dataset3, dataset3.sample(10, new Rng(1)), dataset3.sample(10, new Rng(2)), three), {});
        const one: DataConfig = { ...three, columns: [1] };
        const dataset1 = createDataset(one, dir);
        const quality = computeQuality(dataset1, dataset1.sample(100, new Rng(1)), dataset1.sample(100, new Rng(2)), one);
        assert.deepEqual(Object.keys(quality).sort(), ['js', 'kl', 'precision', 'recall', 'wasserstein']);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    it('leaves out metrics a diverged generator makes non-finite', () => {
      const config: DataConfig = { kind: 'mixture1d', means: [0], stds: [1], weights: [1] };
      const mixture = createDataset(config, '.');
      const quality = computeQuality(mixture, mixture.sample(100, new Rng(1)), new Float32Array(100).fill(NaN), config);
      assert.equal(quality.wasserstein, undefined);
      assert.ok(quality.js! > 0.5);
      assert.equal(quality.highQualityShare, 0);
      // NaN points lie in no real ball and have none of their own.
      assert.equal(quality.precision, 0);
      assert.equal(quality.recall, 0);
    });
  });
});
