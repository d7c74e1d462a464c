/**
 * The run catalog's parts that need no VS Code: the merge of live and on-disk runs (catalogRun.ts)
 * and the disk side (diskRuns.ts): scans on request and after file events (throttled), polling while
 * a run from outside this window is written, a change announced only when a scan finds something new.
 * The watchers and the tree on top are covered by test/integration/runs.test.ts.
 */
import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mergeRuns, type LiveRunState } from '../../src/extension/trainingRuns/catalogRun';
import { DiskRuns, type DiskTiming } from '../../src/extension/trainingRuns/diskRuns';
import type { RunSummary } from '../../src/extension/trainingRuns/runReader';
import type { MetricRecord, RunMeta } from '../../src/shared/runFormat';
import { tempDir } from '../helpers/experiments';

function meta(runId: string, experimentName: string, overrides: Partial<RunMeta> = {}): RunMeta {
  return {
    formatVersion: 1,
    runId,
    experimentName,
    experimentFile: `/work/${experimentName}.gan.json`,
    status: 'completed',
    backend: null,
    versions: { ganWorkbench: '0.1.0', tfjs: '4.22.0', node: '20.0.0' },
    startedAt: '2026-01-02T03:04:05.000Z',
    endedAt: null,
    lastStep: 10,
    totalSteps: 10,
    error: null,
    pid: 0,
    ...overrides,
  };
}

const metric = (step: number): MetricRecord => ({
  step,
  time: step,
  elapsed: step,
  stepsPerSecond: 1,
  dLoss: 1,
  gLoss: 1,
  components: {},
  dReal: 0.5,
  dFake: 0.5,
  gradNormD: 1,
  gradNormG: 1,
});

function summary(dir: string, runId: string, experimentName: string): RunSummary {
  return {
    dir,
    runId,
    experimentName,
    meta: meta(runId, experimentName),
    lastMetrics: null,
    lastQuality: null,
    effectiveStatus: 'completed',
    warnings: ['w'],
  };
}

function live(fields: Partial<LiveRunState> & Pick<LiveRunState, 'localId' | 'phase' | 'experimentName'>): LiveRunState {
  const ended = ['completed', 'stopped', 'failed', 'diverged'].includes(fields.phase);
  return { runDir: undefined, meta: undefined, lastMetrics: undefined, lastQuality: undefined, ended, live: !ended, ...fields };
}

describe('run catalog: merging live and on-disk runs', () => {
  it('lists by experiment name, newest first; a live run overrides its directory and the disk fills in', () => {
    const running = live({
      localId: 1,
      phase: 'running',
      experimentName: 'ring',
      runDir: '/runs/ring/20260103-000000-cccc',
      meta: meta('20260103-000000-cccc', 'ring', { status: 'running', lastStep: 7 }),
    });
    const starting = live({ localId: 4, phase: 'starting', experimentName: 'ring' });
    const queued = live({ localId: 2, phase: 'queued', experimentName: 'ring' });
    const cancelled = live({ localId: 3, phase: 'stopped', experimentName: 'ring' });
    const runs = mergeRuns(
      [
        summary('/runs/ring/20260101-000000-aaaa', '20260101-000000-aaaa', 'ring'),
        { ...summary('/runs/ring/20260103-000000-cccc', '20260103-000000-cccc', 'ring'), lastMetrics: metric(5) },
        summary('/runs/alpha/20260102-000000-bbbb', '20260102-000000-bbbb', 'alpha'),
      ],
      [running, queued, cancelled, starting],
    );
    assert.deepEqual(
      runs.map((r) => `${r.experimentName} ${r.runId} ${r.status} ${r.live ? `live ${r.live.localId}` : 'disk'}`),
      [
        'alpha 20260102-000000-bbbb completed disk',
        'ring 20260103-000000-cccc running live 1',
        'ring 20260101-000000-aaaa completed disk',
        // Before a run has an id its key is `~<local id>`, which the locale's order puts below the ids.
        'ring starting… starting live 4',
        'ring queued queued live 2',
      ],
    );
    const merged = runs.find((r) => r.live === running)!;
    assert.equal(merged.meta?.lastStep, 7, 'the live run.json wins');
    assert.equal(merged.lastMetrics?.step, 5, 'the disk fills in what the trainer has not sent yet');
    assert.deepEqual(merged.warnings, ['w']);
    assert.equal(runs.find((r) => r.live === queued)!.dir, '');
  });
});

/** A timing short enough for a test; the sweep never fires during one. */
const FAST: Partial<DiskTiming> = { throttleMs: 20, pollMs: 50, sweepMs: 60_000, newRunGraceMs: 60_000 };

function writeRun(root: string, experiment: string, id: string, fields: Partial<RunMeta> = {}): string {
  const dir = join(root, experiment, id);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'run.json'), JSON.stringify(meta(id, experiment, fields)));
  writeFileSync(join(dir, 'metrics.jsonl'), `${JSON.stringify(metric(1))}\n`);
  return dir;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until<T>(value: () => T | undefined, ms: number, what: string): Promise<T> {
  for (const end = Date.now() + ms; Date.now() < end; await sleep(10)) {
    const v = value();
    if (v !== undefined) return v;
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('run catalog: the runs on disk', () => {
  let disk: DiskRuns | undefined;
  afterEach(() => disk?.dispose());

  it('finds the runs of its runs folders and of opened runs; announces a change only when a scan finds one', async () => {
    const root = tempDir('gan-catalog-');
    writeRun(root, 'ring', '20260101-000000-aaaa');
    const elsewhere = writeRun(tempDir('gan-catalog-'), 'other', '20260105-000000-eeee');
    let changes = 0;
    disk = new DiskRuns({ trainedHere: () => false, onChange: () => changes++, timing: FAST });
    disk.setRoots([root]);
    await disk.refresh();
    assert.deepEqual(
      disk.runs.map((r) => r.runId),
      ['20260101-000000-aaaa'],
    );
    const afterFirst = changes;
    assert.ok(afterFirst >= 1);
    await disk.refresh();
    assert.equal(changes, afterFirst, 'the same runs again: no change');
    disk.open(elsewhere);
    await disk.refresh();
    assert.deepEqual(
      disk.runs.map((r) => r.runId),
      ['20260101-000000-aaaa', '20260105-000000-eeee'],
    );
    disk.forget(elsewhere);
    await disk.refresh();
    assert.deepEqual(
      disk.runs.map((r) => r.runId),
      ['20260101-000000-aaaa'],
    );
  });

  it('re-reads after file events, throttled: many events, one scan', async () => {
    const root = tempDir('gan-catalog-');
    let changes = 0;
    disk = new DiskRuns({ trainedHere: () => false, onChange: () => changes++, timing: FAST });
    disk.setRoots([root]);
    await disk.refresh();
    const before = changes;
    writeRun(root, 'ring', '20260102-000000-bbbb');
    for (let i = 0; i < 50; i++) disk.changed();
    await until(() => (disk!.runs.length === 1 ? true : undefined), 2_000, 'the new run');
    await sleep(100);
    assert.equal(changes, before + 1);
  });

  it('polls a run that a trainer outside this window is writing, and not one this window trains', async () => {
    const root = tempDir('gan-catalog-');
    // Our own pid: a trainer that is alive, writing a run that says running.
    const dir = writeRun(root, 'ring', '20260103-000000-cccc', { status: 'running', pid: process.pid });
    let trainedHere = false;
    disk = new DiskRuns({ trainedHere: () => trainedHere, onChange: () => {}, timing: FAST });
    disk.setRoots([root]);
    await disk.refresh();
    assert.equal(disk.runs[0]?.lastMetrics?.step, 1);
    appendFileSync(join(dir, 'metrics.jsonl'), `${JSON.stringify(metric(2))}\n`);
    await until(() => (disk!.runs[0]?.lastMetrics?.step === 2 ? true : undefined), 2_000, 'the poll to read step 2');

    trainedHere = true; // its progress now comes over IPC: the poll stops after the next scan
    await disk.refresh();
    await sleep(FAST.pollMs! * 2);
    appendFileSync(join(dir, 'metrics.jsonl'), `${JSON.stringify(metric(3))}\n`);
    await sleep(FAST.pollMs! * 4);
    assert.equal(disk.runs[0]?.lastMetrics?.step, 2, 'no poll for a run this window trains');
  });
});
