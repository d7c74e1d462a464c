import assert from 'node:assert/strict';
import type { ExperimentFileState, HostToWebview, RunView } from '../../src/shared/protocol';
import type { Experiment } from '../../src/shared/experiment/schema';
import type { MetricRecord, SampleRecord } from '../../src/shared/runFormat';
import { emptyText } from '../../webview/src/logic/emptyText';
import { formatDuration, formatInteger, formatValue } from '../../webview/src/logic/format';
import { appendRecords, emptyColumns } from '../../webview/src/logic/metricColumns';
import { parabolaBand, parabolaRange } from '../../webview/src/logic/parabolaBand';
import { extent, niceTicks, robustExtent, squareRanges } from '../../webview/src/logic/plotScale';
import { computeProgress } from '../../webview/src/logic/progress';
import { insertByStep, RunStore } from '../../webview/src/model/runStore';
import { DEFAULT_UI_STATE, isSeriesVisible, restoreUiState } from '../../webview/src/model/uiState';

const config = {
  name: 'ring8',
  loss: { kind: 'nonSaturating' },
  schedule: { steps: 1000, batchSize: 64, dStepsPerGStep: 1 },
  logging: { metricsEvery: 25, histogramsEvery: 100, samplesEvery: 250, checkpointEvery: 0 },
  data: { kind: 'parabola', points: 15, xMin: -1, xMax: 1, aMin: 1, aMax: 3 },
} as unknown as Experiment;

const runView = (over: Partial<RunView> = {}): RunView => ({
  runDir: '/runs/ring8/r1',
  runId: 'r1',
  experimentName: 'ring8',
  experimentFile: '/x/ring8.gan.json',
  phase: 'running',
  live: true,
  meta: null,
  config,
  error: null,
  warnings: [],
  ...over,
});

const metric = (step: number, time: number): MetricRecord => ({
  step,
  time,
  elapsed: time / 1000,
  stepsPerSecond: 1,
  dLoss: 1,
  gLoss: 1,
  components: {},
  dReal: 0.5,
  dFake: 0.5,
  gradNormD: 1,
  gradNormG: 1,
});

describe('webview progress', () => {
  it('speed from wall-clock times of the last records, ETA from the remaining steps', () => {
    const c = emptyColumns();
    appendRecords(c, [metric(100, 0), metric(200, 10_000), metric(300, 20_000)]);
    const p = computeProgress(runView(), c, 0);
    assert.equal(p.step, 300);
    assert.equal(p.total, 1000);
    assert.equal(p.fraction, 0.3);
    assert.equal(p.stepsPerSecond, 10);
    assert.equal(p.etaSeconds, 70);
  });

  it('no ETA when paused or finished early; 0 when done; elapsed from run.json times', () => {
    const c = emptyColumns();
    appendRecords(c, [metric(100, 0), metric(200, 10_000)]);
    assert.equal(computeProgress(runView({ phase: 'paused' }), c, 0).etaSeconds, null);
    const meta = {
      startedAt: '2026-01-01T00:00:00.000Z',
      endedAt: '2026-01-01T00:01:30.000Z',
      lastStep: 1000,
      totalSteps: 1000,
    } as RunView['meta'];
    const done = computeProgress(runView({ phase: 'completed', live: false, meta }), c, 0);
    assert.equal(done.step, 1000);
    assert.equal(done.etaSeconds, 0);
    assert.equal(done.elapsedSeconds, 90);
  });

  it('an empty run has no speed', () => {
    const p = computeProgress(null, emptyColumns(), 0);
    assert.deepEqual([p.step, p.total, p.stepsPerSecond, p.etaSeconds], [0, 0, null, null]);
  });
});

describe('webview formatting', () => {
  it('durations, values and integers', () => {
    assert.equal(formatDuration(5.2), '0:05');
    assert.equal(formatDuration(65), '1:05');
    assert.equal(formatDuration(3725), '1:02:05');
    assert.equal(formatDuration(null), '—');
    assert.equal(formatValue(1.38629), '1.386');
    assert.equal(formatValue(0.0001), '1.00e-4');
    assert.equal(formatValue(NaN), 'NaN');
    assert.equal(formatInteger(1234567), '1,234,567');
    assert.equal(formatInteger(-1500), '-1,500');
    assert.equal(formatInteger(12), '12');
  });
});

describe('webview plot scales', () => {
  it('extents, robust extents, round ticks and square ranges', () => {
    assert.deepEqual(extent([3, NaN, -1, 2]), { min: -1, max: 3 });
    assert.deepEqual(extent([2, 2]), { min: 1.5, max: 2.5 });
    assert.equal(extent([NaN]), null);
    const values = Array.from({ length: 1000 }, (_, i) => i / 1000);
    values.push(1e6);
    const r = robustExtent(values)!;
    assert.ok(r.max < 2, 'one outlier does not stretch the range');
    assert.deepEqual(niceTicks(0, 1, 5), [0, 0.2, 0.4, 0.6, 0.8, 1]);
    assert.deepEqual(niceTicks(-2.2, 2.2, 4), [-2, 0, 2]);
    assert.deepEqual(niceTicks(0, 1500, 3), [0, 500, 1000, 1500]);
    assert.deepEqual(squareRanges({ min: 0, max: 4 }, { min: 0, max: 2 }), { x: { min: 0, max: 4 }, y: { min: -1, max: 3 } });
  });

  it('the parabola band runs between a = aMin and a = aMax (default [1, 2])', () => {
    assert.deepEqual(parabolaRange(config), { aMin: 1, aMax: 3 });
    assert.deepEqual(parabolaRange(null), { aMin: 1, aMax: 2 });
    const band = parabolaBand({ aMin: 1, aMax: 2 }, -1, 1, 3);
    assert.deepEqual(band.x, [-1, 0, 1]);
    assert.deepEqual(band.lower, [1, 0, 1]); // x²
    assert.deepEqual(band.upper, [3, 1, 3]); // 2x² + 1
  });
});

describe('webview UI state', () => {
  it('restores valid fields and defaults the rest', () => {
    assert.deepEqual(restoreUiState(undefined), DEFAULT_UI_STATE);
    const s = restoreUiState({
      smoothing: 0.9,
      logScale: true,
      visibility: { loss: { dLoss: false, bad: 'x' }, nope: 3 },
      showGradients: 'yes',
    });
    assert.equal(s.smoothing, 0.9);
    assert.equal(s.logScale, true);
    assert.deepEqual(s.visibility, { loss: { dLoss: false } });
    assert.equal(s.showGradients, false);
    assert.equal(restoreUiState({ smoothing: 5 }).smoothing, DEFAULT_UI_STATE.smoothing);
  });

  it('series visibility: the user choice, else the default', () => {
    const s = restoreUiState({ visibility: { loss: { a: false, b: true } } });
    assert.equal(isSeriesVisible(s, 'loss', 'a'), false);
    assert.equal(isSeriesVisible(s, 'loss', 'b', true), true);
    assert.equal(isSeriesVisible(s, 'loss', 'c', true), false);
    assert.equal(isSeriesVisible(s, 'loss', 'c'), true);
  });
});

describe('webview run store', () => {
  const sample = (step: number): SampleRecord => ({ step, dataKind: 'ring', layout: 'points2d', fixed: [], fresh: [], real: [] });
  const snapshot: HostToWebview = {
    type: 'snapshot',
    payload: { run: runView(), metrics: [metric(25, 0)], quality: [], events: [], histograms: [], sampleSteps: [0], samples: sample(0) },
  };

  it('a snapshot replaces everything; increments append and name what changed', () => {
    const store = new RunStore();
    assert.deepEqual([...store.apply(snapshot)].sort(), ['events', 'file', 'histograms', 'metrics', 'quality', 'run', 'samples']);
    const fileState: ExperimentFileState = { state: 'same', file: 'ring.gan.json', unsaved: false, differences: [] };
    assert.deepEqual([...store.apply({ type: 'experimentFileState', payload: fileState })], ['file']);
    assert.deepEqual(store.fileState, fileState);
    assert.deepEqual([...store.apply({ type: 'metricsAppended', payload: { records: [metric(50, 1)] } })], ['metrics']);
    assert.deepEqual(store.columns.steps, [25, 50]);
    assert.equal(store.currentStep(), 50);
    store.apply({ type: 'samplesShown', payload: { record: sample(250), sampleSteps: [0, 250], requested: false } });
    assert.equal(store.latestSamples?.step, 250);
    store.apply({ type: 'samplesShown', payload: { record: sample(0), sampleSteps: [0, 250], requested: true } });
    assert.equal(store.latestSamples?.step, 250, 'a requested older record is not the newest');
    store.apply(snapshot);
    assert.deepEqual(store.columns.steps, [25]);
    assert.equal(store.latestSamples?.step, 0);
  });

  it('insertByStep keeps ascending order and replaces a record of the same step', () => {
    const list = [
      { step: 1, v: 'a' },
      { step: 3, v: 'b' },
    ];
    insertByStep(list, { step: 2, v: 'c' });
    insertByStep(list, { step: 3, v: 'd' });
    insertByStep(list, { step: 4, v: 'e' });
    assert.deepEqual(
      list.map((x) => x.v),
      ['a', 'c', 'd', 'e'],
    );
  });
});

describe('webview empty states', () => {
  it('say what appears and when, or that the run recorded none', () => {
    assert.equal(emptyText('samples', runView(), true), 'Samples appear every 250 steps (or press Sample Now).');
    assert.match(emptyText('metrics', runView(), true), /every 25 steps/);
    assert.match(emptyText('histograms', runView(), true), /every 100 steps/);
    assert.equal(emptyText('samples', runView({ live: false, phase: 'completed' }), true), 'This run recorded no samples.');
    assert.equal(emptyText('quality', runView(), false), 'Loading the run…');
  });
});
