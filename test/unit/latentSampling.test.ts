/**
 * Langevin dynamics and MALA in latent space (gan-theory.md §2, "Sampling in latent space after
 * training"), with G = identity (or a known map) and closed-form energies, so the chains' target is
 * known exactly: their sample moments, the mixture weights, the acceptance rates, the
 * Metropolis–Hastings log-ratio against a float64 reference, determinism and tensor hygiene.
 * The statistical checks use fixed seeds; their tolerances are several standard errors wide.
 */
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../src/training/backend';
import { Rng } from '../../src/training/random';
import { latentEnergy, type DataEnergy, type Generator, type LatentEnergy } from '../../src/training/sampling/latentEnergy';
import { logAcceptance, acceptMask } from '../../src/training/sampling/metropolisHastings';
import { runChains, type ChainRun } from '../../src/training/sampling/runChains';
import type { SamplingMethod } from '../../src/training/sampling/chainStep';

const identity: Generator = (z) => z;

/** U(x) = ‖x − μ‖² / (2σ²), as [n]. */
const gaussianEnergy =
  (mu: number[], sigma: number): DataEnergy =>
  (x) =>
    tf.div(tf.sum(tf.square(tf.sub(x, tf.tensor1d(mu))), 1), 2 * sigma * sigma);

/** U(x) = −log Σₖ wₖ·exp(−‖x − mₖ‖²/(2σ²)), as [n, 1] (the other accepted shape). */
const mixtureEnergy =
  (means: number[][], weights: number[], sigma: number): DataEnergy =>
  (x) =>
    tf.neg(
      tf.logSumExp(
        tf.stack(
          means.map((m, k) => tf.sub(Math.log(weights[k]!), tf.div(tf.sum(tf.square(tf.sub(x, tf.tensor1d(m))), 1), 2 * sigma * sigma))),
          1,
        ),
        1,
        true,
      ),
    );

const normalRows = (rng: Rng, chains: number, centre: number[], scale: number): Float32Array => {
  const out = rng.fillNormal(new Float32Array(chains * centre.length));
  return out.map((v, i) => centre[i % centre.length]! + scale * v);
};

interface ChainSetup {
  energy: LatentEnergy;
  method: SamplingMethod;
  stepSize: number;
  steps: number;
  start: Float32Array;
  chains: number;
  seed: number;
}

/** Runs the chains keeping every chain's path. */
const sample = (setup: ChainSetup): ChainRun => runChains({ ...setup, rng: new Rng(setup.seed), record: { pathChains: setup.chains } });

/** The points of every chain at the recorded steps after `burnIn`, as [point][dim]. */
function pointsAfter(run: ChainRun, burnIn: number): number[][] {
  const { chains, latentDim, trace } = run;
  const points: number[][] = [];
  trace.steps.forEach((step, r) => {
    if (step <= burnIn) return;
    const block = trace.paths.subarray((r + 1) * chains * latentDim, (r + 2) * chains * latentDim);
    for (let c = 0; c < chains; c++) points.push(Array.from(block.subarray(c * latentDim, (c + 1) * latentDim)));
  });
  return points;
}

function moments(points: number[][]): { mean: number[]; variance: number[] } {
  const dim = points[0]!.length;
  const mean = Array.from({ length: dim }, (_, d) => points.reduce((s, p) => s + p[d]!, 0) / points.length);
  const variance = mean.map((m, d) => points.reduce((s, p) => s + (p[d]! - m) ** 2, 0) / points.length);
  return { mean, variance };
}

/**
 * What is wrong with the sample moments of an isotropic Gaussian target (empty when nothing):
 * each mean within `meanTolerance` of μ, each variance within a relative `varianceTolerance`.
 */
function gaussianMismatches(
  points: number[][],
  mu: number[],
  variance: number,
  meanTolerance: number,
  varianceTolerance: number,
): string[] {
  const m = moments(points);
  const problems: string[] = [];
  m.mean.forEach((v, d) => {
    if (Math.abs(v - mu[d]!) > meanTolerance) problems.push(`mean[${d}] ${v.toFixed(4)}, expected ${mu[d]!.toFixed(4)}`);
  });
  m.variance.forEach((v, d) => {
    if (Math.abs(v / variance - 1) > varianceTolerance) problems.push(`variance[${d}] ${v.toFixed(4)}, expected ${variance.toFixed(4)}`);
  });
  return problems;
}

const report = (label: string, points: number[][], extra = '') => {
  const m = moments(points);
  const f = (xs: number[]) => xs.map((v) => v.toFixed(4)).join(', ');
  console.log(`      ${label}: mean (${f(m.mean)}), variance (${f(m.variance)})${extra}`);
};

const MU = [1, -0.5];
const SIGMA = 0.5; // precision 1/σ² = 4

describe('latent sampling (Langevin and MALA on E(z) = U(G(z))/T + ‖z‖²/2)', () => {
  before(async () => {
    await selectBackend('cpu');
  });

  describe('the latent energy', () => {
    it('gives U(G(z))/T + ‖z‖²/2 per chain and its gradient in closed form (G = tanh, T = 2)', () => {
      const before = tf.memory().numTensors;
      const z = [0.3, -1.2, 2.0, 0.1, -0.4, 0.9];
      const mu = [0.5, -0.25];
      const temperature = 2;
      const energy = latentEnergy({ energy: gaussianEnergy(mu, 1), generator: (zz) => tf.tanh(zz), temperature, prior: true });
      const zt = tf.tensor2d(z, [3, 2]);
      const { energy: e, grad } = energy.valueAndGrad(zt);
      const values = e.dataSync();
      const gradients = grad.dataSync();
      const alone = energy.energy(zt);
      assert.deepEqual(Array.from(alone.dataSync()), Array.from(values));
      tf.dispose([zt, e, grad, alone]);
      for (let c = 0; c < 3; c++) {
        let expected = 0;
        for (let d = 0; d < 2; d++) {
          const zi = z[c * 2 + d]!;
          const g = Math.tanh(zi);
          expected += (g - mu[d]!) ** 2 / 2 / temperature + (zi * zi) / 2;
          const expectedGrad = ((g - mu[d]!) * (1 - g * g)) / temperature + zi;
          assert.ok(Math.abs(gradients[c * 2 + d]! - expectedGrad) < 1e-5, `∇E[${c}][${d}] ${gradients[c * 2 + d]} vs ${expectedGrad}`);
        }
        assert.ok(Math.abs(values[c]! - expected) < 1e-5, `E[${c}] ${values[c]} vs ${expected}`);
      }
      assert.equal(tf.memory().numTensors, before, 'tensors leaked');
    });

    it('switches the prior off, accepts an [n, 1] energy and rejects any other shape', () => {
      const z = tf.tensor2d([1, 2, 3, 4], [2, 2]);
      const withoutPrior = latentEnergy({ energy: (x) => tf.sum(x, 1, true), generator: identity, temperature: 0.5, prior: false });
      const e = withoutPrior.energy(z);
      assert.deepEqual(Array.from(e.dataSync()), [6, 14]);
      const wrongShape = latentEnergy({ energy: (x) => x, generator: identity, temperature: 1, prior: false });
      assert.throws(() => wrongShape.energy(z), /one value per row \(\[2\] or \[2, 1\]\), got shape \[2, 2\]/);
      assert.throws(
        () => latentEnergy({ energy: (x) => x, generator: identity, temperature: 0, prior: true }),
        /temperature must be a positive number/,
      );
      tf.dispose([z, e]);
    });
  });

  describe('the Metropolis–Hastings test', () => {
    it('computes log α = −E(z̃) + E(z) + log q(z|z̃) − log q(z̃|z), q(z′|z) ∝ exp(−‖z′ − z + ε∇E(z)‖²/(4ε)), as float64 does', () => {
      const rng = new Rng(11);
      const chains = 64;
      const dim = 3;
      const stepSize = 0.07;
      const values = (n: number) => Array.from(rng.fillNormal(new Float32Array(n)));
      const [z, zp, g, gp] = [values(chains * dim), values(chains * dim), values(chains * dim), values(chains * dim)];
      const [e, ep] = [values(chains).map((v) => 5 * v), values(chains).map((v) => 5 * v)];
      const logAlpha = tf.tidy(() =>
        logAcceptance(
          tf.tensor2d(z, [chains, dim]),
          { energy: tf.tensor1d(e), grad: tf.tensor2d(g, [chains, dim]) },
          tf.tensor2d(zp, [chains, dim]),
          { energy: tf.tensor1d(ep), grad: tf.tensor2d(gp, [chains, dim]) },
          stepSize,
        ).dataSync(),
      );
      for (let c = 0; c < chains; c++) {
        let reverse = 0;
        let forward = 0;
        for (let d = 0; d < dim; d++) {
          const i = c * dim + d;
          reverse += (z[i]! - zp[i]! + stepSize * gp[i]!) ** 2;
          forward += (zp[i]! - z[i]! + stepSize * g[i]!) ** 2;
        }
        const expected = -ep[c]! + e[c]! - reverse / (4 * stepSize) + forward / (4 * stepSize);
        assert.ok(Math.abs(logAlpha[c]! - expected) < 1e-4 * (1 + Math.abs(expected)), `chain ${c}: ${logAlpha[c]} vs ${expected}`);
      }
    });

    it('rejects a proposal whose log α is −∞ or NaN, and accepts exactly when log u < log α', () => {
      const logAlpha = [-Infinity, NaN, 0.5, -0.5, -0.5, Infinity];
      const logUniform = [-Infinity, -Infinity, 0, -0.4, -0.6, 0];
      const mask = tf.tidy(() => acceptMask(tf.tensor1d(logAlpha), tf.tensor1d(logUniform)).dataSync());
      assert.deepEqual(Array.from(mask), [0, 0, 1, 0, 1, 1]);
    });
  });

  describe('Gaussian target, U(x) = ‖x − μ‖²/(2σ²), G = identity', () => {
    const chains = 400;
    const gaussian = (prior: boolean, temperature = 1) =>
      latentEnergy({ energy: gaussianEnergy(MU, SIGMA), generator: identity, temperature, prior });
    const spreadStart = (seed: number) => normalRows(new Rng(seed), chains, [0, 0], 1.5);

    it('Langevin (ε = 0.01, prior off, T = 1) samples mean μ and variance σ²', () => {
      const setup = { energy: gaussian(false), method: 'langevin' as const, stepSize: 0.01, steps: 500, chains, seed: 2 };
      const run = sample({ ...setup, start: spreadStart(1) });
      const points = pointsAfter(run, 200);
      report('Langevin ε 0.01', points, `; target (1, -0.5), ${SIGMA ** 2}`);
      assert.equal(run.acceptanceRate, 1);
      assert.deepEqual(gaussianMismatches(points, MU, SIGMA ** 2, 0.05, 0.1), []);
    });

    it("the source's sqrt(ε) noise scale (drift ε) fails the same check: its variance comes out near σ²/2", () => {
      const energy = gaussian(false);
      const rng = new Rng(2);
      const stepSize = 0.01;
      const noise = new Float32Array(chains * 2);
      let z = tf.tensor2d(spreadStart(1), [chains, 2]);
      const points: number[][] = [];
      for (let step = 1; step <= 500; step++) {
        rng.fillNormal(noise);
        const next = tf.tidy(() => {
          const { grad } = energy.valueAndGrad(z);
          return tf.add(tf.sub(z, tf.mul(grad, stepSize)), tf.mul(tf.tensor2d(noise, [chains, 2]), Math.sqrt(stepSize))) as tf.Tensor2D;
        });
        z.dispose();
        z = next;
        if (step > 200) {
          const values = z.dataSync();
          for (let c = 0; c < chains; c++) points.push([values[2 * c]!, values[2 * c + 1]!]);
        }
      }
      z.dispose();
      report('wrong sqrt(ε) noise', points);
      const problems = gaussianMismatches(points, MU, SIGMA ** 2, 0.05, 0.1);
      assert.equal(problems.filter((p) => p.startsWith('variance')).length, 2, `expected both variances off, got: ${problems.join('; ')}`);
      for (const v of moments(points).variance) assert.ok(Math.abs(v / (SIGMA ** 2 / 2) - 1) < 0.1, `variance ${v}, expected about σ²/2`);
    });

    it('MALA (ε = 0.1, prior off, T = 1) samples mean μ and variance σ²', () => {
      const run = sample({ energy: gaussian(false), method: 'mala', stepSize: 0.1, steps: 200, start: spreadStart(3), chains, seed: 4 });
      const points = pointsAfter(run, 50);
      report('MALA ε 0.1', points, `; acceptance ${run.acceptanceRate.toFixed(3)}`);
      assert.ok(run.acceptanceRate > 0.8 && run.acceptanceRate < 1, `acceptance ${run.acceptanceRate}`);
      assert.deepEqual(gaussianMismatches(points, MU, SIGMA ** 2, 0.05, 0.1), []);
    });

    it('with the prior on and T = 2, both sample N(μ, Tσ²)·N(0, I): precision 1/(Tσ²) + 1, mean μ/(Tσ²) / that', () => {
      const precision = 1 / (2 * SIGMA ** 2) + 1;
      const mean = MU.map((m) => m / (2 * SIGMA ** 2) / precision);
      const mala = sample({ energy: gaussian(true, 2), method: 'mala', stepSize: 0.1, steps: 200, start: spreadStart(5), chains, seed: 6 });
      const malaPoints = pointsAfter(mala, 50);
      report('MALA prior on, T 2', malaPoints, `; target (${mean.map((m) => m.toFixed(4)).join(', ')}), ${(1 / precision).toFixed(4)}`);
      assert.deepEqual(gaussianMismatches(malaPoints, mean, 1 / precision, 0.05, 0.1), []);
      // Langevin's samples are the more correlated (ρ = 1 − ε·precision per step), so more chains.
      const many = 1000;
      const langevinSetup = { energy: gaussian(true, 2), method: 'langevin' as const, stepSize: 0.02, steps: 500, chains: many, seed: 8 };
      const langevinPoints = pointsAfter(sample({ ...langevinSetup, start: normalRows(new Rng(7), many, [0, 0], 1.5) }), 150);
      report('Langevin prior on, T 2', langevinPoints);
      assert.deepEqual(gaussianMismatches(langevinPoints, mean, 1 / precision, 0.05, 0.1), []);
    });

    it('differentiates through the generator: G(z) = 2z + c gives z ~ N((μ − c)/2, σ²/4)', () => {
      const c = [0.5, 0];
      const linear: Generator = (z) => tf.add(tf.mul(z, 2), tf.tensor1d(c));
      const energy = latentEnergy({ energy: gaussianEnergy(MU, SIGMA), generator: linear, temperature: 1, prior: false });
      const run = sample({ energy, method: 'mala', stepSize: 0.025, steps: 200, start: spreadStart(9), chains, seed: 10 });
      const points = pointsAfter(run, 50);
      report('MALA through G = 2z + c', points, `; acceptance ${run.acceptanceRate.toFixed(3)}`);
      assert.deepEqual(gaussianMismatches(points, [0.25, -0.25], SIGMA ** 2 / 4, 0.03, 0.1), []);
    });

    it("MALA's acceptance rate falls as ε grows", () => {
      const rates = [0.02, 0.1, 0.25, 0.45].map((stepSize, i) => {
        // Started from the target itself, so every step counts towards the stationary rate.
        const start = normalRows(new Rng(20 + i), 200, MU, SIGMA);
        return runChains({ energy: gaussian(false), method: 'mala', stepSize, steps: 100, chains: 200, start, rng: new Rng(30 + i) })
          .acceptanceRate;
      });
      console.log(`      acceptance at ε 0.02, 0.1, 0.25, 0.45: ${rates.map((r) => r.toFixed(3)).join(', ')}`);
      for (let i = 1; i < rates.length; i++) assert.ok(rates[i]! < rates[i - 1]! - 0.03, `acceptance ${rates.join(', ')} does not fall`);
    });
  });

  describe('mixture target', () => {
    it('MALA reproduces the weights (0.3, 0.7) and means of two Gaussians from chains started evenly over both', () => {
      const means = [
        [-1.2, 0],
        [1.2, 0],
      ];
      const sigma = 0.5;
      const energy = latentEnergy({ energy: mixtureEnergy(means, [0.3, 0.7], sigma), generator: identity, temperature: 1, prior: false });
      const chains = 400;
      const start = new Rng(40).fillUniform(new Float32Array(chains * 2), -3, 3);
      const run = sample({ energy, method: 'mala', stepSize: 0.15, steps: 600, start, chains, seed: 41 });
      const points = pointsAfter(run, 200);
      const right = points.filter((p) => p[0]! > 0);
      const left = points.filter((p) => p[0]! <= 0);
      const share = right.length / points.length;
      const startShare = Array.from(start).filter((v, i) => i % 2 === 0 && v > 0).length / chains;
      const acceptance = run.acceptanceRate.toFixed(3);
      console.log(`      right-mode weight ${share.toFixed(4)} (at the start ${startShare.toFixed(3)}), acceptance ${acceptance}`);
      report('left mode', left);
      report('right mode', right);
      assert.ok(Math.abs(share - 0.7) < 0.05, `right-mode weight ${share}`);
      const [l, r] = [moments(left), moments(right)];
      assert.ok(Math.abs(l.mean[0]! + 1.2) < 0.06 && Math.abs(l.mean[1]!) < 0.05, `left mean ${l.mean}`);
      assert.ok(Math.abs(r.mean[0]! - 1.2) < 0.06 && Math.abs(r.mean[1]!) < 0.05, `right mean ${r.mean}`);
      assert.ok(Math.abs(r.variance[1]! / sigma ** 2 - 1) < 0.1, `right-mode variance across the axis ${r.variance[1]}`);
    });
  });

  describe('records, determinism and memory', () => {
    const energy = () => latentEnergy({ energy: gaussianEnergy(MU, SIGMA), generator: identity, temperature: 1, prior: true });
    const start = normalRows(new Rng(50), 16, [0, 0], 1);

    it('records every n-th step and the last, the paths of the first k chains from the start, and per-chain energies', () => {
      const record = { every: 4, pathChains: 3, energies: true };
      const run = runChains({ energy: energy(), method: 'mala', stepSize: 0.1, steps: 10, chains: 16, start, rng: new Rng(51), record });
      assert.deepEqual(Array.from(run.trace.steps), [4, 8, 10]);
      assert.equal(run.trace.paths.length, 4 * 3 * 2);
      assert.deepEqual(Array.from(run.trace.paths.subarray(0, 6)), Array.from(start.subarray(0, 6)));
      assert.deepEqual(Array.from(run.trace.paths.subarray(18)), Array.from(run.finalZ.subarray(0, 6)));
      assert.deepEqual(Array.from(run.trace.energies!.subarray(32)), Array.from(run.finalEnergies));
      const mean = run.finalEnergies.reduce((s, v) => s + v, 0) / 16;
      assert.ok(Math.abs(run.trace.meanEnergy[2]! - mean) < 1e-4);
      for (const rate of run.trace.acceptanceRate) assert.ok(rate >= 0 && rate <= 1 && rate * 16 === Math.round(rate * 16));
    });

    for (const method of ['langevin', 'mala'] as const) {
      it(`${method}: one seed gives identical chains, another seed others; a run continued from its end equals one longer run`, () => {
        const record = { pathChains: 2, energies: true };
        const go = (seed: number, steps: number, from = start, rng = new Rng(seed)) =>
          runChains({ energy: energy(), method, stepSize: 0.1, steps, chains: 16, start: from, rng, record });
        const [a, b, c] = [go(60, 30), go(60, 30), go(61, 30)];
        assert.deepEqual(a.finalZ, b.finalZ);
        assert.deepEqual(a.trace, b.trace);
        assert.notDeepEqual(a.finalZ, c.finalZ);
        const rng = new Rng(60);
        const half = go(60, 15, start, rng);
        const rest = go(60, 15, half.finalZ, rng);
        assert.deepEqual(rest.finalZ, a.finalZ);
      });
    }

    it('leaves tf.memory().numTensors where it was, after runs of both methods and after a rejected start', () => {
      const baseline = tf.memory().numTensors;
      for (const method of ['langevin', 'mala'] as const) {
        const record = { every: 3, pathChains: 2, energies: true };
        runChains({ energy: energy(), method, stepSize: 0.1, steps: 20, chains: 16, start, rng: new Rng(70), record });
        assert.equal(tf.memory().numTensors, baseline, `${method} leaked tensors`);
      }
      const infinite = latentEnergy({ energy: (x) => tf.div(tf.sum(x, 1), 0), generator: identity, temperature: 1, prior: false });
      assert.throws(
        () => runChains({ energy: infinite, method: 'mala', stepSize: 0.1, steps: 5, chains: 16, start, rng: new Rng(71) }),
        /energy at the start of chain \d+ is -?Infinity/,
      );
      assert.equal(tf.memory().numTensors, baseline, 'a rejected start leaked tensors');
    });

    it('rejects bad options', () => {
      const base = { energy: energy(), method: 'mala' as const, stepSize: 0.1, steps: 5, chains: 16, start, rng: new Rng(72) };
      assert.throws(() => runChains({ ...base, stepSize: 0 }), /stepSize must be a positive number/);
      assert.throws(() => runChains({ ...base, steps: 1.5 }), /steps must be a non-negative integer/);
      assert.throws(() => runChains({ ...base, chains: 5 }), /not a whole number of rows for 5 chains/);
      assert.throws(() => runChains({ ...base, record: { pathChains: 17 } }), /pathChains must be an integer from 0 to 16/);
      assert.throws(() => runChains({ ...base, record: { every: 0 } }), /every must be a positive integer/);
    });
  });

  describe('on the wasm backend', () => {
    before(async () => {
      await selectBackend('wasm');
    });
    after(async () => {
      await selectBackend('cpu');
    });

    it('MALA samples the Gaussian target, deterministically and without leaking tensors', () => {
      const energy = latentEnergy({ energy: gaussianEnergy(MU, SIGMA), generator: identity, temperature: 1, prior: false });
      const baseline = tf.memory().numTensors;
      const start = normalRows(new Rng(80), 400, [0, 0], 1.5);
      const setup = { energy, method: 'mala' as const, stepSize: 0.1, steps: 200, start, chains: 400, seed: 81 };
      const run = sample(setup);
      assert.equal(tf.memory().numTensors, baseline, 'tensors leaked');
      const points = pointsAfter(run, 50);
      report('wasm MALA ε 0.1', points, `; acceptance ${run.acceptanceRate.toFixed(3)}`);
      assert.deepEqual(gaussianMismatches(points, MU, SIGMA ** 2, 0.05, 0.1), []);
      assert.deepEqual(sample(setup).finalZ, run.finalZ);
    });
  });
});
