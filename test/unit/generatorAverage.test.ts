import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { join } from 'node:path';
import { validateExperiment } from '../../src/shared/experiment/validate';
import type { Experiment } from '../../src/shared/experiment/schema';
import { selectBackend } from '../../src/training/backend';
import { createGan, samplingGan, type Gan } from '../../src/training/gan';
import { averageOnHost } from '../../src/training/models/generatorAverage';
import { logicalName } from '../../src/training/models/variables';
import { Rng } from '../../src/training/random';
import { generate } from '../../src/training/recording/evaluate';
import { loadCheckpoint, saveCheckpoint } from '../../src/training/run/checkpoint';
import { discriminatorStep, generatorStep, readStep } from '../../src/training/steps';
import { TrainingStreams } from '../../src/training/streams';
import { ringExperiment, tempDir } from '../helpers/experiments';

type Json = Record<string, unknown>;

function config(overrides: Json): Experiment {
  const result = validateExperiment(JSON.stringify(ringExperiment(overrides)));
  assert.ok(result.ok, JSON.stringify(!result.ok && result.problems));
  return result.config;
}

const DECAY = 0.9;
const withAverage = (extra: Json = {}) => config({ generatorAverage: { decay: DECAY }, ...extra });
const values = (vars: tf.Variable[]) => vars.map((v) => Array.from(v.dataSync()));

function train(gan: Gan, steps: number): void {
  const real = tf.randomNormal([16, 2], 0, 1, 'float32', 1) as tf.Tensor2D;
  const z = tf.randomNormal([16, 2], 0, 1, 'float32', 2) as tf.Tensor2D;
  for (let i = 0; i < steps; i++) {
    readStep(discriminatorStep(gan, real, z));
    readStep(generatorStep(gan, z));
  }
  tf.dispose([real, z]);
}

for (const backend of ['cpu', 'wasm'] as const)
  describe(`the generator's weight average (${backend})`, () => {
    before(async () => {
      await selectBackend(backend);
    });

    it('starts as G and follows average ← β·average + (1 − β)·G after every generator step, running statistics copied', () => {
      const gan = createGan(withAverage({ generator: { kind: 'mlp', hidden: [8], normalization: 'batch' } }), { dim: 2 }, new Rng(1));
      const average = gan.generatorAverage!.network;
      assert.deepEqual(values(average.variables), values(gan.generator.variables), 'the average starts as G');
      assert.ok(
        average.variables.every((v) => logicalName(v).startsWith('generatorAverage/')),
        'its own checkpoint names',
      );
      let expected: Float32Array[] = values(gan.generator.trainable).map((v) => Float32Array.from(v));
      for (let step = 0; step < 3; step++) {
        train(gan, 1);
        expected = values(gan.generator.trainable).map((g, i) => averageOnHost(expected[i]!, Float32Array.from(g), DECAY));
      }
      assert.deepEqual(
        values(average.trainable),
        expected.map((v) => Array.from(v)),
      );
      assert.notDeepEqual(values(average.trainable), values(gan.generator.trainable), 'the average lags G');
      const statistics = (n: typeof average) => values(n.variables.filter((v) => !v.trainable));
      assert.ok(statistics(average).length > 0);
      assert.deepEqual(statistics(average), statistics(gan.generator), 'running statistics are G’s');
      gan.dispose();
    });

    it('averages on the host with the bits of the tensor ops', () => {
      const rng = new Rng(3);
      const a = rng.fillNormal(new Float32Array(1000));
      const g = rng.fillNormal(new Float32Array(1000)).map((x) => x * 1e-3);
      for (const decay of [0.999, 0.9, 0.5, 0]) {
        const ops = tf.tidy(() => tf.add(tf.mul(tf.tensor(a), decay), tf.mul(tf.tensor(g), 1 - decay)).dataSync());
        assert.deepEqual(Array.from(averageOnHost(a, g, decay)), Array.from(ops), `β ${decay}`);
      }
    });

    it('draws samples from the average, and trains G alone (D and G are as without an average)', () => {
      const plain = createGan(config({}), { dim: 2 }, new Rng(1));
      const averaged = createGan(withAverage(), { dim: 2 }, new Rng(1));
      train(plain, 4);
      train(averaged, 4);
      assert.deepEqual(values(averaged.generator.variables), values(plain.generator.variables), 'G trains the same');
      assert.deepEqual(values(averaged.discriminator.variables), values(plain.discriminator.variables), 'D trains the same');
      const zs = new Rng(4).fillNormal(new Float32Array(20));
      assert.equal(samplingGan(plain), plain);
      assert.equal(samplingGan(averaged).generator, averaged.generatorAverage!.network);
      assert.notDeepEqual(generate(samplingGan(averaged), zs), generate(averaged, zs), 'samples come from the average, not G');
      plain.dispose();
      averaged.dispose();
    });

    it('is saved in checkpoints and restored with them; a checkpoint without it is refused by name', async () => {
      const a = createGan(withAverage(), { dim: 2 }, new Rng(1));
      train(a, 3);
      const dir = tempDir();
      await saveCheckpoint(dir, 3, a, new TrainingStreams(new Rng(5)).states());
      const b = createGan(withAverage(), { dim: 2 }, new Rng(9));
      loadCheckpoint(join(dir, 'step-00000003'), b);
      assert.deepEqual(values(b.generatorAverage!.network.variables), values(a.generatorAverage!.network.variables));
      train(a, 1);
      train(b, 1);
      assert.deepEqual(values(b.generatorAverage!.network.variables), values(a.generatorAverage!.network.variables), 'the next update too');

      const plain = createGan(config({}), { dim: 2 }, new Rng(1));
      const plainDir = tempDir();
      await saveCheckpoint(plainDir, 1, plain, new TrainingStreams(new Rng(5)).states());
      assert.throws(() => loadCheckpoint(join(plainDir, 'step-00000001'), b), /checkpoint lacks generatorAverage\//);
      for (const gan of [a, b, plain]) gan.dispose();
    });

    it('leaks no tensor over steps and disposes with the GAN', () => {
      const before = tf.memory().numTensors;
      const gan = createGan(withAverage(), { dim: 2 }, new Rng(1));
      train(gan, 1);
      const afterOne = tf.memory().numTensors;
      train(gan, 5);
      assert.equal(tf.memory().numTensors, afterOne, 'no growth per step');
      gan.dispose();
      assert.equal(tf.memory().numTensors, before, 'nothing left after dispose');
    });
  });
