/**
 * The sweep views' pure readings (issue 23): ranking and counts (src/shared/sweepView.ts), the
 * trials table's columns and sorting, seeds of one setting (mean ± sample sd), the chart axes, the
 * Runs tree's words, and the validation of the sweep dashboard's messages.
 */
import assert from 'node:assert/strict';
import { isSweepViewToHost, type SweepTrialView, type SweepView } from '../../src/shared/protocol';
import { bestTrial, rankedTrials, stateCounts } from '../../src/shared/sweepView';
import { describeSweep, describeTrial, trialLabel, trialTooltip } from '../../src/extension/sweeps/sweepText';
import { seedGroups, spread } from '../../webview/src/logic/seedGroups';
import { axisPosition, axisTicks, sweepAxis } from '../../webview/src/logic/sweepAxes';
import { metricNames, rankedSort, sortTrials } from '../../webview/src/logic/sweepTrials';

const trial = (
  index: number,
  params: SweepTrialView['params'],
  js: number | undefined,
  state: SweepTrialView['state'] = 'done',
): SweepTrialView => ({
  index,
  params,
  state,
  step: state === 'pending' ? 0 : 400,
  totalSteps: 400,
  metrics: js === undefined ? {} : { js, modesCovered: 8, modesTotal: 8, realJs: 0 },
  runDir: state === 'pending' ? null : `/runs/t${index}`,
  error: state === 'failed' ? 'NaN in D loss' : null,
});

const sweep = (trials: SweepTrialView[]): SweepView => ({
  dir: '/sweeps/lr',
  name: 'lr',
  executor: 'local',
  objective: { metric: 'js', lowerIsBetter: true },
  parameters: ['optimizer.generator.lr', 'seed'],
  trials,
  best: null,
  active: false,
  warnings: [],
});

const LR = 'optimizer.generator.lr';
const S = sweep([
  trial(0, { [LR]: 0.0002, seed: 1 }, 0.2),
  trial(1, { [LR]: 0.0002, seed: 2 }, 0.1),
  trial(2, { [LR]: 0.0002, seed: 3 }, 0.3),
  trial(3, { [LR]: 0.002, seed: 1 }, 0.05, 'failed'),
  trial(4, { [LR]: 0.002, seed: 2 }, undefined, 'running'),
  trial(5, { [LR]: 0.002, seed: 3 }, undefined, 'pending'),
]);

describe('sweep views', () => {
  it('ranks the trials with a value by the objective and counts states', () => {
    assert.deepEqual(
      rankedTrials(S).map((t) => t.index),
      [3, 1, 0, 2],
    );
    assert.equal(bestTrial(S), 3);
    assert.equal(bestTrial({ ...S, objective: { metric: 'js', lowerIsBetter: false } }), 2);
    assert.deepEqual(stateCounts(S.trials), { pending: 1, running: 1, done: 3, failed: 1, cancelled: 0 });
  });

  it('lists the objective first among the metric columns, without the data constants', () => {
    assert.deepEqual(metricNames(S), ['js', 'modesCovered']);
  });

  it('sorts by a column either way, trials without a value last', () => {
    const byJs = sortTrials(S.trials, rankedSort(S)).map((t) => t.index);
    assert.deepEqual(byJs, [3, 1, 0, 2, 4, 5]);
    const desc = sortTrials(S.trials, { column: { kind: 'metric', name: 'js' }, descending: true }).map((t) => t.index);
    assert.deepEqual(desc, [2, 0, 1, 3, 4, 5]);
    const byLr = sortTrials(S.trials, { column: { kind: 'param', path: LR }, descending: true }).map((t) => t.index);
    assert.deepEqual(byLr, [3, 4, 5, 0, 1, 2]);
  });

  it('groups trials that differ only in seed: mean, sample sd, range, n', () => {
    const groups = seedGroups(S.parameters, S.trials, 'js');
    assert.equal(groups.length, 2);
    const [a, b] = groups;
    assert.equal(a!.label, `${LR} 0.0002`);
    assert.deepEqual(a!.trials, [0, 1, 2]);
    assert.equal(a!.n, 3);
    assert.ok(Math.abs(a!.mean - 0.2) < 1e-12);
    assert.ok(Math.abs(a!.sd - 0.1) < 1e-12, `sd ${a!.sd}`);
    assert.deepEqual([a!.min, a!.max], [0.1, 0.3]);
    assert.equal(b!.n, 1);
    assert.equal(b!.sd, 0);
    assert.deepEqual(seedGroups(['optimizer.generator.lr'], S.trials, 'js'), [], 'no seed parameter: no groups');
    assert.ok(Number.isNaN(spread([]).mean));
  });

  it('takes a log axis for wide positive numbers and a category axis for strings', () => {
    const log = sweepAxis([0.0001, 0.001, 0.01]);
    assert.equal(log.kind, 'log');
    assert.ok(Math.abs(axisPosition(log, 0.001)! - 0.5) < 1e-12);
    const cat = sweepAxis(['minimax', 'hinge', undefined]);
    assert.deepEqual(cat, { kind: 'category', values: ['hinge', 'minimax'] });
    assert.equal(axisPosition(cat, 'minimax'), 1);
    assert.deepEqual(
      axisTicks(sweepAxis([1, 2]), [1, 2]).map((t) => t.label),
      ['1', '2'],
    );
  });

  it('describes a sweep and its trials in the Runs tree', () => {
    const shown = { ...S, best: bestTrial(S) };
    assert.equal(describeSweep(shown), '1 pending · 1 running · 3 done · 1 failed · best #3 js 0.05');
    assert.equal(trialLabel(shown, S.trials[3]!), '★ #3 lr 0.002, seed 1');
    assert.equal(describeTrial(shown, S.trials[3]!), 'failed: NaN in D loss · 400/400 · js 0.05');
    assert.equal(describeTrial(shown, S.trials[5]!), 'pending');
    assert.equal(
      trialTooltip(shown, S.trials[3]!),
      ['trial 3 (best)', `${LR} = 0.002`, 'seed = 1', 'failed · 400/400 · js 0.05', 'NaN in D loss', '/runs/t3'].join('\n'),
    );
  });

  it('accepts only well-formed sweep dashboard messages', () => {
    assert.ok(isSweepViewToHost({ type: 'sweepReady', payload: {} }));
    assert.ok(isSweepViewToHost({ type: 'openTrial', payload: { index: 3 } }));
    assert.ok(isSweepViewToHost({ type: 'compareTrials', payload: { indices: [3, 1] } }));
    assert.ok(!isSweepViewToHost({ type: 'openTrial', payload: { index: -1 } }));
    assert.ok(!isSweepViewToHost({ type: 'openTrial', payload: { index: 1, runDir: '/etc' } }));
    assert.ok(!isSweepViewToHost({ type: 'compareTrials', payload: { indices: [] } }));
    assert.ok(!isSweepViewToHost({ type: 'compareTrials', payload: { indices: [1, 2, 3, 4, 5, 6, 7, 8, 9] } }));
    assert.ok(!isSweepViewToHost({ type: 'ready', payload: {} }));
  });
});
