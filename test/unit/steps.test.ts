import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../src/training/backend';
import { validateExperiment } from '../../src/shared/experiment/validate';
import type { Experiment } from '../../src/shared/experiment/schema';
import { createGan, type Gan } from '../../src/training/gan';
import { Rng } from '../../src/training/random';
import { discriminatorStep, generatorStep, readStep } from '../../src/training/steps';
import { ringExperiment } from '../helpers/experiments';

function config(overrides = {}): Experiment {
  const result = validateExperiment(JSON.stringify(ringExperiment(overrides)));
  assert.ok(result.ok, JSON.stringify(result.problems));
  return result.config;
}

const snapshot = (vars: tf.Variable[]) => vars.map((v) => Array.from(v.dataSync()));

describe('step functions', () => {
  let gan: Gan;
  before(async () => {
    await selectBackend('wasm');
  });
  beforeEach(() => {
    gan = createGan(config(), 2, new Rng(3));
  });
  afterEach(() => gan.dispose());

  const batch = (seed: number, n = 32) => {
    const rng = new Rng(seed);
    return tf.tensor2d(rng.fillNormal(new Float32Array(n * 2)), [n, 2]);
  };

  it('a discriminator step updates D only and reports loss, components, scores and gradient norm', () => {
    const gBefore = snapshot(gan.generator.trainable);
    const dBefore = snapshot(gan.discriminator.trainable);
    const real = batch(1);
    const z = batch(2);
    const values = readStep(discriminatorStep(gan, real, z));
    tf.dispose([real, z]);
    assert.deepEqual(snapshot(gan.generator.trainable), gBefore);
    assert.notDeepEqual(snapshot(gan.discriminator.trainable), dBefore);
    assert.ok(Math.abs(values.loss - (values.components['d.real']! + values.components['d.fake']!)) < 1e-5);
    assert.ok(values.dReal! > 0 && values.dReal! < 1 && values.dFake! > 0 && values.dFake! < 1);
    assert.ok(values.gradNorm > 0);
  });

  it('a generator step updates G only', () => {
    const gBefore = snapshot(gan.generator.trainable);
    const dBefore = snapshot(gan.discriminator.trainable);
    const z = batch(2);
    const values = readStep(generatorStep(gan, z));
    z.dispose();
    assert.notDeepEqual(snapshot(gan.generator.trainable), gBefore);
    assert.deepEqual(snapshot(gan.discriminator.trainable), dBefore);
    assert.ok(Number.isFinite(values.loss) && values.gradNorm > 0);
  });

  it('repeated D steps on a fixed batch lower the D loss (D learns)', () => {
    gan.dispose();
    gan = createGan(config({ optimizer: { discriminator: { kind: 'adam', lr: 0.01 } } }), 2, new Rng(3));
    const real = tf.add(batch(1), 3) as tf.Tensor2D;
    const z = batch(2);
    const first = readStep(discriminatorStep(gan, real, z)).loss;
    let last = first;
    for (let i = 0; i < 50; i++) last = readStep(discriminatorStep(gan, real, z)).loss;
    tf.dispose([real, z]);
    assert.ok(last < first * 0.5, `D loss ${first} → ${last}`);
  });

  it('steps leak no tensors', () => {
    const real = batch(1);
    const z = batch(2);
    readStep(discriminatorStep(gan, real, z));
    readStep(generatorStep(gan, z));
    const before = tf.memory().numTensors;
    for (let i = 0; i < 20; i++) {
      readStep(discriminatorStep(gan, real, z));
      readStep(generatorStep(gan, z));
    }
    assert.equal(tf.memory().numTensors, before);
    tf.dispose([real, z]);
  });

  for (const normalization of ['batch', 'layer'] as const) {
    it(`trains with ${normalization} normalization and every activation without leaking`, () => {
      for (const activation of ['relu', 'leakyRelu', 'tanh', 'elu'] as const) {
        const g = createGan(
          config({
            generator: { kind: 'mlp', hidden: [8], activation, normalization, outputActivation: 'tanh' },
            discriminator: { kind: 'mlp', hidden: [8], activation, normalization },
          }),
          2,
          new Rng(1),
        );
        const real = batch(1);
        const z = batch(2);
        const before = tf.memory().numTensors;
        const d = readStep(discriminatorStep(g, real, z));
        const gv = readStep(generatorStep(g, z));
        assert.equal(tf.memory().numTensors, before, `${activation}/${normalization} leaked`);
        assert.ok(Number.isFinite(d.loss) && Number.isFinite(gv.loss), `${activation}/${normalization}`);
        tf.dispose([real, z]);
        g.dispose();
      }
    });
  }
});
