/**
 * The energy card of runs with the `energy` loss, for the samples record the Samples card shows (so
 * its step slider, playback and live updates drive this card too). 2-D data: the energy U(x) with
 * contour lines, then the model's density softmax(−U) beside the real data's on one colour scale,
 * the generated samples optionally on top. 1-D data: U(x), exp(−U) normalised and the real and
 * generated histograms over the line. Hidden for other losses and for data of other shapes.
 */
import type { ShownSamples } from '../../../src/shared/protocol';
import { renderDensityMap } from '../energy/renderDensityMap';
import { renderEnergyLine } from '../energy/renderEnergyLine';
import { renderEnergySurface } from '../energy/renderEnergySurface';
import { toCss } from '../logic/colors';
import { boltzmannProbabilities, sharedMaximum } from '../logic/energyDensity';
import { emptyText } from '../logic/emptyText';
import { formatInteger } from '../logic/format';
import type { RunStore } from '../model/runStore';
import { renderLegend } from '../samples/legend';
import type { LegendEntry } from '../samples/types';
import { card } from '../ui/card';
import { checkbox, h, setText, show } from '../ui/dom';
import type { Theme } from '../ui/theme';
import type { DashboardTools } from './tools';

interface Panel {
  root: HTMLElement;
  canvas: HTMLCanvasElement;
  legend: HTMLElement;
}

function panel(title: string, ariaLabel: string): Panel {
  const canvas = h('canvas', { class: 'gw-canvas', role: 'img', 'aria-label': ariaLabel });
  const legend = h('div', { class: 'gw-legend' });
  return { root: h('div', { class: 'gw-panel' }, h('h3', {}, title), canvas, legend), canvas, legend };
}

export class EnergyView {
  readonly root: HTMLElement;
  private readonly surface = panel('Energy U(x)', 'energy surface');
  private readonly model = panel('Model density softmax(−U)', 'model density');
  private readonly real = panel('Real density', 'real density');
  private readonly line = panel('Energy and densities along x', 'energy along the line');
  private readonly planar = h('div', { class: 'gw-panels' }, this.surface.root, this.model.root, this.real.root);
  private readonly empty = h('div', { class: 'gw-empty' });
  private readonly hint = h('span', { class: 'gw-hint' });
  private readonly overlay: { root: HTMLLabelElement; input: HTMLInputElement };
  private record: ShownSamples | null = null;
  private drawnFor: { record: ShownSamples | null; width: number; theme: Theme; overlay: boolean } | null = null;

  constructor(
    private readonly store: RunStore,
    private theme: Theme,
    tools: DashboardTools,
  ) {
    const c = card('Energy view', { wide: true });
    this.root = c.root;
    this.overlay = checkbox('generated samples', false, () => this.redraw(), 'Draw the generated (fixed z) samples on both densities');
    const png = tools.exporter.pngButton(
      () => `energy-step${this.record?.step ?? 0}`,
      'Energy',
      () => (this.record?.layout === 'points1d' ? this.line.canvas : this.surface.canvas),
    );
    c.head.append(this.hint, h('div', { class: 'gw-toolbar' }, this.overlay.root), h('div', { class: 'gw-card-actions' }, png));
    c.body.append(this.planar, this.line.root, this.empty);
    new ResizeObserver(() => this.redraw()).observe(c.body);
    show(this.root, false);
  }

  setTheme(theme: Theme): void {
    this.theme = theme;
    this.redraw();
  }

  /** The record the Samples card shows now (null: none yet). */
  show(record: ShownSamples | null): void {
    this.record = record;
    this.render();
  }

  render(): void {
    const energy = this.store.run?.config?.loss.kind === 'energy';
    const layout = this.record?.layout ?? null;
    // Images and longer vectors have no plane or line to draw U over.
    show(this.root, energy && (layout === null || layout === 'points1d' || layout === 'points2d'));
    if (this.root.hidden) return;
    this.redraw();
  }

  private redraw(): void {
    if (this.root.hidden) return;
    const record = this.record;
    const width = this.planar.clientWidth || this.root.clientWidth;
    const overlay = this.overlay.input.checked;
    const last = this.drawnFor;
    if (last && last.record === record && last.width === width && last.theme === this.theme && last.overlay === overlay) return;
    const planar = record?.layout === 'points2d' && !!record.grid;
    const linear = record?.layout === 'points1d' && !!record.line;
    show(this.planar, planar);
    show(this.line.root, linear);
    show(this.overlay.root, planar);
    show(this.empty, !planar && !linear);
    setText(this.hint, record ? `step ${formatInteger(record.step)} (the Samples card's step)` : '');
    setText(this.empty, record ? 'This samples record has no energy values.' : emptyText('samples', this.store.run, this.store.loaded));
    if (planar) this.drawPlanar(record, overlay);
    if (linear) {
      const width = this.line.root.clientWidth;
      if (width > 0) renderLegend(this.line.legend, renderEnergyLine(this.line.canvas, record, record.line!, { theme: this.theme, width }));
    }
    this.drawnFor = { record, width, theme: this.theme, overlay };
  }

  private drawPlanar(record: ShownSamples, overlay: boolean): void {
    const grid = record.grid!;
    const width = this.surface.root.clientWidth;
    if (width <= 0 || grid.values.length !== grid.resolution * grid.resolution) return;
    const options = { theme: this.theme, width };
    renderLegend(this.surface.legend, renderEnergySurface(this.surface.canvas, grid, options));
    const model = boltzmannProbabilities(grid.values);
    const real = grid.realProbability?.length === model.length ? grid.realProbability : null;
    const top = sharedMaximum(model, real ?? []);
    const points = overlay ? record.fixed : [];
    renderDensityMap(this.model.canvas, { grid, probabilities: model, top, overlay: points }, options);
    show(this.real.root, real !== null);
    if (real) renderDensityMap(this.real.canvas, { grid, probabilities: real, top, overlay: points }, options);
    const shared: LegendEntry[] = [
      { label: 'probability per cell, log scale shared by both maps', colors: [], style: 'bar' },
      ...(overlay ? [{ label: 'generated (fixed z)', colors: [toCss(this.theme.fake)], style: 'dot' as const }] : []),
    ];
    renderLegend(this.model.legend, shared);
    renderLegend(
      this.real.legend,
      real ? [{ label: 'exact for Gaussian mixtures, else a histogram of 20,000 samples', colors: [], style: 'bar' }] : [],
    );
  }
}
