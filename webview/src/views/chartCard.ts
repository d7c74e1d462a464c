/** A card around one zoomable chart: Reset zoom in the head's toolbar, then the card's actions ending with PNG export. */
import type { SeriesChartConfig } from '../charts/seriesChart';
import { card, type Card } from '../ui/card';
import { h } from '../ui/dom';
import type { DashboardTools } from './tools';
import { ZoomableChart } from './zoomableChart';

export interface ChartCard extends Card {
  plot: ZoomableChart;
}

export interface ChartCardOptions {
  title: string;
  /** The canvas's accessible name. */
  ariaLabel: string;
  /** The exported PNG's file name stem. */
  pngName: string;
  chart: Omit<SeriesChartConfig, 'zoom' | 'onZoomChange'>;
  /** Buttons before the PNG export. */
  actions?: HTMLElement[];
}

export function chartCard(tools: DashboardTools, options: ChartCardOptions): ChartCard {
  const c = card(options.title);
  const plot = new ZoomableChart(c.body, options.ariaLabel, { cursor: tools.timeline, ...options.chart });
  c.head.append(
    h('div', { class: 'gw-toolbar' }, plot.reset),
    h(
      'div',
      { class: 'gw-card-actions' },
      ...(options.actions ?? []),
      tools.exporter.pngButton(options.pngName, options.title, () => plot.canvas),
    ),
  );
  return { ...c, plot };
}
