/**
 * Fault: the data set's files change or disappear mid-run, inflicted on the real trainer (the
 * built bundle, forked as the extension forks it). An image folder is read lazily (each image
 * when a batch first draws it): a file gone or damaged before then stops the run cleanly with an
 * error naming it. A CSV file is read once at the start: changing or deleting it later is harmless,
 * and the run matches an undisturbed one.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MetricRecord } from '../../src/shared/runFormat';
import type { TrainerToHost } from '../../src/shared/protocol';
import { ringExperiment, tempDir, writeExperimentFile, type Json } from '../helpers/experiments';
import { pngBytes } from '../helpers/imageBytes';
import {
  checkpointFolder,
  checkpointSteps,
  checkpointWeights,
  leftoverTempFiles,
  readRunMeta,
  runFileProblems,
} from '../helpers/runDirectoryChecks';
import { startTrainer, type TrainerProcess } from '../helpers/trainerProcess';

const runDirOf = (messages: TrainerToHost[]) => {
  const started = messages.find((m) => m.type === 'started');
  assert.ok(started?.type === 'started', 'the run started');
  return started.payload.runDir;
};

/** Many more images than the first steps draw (about 300), so most are still unread after them. */
const IMAGE_COUNT = 2000;

/** `images/0000.png` … : 28×28 grayscale, a white square at a varying place on black. */
function writeImageFolder(dir: string): string[] {
  const folder = join(dir, 'images');
  mkdirSync(folder);
  const names: string[] = [];
  for (let i = 0; i < IMAGE_COUNT; i++) {
    const x0 = i % 20;
    const y0 = Math.floor(i / 20) % 20;
    const samples = Array.from({ length: 28 * 28 }, (_, p) => {
      const x = p % 28;
      const y = Math.floor(p / 28);
      return x >= x0 && x < x0 + 8 && y >= y0 && y < y0 + 8 ? 255 : 0;
    });
    const name = `${String(i).padStart(4, '0')}.png`;
    writeFileSync(join(folder, name), pngBytes({ width: 28, height: 28, colorType: 0, depth: 8, samples }));
    names.push(name);
  }
  return names;
}

const imageExperiment = (): Json =>
  ringExperiment({
    data: { kind: 'imageFolder', path: 'images', size: 28, grayscale: true },
    latent: { dim: 8 },
    schedule: { steps: 1_000_000, batchSize: 8 },
    logging: { metricsEvery: 5, histogramsEvery: 1e6, samplesEvery: 1e6, checkpointEvery: 5, sampleCount: 16, gridResolution: 4 },
  });

/** Pauses the trainer after its first checkpoint, does `disturb`, resumes; gives the step it paused after. */
async function disturbWhilePaused(trainer: TrainerProcess, disturb: () => void): Promise<number> {
  await trainer.waitFor((m) => m.type === 'checkpoint');
  trainer.send({ type: 'pause', payload: {} });
  const paused = await trainer.waitFor((m) => m.type === 'paused' && m.payload.paused);
  disturb();
  trainer.send({ type: 'resume', payload: {} });
  return paused.type === 'paused' ? paused.payload.step : -1;
}

describe('fault: an image folder changes or disappears mid-run', function () {
  this.timeout(180_000);

  const cases: { what: string; disturb: (folder: string, names: string[]) => void; error: RegExp }[] = [
    {
      what: 'deleted',
      disturb: (folder) => rmSync(folder, { recursive: true }),
      error:
        /^images\/\d{4}\.png: cannot read the file \(ENOENT[^)]*\) — it was there when training started; check that it still exists and is readable$/,
    },
    {
      what: 'cut short',
      disturb: (folder, names) => names.forEach((name) => truncateSync(join(folder, name), 40)),
      error: /^images\/\d{4}\.png: (?!cannot read the file).+$/,
    },
  ];

  for (const { what, disturb, error } of cases)
    it(`its files ${what} before they are read: the run fails at once naming the file; run.json says so; checkpoints and files intact`, async () => {
      const dir = tempDir();
      const names = writeImageFolder(dir);
      const trainer = startTrainer([writeExperimentFile(imageExperiment(), dir), '--out', join(dir, 'runs')]);
      const pausedAfter = await disturbWhilePaused(trainer, () => disturb(join(dir, 'images'), names));
      const failed = await trainer.waitFor((m) => m.type === 'failed');
      assert.equal((await trainer.exited).code, 1, trainer.stderr());
      assert.ok(failed.type === 'failed');
      assert.equal(failed.payload.status, 'failed');
      assert.match(failed.payload.error, error);

      const runDir = runDirOf(trainer.messages);
      const meta = readRunMeta(runDir);
      assert.equal(meta.status, 'failed');
      assert.equal(meta.error, failed.payload.error);
      assert.ok(meta.lastStep <= pausedAfter + 1, `went on to step ${meta.lastStep} after pausing at ${pausedAfter}`);
      assert.ok(checkpointSteps(runDir).length > 0);
      for (const step of checkpointSteps(runDir)) checkpointWeights(checkpointFolder(runDir, step));
      assert.deepEqual(runFileProblems(runDir, { tornLastLine: false }), []);
      assert.deepEqual(leftoverTempFiles(runDir), []);
    });
});

describe('fault: a CSV data file changes or disappears mid-run', function () {
  this.timeout(180_000);

  const STEPS = 60;
  const rows = (scale: number) =>
    `x,y\n${Array.from({ length: 200 }, (_, i) => `${(scale * Math.cos(i)).toFixed(4)},${(scale * Math.sin(i)).toFixed(4)}`).join('\n')}\n`;

  /** Trains the CSV experiment to the end (disturbing the file while paused, if asked); gives its metrics without the timings. */
  async function trainCsv(
    disturb?: (csv: string) => void,
  ): Promise<Omit<MetricRecord, 'time' | 'elapsed' | 'stepsPerSecond' | 'memory'>[]> {
    const dir = tempDir();
    const csv = join(dir, 'points.csv');
    writeFileSync(csv, rows(2));
    const experiment = ringExperiment({
      data: { kind: 'csv', path: 'points.csv' },
      schedule: { steps: STEPS, batchSize: 16 },
      logging: { metricsEvery: 5, histogramsEvery: 10, samplesEvery: 20, checkpointEvery: 10, sampleCount: 16, gridResolution: 4 },
    });
    const trainer = startTrainer([writeExperimentFile(experiment, dir), '--out', join(dir, 'runs')]);
    if (disturb) await disturbWhilePaused(trainer, () => disturb(csv));
    const finished = await trainer.waitFor((m) => m.type === 'finished' || m.type === 'failed');
    assert.equal((await trainer.exited).code, 0, trainer.stderr());
    assert.ok(finished.type === 'finished' && finished.payload.status === 'completed', JSON.stringify(finished.payload).slice(0, 300));
    const runDir = runDirOf(trainer.messages);
    assert.equal(readRunMeta(runDir).lastStep, STEPS);
    assert.deepEqual(readdirSync(join(runDir, 'checkpoints')).sort().at(-1), `step-${String(STEPS).padStart(8, '0')}`);
    return trainer.messages
      .filter((m) => m.type === 'metrics')
      .map((m) => {
        const { time: _time, elapsed: _elapsed, stepsPerSecond: _rate, memory: _memory, ...rest } = m.payload as MetricRecord;
        return rest;
      });
  }

  it('changed or deleted after the start: the run completes exactly as an undisturbed one (the file was read once)', async () => {
    const undisturbed = await trainCsv();
    assert.equal(undisturbed.length, STEPS / 5);
    const changed = await trainCsv((csv) => writeFileSync(csv, rows(100)));
    assert.deepEqual(changed, undisturbed);
    const deleted = await trainCsv((csv) => rmSync(csv));
    assert.deepEqual(deleted, undisturbed);
  });
});
