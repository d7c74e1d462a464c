/**
 * A zoomable line chart inside a card: canvas, empty-state text and a Reset zoom button that is
 * enabled only while zoomed. The loss, D-score and quality views share it.
 */
import { SeriesChart, type SeriesChartConfig } from '../charts/seriesChart';
import { button, h, setText, show } from '../ui/dom';
import type { Theme } from '../ui/theme';

/** Heights of the chart boxes (.gw-chart.short and .gw-chart in styles.ts) and of a one-row legend. */
const SHORT_HEIGHT = 200;
const TALL_HEIGHT = 280;
const ONE_LEGEND_ROW = 32;

export class ZoomableChart {
  readonly chart: SeriesChart;
  readonly reset: HTMLButtonElement;
  readonly canvas: HTMLCanvasElement;
  private readonly box: HTMLElement;
  private readonly empty = h('div', { class: 'gw-empty' });

  constructor(
    body: HTMLElement,
    ariaLabel: string,
    config: Omit<SeriesChartConfig, 'zoom' | 'onZoomChange'>,
    size: 'short' | 'tall' = 'short',
  ) {
    this.box = h('div', { class: size === 'short' ? 'gw-chart short' : 'gw-chart' });
    const canvas = h('canvas', { role: 'img', 'aria-label': ariaLabel });
    this.canvas = canvas;
    this.box.append(canvas);
    body.append(this.box, this.empty);
    this.reset = button('Reset zoom', () => this.chart.resetZoom(), { class: 'secondary small', title: 'Show all steps' });
    this.reset.disabled = true;
    const base = size === 'short' ? SHORT_HEIGHT : TALL_HEIGHT;
    let grown = 0;
    this.chart = new SeriesChart(canvas, {
      ...config,
      zoom: true,
      onZoomChange: (zoomed) => (this.reset.disabled = !zoomed),
      // A legend of more than one row (compared runs) makes the box taller instead of the plot smaller.
      onLegendHeight: (height) => {
        const extra = Math.max(0, Math.round(height - ONE_LEGEND_ROW));
        if (Math.abs(extra - grown) < 2) return;
        grown = extra;
        this.box.style.height = extra > 0 ? `${base + extra}px` : '';
      },
    });
  }

  /** Shows the chart when there is data, else `emptyMessage`; returns whether there is data. */
  showData(hasData: boolean, emptyMessage: string): boolean {
    show(this.box, hasData);
    show(this.empty, !hasData);
    setText(this.empty, emptyMessage);
    show(this.reset, hasData);
    return hasData;
  }

  setTheme(theme: Theme): void {
    this.chart.setTheme(theme);
  }
}
