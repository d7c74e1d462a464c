import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../src/training/backend';
import type { LossKind } from '../../src/shared/experiment/schema';
import { discriminatorLoss, generatorLoss } from '../../src/training/losses';

const softplus = (x: number) => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const value = (t: tf.Scalar) => t.dataSync()[0]!;
const relu = (x: number) => Math.max(0, x);
const close = (actual: number, expected: number, what: string, tolerance = 1e-5) =>
  assert.ok(Math.abs(actual - expected) <= tolerance * Math.max(1, Math.abs(expected)), `${what}: ${actual}, expected ${expected}`);

const ALL_KINDS: LossKind[] = ['minimax', 'nonSaturating', 'wgan', 'wganGp', 'hinge', 'lsgan', 'neuralDistance'];

describe('losses (hand-computed on fixed logits)', () => {
  before(async () => {
    await selectBackend('cpu');
  });

  const real = [2, -1, 0.5, 0];
  const fake = [-3, 1, 0, 0.25];

  it('discriminator BCE = −E[log σ(real)] − E[log(1 − σ(fake))], with components', () => {
    tf.tidy(() => {
      const terms = discriminatorLoss('minimax', tf.tensor1d(real), tf.tensor1d(fake));
      const expectedReal = mean(real.map((l) => softplus(-l)));
      const expectedFake = mean(fake.map((l) => softplus(l)));
      assert.ok(Math.abs(value(terms.components['d.real']!) - expectedReal) < 1e-6);
      assert.ok(Math.abs(value(terms.components['d.fake']!) - expectedFake) < 1e-6);
      assert.ok(Math.abs(value(terms.total) - (expectedReal + expectedFake)) < 1e-6);
    });
  });

  it('at D = 0.5 everywhere the D loss is 2·log 2 (value −2·log 2)', () => {
    tf.tidy(() => {
      const terms = discriminatorLoss('nonSaturating', tf.zeros([8]), tf.zeros([8]));
      assert.ok(Math.abs(value(terms.total) - 2 * Math.log(2)) < 1e-6);
    });
  });

  it('minimax G loss = E[log(1 − σ(fake))], non-saturating = −E[log σ(fake)]', () => {
    tf.tidy(() => {
      const minimax = value(generatorLoss('minimax', tf.tensor1d(fake)).total);
      const nonSaturating = value(generatorLoss('nonSaturating', tf.tensor1d(fake)).total);
      assert.ok(Math.abs(minimax - mean(fake.map((l) => Math.log(1 - 1 / (1 + Math.exp(-l)))))) < 1e-6);
      assert.ok(Math.abs(nonSaturating - mean(fake.map((l) => -Math.log(1 / (1 + Math.exp(-l)))))) < 1e-6);
    });
  });

  it('saturated logits give finite losses and gradients (no NaN, no Infinity)', () => {
    tf.tidy(() => {
      const saturated = tf.tensor1d([-200, 200, -1e4, 1e4]);
      const d = discriminatorLoss('minimax', saturated, saturated);
      for (const t of [d.total, generatorLoss('minimax', saturated).total, generatorLoss('nonSaturating', saturated).total]) {
        assert.ok(Number.isFinite(value(t)), `loss ${value(t)}`);
      }
      for (const kind of ['minimax', 'nonSaturating'] as const) {
        const g = tf
          .grad((l: tf.Tensor) => generatorLoss(kind, l).total)(saturated)
          .dataSync();
        assert.ok(Array.from(g).every(Number.isFinite), `${kind} gradient ${Array.from(g)}`);
      }
      // The minimax loss saturates: when D confidently rejects fakes its gradient vanishes,
      // while the non-saturating loss keeps a strong gradient — the reason it is the default.
      const rejected = tf.tensor1d([-20]);
      const gMinimax = Math.abs(
        tf
          .grad((l: tf.Tensor) => generatorLoss('minimax', l).total)(rejected)
          .dataSync()[0]!,
      );
      const gNonSat = Math.abs(
        tf
          .grad((l: tf.Tensor) => generatorLoss('nonSaturating', l).total)(rejected)
          .dataSync()[0]!,
      );
      assert.ok(gMinimax < 1e-8 && gNonSat > 0.99, `minimax ${gMinimax}, non-saturating ${gNonSat}`);
    });
  });
});

/** [d.real, d.fake, G's loss] by hand for the score-based kinds. */
function expectedFor(kind: LossKind, r: number[], f: number[]): [number, number, number] {
  const meanR = mean(r);
  const meanF = mean(f);
  switch (kind) {
    case 'wgan':
    case 'wganGp':
      return [-meanR, meanF, -meanF];
    case 'neuralDistance':
      return [meanR, -meanF, meanF];
    case 'hinge':
      return [mean(r.map((d) => relu(1 - d))), mean(f.map((d) => relu(1 + d))), -meanF];
    case 'lsgan':
      return [0.5 * mean(r.map((d) => (d - 1) ** 2)), 0.5 * mean(f.map((d) => d ** 2)), 0.5 * mean(f.map((d) => (d - 1) ** 2))];
    default:
      throw new Error(`not a score-based kind: ${kind}`);
  }
}

describe('losses of the other objectives (hand-computed on fixed scores)', () => {
  before(async () => {
    await selectBackend('cpu');
  });

  // Raw scores: hinge's margins (|D| < 1 and > 1) and LSGAN's targets are both crossed.
  const real = [2, -1, 0.5, 0, 1.5];
  const fake = [-3, 1, 0, 0.25, -0.5];
  const meanReal = mean(real);
  const meanFake = mean(fake);

  for (const kind of ['wgan', 'wganGp', 'neuralDistance', 'hinge', 'lsgan'] as const) {
    const [dReal, dFake, g] = expectedFor(kind, real, fake);
    it(`${kind}: D's terms, total and G's loss`, () => {
      tf.tidy(() => {
        const d = discriminatorLoss(kind, tf.tensor1d(real), tf.tensor1d(fake));
        close(value(d.components['d.real']!), dReal, 'd.real');
        close(value(d.components['d.fake']!), dFake, 'd.fake');
        close(value(d.total), dReal + dFake, 'D total');
        const gl = generatorLoss(kind, tf.tensor1d(fake));
        close(value(gl.total), g, 'G loss');
        close(value(gl.components['g.adversarial']!), g, 'g.adversarial');
      });
    });
  }

  it('the critics report the distance estimate: E[D(real)] − E[D(fake)] for WGAN, the reverse for the neural distance', () => {
    tf.tidy(() => {
      for (const kind of ['wgan', 'wganGp'] as const) {
        close(
          value(discriminatorLoss(kind, tf.tensor1d(real), tf.tensor1d(fake)).components['critic.wassersteinEstimate']!),
          meanReal - meanFake,
          kind,
        );
      }
      const nd = discriminatorLoss('neuralDistance', tf.tensor1d(real), tf.tensor1d(fake));
      close(value(nd.components['critic.wassersteinEstimate']!), meanFake - meanReal, 'neuralDistance');
      for (const kind of ['minimax', 'nonSaturating', 'hinge', 'lsgan'] as const) {
        assert.deepEqual(Object.keys(discriminatorLoss(kind, tf.tensor1d(real), tf.tensor1d(fake)).components), ['d.real', 'd.fake'], kind);
      }
    });
  });

  it('one-sided label smoothing: the real term is −E[s·log σ(l) + (1−s)·log(1 − σ(l))]; the fake term is unchanged', () => {
    tf.tidy(() => {
      const sigmoid = (l: number) => 1 / (1 + Math.exp(-l));
      for (const s of [0.9, 0.75, 1]) {
        const d = discriminatorLoss('nonSaturating', tf.tensor1d(real), tf.tensor1d(fake), { realLabel: s });
        const byHand = mean(real.map((l) => -(s * Math.log(sigmoid(l)) + (1 - s) * Math.log(1 - sigmoid(l)))));
        close(value(d.components['d.real']!), byHand, `d.real at s = ${s}`);
        close(value(d.components['d.fake']!), mean(fake.map((l) => -Math.log(1 - sigmoid(l)))), `d.fake at s = ${s}`);
      }
      // At D = 0.5 everywhere: −0.9·log 0.5 − 0.1·log 0.5 = log 2, whatever s (the optimum moves to s/2, not the value at 0.5).
      close(value(discriminatorLoss('minimax', tf.zeros([4]), tf.zeros([4]), { realLabel: 0.9 }).total), 2 * Math.log(2), 'at D = 0.5');
      // Smoothing penalises confident reals: at a logit of 20 the unsmoothed term is ~0, the smoothed one ≈ 0.1·20.
      const confident = value(discriminatorLoss('minimax', tf.tensor1d([20]), tf.tensor1d([0]), { realLabel: 0.9 }).components['d.real']!);
      close(confident, 0.9 * softplus(-20) + 0.1 * softplus(20), 'confident real', 1e-4);
    });
  });

  /** The same formulas in float64 JavaScript, with a stable softplus. */
  function byHand(kind: LossKind, r: number[], f: number[], s = 1): { dReal: number; dFake: number; g: number } {
    switch (kind) {
      case 'minimax':
      case 'nonSaturating':
        return {
          dReal: mean(r.map((l) => s * softplus(-l) + (1 - s) * softplus(l))),
          dFake: mean(f.map(softplus)),
          g: kind === 'minimax' ? -mean(f.map(softplus)) : mean(f.map((l) => softplus(-l))),
        };
      default: {
        const [dReal, dFake, g] = expectedFor(kind, r, f);
        return { dReal, dFake, g };
      }
    }
  }

  it('saturated outputs (±1e4): every loss equals its hand-computed value and has finite gradients (no NaN, no Infinity)', () => {
    tf.tidy(() => {
      const values = [-200, 200, -1e4, 1e4];
      const saturated = tf.tensor1d(values);
      const flipped = tf.tensor1d(values.map((v) => -v));
      for (const kind of ALL_KINDS) {
        for (const s of [1, 0.9]) {
          if (s !== 1 && !['minimax', 'nonSaturating'].includes(kind)) continue;
          const options = { realLabel: s };
          const d = discriminatorLoss(kind, saturated, flipped, options);
          const want = byHand(
            kind,
            values,
            values.map((v) => -v),
            s,
          );
          close(value(d.components['d.real']!), want.dReal, `${kind} d.real (s = ${s})`);
          close(value(d.components['d.fake']!), want.dFake, `${kind} d.fake (s = ${s})`);
          const dLoss = (r: tf.Tensor, f: tf.Tensor) => discriminatorLoss(kind, r, f, options).total;
          const [gr, gf] = tf.grads(dLoss)([saturated, flipped]);
          for (const g of [gr!, gf!])
            assert.ok(Array.from(g.dataSync()).every(Number.isFinite), `${kind} D gradient ${Array.from(g.dataSync())}`);
        }
        close(value(generatorLoss(kind, saturated).total), byHand(kind, values, values).g, `${kind} G loss`);
        const g = tf.grad((l: tf.Tensor) => generatorLoss(kind, l).total)(saturated);
        assert.ok(Array.from(g.dataSync()).every(Number.isFinite), `${kind} G gradient`);
      }
    });
  });
});
