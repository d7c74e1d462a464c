/**
 * The samples side view: the samples of the run it is given, drawn by the dashboard's renderers in
 * a compact size, with the run's name and the step; a step slider over the run's sample steps (a
 * step not seen yet is asked of the host with `requestSamples`), "follow latest" (on by default:
 * live records show as they come) and "Open Dashboard" (`openDashboard`).
 */
import type { HostToWebview } from '../../src/shared/protocol';
import { onHostMessage } from './host/messages';
import { post } from './host/vscodeApi';
import { emptyText } from './logic/emptyText';
import { formatInteger } from './logic/format';
import { RunStore } from './model/runStore';
import { UiStateStore } from './model/uiStateStore';
import { nearestStepIndex, SampleNavigator } from './samples/sampleNavigator';
import { SamplePlot } from './samples/samplePlot';
import { RealGridInterner } from './samples/realGridInterner';
import { appRoot, button, checkbox, h, setText, show } from './ui/dom';
import { FrameScheduler } from './ui/scheduler';
import { injectStyles } from './ui/styles';
import { readTheme, watchTheme } from './ui/theme';

const SURFACE = '--vscode-sideBar-background';

export function startSamplesPanel(): void {
  injectStyles();
  document.body.classList.add('gw-side');
  const store = new RunStore();
  const ui = new UiStateStore();
  let theme = readTheme(SURFACE);
  const realGrids = new RealGridInterner();
  const nav = new SampleNavigator((step) => post({ type: 'requestSamples', payload: { step } }));
  const title = h('span', { class: 'gw-title' }, 'Samples');
  const runId = h('span', { class: 'gw-run-id' });
  const phase = h('span', { class: 'gw-hint' });
  const gradients = checkbox('gradient arrows', ui.get().showGradients, (checked) => {
    ui.update({ showGradients: checked });
    plot.redraw();
  });
  const follow = checkbox(
    'follow latest',
    ui.get().followSamples,
    (checked) => {
      ui.update({ followSamples: checked });
      if (checked) nav.showLatest(store.latestSamples);
      scheduler.request('all');
    },
    'Show new samples as the run records them',
  );
  const slider = h('input', { type: 'range', min: 0, max: 0, step: 1, 'aria-label': 'samples step' });
  const stepLabel = h('span', { class: 'gw-step-label' });
  const openDashboard = button('Open Dashboard', () => post({ type: 'openDashboard', payload: {} }), {
    class: 'secondary small',
    title: "Open this run's dashboard",
  });
  const stepRow = h('div', { class: 'gw-slider-row' }, slider, stepLabel);
  const plot = new SamplePlot({
    compact: true,
    theme: () => theme,
    config: () => store.run?.config ?? null,
    showGradients: () => ui.get().showGradients,
  });
  appRoot().append(
    h('div', { class: 'gw-side-head' }, title, runId, phase),
    plot.root,
    stepRow,
    h('div', { class: 'gw-toolbar gw-side-tools' }, follow.root, gradients.root, h('span', { class: 'gw-spacer' }), openDashboard),
  );

  slider.addEventListener('input', () => {
    const steps = store.sampleSteps;
    const index = Number(slider.value);
    const last = index >= steps.length - 1;
    if (ui.get().followSamples !== last) ui.update({ followSamples: last });
    if (last) nav.showLatest(store.latestSamples ?? nav.shown);
    else nav.goTo(steps, index);
    scheduler.request('all');
  });

  const draw = () => {
    const run = store.run;
    const steps = store.sampleSteps;
    if (!nav.shown && ui.get().followSamples) nav.showLatest(store.latestSamples);
    const samples = nav.shown;
    setText(title, run?.experimentName || 'Samples');
    setText(runId, run?.runId ?? '');
    setText(phase, run ? run.phase : '');
    follow.input.checked = ui.get().followSamples;
    show(gradients.root, samples?.layout === 'points2d' && !!samples.fixedGradients);
    plot.show(samples, store.loaded ? emptyText('samples', run, true) : 'Samples of the running or selected run appear here.');
    show(stepRow, steps.length > 0 && samples !== null);
    slider.max = String(Math.max(0, steps.length - 1));
    slider.disabled = steps.length < 2;
    const index = samples ? nearestStepIndex(steps, samples.step) : steps.length - 1;
    if (document.activeElement !== slider) slider.value = String(Math.max(0, index));
    const pending = nav.pending !== null ? ' (loading…)' : '';
    setText(
      stepLabel,
      samples ? `step ${formatInteger(samples.step)} of ${formatInteger(steps[steps.length - 1] ?? samples.step)}${pending}` : '',
    );
    openDashboard.disabled = !run?.runDir;
  };
  const scheduler = new FrameScheduler<string>(draw);
  draw();
  onHostMessage((message: HostToWebview) => {
    if (message.type !== 'snapshot' && message.type !== 'samplesShown' && message.type !== 'runChanged') return;
    realGrids.intern(
      message.type === 'snapshot' ? message.payload.samples : message.type === 'samplesShown' ? message.payload.record : null,
    );
    store.apply(message);
    if (message.type === 'snapshot') {
      nav.reset(store.latestSamples);
      // A new run (or a reload) starts following its newest samples.
      if (message.payload.run.runDir !== ui.get().runDir) ui.update({ runDir: message.payload.run.runDir, followSamples: true });
    }
    if (message.type === 'samplesShown') nav.received(message.payload.record, message.payload.requested, ui.get().followSamples);
    scheduler.request('all');
  });
  watchTheme(() => {
    theme = readTheme(SURFACE);
    plot.redraw();
  });
  post({ type: 'ready', payload: {} });
}
