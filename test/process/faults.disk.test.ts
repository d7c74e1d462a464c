/**
 * Faults of the disk, inflicted on the real trainer (the built bundle, forked as the extension
 * forks it): the disk fills up (a tiny tmpfs), the run directory or the runs folder is read-only.
 * Either way the run fails with an error naming the path, and leaves no half-written file.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { readRunSummary } from '../../src/extension/trainingRuns/runReader';
import type { TrainerToHost } from '../../src/shared/protocol';
import { ringExperiment, tempDir, writeExperimentFile } from '../helpers/experiments';
import {
  checkpointFolder,
  checkpointSteps,
  checkpointWeights,
  entriesUnder,
  leftoverTempFiles,
  runFileProblems,
} from '../helpers/runDirectoryChecks';
import { startTrainer } from '../helpers/trainerProcess';

const longRing = (logging: Record<string, number>) =>
  ringExperiment({
    schedule: { steps: 1_000_000, batchSize: 16 },
    logging: {
      metricsEvery: 5,
      histogramsEvery: 10,
      samplesEvery: 20,
      checkpointEvery: 20,
      sampleCount: 16,
      gridResolution: 4,
      ...logging,
    },
  });

const runDirOf = (messages: TrainerToHost[]) => {
  const started = messages.find((m) => m.type === 'started');
  assert.ok(started?.type === 'started', 'the run started');
  return started.payload.runDir;
};

/** Root is not bound by file permissions: as root the trainer runs as `nobody`. */
const boundByPermissions = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};

/** `chmod -R a-w` (or back to u+w with `writable`). */
function setWritable(dir: string, writable: boolean): void {
  for (const path of [dir, ...entriesUnder(dir).map((p) => join(dir, p))]) {
    const mode = statSync(path).mode & 0o7777;
    chmodSync(path, writable ? mode | 0o200 : mode & ~0o222);
  }
}

/** Runs what every disk fault leaves behind through the checks: each file whole, no temp file. */
async function assertNothingHalfWritten(dir: string): Promise<void> {
  assert.deepEqual(runFileProblems(dir, { tornLastLine: false }), []);
  assert.deepEqual(leftoverTempFiles(dir), []);
  for (const step of checkpointSteps(dir)) checkpointWeights(checkpointFolder(dir, step));
  const summary = await readRunSummary(dir);
  assert.ok(summary.meta, `run.json: ${summary.warnings.join('; ')}`);
  // run.json could not be rewritten: it still says running, and its trainer is gone.
  assert.ok(['failed', 'interrupted'].includes(summary.effectiveStatus), summary.effectiveStatus);
}

/** What fills the disk, and the file whose write must fail cleanly. */
const FILLERS: { what: string; logging: Record<string, number>; file: RegExp }[] = [
  {
    what: 'the metrics log',
    logging: { metricsEvery: 1, histogramsEvery: 1e6, samplesEvery: 1e6, checkpointEvery: 0 },
    file: /metrics\.jsonl/,
  },
  {
    what: 'samples files',
    logging: { metricsEvery: 1000, histogramsEvery: 1e6, samplesEvery: 1, sampleCount: 256, checkpointEvery: 0 },
    file: /samples\/[^ ]*\.json/,
  },
  {
    what: 'checkpoints',
    logging: { metricsEvery: 1000, histogramsEvery: 1e6, samplesEvery: 1e6, checkpointEvery: 1, keepCheckpoints: 1000 },
    file: /checkpoints\//,
  },
];

describe('fault: the disk fills up (a tiny tmpfs)', function () {
  this.timeout(180_000);
  let mountPoint = '';

  beforeEach(function () {
    mountPoint = tempDir('gan-disk-full-');
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=128k', 'tmpfs', mountPoint], { stdio: 'pipe' });
    } catch (e) {
      mountPoint = '';
      // The suite runs as root (CI too); a machine where it cannot mount cannot inflict this fault, and says so by failing.
      throw new Error(`cannot mount a 128 KB tmpfs to fill (run the tests as root): ${(e as Error).message.split('\n')[0]}`);
    }
  });

  afterEach(() => {
    if (mountPoint) execFileSync('umount', [mountPoint]);
  });

  for (const { what, logging, file } of FILLERS)
    it(`filled by ${what}: the run fails with an error naming the file and "no space left"; nothing half-written, no temp file left`, async () => {
      const trainer = startTrainer([writeExperimentFile(longRing(logging)), '--out', mountPoint]);
      const failed = await trainer.waitFor((m) => m.type === 'failed');
      assert.equal((await trainer.exited).code, 1, trainer.stderr());
      assert.ok(failed.type === 'failed');
      const dir = runDirOf(trainer.messages);
      assert.equal(failed.payload.status, 'failed');
      assert.match(failed.payload.error, /no space left on device/i);
      assert.ok(failed.payload.error.includes(dir), `names the path: ${failed.payload.error}`);
      assert.match(failed.payload.error, file);
      await assertNothingHalfWritten(dir);
    });
});

describe('fault: a read-only run directory', function () {
  this.timeout(180_000);

  it('made read-only mid-run: the run fails naming the path; nothing half-written, the checkpoints intact', async () => {
    const root = tempDir();
    chmodSync(root, 0o755);
    const out = join(root, 'runs');
    mkdirSync(out, { mode: 0o777 });
    chmodSync(out, 0o777);
    const trainer = startTrainer([writeExperimentFile(longRing({}), root), '--out', out], boundByPermissions);
    await trainer.waitFor((m) => m.type === 'checkpoint' && m.payload.step >= 20);
    const dir = runDirOf(trainer.messages);
    setWritable(dir, false);
    try {
      const failed = await trainer.waitFor((m) => m.type === 'failed');
      assert.equal((await trainer.exited).code, 1, trainer.stderr());
      assert.ok(failed.type === 'failed');
      assert.equal(failed.payload.status, 'failed');
      assert.match(failed.payload.error, /permission denied|read-only/i);
      assert.ok(failed.payload.error.includes(dir), `names the path: ${failed.payload.error}`);
      assert.ok(checkpointSteps(dir).length > 0, 'the checkpoints written before are kept');
      await assertNothingHalfWritten(dir);
    } finally {
      setWritable(dir, true);
    }
  });

  it('a runs folder read-only from the start: the run fails before training, naming the folder', async () => {
    const root = tempDir();
    chmodSync(root, 0o755);
    const out = join(root, 'runs');
    mkdirSync(out);
    chmodSync(out, 0o555);
    const trainer = startTrainer([writeExperimentFile(longRing({}), root), '--out', out], boundByPermissions);
    const failed = await trainer.waitFor((m) => m.type === 'failed');
    assert.equal((await trainer.exited).code, 1, trainer.stderr());
    assert.ok(failed.type === 'failed');
    assert.match(failed.payload.error, /permission denied/i);
    assert.ok(failed.payload.error.includes(out), `names the folder: ${failed.payload.error}`);
    assert.equal(failed.payload.meta, null);
    assert.ok(!trainer.messages.some((m) => m.type === 'started'));
    assert.deepEqual(entriesUnder(out), [], 'nothing written');
  });
});
