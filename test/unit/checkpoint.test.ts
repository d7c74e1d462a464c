import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { validateExperiment } from '../../src/shared/experiment/validate';
import { selectBackend } from '../../src/training/backend';
import { createGan } from '../../src/training/gan';
import { Rng } from '../../src/training/random';
import { generate } from '../../src/training/recording/evaluate';
import { latestCheckpoint, loadCheckpoint, saveCheckpoint } from '../../src/training/run/checkpoint';
import { discriminatorStep, generatorStep, readStep } from '../../src/training/steps';
import { ringExperiment, tempDir } from '../helpers/experiments';

describe('checkpoints', () => {
  before(async () => {
    await selectBackend('wasm');
  });

  it('round-trips every variable (weights, normalisation statistics, optimizer slots and step counts)', async () => {
    const result = validateExperiment(JSON.stringify(ringExperiment({ generator: { kind: 'mlp', hidden: [8], normalization: 'batch' } })));
    assert.ok(result.ok);
    const a = createGan(result.config, 2, new Rng(1));
    const real = tf.randomNormal([16, 2]) as tf.Tensor2D;
    const z = tf.randomNormal([16, 2]) as tf.Tensor2D;
    for (let i = 0; i < 3; i++) {
      readStep(discriminatorStep(a, real, z));
      readStep(generatorStep(a, z));
    }
    const dir = tempDir();
    await saveCheckpoint(dir, 3, a);
    assert.equal(latestCheckpoint(dir), join(dir, 'step-00000003'));
    assert.deepEqual(readdirSync(dir), ['step-00000003'], 'no temp folder left');

    const b = createGan(result.config, 2, new Rng(99));
    const zs = new Rng(4).fillNormal(new Float32Array(20));
    assert.notDeepEqual(generate(a, zs), generate(b, zs));
    assert.equal(loadCheckpoint(join(dir, 'step-00000003'), b), 3);
    assert.deepEqual(generate(a, zs), generate(b, zs));
    assert.equal(b.generatorOptimizer.iterations, 3);
    // The same next step from both: optimizer state was restored too.
    assert.deepEqual(readStep(generatorStep(a, z)).loss, readStep(generatorStep(b, z)).loss);
    assert.deepEqual(generate(a, zs), generate(b, zs));
    tf.dispose([real, z]);
    a.dispose();
    b.dispose();
  });

  it('refuses a checkpoint of a different architecture with a clear error', async () => {
    const small = validateExperiment(JSON.stringify(ringExperiment({ generator: { kind: 'mlp', hidden: [8] } })));
    const big = validateExperiment(JSON.stringify(ringExperiment({ generator: { kind: 'mlp', hidden: [9] } })));
    assert.ok(small.ok && big.ok);
    const a = createGan(small.config, 2, new Rng(1));
    const b = createGan(big.config, 2, new Rng(1));
    const dir = tempDir();
    await saveCheckpoint(dir, 1, a);
    assert.throws(
      () => loadCheckpoint(join(dir, 'step-00000001'), b),
      /generator\/dense0\/kernel \[2, 8\] does not match the experiment's networks/,
    );
    a.dispose();
    b.dispose();
  });
});
