/**
 * The comparison page (issue 24): two to four runs at the same step. One timeline over the union
 * of the runs' recorded steps (samples and histograms) moves every panel; steps align by number,
 * and a run without a record at the step says so under its panel. Samples side by side (2-D data
 * over each run's D heat map), histograms overlaid, losses on one chart with the step's cursor.
 */
import type { ComparedRun, HostToComparisonView } from '../../../src/shared/protocol';
import { setupCharts } from '../charts/setup';
import { postComparison } from '../host/vscodeApi';
import { toCss, withAlpha } from '../logic/colors';
import { mergeSteps, Timeline } from '../logic/timeline';
import { UiStateStore } from '../model/uiStateStore';
import { appRoot, h, setChildren, setText } from '../ui/dom';
import { FrameScheduler } from '../ui/scheduler';
import { injectStyles } from '../ui/styles';
import { readTheme, watchTheme } from '../ui/theme';
import { TimelineBar } from '../views/timelineBar';
import { Chart } from 'chart.js';
import { CompareCurves } from './compareCurves';
import { CompareHistograms } from './compareHistograms';
import { CompareSamples } from './compareSamples';
import { isHostToComparisonView } from './compareMessages';

export function startComparePage(): void {
  injectStyles();
  setupCharts();
  let theme = readTheme();
  const applyDefaults = () => {
    Chart.defaults.font.family = theme.fontFamily;
    Chart.defaults.font.size = Math.max(10, theme.fontSize - 2);
    Chart.defaults.color = withAlpha(theme.muted, 1);
  };
  applyDefaults();
  const ui = new UiStateStore();
  const timeline = new Timeline();
  const title = h('h1', { class: 'gw-title' }, 'Compare runs');
  const chips = h('div', { class: 'gw-compare-chips' });
  const bar = new TimelineBar(timeline);
  const samples = new CompareSamples(theme, (run, step) => postComparison({ type: 'requestComparedSamples', payload: { run, step } }));
  const histograms = new CompareHistograms(theme);
  const curves = new CompareCurves(ui, theme, timeline);
  timeline.holdPlayWhile(() => samples.waiting());
  let runs: ComparedRun[] = [];

  appRoot().append(
    h('header', { class: 'gw-header' }, h('div', { class: 'gw-title-row' }, title), chips, bar.root),
    h('main', { class: 'gw-grid' }, samples.root, histograms.root, curves.root),
  );

  const drawChips = () =>
    setChildren(
      chips,
      ...runs.map((run, i) => {
        const swatch = h('span', { class: 'gw-compare-swatch' });
        swatch.style.background = toCss(theme.compare[i % theme.compare.length]!);
        return h('span', { class: 'gw-compare-chip', title: run.runDir }, swatch, run.label);
      }),
    );

  const scheduler = new FrameScheduler<'step'>(() => {
    samples.render(timeline.follow ? null : timeline.step);
    histograms.render(timeline.follow ? null : timeline.step);
  });
  timeline.onChange(() => scheduler.request('step'));

  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    const message = event.data;
    if (!isHostToComparisonView(message)) return console.warn('GAN Workbench compare view: unknown message', message);
    handle(message);
  });

  function handle(message: HostToComparisonView): void {
    if (message.type === 'comparedSamples') {
      samples.received(message.payload.run, message.payload.record);
      scheduler.request('step');
      return;
    }
    runs = message.payload.runs;
    // The panel's state: the host reopens the comparison of these runs after a window reload.
    ui.update({ compareRuns: runs.map((r) => r.runDir) });
    setText(title, `Compare ${runs.length} runs`);
    drawChips();
    samples.setRuns(runs);
    histograms.setRuns(runs);
    curves.setRuns(runs);
    timeline.setSteps(mergeSteps(runs.flatMap((r) => [r.sampleSteps, r.histograms.map((x) => x.step).sort((a, b) => a - b)])));
    scheduler.request('step');
  }

  watchTheme(() => {
    theme = readTheme();
    applyDefaults();
    samples.setTheme(theme);
    histograms.setTheme(theme);
    curves.setTheme(theme);
    drawChips();
    scheduler.request('step');
  });

  postComparison({ type: 'comparisonReady', payload: {} });
}
