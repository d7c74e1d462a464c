/**
 * Faults of the processes, inflicted on the real trainer (the built bundle, forked as the
 * extension forks it): the trainer killed with SIGKILL mid-run, and the host going away.
 */
import assert from 'node:assert/strict';
import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readRunSummary } from '../../src/extension/trainingRuns/runReader';
import type { TrainerToHost } from '../../src/shared/protocol';
import { runCli } from '../helpers/cli';
import { ringExperiment, tempDir, writeExperimentFile } from '../helpers/experiments';
import {
  checkpointFolder,
  checkpointSteps,
  checkpointWeights,
  everyStep,
  leftoverTempFiles,
  metricSteps,
  readRunMeta,
  runFileProblems,
  until,
} from '../helpers/runDirectoryChecks';
import { isRunning, processesMentioning, startStandInHost } from '../helpers/standInHost';
import { startTrainer } from '../helpers/trainerProcess';

const longRing = (logging: Record<string, number>) =>
  ringExperiment({
    schedule: { steps: 1_000_000, batchSize: 16 },
    logging: { histogramsEvery: 10, samplesEvery: 20, checkpointEvery: 20, sampleCount: 16, gridResolution: 4, ...logging },
  });

const startedOf = (messages: TrainerToHost[]) => {
  const started = messages.find((m) => m.type === 'started');
  assert.ok(started?.type === 'started', 'the run started');
  return started.payload;
};

/** Resumes `dir` with gan-train to `steps`; checks it completes with each metrics step once, in order, and every file whole. */
async function resumeToCompletion(dir: string, steps: number, fromCheckpoint: number, metricsEvery: number): Promise<void> {
  const resumed = await runCli(['--resume', dir, '--steps', String(steps), '--quiet']).done;
  assert.equal(resumed.code, 0, resumed.stderr);
  const meta = readRunMeta(dir);
  assert.equal(meta.status, 'completed');
  assert.equal(meta.lastStep, steps);
  assert.deepEqual(metricSteps(dir), everyStep(metricsEvery, steps, metricsEvery), 'each metrics step once, in order, none missing');
  assert.match(readFileSync(join(dir, 'events.jsonl'), 'utf8'), new RegExp(`resumed from the checkpoint at step ${fromCheckpoint}\\b`));
  assert.deepEqual(runFileProblems(dir, { tornLastLine: false }), []);
}

describe('fault: the trainer is killed (SIGKILL) mid-run', function () {
  this.timeout(180_000);

  it('every file still parses, the run reads as interrupted, and resume continues from the last checkpoint', async () => {
    const trainer = startTrainer([writeExperimentFile(longRing({ metricsEvery: 5 })), '--out', tempDir()]);
    const checkpoint = await trainer.waitFor((m) => m.type === 'checkpoint' && m.payload.step >= 40);
    const checkpointStep = checkpoint.type === 'checkpoint' ? checkpoint.payload.step : -1;
    await trainer.waitFor((m) => m.type === 'metrics' && m.payload.step >= checkpointStep + 10);
    trainer.child.kill('SIGKILL');
    assert.equal((await trainer.exited).signal, 'SIGKILL');
    const { runDir: dir, meta: started } = startedOf(trainer.messages);

    assert.deepEqual(runFileProblems(dir, { tornLastLine: true }), []);
    const summary = await readRunSummary(dir);
    assert.equal(summary.meta?.status, 'running', 'nobody could mark it');
    assert.equal(summary.effectiveStatus, 'interrupted');
    assert.match(summary.warnings.join('\n'), new RegExp(`its trainer \\(pid ${started.pid}\\) is gone`));
    assert.ok((summary.lastMetrics?.step ?? 0) >= checkpointStep + 10, `last metrics: ${summary.lastMetrics?.step}`);

    // A record cut short at the end of a log, as a kill during a longer write or a full disk leaves it.
    for (const name of ['metrics.jsonl', 'events.jsonl']) appendFileSync(join(dir, name), '{"step":99999,"time":17');
    const latest = checkpointSteps(dir).at(-1)!;
    assert.ok(latest >= checkpointStep, `checkpoints: ${checkpointSteps(dir).join(', ')}`);
    await resumeToCompletion(dir, latest + 30, latest, 5);
  });
});

describe('fault: the extension host goes away (lost IPC)', function () {
  this.timeout(180_000);

  it('the trainer checkpoints, marks the run stopped and exits, leaving no process; the run then resumes', async () => {
    // A message every step: the host dies while the trainer is sending, as it does on a busy run.
    const file = writeExperimentFile(longRing({ metricsEvery: 1, histogramsEvery: 1, samplesEvery: 2 }));
    const host = startStandInHost([file, '--out', tempDir()]);
    await host.waitFor((m) => m.type === 'metrics' && m.payload.step >= 25);
    const { runDir: dir, meta: started } = startedOf(host.messages);
    host.child.kill('SIGKILL'); // a crash: no stop message, no disconnect; the channel just closes

    await until(() => !isRunning(started.pid), 60_000, `the trainer (pid ${started.pid}) to exit`);
    assert.deepEqual(processesMentioning(file), [], 'no process of the run is left');
    const meta = readRunMeta(dir);
    assert.equal(meta.status, 'stopped', meta.error ?? '');
    assert.ok(meta.lastStep >= 25, `last step ${meta.lastStep}`);
    assert.ok(meta.endedAt);
    assert.equal(checkpointSteps(dir).at(-1), meta.lastStep, 'a checkpoint of the last step');
    assert.ok(checkpointWeights(checkpointFolder(dir, meta.lastStep)).every((w) => Number.isFinite(w)));
    assert.deepEqual(runFileProblems(dir, { tornLastLine: false }), []);
    assert.deepEqual(leftoverTempFiles(dir), []);

    // After a reload the run shows as stopped, without warnings, and resumes.
    const summary = await readRunSummary(dir);
    assert.equal(summary.effectiveStatus, 'stopped');
    assert.deepEqual(summary.warnings, []);
    await resumeToCompletion(dir, meta.lastStep + 20, meta.lastStep, 1);
  });
});
