/**
 * The dashboard's samples: the plot for the record at the timeline's step (the newest at or before
 * it; asked of the host when not cached), or at the card's own step while unpinned, the
 * gradient-arrow toggle for 2-D data, and the exports: the plot as PNG and every step as an
 * animated GIF. Image records with nearest training images: a generated tile
 * picked by a click (or, with the grid focused, the arrow keys; Escape closes) is shown beside its
 * nearest training images, at every step the slider goes to.
 */
import type { ShownSamples } from '../../../src/shared/protocol';
import { SamplesGif } from '../export/samplesGif';
import { emptyText } from '../logic/emptyText';
import { formatInteger } from '../logic/format';
import { recordIndexAt, StepPin, type Timeline } from '../logic/timeline';
import { post } from '../host/vscodeApi';
import type { RunStore } from '../model/runStore';
import type { UiStateStore } from '../model/uiStateStore';
import { moveTile, tileAt } from '../logic/gridTiles';
import { NearestPanel } from '../samples/nearestPanel';
import { fixedGridPlacement } from '../samples/renderImages';
import { SampleNavigator } from '../samples/sampleNavigator';
import { SamplePlot } from '../samples/samplePlot';
import { card } from '../ui/card';
import { button, checkbox, h, setText, show } from '../ui/dom';
import type { Theme } from '../ui/theme';
import type { Toast } from '../ui/toast';
import { pinToggle } from './pinToggle';
import type { DashboardTools } from './tools';

export class SamplesCard {
  readonly root: HTMLElement;
  readonly gif: SamplesGif;
  private readonly plot: SamplePlot;
  private readonly stepLabel = h('div', { class: 'gw-step-label gw-shown-step' });
  private readonly title = h('span', { class: 'gw-hint' });
  private readonly gifButton: HTMLButtonElement;
  private readonly pngButton: HTMLButtonElement;
  private readonly pin: StepPin;
  private readonly timeline: Timeline;
  private readonly gradients: { root: HTMLLabelElement; input: HTMLInputElement };
  private readonly nav = new SampleNavigator((step) => post({ type: 'requestSamples', payload: { step } }));
  private readonly nearest = new NearestPanel(() => this.selectTile(null));
  /** The generated tile shown with its nearest training images (kept across steps). */
  private selectedTile: number | null = null;

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
    this.timeline = tools.timeline;
    this.pin = new StepPin(tools.timeline);
    tools.timeline.holdPlayWhile(() => this.pin.pinned && this.nav.waiting());
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
        if (busy) this.timeline.stop();
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
      h(
        'div',
        { class: 'gw-toolbar' },
        this.gradients.root,
        pinToggle(this.pin, () => this.render()),
      ),
      h('div', { class: 'gw-card-actions' }, this.pngButton, this.gifButton),
    );
    this.plot = new SamplePlot({
      compact: false,
      theme: () => this.theme,
      config: () => this.store.run?.config ?? null,
      showGradients: () => this.ui.get().showGradients,
      selectedTile: () => this.selectedTile,
    });
    c.body.append(this.plot.root, this.stepLabel, this.nearest.root);
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
  }

  /** A samples record arrived (live, or the one this view asked for). */
  received(record: ShownSamples, requested: boolean): void {
    this.nav.received(record, requested, this.following());
    this.gif.received(record, requested);
  }

  render(): void {
    const steps = this.store.sampleSteps;
    this.moveToStep(steps);
    const shown = this.nav.shown;
    show(this.gradients.root, shown?.layout === 'points2d' && !!shown.fixedGradients);
    const average = this.store.run?.config?.generatorAverage;
    const source = average ? [`G's weight average (β ${average.decay})`] : [];
    setText(this.title, shown ? [shown.dataKind, shown.layout, ...source].join(' · ') : '');
    this.plot.show(shown, emptyText('samples', this.store.run, this.store.loaded));
    this.offerTiles(shown?.layout === 'images' && (fixedGridPlacement(this.plot.canvas)?.selectable ?? 0) > 0);
    this.nearest.show(shown, this.selectedTile);
    show(this.stepLabel, steps.length > 0 && shown !== null);
    const pending = this.nav.pending !== null ? ' (loading…)' : '';
    const own = this.pin.pinned ? '' : ' · unpinned';
    setText(
      this.stepLabel,
      shown ? `step ${formatInteger(shown.step)} of ${formatInteger(steps[steps.length - 1] ?? shown.step)}${own}${pending}` : '',
    );
    this.root.dataset.shownStep = shown ? String(shown.step) : '';
    this.pngButton.disabled = shown === null;
    this.gifButton.disabled = this.gif.busy || steps.length === 0;
    this.onShown(shown);
  }

  /** The step shown: the card's (pinned: the timeline's; null: the newest). */
  step(): number | null {
    return this.following() ? null : this.pin.step;
  }

  private following(): boolean {
    return this.pin.pinned ? this.timeline.follow : false;
  }

  /** Shows the record at the card's step: the newest while following, else the newest at or before it. */
  private moveToStep(steps: readonly number[]): void {
    const step = this.pin.step;
    if (this.following() || step === null) {
      if (this.nav.shown?.step !== this.store.latestSamples?.step || this.nav.pending !== null)
        this.nav.showLatest(this.store.latestSamples);
      return;
    }
    const index = recordIndexAt(steps, step);
    if (index < 0 || steps[index] === this.nav.shown?.step) return;
    this.nav.goTo(steps, index);
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
}
