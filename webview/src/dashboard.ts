/**
 * The dashboard page: header (with the timeline bar), banner and the cards, driven by the host's
 * messages through the run store. Messages only mark topics dirty; one animation frame redraws
 * what changed. The timeline's steps are the run's recorded samples and histograms; its moves
 * redraw the stepped cards (the charts draw its cursor themselves).
 */
import { Chart } from 'chart.js';
import type { HostToWebview } from '../../src/shared/protocol';
import { setupCharts } from './charts/setup';
import { Exporter } from './export/exporter';
import { onHostMessage } from './host/messages';
import { post } from './host/vscodeApi';
import { withAlpha } from './logic/colors';
import { mergeSteps, Timeline } from './logic/timeline';
import { CompareStore } from './model/compareStore';
import { RunStore, type Topic } from './model/runStore';
import { SamplingStore } from './model/samplingStore';
import { UiStateStore } from './model/uiStateStore';
import { appRoot, h } from './ui/dom';
import { RealGridInterner } from './samples/realGridInterner';
import { FrameScheduler } from './ui/scheduler';
import { injectStyles } from './ui/styles';
import { readTheme, watchTheme, type Theme } from './ui/theme';
import { Toast } from './ui/toast';
import { BannerView } from './views/banner';
import { ClassHistogramView } from './views/classHistogramView';
import { CompareControls } from './views/compareControls';
import { HeaderView } from './views/header';
import { HistogramView } from './views/histogramView';
import { HyperparametersView } from './views/hyperparametersView';
import { LossView } from './views/lossView';
import { QualityView } from './views/qualityView';
import { EnergyView } from './views/energyView';
import { MutualInformationView } from './views/mutualInformationView';
import { SamplesCard } from './views/samplesCard';
import { SamplingCard } from './views/samplingCard';
import { ScoresView } from './views/scoresView';
import { TimelineBar } from './views/timelineBar';
import type { DashboardTools } from './views/tools';

export function startDashboard(): void {
  injectStyles();
  setupCharts();
  const store = new RunStore();
  const ui = new UiStateStore();
  let theme = readTheme();
  applyChartDefaults(theme);

  const header = new HeaderView((action) => post({ type: 'runAction', payload: { action } }));
  const lastQuality = () => store.quality[store.quality.length - 1] ?? null;
  const banner = new BannerView();
  const toast = new Toast();
  const compared = new CompareStore();
  const timeline = new Timeline();
  const realGrids = new RealGridInterner();
  // Compared runs changed: the loss and quality charts redraw in the next frame.
  const compareChanged = () => scheduler.request('compare');
  const tools: DashboardTools = {
    timeline,
    compared,
    compare: new CompareControls(
      compared,
      ui,
      () => theme,
      post,
      compareChanged,
      () => store.run?.runDir ?? '',
      (message) => toast.show(message, 'error'),
    ),
    exporter: new Exporter({ run: () => store.run, theme: () => theme, post, toast }),
  };
  const loss = new LossView(store, ui, theme, tools);
  const energy = new EnergyView(store, theme, tools);
  const mutualInformation = new MutualInformationView(store, ui, theme, tools);
  const classes = new ClassHistogramView(store, theme, tools);
  // The energy card and the class histogram follow the samples card's step.
  const samples = new SamplesCard(store, ui, theme, tools, toast, (record) => {
    energy.show(record);
    classes.showStep(samples.step() === null ? null : (record?.step ?? null));
  });
  const histograms = new HistogramView(store, theme, tools);
  const scores = new ScoresView(store, ui, theme, tools);
  const quality = new QualityView(store, ui, theme, tools);
  const hyperparameters = new HyperparametersView(store);
  const samplingStore = new SamplingStore();
  const sampling = new SamplingCard(samplingStore, theme, tools, post);
  const timelineBar = new TimelineBar(timeline);
  header.root.append(timelineBar.root);
  document.body.append(toast.root);
  appRoot().append(
    header.root,
    banner.root,
    h(
      'main',
      { class: 'gw-grid' },
      loss.root,
      h('div', { class: 'gw-stack' }, samples.root, quality.root),
      h('div', { class: 'gw-stack' }, classes.root, histograms.root, scores.root, mutualInformation.root),
      energy.root,
      hyperparameters.root,
      sampling.root,
    ),
  );

  const draw = (topics: Set<Topic | 'compare' | 'timeline'>) => {
    if (topics.has('samples') || topics.has('histograms') || topics.has('run'))
      timeline.setSteps(mergeSteps([store.sampleSteps, store.histograms.steps]));
    if (topics.has('run') || topics.has('metrics') || topics.has('quality'))
      header.update(store.run, store.columns, Date.now(), lastQuality());
    if (topics.has('run')) banner.update(store.run);
    if (topics.has('metrics') || topics.has('events') || topics.has('run') || topics.has('compare')) loss.render();
    if (topics.has('metrics') || topics.has('run')) scores.render();
    if (topics.has('histograms') || topics.has('run') || topics.has('timeline')) histograms.render();
    if (topics.has('quality') || topics.has('run') || topics.has('compare')) quality.render();
    if (topics.has('quality') || topics.has('run')) classes.render();
    if (topics.has('samples') || topics.has('run') || topics.has('timeline')) samples.render();
    if (topics.has('metrics') || topics.has('run')) mutualInformation.render();
    if (topics.has('run') || topics.has('events') || topics.has('file')) hyperparameters.render();
  };
  const scheduler = new FrameScheduler<Topic | 'compare' | 'timeline'>(draw);
  timeline.onChange(() => scheduler.request('timeline'));
  draw(new Set(['run', 'metrics', 'events', 'histograms', 'quality', 'samples']));

  onHostMessage((message: HostToWebview) => {
    if (tools.compare.receive(message)) return;
    if (message.type === 'exportDone') return tools.exporter.done(message.payload);
    if (message.type === 'samplingShown') {
      samplingStore.apply(message.payload);
      return sampling.render();
    }
    if (message.type === 'snapshot') {
      realGrids.intern(message.payload.samples);
      // "Loading the sampling results…" only while the host's answer to this snapshot is on its way.
      samplingStore.snapshot(message.payload.run.runDir || undefined);
      sampling.render();
    }
    if (message.type === 'samplesShown') realGrids.intern(message.payload.record);
    const topics = store.apply(message);
    if (message.type === 'snapshot') {
      samples.reset();
      // Runs compared before a reload are asked for again.
      tools.compare.restore();
    }
    // Remember the run for the serializer; a run that was still starting gets its folder later.
    const run = message.type === 'snapshot' ? message.payload.run : message.type === 'runChanged' ? message.payload : undefined;
    if (run?.runDir && run.runDir !== ui.get().runDir) ui.update({ runDir: run.runDir });
    if (message.type === 'samplesShown') samples.received(message.payload.record, message.payload.requested);
    scheduler.request(...topics);
  });

  watchTheme(() => {
    theme = readTheme();
    applyChartDefaults(theme);
    loss.setTheme(theme);
    scores.setTheme(theme);
    quality.setTheme(theme);
    classes.setTheme(theme);
    histograms.setTheme(theme);
    samples.setTheme(theme);
    sampling.setTheme(theme);
    energy.setTheme(theme);
    mutualInformation.setTheme(theme);
    tools.compare.renderChips();
  });

  // Elapsed time and ETA move on between metric records while the run is live.
  setInterval(() => {
    if (store.run?.live) header.update(store.run, store.columns, Date.now(), lastQuality());
  }, 1000);

  post({ type: 'ready', payload: {} });
}

function applyChartDefaults(theme: Theme): void {
  Chart.defaults.font.family = theme.fontFamily;
  Chart.defaults.font.size = Math.max(10, theme.fontSize - 2);
  Chart.defaults.color = withAlpha(theme.muted, 1);
  Chart.defaults.borderColor = withAlpha(theme.grid, 0.7);
}
