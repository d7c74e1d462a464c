import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateExperiment } from '../../src/shared/experiment/validate';
import { selectBackend } from '../../src/training/backend';
import { createGan } from '../../src/training/gan';
import { Rng } from '../../src/training/random';
import { generate } from '../../src/training/recording/evaluate';
import { latestCheckpointSync } from '../../src/shared/runDirectory/checkpoints';
import { loadCheckpoint, saveCheckpoint } from '../../src/training/run/checkpoint';
import { discriminatorStep, generatorStep, readStep } from '../../src/training/steps';
import { TrainingStreams } from '../../src/training/streams';
import { ringExperiment, tempDir } from '../helpers/experiments';

describe('checkpoints', () => {
  before(async () => {
    await selectBackend('wasm');
  });

  it('round-trips every variable (weights, normalisation statistics, optimizer slots and step counts)', async () => {
    const result = validateExperiment(JSON.stringify(ringExperiment({ generator: { kind: 'mlp', hidden: [8], normalization: 'batch' } })));
    assert.ok(result.ok);
    const a = createGan(result.config, { dim: 2 }, new Rng(1));
    const real = tf.randomNormal([16, 2]) as tf.Tensor2D;
    const z = tf.randomNormal([16, 2]) as tf.Tensor2D;
    for (let i = 0; i < 3; i++) {
      readStep(discriminatorStep(a, real, z));
      readStep(generatorStep(a, z));
    }
    const dir = tempDir();
    const streams = new TrainingStreams(new Rng(5));
    streams.noise.normal(); // an odd number of normals leaves a spare value in the state
    await saveCheckpoint(dir, 3, a, streams.states());
    assert.equal(latestCheckpointSync(dir), join(dir, 'step-00000003'));
    assert.deepEqual(readdirSync(dir), ['step-00000003'], 'no temp folder left');

    const b = createGan(result.config, { dim: 2 }, new Rng(99));
    const zs = new Rng(4).fillNormal(new Float32Array(20));
    assert.notDeepEqual(generate(a, zs), generate(b, zs));
    const restored = loadCheckpoint(join(dir, 'step-00000003'), b);
    assert.equal(restored.step, 3);
    const other = new TrainingStreams(new Rng(6));
    other.restore(restored.rng!);
    for (const name of ['data', 'noise', 'regularization', 'evaluation'] as const)
      assert.deepEqual(other[name].fillNormal(new Float32Array(5)), streams[name].fillNormal(new Float32Array(5)), name);
    assert.deepEqual(generate(a, zs), generate(b, zs));
    assert.equal(b.generatorOptimizer.iterations, 3);
    // The same next step from both: optimizer state was restored too.
    assert.deepEqual(readStep(generatorStep(a, z)).loss, readStep(generatorStep(b, z)).loss);
    assert.deepEqual(generate(a, zs), generate(b, zs));
    tf.dispose([real, z]);
    a.dispose();
    b.dispose();
  });

  it('keeps only the newest `keep` checkpoints', async () => {
    const result = validateExperiment(JSON.stringify(ringExperiment()));
    assert.ok(result.ok);
    const gan = createGan(result.config, { dim: 2 }, new Rng(1));
    const states = new TrainingStreams(new Rng(1)).states();
    const dir = tempDir();
    for (const step of [10, 20, 30, 40]) await saveCheckpoint(dir, step, gan, states, 2);
    assert.deepEqual(readdirSync(dir).sort(), ['step-00000030', 'step-00000040']);
    gan.dispose();
  });

  it('reads format-1 and format-2 checkpoints (no checksum: size and values checked, with a note) and rejects damaged stream states', async () => {
    const result = validateExperiment(JSON.stringify(ringExperiment()));
    assert.ok(result.ok);
    const gan = createGan(result.config, { dim: 2 }, new Rng(1));
    const dir = tempDir();
    await saveCheckpoint(dir, 5, gan, new TrainingStreams(new Rng(1)).states());
    const folder = join(dir, 'step-00000005');
    const manifestFile = join(folder, 'checkpoint.json');
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Record<string, unknown>;
    assert.equal(manifest.format, 'gan-workbench-checkpoint/3');
    const note =
      /written by an earlier version without a checksum \(format gan-workbench-checkpoint\/[12]\); its size and values were checked/;
    writeFileSync(manifestFile, JSON.stringify({ ...manifest, format: 'gan-workbench-checkpoint/1', rng: undefined, files: undefined }));
    const v1 = loadCheckpoint(folder, gan);
    assert.equal(v1.step, 5);
    assert.equal(v1.rng, undefined);
    assert.match(v1.notes.join('\n'), note);
    writeFileSync(manifestFile, JSON.stringify({ ...manifest, format: 'gan-workbench-checkpoint/2', files: undefined }));
    const v2 = loadCheckpoint(folder, gan);
    assert.ok(v2.rng);
    assert.match(v2.notes.join('\n'), note);
    writeFileSync(manifestFile, JSON.stringify({ ...manifest, rng: { ...(manifest.rng as object), data: { a: 1 } } }));
    assert.throws(() => loadCheckpoint(folder, gan), /checkpoint\.json: "rng\.data\.b" is missing; it must be an integer/);
    gan.dispose();
  });

  it('refuses a checkpoint of a different architecture with a clear error', async () => {
    const small = validateExperiment(JSON.stringify(ringExperiment({ generator: { kind: 'mlp', hidden: [8] } })));
    const big = validateExperiment(JSON.stringify(ringExperiment({ generator: { kind: 'mlp', hidden: [9] } })));
    assert.ok(small.ok && big.ok);
    const a = createGan(small.config, { dim: 2 }, new Rng(1));
    const b = createGan(big.config, { dim: 2 }, new Rng(1));
    const dir = tempDir();
    await saveCheckpoint(dir, 1, a, new TrainingStreams(new Rng(1)).states());
    assert.throws(
      () => loadCheckpoint(join(dir, 'step-00000001'), b),
      /generator\/dense0\/kernel \[2, 8\] does not match the experiment's networks/,
    );
    a.dispose();
    b.dispose();
  });
});
