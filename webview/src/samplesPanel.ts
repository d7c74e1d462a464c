/**
 * The samples side view: the newest samples of the run it is given, with the run's name and the
 * step, drawn by the dashboard's renderers in a compact size.
 */
import type { HostToWebview } from '../../src/shared/protocol';
import { onHostMessage } from './host/messages';
import { post } from './host/vscodeApi';
import { emptyText } from './logic/emptyText';
import { formatInteger } from './logic/format';
import { RunStore } from './model/runStore';
import { UiStateStore } from './model/uiStateStore';
import { SamplePlot } from './samples/samplePlot';
import { appRoot, checkbox, h, setText, show } from './ui/dom';
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
  const title = h('span', { class: 'gw-title' }, 'Samples');
  const runId = h('span', { class: 'gw-run-id' });
  const step = h('span', { class: 'gw-hint' });
  const gradients = checkbox('gradient arrows', ui.get().showGradients, (checked) => {
    ui.update({ showGradients: checked });
    plot.redraw();
  });
  const plot = new SamplePlot({
    compact: true,
    theme: () => theme,
    config: () => store.run?.config ?? null,
    showGradients: () => ui.get().showGradients,
  });
  appRoot().append(h('div', { class: 'gw-side-head' }, title, runId, step), plot.root, h('div', { class: 'gw-toolbar' }, gradients.root));

  const draw = () => {
    const run = store.run;
    const samples = store.latestSamples;
    setText(title, run?.experimentName || 'Samples');
    setText(runId, run?.runId ?? '');
    setText(step, samples ? `step ${formatInteger(samples.step)}${run ? ` · ${run.phase}` : ''}` : '');
    show(gradients.root, samples?.layout === 'points2d' && !!samples.fixedGradients);
    plot.show(samples, store.loaded ? emptyText('samples', run, true) : 'Samples of the running or selected run appear here.');
  };
  const scheduler = new FrameScheduler<string>(draw);
  draw();
  onHostMessage((message: HostToWebview) => {
    if (message.type !== 'snapshot' && message.type !== 'samplesShown' && message.type !== 'runChanged') return;
    store.apply(message);
    scheduler.request('all');
  });
  watchTheme(() => {
    theme = readTheme(SURFACE);
    plot.redraw();
  });
  post({ type: 'ready', payload: {} });
}
