/**
 * The dashboard's samples: the plot for the record shown, a step slider over every recorded step
 * (asks the host for that step's record), play/pause to animate through the steps, "follow latest"
 * for live records, and the gradient-arrow toggle for 2-D data.
 */
import type { SampleRecord } from '../../../src/shared/runFormat';
import { emptyText } from '../logic/emptyText';
import { formatInteger } from '../logic/format';
import { post } from '../host/vscodeApi';
import type { RunStore } from '../model/runStore';
import type { UiStateStore } from '../model/uiStateStore';
import { SamplePlot } from '../samples/samplePlot';
import { card } from '../ui/card';
import { button, checkbox, h, setText, show } from '../ui/dom';
import type { Theme } from '../ui/theme';

const PLAY_INTERVAL_MS = 700;
const CACHE_SIZE = 64;
const PENDING_TIMEOUT_MS = 3000;

export class SamplesCard {
  readonly root: HTMLElement;
  private readonly plot: SamplePlot;
  private readonly controls = h('div', { class: 'gw-slider-row' });
  private readonly slider = h('input', { type: 'range', min: 0, max: 0, step: 1, 'aria-label': 'samples step' });
  private readonly stepLabel = h('span', { class: 'gw-step-label' });
  private readonly title = h('span', { class: 'gw-hint' });
  private readonly play: HTMLButtonElement;
  private readonly follow: { root: HTMLLabelElement; input: HTMLInputElement };
  private readonly gradients: { root: HTMLLabelElement; input: HTMLInputElement };
  private readonly cache = new Map<number, SampleRecord>();
  private shown: SampleRecord | null = null;
  /** The step the view asked the host for, until its record arrives. */
  private pending: number | null = null;
  private pendingSince = 0;
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(
    private readonly store: RunStore,
    private readonly ui: UiStateStore,
    private theme: Theme,
  ) {
    const c = card('Samples');
    this.root = c.root;
    this.play = button('▶ Play', () => this.togglePlay(), { class: 'secondary small', title: 'Animate through the recorded steps' });
    this.follow = checkbox('follow latest', ui.get().followSamples, (checked) => {
      this.ui.update({ followSamples: checked });
      if (checked) {
        this.stopPlaying();
        this.shown = this.store.latestSamples;
      }
      this.render();
    });
    this.gradients = checkbox(
      'gradient arrows',
      ui.get().showGradients,
      (checked) => {
        this.ui.update({ showGradients: checked });
        this.plot.redraw();
      },
      "Direction the generator's update pushes each fixed point: ∇ₓ of D's logit",
    );
    c.head.append(this.title, h('div', { class: 'gw-toolbar' }, this.gradients.root, this.follow.root));
    this.slider.addEventListener('input', () => {
      this.stopPlaying();
      this.goTo(Number(this.slider.value));
    });
    this.controls.append(this.play, this.slider, this.stepLabel);
    this.plot = new SamplePlot({
      compact: false,
      theme: () => this.theme,
      config: () => this.store.run?.config ?? null,
      showGradients: () => this.ui.get().showGradients,
    });
    c.body.append(this.plot.root, this.controls);
  }

  setTheme(theme: Theme): void {
    this.theme = theme;
    this.plot.redraw();
  }

  /** A snapshot arrived: forget cached records, show the newest. */
  reset(): void {
    this.cache.clear();
    this.pending = null;
    const latest = this.store.latestSamples;
    if (latest) this.remember(latest);
    this.shown = latest;
    if (!this.ui.get().followSamples && this.shown === null) this.ui.update({ followSamples: true });
  }

  /** A samples record arrived (live, or the one this view asked for). */
  received(record: SampleRecord, requested: boolean): void {
    this.remember(record);
    if (requested && record.step === this.pending) {
      this.pending = null;
      this.shown = record;
    } else if (!requested && this.ui.get().followSamples) {
      this.shown = record;
    }
  }

  render(): void {
    const steps = this.store.sampleSteps;
    const shown = this.shown ?? (this.ui.get().followSamples ? this.store.latestSamples : null);
    this.shown = shown;
    this.follow.input.checked = this.ui.get().followSamples;
    show(this.gradients.root, shown?.layout === 'points2d' && !!shown.fixedGradients);
    setText(this.title, shown ? `${shown.dataKind} · ${shown.layout}` : '');
    this.plot.show(shown, emptyText('samples', this.store.run, this.store.loaded));
    show(this.controls, steps.length > 0 && shown !== null);
    this.slider.max = String(Math.max(0, steps.length - 1));
    const index = shown ? nearestStepIndex(steps, shown.step) : steps.length - 1;
    if (document.activeElement !== this.slider || this.timer) this.slider.value = String(Math.max(0, index));
    const pending = this.pending !== null ? ' (loading…)' : '';
    setText(
      this.stepLabel,
      shown ? `step ${formatInteger(shown.step)} of ${formatInteger(steps[steps.length - 1] ?? shown.step)}${pending}` : '',
    );
    setText(this.play, this.timer ? '⏸ Pause' : '▶ Play');
    this.play.disabled = steps.length < 2;
  }

  private goTo(index: number): void {
    const steps = this.store.sampleSteps;
    const step = steps[Math.max(0, Math.min(steps.length - 1, index))];
    if (step === undefined) return;
    const last = index >= steps.length - 1;
    if (this.ui.get().followSamples !== last) this.ui.update({ followSamples: last && !this.timer });
    const cached = this.cache.get(step);
    if (cached) {
      this.pending = null;
      this.shown = cached;
    } else if (this.pending !== step) {
      this.pending = step;
      this.pendingSince = Date.now();
      post({ type: 'requestSamples', payload: { step } });
    }
    this.render();
  }

  private togglePlay(): void {
    if (this.timer) {
      this.stopPlaying();
      this.render();
      return;
    }
    this.ui.update({ followSamples: false });
    const steps = this.store.sampleSteps;
    let index = this.shown ? nearestStepIndex(steps, this.shown.step) : -1;
    if (index >= steps.length - 1) index = -1;
    const advance = () => {
      // Wait for the host's answer before moving on (but not forever).
      if (this.pending !== null && Date.now() - this.pendingSince < PENDING_TIMEOUT_MS) return;
      index = (index + 1) % this.store.sampleSteps.length;
      this.goTo(index);
    };
    this.timer = setInterval(advance, PLAY_INTERVAL_MS);
    advance();
  }

  private stopPlaying(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private remember(record: SampleRecord): void {
    this.cache.delete(record.step);
    this.cache.set(record.step, record);
    while (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
  }
}

function nearestStepIndex(steps: readonly number[], step: number): number {
  let best = -1;
  for (let i = 0; i < steps.length; i++) if (best < 0 || Math.abs(steps[i]! - step) < Math.abs(steps[best]! - step)) best = i;
  return best;
}
