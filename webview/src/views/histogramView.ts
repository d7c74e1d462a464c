/**
 * D on a real and a fake batch: the two histograms of the record at the timeline's step (the
 * newest at or before it; the card's own step while unpinned) overlaid, and the heat strip of
 * every record over time (a click on a column moves the timeline, or the unpinned card, there).
 */
import { Chart, type ChartOptions } from 'chart.js';
import { withAlpha } from '../logic/colors';
import { emptyText } from '../logic/emptyText';
import { formatInteger, formatValue } from '../logic/format';
import { binCentres, toShares } from '../logic/histogram';
import { recordIndexAt, StepPin } from '../logic/timeline';
import type { HistogramAt } from '../model/histogramTrack';
import type { RunStore } from '../model/runStore';
import { card } from '../ui/card';
import { h, setText, show } from '../ui/dom';
import type { Theme } from '../ui/theme';
import { HeatStripView } from './heatStripView';
import { pinToggle } from './pinToggle';
import type { DashboardTools } from './tools';
import { axisTheme, linearAxis, POINT_CHART, shareOfBatchAxis, tooltipTheme } from '../charts/chartTheme';

type Point = { x: number; y: number };

export class HistogramView {
  readonly root: HTMLElement;
  private readonly chart: Chart<'bar', Point[]>;
  private readonly canvas: HTMLCanvasElement;
  private readonly content = h('div');
  private readonly empty = h('div', { class: 'gw-empty' });
  private readonly stepLabel = h('div', { class: 'gw-step-label gw-shown-step' });
  private readonly pin: StepPin;
  private readonly strip: HeatStripView;
  private selected = -1;
  private theme: Theme;

  constructor(
    private readonly store: RunStore,
    theme: Theme,
    tools: DashboardTools,
  ) {
    this.theme = theme;
    const c = card('D on real vs fake');
    this.root = c.root;
    this.pin = new StepPin(tools.timeline);
    const stepName = () => {
      const record = this.store.histograms.at(this.selected);
      return record ? `histogram-step${record.step}` : 'histogram';
    };
    c.head.append(
      h(
        'div',
        { class: 'gw-toolbar' },
        pinToggle(this.pin, () => this.render()),
      ),
      h(
        'div',
        { class: 'gw-card-actions' },
        tools.exporter.pngButton(stepName, 'D on real vs fake', () => this.canvas),
      ),
    );
    const canvas = h('canvas', { role: 'img', 'aria-label': 'histogram of D on real and fake' });
    this.canvas = canvas;
    this.strip = new HeatStripView(theme, (index) => this.select(index));
    this.content.append(
      h('div', { class: 'gw-chart short' }, canvas),
      this.stepLabel,
      h(
        'div',
        { class: 'gw-subhead' },
        h('h3', {}, 'Over time (columns: records; rows: D; hue: real, fake, both)'),
        tools.exporter.pngButton('heatstrip', 'D histograms over time', () => this.strip.canvas),
      ),
      this.strip.root,
    );
    c.body.append(this.content, this.empty);
    this.chart = new Chart(canvas, { type: 'bar', data: { datasets: [] }, options: this.options(null) });
  }

  setTheme(theme: Theme): void {
    this.theme = theme;
    this.strip.setTheme(theme);
    this.render();
  }

  render(): void {
    const list = this.store.histograms;
    const hasData = list.length > 0;
    show(this.content, hasData);
    show(this.empty, !hasData);
    setText(this.empty, emptyText('histograms', this.store.run, this.store.loaded));
    if (!hasData) return;
    const step = this.pin.step;
    this.selected = step === null ? list.length - 1 : recordIndexAt(list.steps, step);
    const record = list.at(this.selected)!;
    const own = this.pin.pinned ? '' : ' · unpinned';
    setText(this.stepLabel, `step ${formatInteger(record.step)} (${this.selected + 1}/${list.length})${own}`);
    this.root.dataset.shownStep = String(record.step);
    this.drawHistogram(record);
    this.strip.render(list, this.selected);
  }

  private select(index: number): void {
    const record = this.store.histograms.at(Math.max(0, Math.min(this.store.histograms.length - 1, index)));
    if (!record) return;
    this.pin.goTo(record.step);
    this.render();
  }

  private drawHistogram(record: HistogramAt): void {
    const centres = binCentres(record.min, record.max, record.real.length);
    const real = toShares(record.real);
    const fake = toShares(record.fake);
    const t = this.theme;
    this.chart.data.datasets = [
      {
        label: 'real',
        data: centres.map((x, i) => ({ x, y: real[i]! })),
        backgroundColor: withAlpha(t.real, 0.55),
        borderColor: withAlpha(t.real, 1),
        borderWidth: 0,
      },
      {
        label: 'fake',
        data: centres.map((x, i) => ({ x, y: fake[i]! })),
        backgroundColor: withAlpha(t.fake, 0.55),
        borderColor: withAlpha(t.fake, 1),
        borderWidth: 0,
      },
    ];
    this.chart.options = this.options(record);
    this.chart.update('none');
    // The legend is drawn in the canvas: its entries also go into data-legend (for the render tests).
    const legend = (this.chart.legend?.legendItems ?? []).map((i) => ({ text: i.text, hidden: i.hidden === true }));
    this.canvas.dataset.legend = JSON.stringify(legend);
    // The record drawn (its step and counts), for the render tests.
    this.canvas.dataset.record = JSON.stringify({ step: record.step, real: [...record.real], fake: [...record.fake] });
  }

  private options(record: HistogramAt | null): ChartOptions<'bar'> {
    const t = this.theme;
    const { font } = axisTheme(t);
    const width = record ? (record.max - record.min) / Math.max(1, record.real.length) : 0;
    return {
      ...POINT_CHART,
      datasets: { bar: { grouped: false, barPercentage: 1, categoryPercentage: 1 } },
      interaction: { mode: 'index', intersect: false },
      scales: {
        x: linearAxis(t, record?.scale === 'score' ? 'D score' : 'D(x)', { min: record?.min, max: record?.max, offset: false }),
        y: shareOfBatchAxis(t),
      },
      plugins: {
        legend: { position: 'top', align: 'start', labels: { color: withAlpha(t.foreground, 1), font, boxWidth: 12, boxHeight: 12 } },
        tooltip: {
          ...tooltipTheme(t),
          callbacks: {
            title: (items) => {
              const x = items[0]?.parsed.x;
              return x === undefined || x === null ? '' : `D in [${formatValue(x - width / 2)}, ${formatValue(x + width / 2)})`;
            },
            label: (item) => `${item.dataset.label ?? ''}: ${((item.parsed.y ?? 0) * 100).toFixed(1)}%`,
          },
        },
        zoom: { zoom: { wheel: { enabled: false }, pinch: { enabled: false } }, pan: { enabled: false } },
      },
    };
  }
}
