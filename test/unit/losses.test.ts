import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../src/training/backend';
import { discriminatorLoss, generatorLoss } from '../../src/training/losses';

const softplus = (x: number) => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const value = (t: tf.Scalar) => t.dataSync()[0]!;

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
