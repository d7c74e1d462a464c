/**
 * A samples record drawn on a canvas that follows its container's width (redrawn on resize), with
 * its legend, or an empty-state line when there is nothing yet.
 */
import type { ShownSamples } from '../../../src/shared/protocol';
import type { Experiment } from '../../../src/shared/experiment/schema';
import { h, setText, show } from '../ui/dom';
import type { Theme } from '../ui/theme';
import { renderLegend } from './legend';
import { fixedGridPlacement } from './renderImages';
import { renderSamples } from './renderSamples';

export interface SamplePlotContext {
  compact: boolean;
  theme: () => Theme;
  config: () => Experiment | null;
  showGradients: () => boolean;
  /** images: the generated tile selected for its nearest training images; left out where the view offers no selection. */
  selectedTile?: () => number | null;
}

export class SamplePlot {
  readonly root: HTMLElement;
  readonly canvas = h('canvas', { class: 'gw-canvas', role: 'img' });
  private readonly legend = h('div', { class: 'gw-legend' });
  private readonly empty = h('div', { class: 'gw-empty' });
  private record: ShownSamples | null = null;
  private lastWidth = 0;
  private drawn = false;

  constructor(private readonly context: SamplePlotContext) {
    this.root = h('div', {}, this.canvas, this.legend, this.empty);
    new ResizeObserver(() => {
      const width = this.root.clientWidth;
      if (width !== this.lastWidth) this.redraw();
    }).observe(this.root);
  }

  /** Shows `record`, or `emptyText` when it is null. */
  show(record: ShownSamples | null, emptyText: string): void {
    setText(this.empty, emptyText);
    if (record === this.record && this.lastWidth === this.root.clientWidth && this.drawn) return;
    this.record = record;
    this.redraw();
  }

  redraw(): void {
    const record = this.record;
    show(this.empty, !record);
    show(this.canvas, !!record);
    show(this.legend, !!record);
    const width = this.root.clientWidth;
    this.lastWidth = width;
    this.drawn = !!record && width > 0;
    if (!record || width <= 0) return;
    const entries = renderSamples(this.canvas, record, {
      theme: this.context.theme(),
      config: this.context.config(),
      showGradients: this.context.showGradients(),
      width,
      compact: this.context.compact,
      ...(this.context.selectedTile && { selectedTile: this.context.selectedTile() }),
    });
    this.canvas.setAttribute('aria-label', `${record.layout} samples at step ${record.step}`);
    // Where the generated image grid's tiles are, for the render tests (as charts put their legend in data-legend).
    const placement = record.layout === 'images' ? fixedGridPlacement(this.canvas) : null;
    if (placement) this.canvas.dataset.tiles = JSON.stringify(placement);
    else delete this.canvas.dataset.tiles;
    renderLegend(this.legend, entries);
  }
}
