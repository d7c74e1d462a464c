/**
 * The one reader of the run directory (src/shared/runDirectory/), in-process: run.json damaged in
 * every way (a field of the wrong type, a missing field, not JSON, not an object, cut short) gives
 * one problem per field naming the field, what it must be and what was found, to the host (as
 * warnings) and to the trainer's resume (an error naming the file). Before the reader, resume took
 * run.json with a cast: wrong types went through into the resumed run, and `null` was a TypeError.
 */
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkpointFoldersSync, latestCheckpoint, latestCheckpointSync } from '../../src/shared/runDirectory/checkpoints';
import { isRunDirectory, requireRunDirectorySync } from '../../src/shared/runDirectory/isRunDirectory';
import { parseRunMeta, readRunMeta, readRunMetaSync, readRunMetaWarning } from '../../src/shared/runDirectory/readRunMeta';
import { RunFileError } from '../../src/shared/runDirectory/runFileError';
import { readRunExperimentSync } from '../../src/shared/runDirectory/runExperiment';
import { validateExperiment } from '../../src/shared/experiment/validate';
import type { RunMeta } from '../../src/shared/runFormat';
import { resumePoint, ResumeError } from '../../src/training/run/resume';
import { writeSmallCheckpoint } from '../helpers/checkpointDamage';
import { ringExperiment, tempDir } from '../helpers/experiments';

const META: RunMeta = {
  formatVersion: 1,
  runId: '20260102-030405-abcd',
  experimentName: 'ring',
  experimentFile: '/work/ring.gan.json',
  status: 'stopped',
  backend: { name: 'wasm', requested: 'auto', reason: 'first that started', skipped: [{ name: 'tensorflow', reason: 'no GPU' }] },
  versions: { ganWorkbench: '0.1.0', tfjs: '4.22.0', node: '20.0.0' },
  startedAt: '2026-01-02T03:04:05.000Z',
  endedAt: '2026-01-02T03:14:05.000Z',
  lastStep: 20,
  totalSteps: 100,
  error: null,
  pid: 1234,
  data: { dim: 2 },
};

const TEXT = JSON.stringify(META, null, 2);
const withFields = (fields: Record<string, unknown>) => JSON.stringify({ ...META, ...fields });

/** Damaged run.json texts by class, each with the one problem the reader must report. */
const DAMAGED: Record<string, [text: string, problem: string, field?: string][]> = {
  'a field of the wrong type': [
    [withFields({ lastStep: 'abc' }), '"lastStep" must be a non-negative integer, found "abc"', 'lastStep'],
    [withFields({ lastStep: -1 }), '"lastStep" must be a non-negative integer, found -1', 'lastStep'],
    [withFields({ experimentFile: 5 }), '"experimentFile" must be a string, found 5', 'experimentFile'],
    [
      withFields({ status: 'sleeping' }),
      '"status" must be one of "running", "completed", "stopped", "failed", "diverged", found "sleeping"',
      'status',
    ],
    [withFields({ backend: 'wasm' }), '"backend" must be null or an object, found "wasm"', 'backend'],
    [
      withFields({ backend: { ...META.backend, name: 'gpu' } }),
      '"backend.name" must be one of "tensorflow", "webgpu", "wasm", "cpu", found "gpu"',
      'backend.name',
    ],
    [withFields({ startedAt: 5 }), '"startedAt" must be a date and time (ISO 8601, e.g. "2026-01-02T03:04:05.000Z"), found 5', 'startedAt'],
    [withFields({ data: { dim: 'two' } }), '"data.dim" must be a positive integer, found "two"', 'data.dim'],
    [withFields({ data: 'ring' }), '"data" must be an object, found "ring"', 'data'],
    [
      withFields({ data: { dim: 784, image: { height: 28, width: 28, channels: 2 } } }),
      '"data.image.channels" must be 1 or 3, found 2',
      'data.image.channels',
    ],
    [
      withFields({ data: { dim: 100, image: { height: 28, width: 28, channels: 1 } } }),
      '"data.dim" must be height × width × channels of "data.image" (784), found 100',
      'data.dim',
    ],
    [withFields({ versions: { ...META.versions, node: 20 } }), '"versions.node" must be a string, found 20', 'versions.node'],
    [withFields({ pid: '123' }), '"pid" must be an integer, found "123"', 'pid'],
  ],
  'a missing field': [
    [withFields({ runId: undefined }), '"runId" is missing; it must be a string', 'runId'],
    [withFields({ lastStep: undefined }), '"lastStep" is missing; it must be a non-negative integer', 'lastStep'],
    [
      withFields({ endedAt: undefined }),
      '"endedAt" is missing; it must be null or a date and time (ISO 8601, e.g. "2026-01-02T03:04:05.000Z")',
      'endedAt',
    ],
    [withFields({ data: {} }), '"data.dim" is missing; it must be a positive integer', 'data.dim'],
  ],
  'not JSON': [
    ['hello', 'not valid JSON'],
    ['', 'not valid JSON'],
    ['{"runId": }', 'not valid JSON'],
  ],
  'not an object': [
    ['[1, 2]', "must hold a JSON object (the run's status, steps, backend and data shape), found an array of 2"],
    ['null', "must hold a JSON object (the run's status, steps, backend and data shape), found null"],
    ['"run"', 'must hold a JSON object (the run\'s status, steps, backend and data shape), found "run"'],
  ],
  'cut short': [
    [TEXT.slice(0, 1), 'not valid JSON'],
    [TEXT.slice(0, TEXT.length / 2), 'not valid JSON'],
    [TEXT.slice(0, -1), 'not valid JSON'],
  ],
};

const NOT_JSON_FIX =
  /^not valid JSON \(.+\); the trainer writes run\.json whole, so it was cut short or edited: fix the text or restore the file$/;

/** A run directory that resume accepts: experiment.json, run.json and one complete checkpoint. */
function runDirectory(metaText: string): string {
  const dir = join(tempDir('gan-reader-'), 'ring', META.runId);
  mkdirSync(join(dir, 'checkpoints', 'step-00000020'), { recursive: true });
  const resolved = validateExperiment(JSON.stringify(ringExperiment()));
  assert.ok(resolved.ok);
  writeFileSync(join(dir, 'experiment.json'), JSON.stringify(resolved.config));
  writeSmallCheckpoint(join(dir, 'checkpoints', 'step-00000020'), 20);
  writeFileSync(join(dir, 'run.json'), metaText);
  return dir;
}

describe('run directory reader: run.json', () => {
  it('reads an intact run.json, with fields the format does not define and without the optional data shape', () => {
    assert.deepEqual(parseRunMeta(TEXT), { meta: META });
    const newer = { ...META, formatVersion: 2, addedLater: { x: 1 } };
    assert.deepEqual(parseRunMeta(JSON.stringify(newer)), { meta: newer });
    const { data: _data, ...older } = META;
    assert.deepEqual(parseRunMeta(JSON.stringify(older)), { meta: older });
    const queued = {
      ...META,
      backend: null,
      endedAt: null,
      error: 'x',
      data: { dim: 784, image: { height: 28, width: 28, channels: 1 }, classes: { names: ['0', '1'] } },
    };
    assert.deepEqual(parseRunMeta(JSON.stringify(queued)), { meta: queued });
  });

  it('names every problem, not only the first', () => {
    const parsed = parseRunMeta(withFields({ pid: '123', status: 'sleeping', lastStep: undefined }));
    assert.ok('problems' in parsed);
    assert.deepEqual(
      parsed.problems.map((p) => p.field),
      ['status', 'lastStep', 'pid'],
    );
  });

  for (const [damage, cases] of Object.entries(DAMAGED)) {
    it(`${damage}: one problem naming the field and what it must be, for the host and for the trainer`, async () => {
      for (const [text, problem, field] of cases) {
        const parsed = parseRunMeta(text);
        assert.ok('problems' in parsed, `accepted: ${text}`);
        assert.equal(parsed.problems.length, 1, JSON.stringify(parsed.problems));
        const [only] = parsed.problems;
        if (problem === 'not valid JSON') assert.match(only!.message, NOT_JSON_FIX);
        else assert.equal(only!.message, problem);
        assert.equal(only!.field, field);

        const dir = runDirectory(text);
        const file = join(dir, 'run.json');
        const read = await readRunMeta(dir);
        assert.deepEqual(read, { ok: false, missing: false, problems: parsed.problems });
        const warnings: string[] = [];
        assert.equal(await readRunMetaWarning(dir, warnings), null);
        assert.deepEqual(warnings, [`run.json: ${only!.message}`]);
        assert.throws(
          () => readRunMetaSync(dir),
          (e: unknown) => e instanceof RunFileError && e.file === file && e.field === field && e.message === `${file}: ${only!.message}`,
        );
        // The trainer's resume: a ResumeError with the same message (before: a cast, so wrong types
        // went into the resumed run's run.json, and `null` was a TypeError).
        assert.throws(
          () => resumePoint(dir),
          (e: unknown) => e instanceof ResumeError && e.message === `${file}: ${only!.message}`,
        );
      }
    });
  }

  it('a missing run.json is one problem, and resume says so', async () => {
    const dir = runDirectory(TEXT);
    writeFileSync(join(dir, 'metrics.jsonl'), '');
    rmSync(join(dir, 'run.json'));
    assert.deepEqual(await readRunMeta(dir), {
      ok: false,
      missing: true,
      problems: [{ message: 'missing; the trainer writes it when a run starts' }],
    });
    assert.throws(() => resumePoint(dir), new ResumeError(`${join(dir, 'run.json')}: missing; the trainer writes it when a run starts`));
  });

  it('resume reads an intact run directory', () => {
    const dir = runDirectory(TEXT);
    const point = resumePoint(dir);
    assert.deepEqual(point.previous, META);
    assert.equal(point.checkpoint, join(dir, 'checkpoints', 'step-00000020'));
    assert.equal(point.config.name, 'test-ring');
  });
});

describe('run directory reader: the folder, experiment.json and checkpoints', () => {
  it('a run directory holds run.json, metrics.jsonl or experiment.json (one definition for every reader)', async () => {
    const root = tempDir('gan-reader-');
    for (const name of ['run.json', 'metrics.jsonl', 'experiment.json']) {
      mkdirSync(join(root, name.split('.')[0]!));
      writeFileSync(join(root, name.split('.')[0]!, name), '');
      assert.equal(await isRunDirectory(join(root, name.split('.')[0]!)), true, name);
      requireRunDirectorySync(join(root, name.split('.')[0]!));
    }
    mkdirSync(join(root, 'empty'));
    assert.equal(await isRunDirectory(join(root, 'empty')), false);
    assert.equal(await isRunDirectory(join(root, 'nowhere')), false);
    assert.throws(
      () => requireRunDirectorySync(join(root, 'empty')),
      new RunFileError(join(root, 'empty'), [
        { message: 'not a run directory (it holds none of run.json, metrics.jsonl, experiment.json)' },
      ]),
    );
    assert.throws(() => requireRunDirectorySync(join(root, 'nowhere')), /nowhere: no such run directory$/);
    assert.throws(() => requireRunDirectorySync(join(root, 'run', 'run.json')), /run\.json: no such run directory \(it is a file\)$/);
  });

  it('experiment.json problems name the file, line and field', () => {
    const dir = runDirectory(TEXT);
    writeFileSync(join(dir, 'experiment.json'), JSON.stringify({ ...ringExperiment(), name: 5 }, null, 2));
    const file = join(dir, 'experiment.json');
    assert.throws(
      () => readRunExperimentSync(dir),
      (e: unknown) => e instanceof RunFileError && e.file === file && e.field === 'name' && e.message.startsWith(`${file}:2:11: name: `),
    );
  });

  it('lists complete checkpoints only, newest last, the same synchronously and not', async () => {
    const dir = join(tempDir('gan-reader-'), 'checkpoints');
    for (const name of ['step-00000010', 'step-00000030', 'step-00000020', '.step-00000040.123.tmp', 'notes']) {
      mkdirSync(join(dir, name), { recursive: true });
      if (name !== 'step-00000030') writeFileSync(join(dir, name, 'checkpoint.json'), '{}');
    }
    assert.deepEqual(checkpointFoldersSync(dir), ['step-00000010', 'step-00000020']);
    assert.equal(latestCheckpointSync(dir), join(dir, 'step-00000020'));
    assert.equal(await latestCheckpoint(dir), join(dir, 'step-00000020'));
    assert.equal(latestCheckpointSync(join(dir, 'missing')), undefined);
    assert.equal(await latestCheckpoint(join(dir, 'missing')), undefined);
  });
});
