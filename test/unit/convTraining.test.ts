/**
 * A dcgan GAN in the trainer's machinery: the step functions on random [−1, 1] images without
 * leaking tensors, and a checkpoint round trip (weights, running statistics, optimizer slots).
 */
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { join } from 'node:path';
import type { Experiment } from '../../src/shared/experiment/schema';
import { validateExperiment } from '../../src/shared/experiment/validate';
import type { ImageShape } from '../../src/shared/runFormat';
import { selectBackend } from '../../src/training/backend';
import { createGan, type Gan } from '../../src/training/gan';
import { logicalName } from '../../src/training/models/variables';
import { Rng } from '../../src/training/random';
import { discriminate, generate } from '../../src/training/recording/evaluate';
import { loadCheckpoint, saveCheckpoint } from '../../src/training/run/checkpoint';
import { discriminatorStep, generatorStep, readStep } from '../../src/training/steps';
import { TrainingStreams } from '../../src/training/streams';
import { ringExperiment, tempDir, type Json } from '../helpers/experiments';

const IMAGE: ImageShape = { height: 28, width: 28, channels: 1 };
const DIM = 28 * 28;
const LATENT = 16;
// Small, to keep the suite fast on cpu.
const BATCH = 8;

function dcganExperiment(overrides: Json = {}): Experiment {
  const result = validateExperiment(
    JSON.stringify(
      ringExperiment({
        data: { kind: 'shapes', size: 28, channels: 1 },
        latent: { dim: LATENT },
        generator: { kind: 'dcgan', channels: 4 },
        discriminator: { kind: 'dcgan', channels: 4 },
        ...overrides,
      }),
    ),
  );
  assert.ok(result.ok, JSON.stringify(result.problems));
  return result.config;
}

const dcganGan = (config: Experiment, seed: number): Gan => createGan(config, { dim: DIM, image: IMAGE }, new Rng(seed));
const images = (rng: Rng) => tf.tensor2d(rng.fillUniform(new Float32Array(BATCH * DIM), -1, 1), [BATCH, DIM]);
const noise = (rng: Rng) => tf.tensor2d(rng.fillNormal(new Float32Array(BATCH * LATENT)), [BATCH, LATENT]);

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`a dcgan GAN training on ${backend}`, () => {
    before(async function () {
      await selectBackend(backend);
      // D's weight gradient needs Conv2DBackpropFilter, which stock tfjs-backend-wasm lacks: the
      // project registers it (src/training/kernels/convKernels.ts). Missing, that is a regression,
      // not a skip.
      assert.ok(
        tf.getKernel('Conv2DBackpropFilter', backend),
        `Conv2DBackpropFilter is not registered on ${backend}: the project's conv kernels (src/training/kernels/convKernels.ts) did not register`,
      );
    });

    const objectives: [string, Json][] = [
      ['nonSaturating, batch norm in G and D (DCGAN)', {}],
      [
        'wganGp + r1, layer norm in D',
        {
          loss: { kind: 'wganGp', lambda: 10 },
          regularizers: [{ kind: 'r1', weight: 1 }],
          discriminator: { kind: 'dcgan', channels: 4, normalization: 'layer' },
        },
      ],
    ];
    for (const [title, overrides] of objectives) {
      it(`${title}: 20 steps on random images with finite losses and no tensor leak`, () => {
        const gan = dcganGan(dcganExperiment(overrides), 1);
        const rng = new Rng(2);
        const step = (i: number) => {
          const real = images(rng);
          const z = noise(rng);
          const d = readStep(discriminatorStep(gan, real, z, { completedSteps: i }));
          const g = readStep(generatorStep(gan, z, { completedSteps: i }));
          tf.dispose([real, z]);
          return [d.loss, g.loss, d.gradNorm, g.gradNorm];
        };
        step(0); // the optimizers create their slots on the first update
        const before = tf.memory().numTensors;
        for (let i = 1; i < 20; i++) {
          const values = step(i);
          assert.ok(values.every(Number.isFinite), `step ${i}: ${values.join(', ')}`);
          assert.equal(tf.memory().numTensors, before, `step ${i} leaked`);
        }
        gan.dispose();
      });
    }

    it('a checkpoint round-trips every variable of a dcgan GAN (weights, running statistics, optimizer slots)', async () => {
      const config = dcganExperiment();
      const a = dcganGan(config, 1);
      const rng = new Rng(2);
      for (let i = 0; i < 2; i++) {
        const real = images(rng);
        const z = noise(rng);
        readStep(discriminatorStep(a, real, z));
        readStep(generatorStep(a, z));
        tf.dispose([real, z]);
      }
      const dir = tempDir();
      await saveCheckpoint(dir, 2, a, new TrainingStreams(new Rng(3)).states());
      const b = dcganGan(config, 99);
      const zs = new Rng(4).fillNormal(new Float32Array(4 * LATENT));
      const xs = new Rng(5).fillUniform(new Float32Array(4 * DIM), -1, 1);
      assert.notDeepEqual(generate(a, zs), generate(b, zs));
      assert.equal(loadCheckpoint(join(dir, 'step-00000002'), b).step, 2);
      const all = (gan: Gan) => [
        ...gan.generator.variables,
        ...gan.discriminator.variables,
        ...gan.generatorOptimizer.state,
        ...gan.discriminatorOptimizer.state,
      ];
      const names = all(a).map(logicalName);
      assert.ok(names.some((n) => n.endsWith('runningVar')) && names.some((n) => n.includes('/up1/')), names.join(', '));
      assert.deepEqual(all(b).map(logicalName), names);
      all(a).forEach((v, i) => assert.deepEqual(all(b)[i]!.dataSync(), v.dataSync(), names[i]));
      assert.deepEqual(generate(b, zs), generate(a, zs));
      assert.deepEqual(discriminate(b, xs, DIM), discriminate(a, xs, DIM));
      a.dispose();
      b.dispose();
    });
  });
}
