/**
 * The sweep dashboard: the sweep's header (name, executor, state counts, the objective and the best
 * trial, "Compare Best Samples"), its trials table, parallel coordinates of the parameters against
 * the objective, a metric against a parameter, and the seeds of one setting. The host sends the whole
 * sweep on load and whenever its folder changes (trials running update it live); the page keeps the
 * user's sort and choices across updates.
 */
import { MAX_COMPARED_TRIALS, type SweepView } from '../../../src/shared/protocol';
import { setupCharts } from '../charts/setup';
import { formatValue } from '../logic/format';
import { objectiveOf, rankedTrials, stateCounts } from '../../../src/shared/sweepView';
import { card } from '../ui/card';
import { appRoot, button, h, setChildren, setText, show } from '../ui/dom';
import { FrameScheduler } from '../ui/scheduler';
import { injectStyles } from '../ui/styles';
import { readTheme, watchTheme } from '../ui/theme';
import { ParallelView } from './parallelView';
import { ScatterView } from './scatterView';
import { SeedGroupsView } from './seedGroupsView';
import { onSweepShown, postToHost } from './sweepHost';
import { injectSweepStyles } from './sweepStyles';
import { TrialTable } from './trialTable';

const SURFACE = '--vscode-editor-background';
/** How many of the best trials "Compare Best Samples" puts side by side. */
const COMPARED = 4;

export function startSweepPage(): void {
  injectStyles();
  injectSweepStyles();
  setupCharts();
  let theme = readTheme(SURFACE);
  let sweep: SweepView | null = null;

  const title = h('h1', { class: 'gw-title' }, 'Sweep');
  const executor = h('span', { class: 'gw-badge' });
  const counts = h('div', { class: 'gw-sweep-counts', 'aria-label': 'trial states' });
  const objective = h('div', { class: 'gw-stats' });
  const warnings = h('div', { class: 'gw-banner warning' });
  const compare = button('Compare Best Samples', () => compareBest(), {
    class: 'secondary',
    title: `Show the samples of the best ${COMPARED} trials side by side`,
  });
  const header = h(
    'header',
    { class: 'gw-header' },
    h('div', { class: 'gw-title-row' }, title, executor, h('span', { class: 'gw-spacer' }), h('div', { class: 'gw-actions' }, compare)),
    counts,
    objective,
    warnings,
  );
  const table = new TrialTable((index) => postToHost({ type: 'openTrial', payload: { index } }));
  const parallel = new ParallelView();
  const scatter = new ScatterView();
  const seeds = new SeedGroupsView();
  const trialsCard = card('Trials', { wide: true });
  trialsCard.body.append(table.root);
  const parallelCard = card('Parameters against the objective', { wide: true });
  parallelCard.body.append(parallel.root);
  const scatterCard = card('Metric against parameter');
  scatterCard.head.append(scatter.controls);
  scatterCard.body.append(scatter.root);
  const seedsCard = card('Seeds of one setting');
  seedsCard.head.append(seeds.controls);
  seedsCard.body.append(seeds.root);
  const empty = h('p', { class: 'gw-hint' }, 'Reading the sweep folder…');
  const grid = h('div', { class: 'gw-grid' }, trialsCard.root, parallelCard.root, scatterCard.root, seedsCard.root);
  appRoot().append(header, empty, grid);
  show(grid, false);
  show(warnings, false);

  function compareBest(): void {
    if (!sweep) return;
    const indices = rankedTrials(sweep)
      .filter((t) => t.runDir)
      .slice(0, Math.min(COMPARED, MAX_COMPARED_TRIALS))
      .map((t) => t.index);
    if (indices.length > 0) postToHost({ type: 'compareTrials', payload: { indices } });
  }

  const draw = () => {
    if (!sweep) return;
    show(empty, sweep.trials.length === 0);
    empty.textContent = 'This sweep has no trials.';
    show(grid, sweep.trials.length > 0);
    setText(title, `Sweep ${sweep.name}`);
    setText(executor, sweep.executor);
    const c = stateCounts(sweep.trials);
    setChildren(
      counts,
      ...(['pending', 'running', 'done', 'failed', 'cancelled'] as const)
        .filter((s) => s !== 'cancelled' || c.cancelled > 0)
        .map((s) => h('span', { class: s, 'data-state': s }, h('b', {}, String(c[s])), ` ${s}`)),
      h('span', {}, `of ${sweep.trials.length} trials`),
    );
    const best = sweep.trials.find((t) => t.index === sweep!.best);
    const value = best ? objectiveOf(sweep, best) : undefined;
    setChildren(
      objective,
      h('span', {}, 'ranked by ', h('b', {}, sweep.objective.metric), ` (${sweep.objective.lowerIsBetter ? 'lower' : 'higher'} is better)`),
      best && value !== undefined
        ? h('span', { class: 'gw-best' }, 'best ', h('b', {}, `trial ${best.index}`), `: ${sweep.objective.metric} ${formatValue(value)}`)
        : h('span', { class: 'gw-best' }, 'no trial has recorded it yet'),
    );
    show(warnings, sweep.warnings.length > 0);
    setText(warnings, sweep.warnings.join('\n'));
    // Compare Runs shows two to four runs.
    compare.disabled = rankedTrials(sweep).filter((t) => t.runDir).length < 2;
    table.show(sweep);
    parallel.show(sweep, theme);
    scatter.show(sweep, theme);
    seeds.show(sweep, theme);
  };
  const scheduler = new FrameScheduler<string>(draw);
  onSweepShown((next) => {
    sweep = next;
    scheduler.request('all');
  });
  watchTheme(() => {
    theme = readTheme(SURFACE);
    scheduler.request('all');
  });
  postToHost({ type: 'sweepReady', payload: {} });
}
