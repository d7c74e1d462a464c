import assert from 'node:assert/strict';
import type { MetricRecord } from '../../src/shared/runFormat';
import { compareSeriesId, compareSeriesLabel, shortRunLabel } from '../../webview/src/logic/compare';
import { CompareStore } from '../../webview/src/model/compareStore';
import { MAX_COMPARE_RUNS, restoreUiState } from '../../webview/src/model/uiState';

const metric = (step: number, dLoss = 1.3): MetricRecord => ({
  step,
  time: step * 100,
  elapsed: step / 10,
  stepsPerSecond: 10,
  dLoss,
  gLoss: 0.7,
  components: {},
  dReal: 0.5,
  dFake: 0.5,
  gradNormD: 1,
  gradNormG: 1,
});

describe('webview compare runs: labels', () => {
  it('legend labels name the run as "experiment run id", shortened', () => {
    assert.equal(shortRunLabel('ring8 · 20261121-101010-ab12 · completed', '/r/ring8/20261121-101010-ab12'), 'ring8 20261121-101010-ab12');
    const long = shortRunLabel('a-very-long-experiment-name · 20261121-101010-ab12 · stopped', '/x');
    assert.ok(long.length <= 34 && long.endsWith('…'), long);
    assert.equal(shortRunLabel('', '/runs/mixture1d/20261121-1'), 'mixture1d 20261121-1');
    assert.equal(compareSeriesLabel('D loss', 'ring8 2026'), 'D loss · ring8 2026');
    assert.equal(compareSeriesId('/r/a', 'dLoss'), 'compare:/r/a:dLoss');
  });
});

describe('webview compare runs: store', () => {
  it('a run asked for is pending until its series arrive, then overlaid with its own colour', () => {
    const store = new CompareStore();
    assert.equal(store.request('/r/a'), true);
    assert.equal(store.request('/r/a'), false, 'not twice');
    assert.deepEqual(store.runDirs(), ['/r/a']);
    assert.equal(store.runs.length, 0);
    assert.equal(
      store.add({
        runDir: '/r/a',
        label: 'ring8 · a · completed',
        metrics: [metric(20), metric(10, 2)],
        quality: [{ step: 5, metrics: {} }],
      }),
      true,
    );
    const [run] = store.runs;
    assert.deepEqual(run!.columns.steps, [10, 20], 'metrics sorted by step');
    assert.deepEqual(run!.columns.scalars.dLoss, [2, 1.3]);
    assert.equal(run!.short, 'ring8 a');
    assert.equal(run!.colorIndex, 0);
    store.request('/r/b');
    store.add({ runDir: '/r/b', label: 'x · b · running', metrics: [], quality: [] });
    assert.equal(store.runs[1]!.colorIndex, 1);
    // Removing a run frees its colour for the next; the others keep theirs.
    store.remove('/r/a');
    store.request('/r/c');
    store.add({ runDir: '/r/c', label: 'x · c · running', metrics: [], quality: [] });
    assert.deepEqual(
      store.runs.map((r) => [r.runDir, r.colorIndex]),
      [
        ['/r/b', 1],
        ['/r/c', 0],
      ],
    );
  });

  it('ignores series of a run removed (or never asked for) meanwhile, and holds at most six runs', () => {
    const store = new CompareStore();
    store.request('/r/a');
    store.remove('/r/a');
    assert.equal(store.add({ runDir: '/r/a', label: '', metrics: [], quality: [] }), false);
    assert.equal(store.add({ runDir: '/r/z', label: '', metrics: [], quality: [] }), false);
    for (let i = 0; i < MAX_COMPARE_RUNS; i++) assert.equal(store.request(`/r/${i}`), true);
    assert.equal(store.room(), 0);
    assert.equal(store.request('/r/more'), false);
  });

  it('labels a pending run from the listed candidates', () => {
    const store = new CompareStore();
    store.setCandidates([{ runDir: '/r/a', label: 'ring8 · 20261121-101010-ab12 · completed' }]);
    store.request('/r/a');
    assert.equal(store.labelOf('/r/a'), 'ring8 20261121-101010-ab12');
  });

  it('the view state keeps the compared run directories (valid, unique, at most six)', () => {
    assert.deepEqual(restoreUiState({}).compareRuns, []);
    assert.deepEqual(restoreUiState({ compareRuns: ['/a', 3, '', '/b', '/a'] }).compareRuns, ['/a', '/b']);
    assert.equal(restoreUiState({ compareRuns: Array.from({ length: 10 }, (_, i) => `/r${i}`) }).compareRuns.length, MAX_COMPARE_RUNS);
    assert.deepEqual(restoreUiState({ compareRuns: 'nope' }).compareRuns, []);
  });
});
