import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, closeSync, mkdirSync, openSync, rmSync, statSync, symlinkSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  isProcessAlive,
  isStaleRunning,
  latestRunOf,
  listRuns,
  METRICS_TAIL_BYTES,
  readRunSummary,
} from '../../src/extension/trainingRuns/runReader';
import { readRunExperiment } from '../../src/shared/runDirectory/runExperiment';
import { validateExperiment } from '../../src/shared/experiment/validate';
import type { MetricRecord, RunMeta } from '../../src/shared/runFormat';
import { ringExperiment, tempDir } from '../helpers/experiments';

function meta(overrides: Partial<RunMeta> = {}): RunMeta {
  return {
    formatVersion: 1,
    runId: '20260102-030405-abcd',
    experimentName: 'ring',
    experimentFile: '/work/ring.gan.json',
    status: 'completed',
    backend: null,
    versions: { ganWorkbench: '0.1.0', tfjs: '4.22.0', node: process.version },
    startedAt: '2026-01-02T03:04:05.000Z',
    endedAt: '2026-01-02T03:14:05.000Z',
    lastStep: 100,
    totalSteps: 100,
    error: null,
    pid: process.pid,
    ...overrides,
  };
}

function metric(step: number): MetricRecord {
  return {
    step,
    time: 1_700_000_000_000 + step,
    elapsed: step / 10,
    stepsPerSecond: 10,
    dLoss: 1.3,
    gLoss: 0.7,
    components: { 'd.real': 0.6, 'd.fake': 0.7 },
    dReal: 0.5,
    dFake: 0.5,
    gradNormD: 1,
    gradNormG: 2,
  };
}

const jsonl = (records: unknown[]): string => records.map((r) => `${JSON.stringify(r)}\n`).join('');

/**
 * listRuns as a user that permissions bind: root reads everything, so under root (as in CI) the
 * call runs in a child process as `nobody`.
 */
async function listRunsWithoutRoot(root: string): Promise<{ runs: string[]; warnings: string[] }> {
  if (process.getuid?.() !== 0) {
    const warnings: string[] = [];
    const runs = await listRuns(root, (w) => warnings.push(w));
    return { runs: runs.map((r) => r.runId), warnings };
  }
  for (let dir = root; dir !== dirname(dir); dir = dirname(dir)) chmodSync(dir, statSync(dir).mode | 0o005);
  const script = `
    const { listRuns } = require(${JSON.stringify(join(__dirname, '..', '..', 'src', 'extension', 'trainingRuns', 'runReader.ts'))});
    const warnings = [];
    listRuns(${JSON.stringify(root)}, (w) => warnings.push(w)).then((runs) => console.log(JSON.stringify({ runs: runs.map((r) => r.runId), warnings })));`;
  const child = spawnSync(process.execPath, ['--require', require.resolve('tsx/cjs'), '-e', script], {
    uid: 65534,
    gid: 65534,
    encoding: 'utf8',
  });
  assert.equal(child.status, 0, child.stderr);
  return JSON.parse(child.stdout) as { runs: string[]; warnings: string[] };
}

/** Creates `<root>/<experiment>/<id>/` with the given run.json text (or object) and metrics text. */
function makeRun(
  root: string,
  experiment: string,
  id: string,
  files: { meta?: RunMeta | string; metrics?: string; quality?: string } = {},
): string {
  const dir = join(root, experiment, id);
  mkdirSync(dir, { recursive: true });
  if (files.meta !== undefined) {
    const text = typeof files.meta === 'string' ? files.meta : JSON.stringify({ ...files.meta, runId: id, experimentName: experiment });
    writeFileSync(join(dir, 'run.json'), text);
  }
  if (files.metrics !== undefined) writeFileSync(join(dir, 'metrics.jsonl'), files.metrics);
  if (files.quality !== undefined) writeFileSync(join(dir, 'quality.jsonl'), files.quality);
  return dir;
}

/** The pid of a process that has exited (and been reaped). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '']);
  assert.ok(child.pid > 0);
  return child.pid;
}

describe('run reader', () => {
  let root: string;
  beforeEach(() => {
    root = tempDir('gan-runs-');
  });
  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
  });

  it('reads run.json and the last metrics record of a normal run', async () => {
    const dir = makeRun(root, 'ring', '20260102-030405-abcd', { meta: meta(), metrics: jsonl([metric(10), metric(20), metric(30)]) });
    const summary = await readRunSummary(dir);
    assert.deepEqual(summary, {
      dir,
      runId: '20260102-030405-abcd',
      experimentName: 'ring',
      meta: meta(),
      lastMetrics: metric(30),
      lastQuality: null,
      effectiveStatus: 'completed',
      warnings: [],
    });
  });

  it('reads the last quality record (the run’s result), skipping a truncated last line', async () => {
    const quality = (step: number, modes: number) => ({ step, metrics: { modesCovered: modes, modesTotal: 8, js: 0.25 } });
    const line = JSON.stringify(quality(300, 8));
    const dir = makeRun(root, 'ring', 'r1', {
      meta: meta(),
      metrics: jsonl([metric(10)]),
      quality: jsonl([quality(100, 5), quality(200, 8)]) + line.slice(0, 20),
    });
    const summary = await readRunSummary(dir);
    assert.deepEqual(summary.lastQuality, quality(200, 8));
    assert.deepEqual(summary.warnings, []);
  });

  it('skips a truncated last line', async () => {
    const line = JSON.stringify(metric(40));
    const dir = makeRun(root, 'ring', 'r1', { meta: meta(), metrics: jsonl([metric(10), metric(20)]) + line.slice(0, 25) });
    const summary = await readRunSummary(dir);
    assert.equal(summary.lastMetrics?.step, 20);
    assert.deepEqual(summary.warnings, []);
  });

  it('takes a complete last record even without its newline, and NaN written as null', async () => {
    const diverged = { ...metric(50), dLoss: null, gLoss: null };
    const dir = makeRun(root, 'ring', 'r1', { meta: meta(), metrics: jsonl([metric(40)]) + JSON.stringify(diverged) });
    const { lastMetrics } = await readRunSummary(dir);
    assert.equal(lastMetrics?.step, 50);
    assert.ok(Number.isNaN(lastMetrics?.dLoss));
  });

  it('warns about malformed lines at the end and falls back to the last good record', async () => {
    const dir = makeRun(root, 'ring', 'r1', { meta: meta(), metrics: `${jsonl([metric(10)])}garbage\n{"step":"x"}\n\n` });
    const summary = await readRunSummary(dir);
    assert.equal(summary.lastMetrics?.step, 10);
    assert.deepEqual(summary.warnings, ['metrics.jsonl: skipped 2 malformed line(s) at the end']);
  });

  it('reports a corrupt run.json as a warning and status unknown', async () => {
    const dir = makeRun(root, 'ring', 'r1', { meta: '{"formatVersion": 1, "runId": ', metrics: jsonl([metric(5)]) });
    const summary = await readRunSummary(dir);
    assert.equal(summary.meta, null);
    assert.equal(summary.effectiveStatus, 'unknown');
    assert.equal(summary.lastMetrics?.step, 5);
    assert.equal(summary.warnings.length, 1);
    assert.match(summary.warnings[0]!, /^run\.json: not valid JSON \(.+\); the trainer writes run\.json whole/);
  });

  it('names the fields of run.json that are missing or have the wrong type', async () => {
    const bad = { ...meta(), pid: '123', status: 'sleeping', lastStep: undefined };
    const dir = makeRun(root, 'ring', 'r1', { meta: JSON.stringify(bad) });
    const summary = await readRunSummary(dir);
    assert.equal(summary.meta, null);
    assert.equal(summary.effectiveStatus, 'unknown');
    assert.deepEqual(summary.warnings, [
      'run.json: "status" must be one of "running", "completed", "stopped", "failed", "diverged", found "sleeping"',
      'run.json: "lastStep" is missing; it must be a non-negative integer',
      'run.json: "pid" must be an integer, found "123"',
    ]);
    const array = await readRunSummary(makeRun(root, 'ring', 'r2', { meta: '[1, 2]' }));
    assert.deepEqual(array.warnings, [
      "run.json: must hold a JSON object (the run's status, steps, backend and data shape), found an array of 2",
    ]);
  });

  it('tolerates missing files, naming the run after its folders', async () => {
    const onlyMetrics = makeRun(root, 'exp', 'r1', { metrics: jsonl([metric(1)]) });
    const summary = await readRunSummary(onlyMetrics);
    assert.equal(summary.runId, 'r1');
    assert.equal(summary.experimentName, 'exp');
    assert.equal(summary.lastMetrics?.step, 1);
    assert.deepEqual(summary.warnings, ['run.json: missing; the trainer writes it when a run starts']);
    const onlyMeta = await readRunSummary(makeRun(root, 'exp', 'r2', { meta: meta() }));
    assert.equal(onlyMeta.lastMetrics, null);
    assert.deepEqual(onlyMeta.warnings, []);
    const empty = await readRunSummary(makeRun(root, 'exp', 'r3', { meta: meta(), metrics: '' }));
    assert.equal(empty.lastMetrics, null);
    assert.deepEqual(empty.warnings, []);
  });

  it('reads the last record of a 1,000,000-line metrics.jsonl from its end', async () => {
    const dir = makeRun(root, 'ring', 'big', { meta: meta({ status: 'running' }) });
    const file = join(dir, 'metrics.jsonl');
    const fd = openSync(file, 'w');
    const chunk = Buffer.from(jsonl(Array.from({ length: 10_000 }, (_, i) => ({ step: i + 1 }))));
    for (let i = 0; i < 100; i++) writeSync(fd, chunk);
    writeSync(fd, `${JSON.stringify(metric(1_000_001))}\n${JSON.stringify(metric(1_000_002)).slice(0, 30)}`);
    closeSync(fd);
    const started = performance.now();
    const summary = await readRunSummary(dir);
    const elapsed = performance.now() - started;
    assert.deepEqual(summary.lastMetrics, metric(1_000_001));
    assert.equal(summary.effectiveStatus, 'running');
    assert.ok(elapsed < 2000, `took ${elapsed} ms`);
  });

  it('says when no complete record fits in the tail it reads', async () => {
    const huge = { ...metric(1), components: { blob: 'x'.repeat(METRICS_TAIL_BYTES) } };
    const dir = makeRun(root, 'ring', 'r1', { meta: meta(), metrics: jsonl([huge]) });
    const summary = await readRunSummary(dir);
    assert.equal(summary.lastMetrics, null);
    assert.match(summary.warnings.join(), /no complete record in its last \d+ bytes/);
  });

  it('reports a running run whose trainer is gone as interrupted', async () => {
    const pid = deadPid();
    assert.equal(isProcessAlive(pid), false);
    assert.equal(isProcessAlive(process.pid), true);
    assert.equal(isProcessAlive(0), false);
    assert.equal(isProcessAlive(-1), false);
    assert.equal(isStaleRunning(meta({ status: 'running', pid })), true);
    assert.equal(isStaleRunning(meta({ status: 'running' })), false);
    assert.equal(isStaleRunning(meta({ status: 'completed', pid })), false);
    const summary = await readRunSummary(makeRun(root, 'ring', 'r1', { meta: meta({ status: 'running', pid }) }));
    assert.equal(summary.effectiveStatus, 'interrupted');
    assert.equal(summary.meta?.status, 'running');
    assert.match(summary.warnings.join(), new RegExp(`pid ${pid}`));
  });

  it('lists runs by experiment, newest first, skipping what is not a run', async () => {
    makeRun(root, 'zeta', '20260101-000000-aaaa', { meta: meta() });
    makeRun(root, 'alpha', '20260101-000000-aaaa', { meta: meta() });
    makeRun(root, 'alpha', '20260103-000000-cccc', { metrics: jsonl([metric(1)]) });
    makeRun(root, 'alpha', '20260102-000000-bbbb', { meta: '{' });
    mkdirSync(join(root, 'alpha', '20260104-000000-empty')); // no run files
    mkdirSync(join(root, 'alpha', '.hidden-run'));
    writeFileSync(join(root, 'alpha', '.hidden-run', 'run.json'), JSON.stringify(meta()));
    writeFileSync(join(root, 'alpha', 'notes.txt'), 'a file where a run folder could be');
    writeFileSync(join(root, 'a-file'), 'a file where an experiment folder could be');
    symlinkSync(join(root, 'alpha'), join(root, 'linked'));
    symlinkSync(join(root, 'nowhere'), join(root, 'dangling'));
    const runs = await listRuns(root);
    assert.deepEqual(
      runs.map((r) => `${r.dir.slice(root.length + 1)} ${r.effectiveStatus}`),
      [
        'alpha/20260103-000000-cccc unknown',
        'alpha/20260102-000000-bbbb unknown',
        'alpha/20260101-000000-aaaa completed',
        'linked/20260103-000000-cccc unknown',
        'linked/20260102-000000-bbbb unknown',
        'linked/20260101-000000-aaaa completed',
        'zeta/20260101-000000-aaaa completed',
      ],
    );
  });

  it('gives an empty list for a missing root or a root that is a file', async () => {
    assert.deepEqual(await listRuns(join(root, 'missing')), []);
    writeFileSync(join(root, 'file'), '');
    assert.deepEqual(await listRuns(join(root, 'file')), []);
  });

  it('warns about unreadable folders instead of throwing', async () => {
    makeRun(root, 'ok', 'r1', { meta: meta() });
    const locked = makeRun(root, 'ok', 'r2', { meta: meta() });
    chmodSync(locked, 0o000);
    try {
      const { runs, warnings } = await listRunsWithoutRoot(root);
      assert.deepEqual(runs, ['r1']);
      assert.equal(warnings.length, 1);
      assert.match(warnings[0]!, /cannot read .*r2/);
    } finally {
      chmodSync(locked, 0o755);
    }
  });

  it('finds the latest run of an experiment by name', async () => {
    makeRun(root, 'ring', '20260101-000000-aaaa', { meta: meta() });
    makeRun(root, 'ring', '20260102-000000-bbbb', { meta: meta() });
    mkdirSync(join(root, 'ring', '20260109-000000-none'));
    makeRun(root, 'odd_name', '20260101-000000-aaaa', { meta: meta() });
    assert.equal((await latestRunOf(root, 'ring'))?.runId, '20260102-000000-bbbb');
    assert.equal((await latestRunOf(root, 'odd name'))?.runId, '20260101-000000-aaaa');
    assert.equal(await latestRunOf(root, 'other'), null);
    assert.equal(await latestRunOf(join(root, 'missing'), 'ring'), null);
  });

  it('reads the resolved experiment of a run, or null', async () => {
    const dir = makeRun(root, 'ring', 'r1', { meta: meta() });
    const result = validateExperiment(JSON.stringify(ringExperiment()));
    assert.ok(result.ok);
    writeFileSync(join(dir, 'experiment.json'), JSON.stringify(result.config, null, 2));
    assert.deepEqual(await readRunExperiment(dir), result.config);
    assert.equal(await readRunExperiment(join(root, 'missing')), null);
    writeFileSync(join(dir, 'experiment.json'), '{ "name": 5 }');
    assert.equal(await readRunExperiment(dir), null);
  });
});
