/**
 * A zoomable line chart inside a card: canvas, empty-state text and a Reset zoom button that is
 * enabled only while zoomed. The loss, D-score and quality views share it.
 */
import { SeriesChart, type SeriesChartConfig } from '../charts/seriesChart';
import { button, h, setText, show } from '../ui/dom';
import type { Theme } from '../ui/theme';

export class ZoomableChart {
  readonly chart: SeriesChart;
  readonly reset: HTMLButtonElement;
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
    this.box.append(canvas);
    body.append(this.box, this.empty);
    this.reset = button('Reset zoom', () => this.chart.resetZoom(), { class: 'secondary small', title: 'Show all steps' });
    this.reset.disabled = true;
    this.chart = new SeriesChart(canvas, { ...config, zoom: true, onZoomChange: (zoomed) => (this.reset.disabled = !zoomed) });
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
