/**
 * D on a real and a fake batch: the two histograms of one record overlaid (step slider over all
 * records, following the newest by default), and the heat strip of every record over time.
 */
import { Chart, type ChartOptions } from 'chart.js';
import type { HistogramRecord } from '../../../src/shared/runFormat';
import { withAlpha } from '../logic/colors';
import { emptyText } from '../logic/emptyText';
import { formatInteger, formatValue } from '../logic/format';
import { binCentres, toShares } from '../logic/histogram';
import type { RunStore } from '../model/runStore';
import type { UiStateStore } from '../model/uiStateStore';
import { card } from '../ui/card';
import { checkbox, h, setText, show } from '../ui/dom';
import type { Theme } from '../ui/theme';
import { HeatStripView } from './heatStripView';
import type { DashboardTools } from './tools';
import { axisTheme, tooltipTheme, POINT_CHART } from '../charts/chartTheme';

type Point = { x: number; y: number };

export class HistogramView {
  readonly root: HTMLElement;
  private readonly chart: Chart<'bar', Point[]>;
  private readonly canvas: HTMLCanvasElement;
  private readonly content = h('div');
  private readonly empty = h('div', { class: 'gw-empty' });
  private readonly slider = h('input', { type: 'range', min: 0, max: 0, step: 1, 'aria-label': 'histogram step' });
  private readonly stepLabel = h('span', { class: 'gw-step-label' });
  private readonly follow: { root: HTMLLabelElement; input: HTMLInputElement };
  private readonly strip: HeatStripView;
  private selected = -1;
  private theme: Theme;

  constructor(
    private readonly store: RunStore,
    private readonly ui: UiStateStore,
    theme: Theme,
    tools: DashboardTools,
  ) {
    this.theme = theme;
    const c = card('D on real vs fake');
    this.root = c.root;
    this.follow = checkbox('follow newest', ui.get().followHistogram, (checked) => {
      this.ui.update({ followHistogram: checked });
      this.render();
    });
    const stepName = () => {
      const record = this.store.histograms[this.selected];
      return record ? `histogram-step${record.step}` : 'histogram';
    };
    c.head.append(
      h('div', { class: 'gw-toolbar' }, this.follow.root),
      h(
        'div',
        { class: 'gw-card-actions' },
        tools.exporter.pngButton(stepName, 'D on real vs fake', () => this.canvas),
      ),
    );
    this.slider.addEventListener('input', () => this.select(Number(this.slider.value)));
    const canvas = h('canvas', { role: 'img', 'aria-label': 'histogram of D on real and fake' });
    this.canvas = canvas;
    this.strip = new HeatStripView(theme, (index) => this.select(index));
    this.content.append(
      h('div', { class: 'gw-chart short' }, canvas),
      h('div', { class: 'gw-slider-row' }, this.slider, this.stepLabel),
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
    if (this.ui.get().followHistogram || this.selected < 0 || this.selected >= list.length) this.selected = list.length - 1;
    this.follow.input.checked = this.ui.get().followHistogram;
    this.slider.max = String(list.length - 1);
    this.slider.value = String(this.selected);
    const record = list[this.selected]!;
    setText(this.stepLabel, `step ${formatInteger(record.step)} (${this.selected + 1}/${list.length})`);
    this.drawHistogram(record);
    this.strip.render(list, this.selected);
  }

  private select(index: number): void {
    const last = this.store.histograms.length - 1;
    this.selected = Math.max(0, Math.min(last, index));
    if (this.ui.get().followHistogram !== (this.selected === last)) this.ui.update({ followHistogram: this.selected === last });
    this.render();
  }

  private drawHistogram(record: HistogramRecord): void {
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
  }

  private options(record: HistogramRecord | null): ChartOptions<'bar'> {
    const t = this.theme;
    const { muted, grid, font } = axisTheme(t);
    const width = record ? (record.max - record.min) / Math.max(1, record.real.length) : 0;
    return {
      ...POINT_CHART,
      datasets: { bar: { grouped: false, barPercentage: 1, categoryPercentage: 1 } },
      interaction: { mode: 'index', intersect: false },
      scales: {
        x: {
          type: 'linear',
          min: record?.min,
          max: record?.max,
          offset: false,
          title: { display: true, text: record?.scale === 'score' ? 'D score' : 'D(x)', color: muted, font },
          ticks: { color: muted, font, maxRotation: 0 },
          grid: { color: grid },
          border: { color: grid },
        },
        y: {
          type: 'linear',
          beginAtZero: true,
          title: { display: true, text: 'share of batch', color: muted, font },
          ticks: { color: muted, font },
          grid: { color: grid },
          border: { color: grid },
        },
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
