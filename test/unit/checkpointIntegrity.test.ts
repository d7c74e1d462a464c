/**
 * A checkpoint is checked before any of it is loaded: checkpoint.json field by field, weights.bin's
 * size and SHA-256 against what checkpoint.json records, every value finite. Each damage is one
 * problem naming the file (and the field or variable). Before, loadCheckpoint assigned NaN and
 * Infinity as they were, read a truncated weights.bin as a raw tfjs error ("Based on the provided
 * shape, [16,2], the tensor should have 32 values but has 0") and a cut checkpoint.json as a raw
 * JSON error, neither naming a file.
 */
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { cpSync, readFileSync, rmSync, statSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { validateExperiment } from '../../src/shared/experiment/validate';
import { checkCheckpointSync, newestIntactCheckpointSync } from '../../src/shared/runDirectory/checkpointIntegrity';
import { checkpointManifestProblems, parseCheckpointManifest } from '../../src/shared/runDirectory/checkpointManifestCheck';
import { RunFileError } from '../../src/shared/runDirectory/runFileError';
import { selectBackend } from '../../src/training/backend';
import { createGan, type Gan } from '../../src/training/gan';
import { Rng } from '../../src/training/random';
import { loadCheckpoint, saveCheckpoint, setAsideCheckpointsAfter } from '../../src/training/run/checkpoint';
import { resumeCheckpoint } from '../../src/training/run/resumeCheckpoint';
import { STREAM_NAMES, TrainingStreams } from '../../src/training/streams';
import {
  asLegacy,
  editManifest,
  manifestDamages,
  nonFiniteDamages,
  weightsFileDamages,
  writeValue,
  type CheckpointDamage,
} from '../helpers/checkpointDamage';
import { ringExperiment, tempDir } from '../helpers/experiments';

describe('checkpoint integrity: size, checksum, finite values, checkpoint.json field by field', () => {
  let gan: Gan;
  /** A run's checkpoints folder with step-10, step-20 and step-30, intact. */
  let intactDir = '';

  before(async () => {
    await selectBackend('wasm');
    const result = validateExperiment(JSON.stringify(ringExperiment({ generator: { kind: 'mlp', hidden: [16], normalization: 'batch' } })));
    assert.ok(result.ok);
    gan = createGan(result.config, { dim: 2 }, new Rng(1));
    intactDir = tempDir();
    const states = new TrainingStreams(new Rng(1)).states();
    for (const step of [10, 20, 30]) await saveCheckpoint(intactDir, step, gan, states);
  });

  after(() => gan.dispose());

  /** A fresh copy of the intact checkpoints; returns its folder and step-30's. */
  function copy(): { dir: string; newest: string } {
    const dir = join(tempDir(), 'checkpoints');
    cpSync(intactDir, dir, { recursive: true });
    return { dir, newest: join(dir, 'step-00000030') };
  }

  const weightsSize = () => statSync(join(intactDir, 'step-00000030', 'weights.bin')).size;

  it('writes format 3: checkpoint.json records weights.bin’s size and SHA-256, and an intact checkpoint checks', () => {
    const manifest = JSON.parse(readFileSync(join(intactDir, 'step-00000030', 'checkpoint.json'), 'utf8')) as {
      format: string;
      files: Record<string, { bytes: number; sha256: string }>;
    };
    assert.equal(manifest.format, 'gan-workbench-checkpoint/3');
    assert.equal(manifest.files['weights.bin']!.bytes, weightsSize());
    assert.match(manifest.files['weights.bin']!.sha256, /^[0-9a-f]{64}$/);
    const check = checkCheckpointSync(join(intactDir, 'step-00000030'));
    assert.ok(check.ok);
    assert.deepEqual(check.notes, []);
    assert.equal(check.values.length * 4, weightsSize());
  });

  function assertDamage(damages: CheckpointDamage[]): void {
    assert.ok(damages.length >= 4);
    for (const d of damages) {
      const { dir, newest } = copy();
      d.damage(newest);
      const check = checkCheckpointSync(newest);
      assert.ok(!check.ok, `${d.name}: reported intact`);
      assert.equal(check.file, join(newest, d.file), d.name);
      assert.match(check.problem, d.problem, d.name);
      assert.equal(check.field, d.field, d.name);
      // loadCheckpoint throws the same problem, naming the file, and assigns nothing.
      const before = gan.generator.variables.map((v) => Array.from(v.dataSync()));
      assert.throws(
        () => loadCheckpoint(newest, gan),
        (e: unknown) => e instanceof RunFileError && e.file === check.file && e.message === `${check.file}: ${check.problem}`,
        d.name,
      );
      assert.deepEqual(
        gan.generator.variables.map((v) => Array.from(v.dataSync())),
        before,
        `${d.name}: assigned a variable`,
      );
      // The newest intact checkpoint is the one before.
      const search = newestIntactCheckpointSync(dir);
      assert.equal(search.intact?.folder, join(dir, 'step-00000020'), d.name);
      assert.deepEqual(
        search.damaged.map((x) => x.folder),
        [newest],
        d.name,
      );
    }
  }

  it('NaN, +Infinity and −Infinity in different variables (checksum made to match): the variable, the value and its index', () => {
    const { newest } = copy();
    assertDamage(nonFiniteDamages(newest));
  });

  it('NaN written without updating the checksum: a checksum mismatch', () => {
    const { newest } = copy();
    writeValue(newest, 'first', 0, NaN, false);
    const check = checkCheckpointSync(newest);
    assert.ok(!check.ok);
    assert.equal(check.problem, 'checksum mismatch (file changed or truncated)');
  });

  it('weights.bin cut short (0, 1, half, all but one value) or with a flipped byte', () => {
    assertDamage(weightsFileDamages(weightsSize()));
  });

  it('checkpoint.json cut short, not JSON, with a field of the wrong type, or an entry missing', () => {
    assertDamage(manifestDamages(readFileSync(join(intactDir, 'step-00000030', 'checkpoint.json'), 'utf8')));
  });

  it('a checkpoint without weights.bin or checkpoint.json', () => {
    const { newest } = copy();
    cpSync(join(newest, 'checkpoint.json'), join(newest, 'kept.json'));
    for (const [file, problem] of [
      ['weights.bin', /^missing; the checkpoint's weights are in it$/],
      ['checkpoint.json', /^missing; step-00000030 is not a complete checkpoint/],
    ] as const) {
      rmSync(join(newest, file));
      const check = checkCheckpointSync(newest);
      assert.ok(!check.ok);
      assert.equal(check.file, join(newest, file));
      assert.match(check.problem, problem);
    }
  });

  it('a checkpoint of an earlier version (no size or checksum) loads with a note; its size and values are still checked', () => {
    const { newest } = copy();
    asLegacy(newest);
    const check = checkCheckpointSync(newest);
    assert.ok(check.ok);
    assert.match(
      check.notes.join('\n'),
      /written by an earlier version without a checksum \(format gan-workbench-checkpoint\/2\); its size and values were checked/,
    );
    const restored = loadCheckpoint(newest, gan);
    assert.equal(restored.step, 30);
    assert.equal(restored.notes.length, 1);

    const nan = copy().newest;
    asLegacy(nan);
    writeValue(nan, 'middle', 2, NaN);
    const nanCheck = checkCheckpointSync(nan);
    assert.ok(!nanCheck.ok);
    assert.match(nanCheck.problem, /holds NaN at index 2/);

    for (const length of [0, 7, weightsSize() - 4]) {
      const cut = copy().newest;
      asLegacy(cut);
      truncateSync(join(cut, 'weights.bin'), length);
      const cutCheck = checkCheckpointSync(cut);
      assert.ok(!cutCheck.ok);
      assert.equal(
        cutCheck.problem,
        `size mismatch: ${length} bytes, the weights checkpoint.json lists take ${weightsSize()} (file truncated)`,
      );
    }
  });

  it('checkpoint.json problems are listed field by field, each naming what it must be and what was found', () => {
    const manifest = JSON.parse(readFileSync(join(intactDir, 'step-00000030', 'checkpoint.json'), 'utf8')) as Record<string, unknown>;
    assert.deepEqual(checkpointManifestProblems(manifest), []);
    const problems = checkpointManifestProblems({
      ...manifest,
      format: 5,
      step: -1,
      optimizers: { generator: { kind: 3, iterations: 1 } },
    });
    assert.deepEqual(
      problems.map((p) => p.field),
      ['format', 'step', 'optimizers.generator.kind', 'optimizers.discriminator'],
    );
    assert.match(
      problems[0]!.message,
      /^"format" must be one of "gan-workbench-checkpoint\/3", "gan-workbench-checkpoint\/1", "gan-workbench-checkpoint\/2", found 5$/,
    );
    assert.deepEqual(checkpointManifestProblems(null), [
      { message: "must hold a JSON object (the checkpoint's step, optimizers and weights manifest), found null" },
    ]);
    const dup = structuredClone(manifest) as { weightsManifest: { weights: { name: string }[] }[] };
    dup.weightsManifest[0]!.weights[1]!.name = dup.weightsManifest[0]!.weights[0]!.name;
    assert.match(
      checkpointManifestProblems(dup)
        .map((p) => p.message)
        .join('\n'),
      /"weightsManifest\[0\]\.weights\[1\]\.name" is "[^"]+", which an earlier entry names too/,
    );
    assert.ok('problems' in parseCheckpointManifest('{"format": '));
  });

  it('the streams a checkpoint holds are the trainer’s', () => {
    assert.deepEqual([...STREAM_NAMES], Object.keys(new TrainingStreams(new Rng(1)).states()));
  });

  it('resume: the newest intact checkpoint, with a warning per damaged newer one; none intact: an error naming each file', () => {
    const runDir = tempDir();
    const dir = join(runDir, 'checkpoints');
    cpSync(intactDir, dir, { recursive: true });
    writeValue(join(dir, 'step-00000030'), 'last', 0, Infinity);
    editManifest(join(dir, 'step-00000020'), (m) => ({ ...m, step: 'twenty' }));
    const chosen = resumeCheckpoint(runDir);
    assert.ok(!('error' in chosen));
    assert.equal(chosen.checkpoint, join(dir, 'step-00000010'));
    assert.equal(chosen.warnings.length, 2);
    assert.match(
      chosen.warnings[0]!,
      new RegExp(
        `^resuming from step-00000010, the newest intact checkpoint: ${join(dir, 'step-00000030', 'weights.bin')}: variable .+ holds \\+Infinity`,
      ),
    );
    assert.match(
      chosen.warnings[1]!,
      /step-00000020\/checkpoint\.json: "step" must be a non-negative integer, found "twenty"; it is kept as step-00000020\.damaged/,
    );
    assert.deepEqual(setAsideCheckpointsAfter(dir, 10), ['step-00000020.damaged', 'step-00000030.damaged']);
    assert.equal(newestIntactCheckpointSync(dir).intact?.folder, join(dir, 'step-00000010'));

    truncateSync(join(dir, 'step-00000010', 'weights.bin'), 0);
    const none = resumeCheckpoint(runDir);
    assert.ok('error' in none);
    assert.equal(
      none.error,
      `${runDir}: no intact checkpoint to resume from; its only checkpoint is damaged (restore the files or train the run again):\n` +
        `  ${join(dir, 'step-00000010', 'weights.bin')}: size mismatch: 0 bytes, checkpoint.json records ${weightsSize()} (file truncated)`,
    );
  });

  it('an intact checkpoint loads, and every variable it assigned is finite', () => {
    const check = checkCheckpointSync(join(intactDir, 'step-00000030'));
    assert.ok(check.ok);
    const restored = loadCheckpoint(join(intactDir, 'step-00000030'), gan);
    assert.equal(restored.step, 30);
    for (const v of gan.generator.variables) assert.ok(tf.tidy(() => tf.all(tf.isFinite(v)).dataSync()[0] === 1));
  });
});
