/**
 * Training time (issue 20): summed over a run's sessions, without the time between them or its
 * pauses. After a resume gan-train's summary said "9000/9000 steps in 36:46" for about 14 minutes
 * of training: it took run.json's end minus its start, and a resumed run keeps its first start.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunView, TrainerToHost } from '../../src/shared/protocol';
import { runMetaProblems } from '../../src/shared/runDirectory/runMetaCheck';
import type { MetricRecord, RunMeta } from '../../src/shared/runFormat';
import { selectBackend } from '../../src/training/backend';
import { ProgressDisplay } from '../../src/training/cli/progress';
import { resumePoint } from '../../src/training/run/resume';
import { Trainer } from '../../src/training/trainer';
import { ringExperiment } from '../helpers/experiments';
import { metric, runMeta } from '../helpers/feedFixture';
import { prepareRun } from '../helpers/runTrainer';
import { appendRecords, emptyColumns } from '../../webview/src/logic/metricColumns';
import { computeProgress } from '../../webview/src/logic/progress';

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** gan-train's summary line for a run that ended with `meta` after `last` metrics. */
function summaryLine(meta: RunMeta, last?: MetricRecord): string {
  const out = { isTTY: false, write: () => true } as unknown as NodeJS.WriteStream;
  const display = new ProgressDisplay(out, true);
  display.handle({ type: 'started', payload: { runDir: '/runs/r', meta, config: ringExperiment() as never } });
  if (last) display.handle({ type: 'metrics', payload: last });
  display.handle({ type: 'finished', payload: { status: 'completed', meta } });
  return display.summary().split('\n')[0]!;
}

describe('training time', function () {
  this.timeout(120_000);

  it("gan-train's summary gives the training time, not the time from the first start to the end", () => {
    const ended = (trainingSeconds: number | undefined, start: string, end: string): RunMeta => ({
      ...runMeta('completed', 9000),
      totalSteps: 9000,
      startedAt: start,
      endedAt: end,
      ...(trainingSeconds !== undefined && { trainingSeconds }),
    });
    // 14 minutes of training over a day, 36:46, a second.
    assert.equal(
      summaryLine(ended(840.4, '2026-01-02T03:00:00.000Z', '2026-01-03T03:00:00.000Z')),
      'completed: 9000/9000 steps in 14:00 on no backend',
    );
    assert.equal(
      summaryLine(ended(840, '2026-01-02T03:00:00.000Z', '2026-01-02T03:36:46.000Z')),
      'completed: 9000/9000 steps in 14:00 on no backend',
    );
    assert.equal(
      summaryLine(ended(0.4, '2026-01-02T03:00:00.000Z', '2026-01-02T05:00:00.000Z')),
      'completed: 9000/9000 steps in 00:00 on no backend',
    );
    // A run recorded before training time was kept: its last record's, else end − start.
    const older = ended(undefined, '2026-01-02T03:00:00.000Z', '2026-01-02T03:36:46.000Z');
    assert.equal(summaryLine(older, { ...metric(9000), elapsed: 125 }), 'completed: 9000/9000 steps in 02:05 on no backend');
    assert.equal(summaryLine(older), 'completed: 9000/9000 steps in 36:46 on no backend');
  });

  it('run.json checks trainingSeconds when it is there', () => {
    const meta = runMeta('completed');
    assert.deepEqual(runMetaProblems({ ...meta, trainingSeconds: 12.5 }), []);
    assert.deepEqual(runMetaProblems(meta), []);
    for (const bad of ['12', -1, null])
      assert.deepEqual(
        runMetaProblems({ ...meta, trainingSeconds: bad }).map((p) => p.field),
        ['trainingSeconds'],
        String(bad),
      );
  });

  it('a resumed run counts neither the time between its sessions nor its pauses; elapsed goes on from the checkpoint', async () => {
    await selectBackend('wasm');
    const config = ringExperiment({
      schedule: { steps: 40, batchSize: 16 },
      logging: { metricsEvery: 5, histogramsEvery: 20, samplesEvery: 20, checkpointEvery: 20, sampleCount: 16, gridResolution: 4 },
    });
    const first = prepareRun(config, {}, (m, r) => {
      if (m.type === 'metrics' && m.payload.step === 20) r.trainer.stop();
    });
    assert.equal(await first.trainer.run(), 'stopped');
    const dir = first.runDir();
    const readMeta = () => JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as RunMeta;
    const firstSession = readMeta().trainingSeconds!;
    assert.ok(firstSession > 0, `first session: ${firstSession} s`);

    await wait(1500); // between the sessions
    const point = resumePoint(dir);
    const messages: TrainerToHost[] = [];
    const PAUSE_MS = 2000;
    const resumed: Trainer = new Trainer({
      experimentFile: point.previous.experimentFile,
      config: point.config,
      resume: point,
      emit: (m) => {
        messages.push(m);
        if (m.type === 'metrics' && m.payload.step === 30) {
          resumed.pause();
          setTimeout(() => resumed.resume(), PAUSE_MS);
        }
      },
    });
    assert.equal(await resumed.run(), 'completed');
    const meta = readMeta();
    const wall = (Date.parse(meta.endedAt!) - Date.parse(meta.startedAt)) / 1000;
    const records = readFileSync(join(dir, 'metrics.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as MetricRecord);
    const elapsed = new Map(records.map((r) => [r.step, r.elapsed]));
    assert.deepEqual(
      records.map((r) => r.step),
      [5, 10, 15, 20, 25, 30, 35, 40],
    );
    assert.ok(
      records.every((r, i) => i === 0 || r.elapsed >= records[i - 1]!.elapsed),
      `elapsed never goes back: ${records.map((r) => r.elapsed).join(', ')}`,
    );
    assert.ok(elapsed.get(25)! >= firstSession - 0.5, 'the resumed session goes on from the first one');
    assert.ok(
      elapsed.get(35)! - elapsed.get(30)! < PAUSE_MS / 1000 - 0.5,
      `the pause is not training: ${elapsed.get(35)! - elapsed.get(30)!} s`,
    );
    assert.ok(meta.trainingSeconds! >= elapsed.get(40)!);
    assert.ok(meta.trainingSeconds! < wall - 3, `training ${meta.trainingSeconds} s of ${wall} s from the first start to the end`);
  });
});

describe('training time in the dashboard header', () => {
  const view = (meta: Partial<RunMeta> | null, over: Partial<RunView> = {}): RunView => ({
    runDir: '/runs/r',
    runId: 'r',
    experimentName: 'ring',
    experimentFile: '/x/ring.gan.json',
    phase: 'running',
    live: true,
    meta: meta && { ...runMeta('running'), ...meta },
    config: null,
    error: null,
    warnings: [],
    ...over,
  });
  const columns = (records: [step: number, elapsed: number, time: number][]) => {
    const c = emptyColumns();
    appendRecords(
      c,
      records.map(([step, elapsed, time]) => ({ ...metric(step), elapsed, time })),
    );
    return c;
  };
  const start = '2026-01-02T03:00:00.000Z';
  const t0 = Date.parse(start);

  it('an ended run shows its training time, not the time from its first start to its end', () => {
    const ended = { startedAt: start, endedAt: '2026-01-03T03:00:00.000Z', trainingSeconds: 840 };
    assert.equal(computeProgress(view(ended, { phase: 'completed', live: false }), columns([[9000, 839, t0]]), t0).elapsedSeconds, 840);
    assert.equal(computeProgress(view(ended, { phase: 'stopped', live: true }), columns([]), t0).elapsedSeconds, 840);
  });

  it('a resumed run training now: its newest record’s training time and the time since, not the day since its first start', () => {
    const now = t0 + 86_400_000;
    const resumed = { startedAt: start, endedAt: null, trainingSeconds: 600 };
    const c = columns([[5000, 650, now - 2000]]);
    assert.equal(computeProgress(view(resumed), c, now).elapsedSeconds, 652);
    assert.equal(computeProgress(view(resumed, { phase: 'paused' }), c, now).elapsedSeconds, 650, 'paused: not counting');
    assert.equal(computeProgress(view(resumed), columns([]), now).elapsedSeconds, 600, 'no record yet: the checkpoint’s');
    assert.equal(computeProgress(view(resumed, { live: false }), c, now).elapsedSeconds, 650, 'another process’s run: its newest record');
  });
});
