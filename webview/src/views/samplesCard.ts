/**
 * The dashboard's samples: the plot for the record shown, a step slider over every recorded step
 * (asks the host for that step's record), play/pause to animate through the steps, "follow latest"
 * for live records, the gradient-arrow toggle for 2-D data, and the exports: the plot as PNG and
 * every step as an animated GIF. Image records with nearest training images: a generated tile
 * picked by a click (or, with the grid focused, the arrow keys; Escape closes) is shown beside its
 * nearest training images, at every step the slider goes to.
 */
import type { ShownSamples } from '../../../src/shared/protocol';
import { SamplesGif } from '../export/samplesGif';
import { emptyText } from '../logic/emptyText';
import { formatInteger } from '../logic/format';
import { post } from '../host/vscodeApi';
import type { RunStore } from '../model/runStore';
import type { UiStateStore } from '../model/uiStateStore';
import { moveTile, tileAt } from '../logic/gridTiles';
import { NearestPanel } from '../samples/nearestPanel';
import { fixedGridPlacement } from '../samples/renderImages';
import { nearestStepIndex, SampleNavigator } from '../samples/sampleNavigator';
import { SamplePlot } from '../samples/samplePlot';
import { card } from '../ui/card';
import { button, checkbox, h, setText, show } from '../ui/dom';
import type { Theme } from '../ui/theme';
import type { Toast } from '../ui/toast';
import type { DashboardTools } from './tools';

const PLAY_INTERVAL_MS = 700;

export class SamplesCard {
  readonly root: HTMLElement;
  readonly gif: SamplesGif;
  private readonly plot: SamplePlot;
  private readonly controls = h('div', { class: 'gw-slider-row' });
  private readonly slider = h('input', { type: 'range', min: 0, max: 0, step: 1, 'aria-label': 'samples step' });
  private readonly stepLabel = h('span', { class: 'gw-step-label' });
  private readonly title = h('span', { class: 'gw-hint' });
  private readonly play: HTMLButtonElement;
  private readonly gifButton: HTMLButtonElement;
  private readonly pngButton: HTMLButtonElement;
  private readonly follow: { root: HTMLLabelElement; input: HTMLInputElement };
  private readonly gradients: { root: HTMLLabelElement; input: HTMLInputElement };
  private readonly nav = new SampleNavigator((step) => post({ type: 'requestSamples', payload: { step } }));
  private readonly nearest = new NearestPanel(() => this.selectTile(null));
  /** The generated tile shown with its nearest training images (kept across steps). */
  private selectedTile: number | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(
    private readonly store: RunStore,
    private readonly ui: UiStateStore,
    private theme: Theme,
    tools: DashboardTools,
    toast: Toast,
    /** Told the record shown after every render (the energy card follows this card's step). */
    private readonly onShown: (record: ShownSamples | null) => void = () => {},
  ) {
    const c = card('Samples');
    this.root = c.root;
    this.play = button('▶ Play', () => this.togglePlay(), { class: 'secondary small', title: 'Animate through the recorded steps' });
    this.follow = checkbox('follow latest', ui.get().followSamples, (checked) => {
      this.ui.update({ followSamples: checked });
      if (checked) {
        this.stopPlaying();
        this.nav.showLatest(this.store.latestSamples);
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
    this.gif = new SamplesGif({
      steps: () => this.store.sampleSteps,
      cached: (step) => this.nav.cached(step),
      theme: () => this.theme,
      config: () => this.store.run?.config ?? null,
      showGradients: () => this.ui.get().showGradients,
      run: () => this.store.run,
      post,
      toast,
      onBusy: (busy) => {
        this.gifButton.disabled = busy || this.store.sampleSteps.length === 0;
        if (busy) this.stopPlaying();
      },
    });
    this.gifButton = button('Animated GIF', () => void this.gif.start(), {
      class: 'secondary small',
      title: 'Save every recorded step as an animated GIF (made here, ~8 frames per second)',
    });
    this.pngButton = tools.exporter.pngButton(
      () => `samples-step${this.nav.shown?.step ?? 0}`,
      'Samples',
      () => this.plot.canvas,
    );
    c.head.append(
      this.title,
      h('div', { class: 'gw-toolbar' }, this.gradients.root, this.follow.root),
      h('div', { class: 'gw-card-actions' }, this.pngButton, this.gifButton),
    );
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
      selectedTile: () => this.selectedTile,
    });
    c.body.append(this.plot.root, this.controls, this.nearest.root);
    this.listenForTiles(this.plot.canvas);
  }

  setTheme(theme: Theme): void {
    this.theme = theme;
    this.plot.redraw();
  }

  /** A snapshot arrived: forget cached records, show the newest. */
  reset(): void {
    this.selectedTile = null;
    this.nav.reset(this.store.latestSamples);
    if (!this.ui.get().followSamples && this.nav.shown === null) this.ui.update({ followSamples: true });
  }

  /** A samples record arrived (live, or the one this view asked for). */
  received(record: ShownSamples, requested: boolean): void {
    this.nav.received(record, requested, this.ui.get().followSamples);
    this.gif.received(record, requested);
  }

  render(): void {
    const steps = this.store.sampleSteps;
    if (!this.nav.shown && this.ui.get().followSamples) this.nav.showLatest(this.store.latestSamples);
    const shown = this.nav.shown;
    this.follow.input.checked = this.ui.get().followSamples;
    show(this.gradients.root, shown?.layout === 'points2d' && !!shown.fixedGradients);
    setText(this.title, shown ? `${shown.dataKind} · ${shown.layout}` : '');
    this.plot.show(shown, emptyText('samples', this.store.run, this.store.loaded));
    this.offerTiles(shown?.layout === 'images' && (fixedGridPlacement(this.plot.canvas)?.selectable ?? 0) > 0);
    this.nearest.show(shown, this.selectedTile);
    show(this.controls, steps.length > 0 && shown !== null);
    this.slider.max = String(Math.max(0, steps.length - 1));
    const index = shown ? nearestStepIndex(steps, shown.step) : steps.length - 1;
    if (document.activeElement !== this.slider || this.timer) this.slider.value = String(Math.max(0, index));
    const pending = this.nav.pending !== null ? ' (loading…)' : '';
    setText(
      this.stepLabel,
      shown ? `step ${formatInteger(shown.step)} of ${formatInteger(steps[steps.length - 1] ?? shown.step)}${pending}` : '',
    );
    setText(this.play, this.timer ? '⏸ Pause' : '▶ Play');
    this.play.disabled = steps.length < 2;
    this.pngButton.disabled = shown === null;
    this.gifButton.disabled = this.gif.busy || steps.length === 0;
    this.onShown(shown);
  }

  /** A click on a generated tile, or the arrow keys on the focused grid, select a tile; Escape closes. */
  private listenForTiles(canvas: HTMLCanvasElement): void {
    canvas.addEventListener('click', (e) => {
      const p = fixedGridPlacement(canvas);
      if (!p || p.selectable === 0) return;
      const box = canvas.getBoundingClientRect();
      const tile = tileAt(
        (e.clientX - box.left - p.left) / p.scale,
        (e.clientY - box.top - p.top) / p.scale,
        p.shape,
        p.tiles,
        p.selectable,
      );
      if (tile >= 0) this.selectTile(tile);
    });
    canvas.addEventListener('keydown', (e) => {
      const p = fixedGridPlacement(canvas);
      if (!p || p.selectable === 0) return;
      const next = e.key === 'Escape' ? null : moveTile(this.selectedTile ?? -1, e.key, p.tiles.columns, p.selectable);
      if (next === null && (e.key !== 'Escape' || this.selectedTile === null)) return;
      e.preventDefault();
      this.selectTile(next);
    });
  }

  /** The grid takes focus and says how to pick a tile only when the record has nearest training images. */
  private offerTiles(offered: boolean): void {
    const canvas = this.plot.canvas;
    if (offered === canvas.hasAttribute('tabindex')) return;
    if (offered) {
      canvas.tabIndex = 0;
      canvas.title = 'Click a generated tile (or use the arrow keys) to see its nearest training images';
    } else {
      canvas.removeAttribute('tabindex');
      canvas.removeAttribute('title');
    }
  }

  private selectTile(tile: number | null): void {
    if (tile === this.selectedTile) return;
    this.selectedTile = tile;
    this.plot.redraw();
    this.nearest.show(this.nav.shown, tile);
  }

  private goTo(index: number): void {
    const steps = this.store.sampleSteps;
    if (steps.length === 0) return;
    const last = index >= steps.length - 1;
    if (this.ui.get().followSamples !== (last && !this.timer)) this.ui.update({ followSamples: last && !this.timer });
    this.nav.goTo(steps, index);
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
    let index = this.nav.shown ? nearestStepIndex(steps, this.nav.shown.step) : -1;
    if (index >= steps.length - 1) index = -1;
    const advance = () => {
      // Wait for the host's answer before moving on (but not forever).
      if (this.nav.waiting()) return;
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
}
