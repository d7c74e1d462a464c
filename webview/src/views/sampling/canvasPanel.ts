/** A canvas that follows its container's width (redrawn on resize) with an HTML legend under it. */
import { renderLegend } from '../../samples/legend';
import type { LegendEntry } from '../../samples/types';
import { h } from '../../ui/dom';

/** Draws into the canvas at `width` CSS pixels; returns the legend. */
export type DrawCanvas = (canvas: HTMLCanvasElement, width: number) => LegendEntry[];

export class CanvasPanel {
  readonly root: HTMLElement;
  readonly canvas: HTMLCanvasElement;
  private readonly legend = h('div', { class: 'gw-legend' });
  private draw: DrawCanvas | null = null;
  private lastWidth = 0;

  constructor(ariaLabel: string) {
    this.canvas = h('canvas', { class: 'gw-canvas', role: 'img', 'aria-label': ariaLabel });
    this.root = h('div', { class: 'gw-sampling-panel' }, this.canvas, this.legend);
    new ResizeObserver(() => {
      if (this.root.clientWidth !== this.lastWidth) this.redraw();
    }).observe(this.root);
  }

  /** Draws with `draw` now and on every resize until the next call. */
  show(draw: DrawCanvas): void {
    this.draw = draw;
    this.redraw();
  }

  redraw(): void {
    const width = this.root.clientWidth;
    this.lastWidth = width;
    if (!this.draw || width <= 0) return;
    renderLegend(this.legend, this.draw(this.canvas, width));
  }
}
