/**
 * The generated class histogram (MNIST-like runs): a bar per class, its share of the generated
 * images, against the uniform level drawn as a dashed line, for the quality record at the samples
 * card's step (the newest while it follows the newest). KL against uniform and the classes covered
 * are in the card's head. 1,000 Stacked MNIST modes are drawn as sorted shares (classHistogram.ts).
 * The card is hidden for runs whose quality records have no histogram.
 */
import { Chart, type ChartDataset, type ChartOptions } from 'chart.js';
import { axisTheme, tooltipTheme, POINT_CHART } from '../charts/chartTheme';
import { classBars, histogramRecordAt, type ClassBars } from '../logic/classHistogram';
import { withAlpha } from '../logic/colors';
import { formatInteger } from '../logic/format';
import type { RunStore } from '../model/runStore';
import { card } from '../ui/card';
import { h, setText, show } from '../ui/dom';
import type { Theme } from '../ui/theme';
import type { DashboardTools } from './tools';

type Point = { x: number; y: number };
type BarChart = Chart<'bar' | 'line', Point[]>;

const percent = (share: number) => `${(share * 100).toFixed(share < 0.01 ? 2 : 1)}%`;

export class ClassHistogramView {
  readonly root: HTMLElement;
  private readonly chart: BarChart;
  private readonly canvas: HTMLCanvasElement;
  private readonly summary = h('span', { class: 'gw-hint' });
  /** The samples card's step; null while it follows the newest. */
  private step: number | null = null;
  private bars: ClassBars | null = null;
  private theme: Theme;

  constructor(
    private readonly store: RunStore,
    theme: Theme,
    tools: DashboardTools,
  ) {
    this.theme = theme;
    const c = card('Generated classes');
    this.root = c.root;
    this.canvas = h('canvas', { role: 'img', 'aria-label': 'generated class histogram' });
    const stepName = () => `classes-step${histogramRecordAt(this.store.quality, this.step)?.step ?? 0}`;
    c.head.append(
      this.summary,
      h(
        'div',
        { class: 'gw-card-actions' },
        tools.exporter.pngButton(stepName, 'Generated classes', () => this.canvas),
      ),
    );
    c.body.append(h('div', { class: 'gw-chart short' }, this.canvas));
    this.chart = new Chart<'bar' | 'line', Point[]>(this.canvas, { type: 'bar', data: { datasets: [] }, options: this.options() });
    show(this.root, false);
  }

  setTheme(theme: Theme): void {
    this.theme = theme;
    this.render();
  }

  /** The samples card shows this step (null: it follows the newest). */
  showStep(step: number | null): void {
    if (step === this.step) return;
    this.step = step;
    this.render();
  }

  render(): void {
    const record = histogramRecordAt(this.store.quality, this.step);
    show(this.root, record !== null);
    if (!record?.classes) return;
    const bars = classBars(record.classes, record.metrics);
    this.bars = bars;
    const covered = `${formatInteger(bars.covered)}/${formatInteger(bars.classes)} ${bars.noun} covered`;
    const kl = Number.isFinite(bars.kl) ? `KL ${bars.kl.toFixed(3)} bit` : 'KL —';
    const text = `step ${formatInteger(record.step)} · ${covered} · ${kl}${bars.sorted ? ' · sorted by share' : ''}`;
    setText(this.summary, text);
    const t = this.theme;
    const n = bars.shares.length;
    const datasets: ChartDataset<'bar' | 'line', Point[]>[] = [
      {
        type: 'bar',
        label: `generated (${formatInteger(bars.total)} images)`,
        data: bars.shares.map((y, x) => ({ x, y })),
        backgroundColor: withAlpha(t.fake, bars.sorted ? 0.9 : 0.7),
        borderColor: withAlpha(t.fake, 1),
        borderWidth: 0,
        barPercentage: bars.sorted ? 1 : 0.8,
        categoryPercentage: 1,
        order: 1,
      },
      {
        type: 'line',
        label: `uniform (1/${formatInteger(bars.classes)})`,
        data: [
          { x: -0.5, y: bars.uniform },
          { x: n - 0.5, y: bars.uniform },
        ],
        borderColor: withAlpha(t.real, 1),
        backgroundColor: withAlpha(t.real, 1),
        borderWidth: 2,
        borderDash: [6, 4],
        pointRadius: 0,
        pointHoverRadius: 0,
        order: 0,
      },
    ];
    this.chart.data.datasets = datasets;
    this.chart.options = this.options();
    this.chart.update('none');
    this.canvas.setAttribute('aria-label', `generated class histogram at ${text}`);
    // What the canvas shows, for the render tests: the bars and the uniform level.
    this.canvas.dataset.bars = String(n);
    this.canvas.dataset.uniform = String(bars.uniform);
    this.canvas.dataset.legend = JSON.stringify(
      (this.chart.legend?.legendItems ?? []).map((i) => ({ text: i.text, hidden: i.hidden === true })),
    );
  }

  private options(): ChartOptions<'bar' | 'line'> {
    const t = this.theme;
    const { muted, grid, font } = axisTheme(t);
    const bars = this.bars;
    const n = bars?.shares.length ?? 1;
    const label = (x: number) => (bars && Number.isInteger(x) && x >= 0 && x < n ? bars.labels[x]! : '');
    return {
      ...POINT_CHART,
      interaction: { mode: 'nearest', axis: 'x', intersect: false },
      scales: {
        x: {
          type: 'linear',
          min: -0.5,
          max: n - 0.5,
          offset: false,
          title: { display: true, text: bars?.sorted ? `${bars.noun}, most generated first` : 'class', color: muted, font },
          // Every class named when they fit (10 digits); ranks at round numbers when sorted.
          afterBuildTicks: (axis) => {
            const step = bars?.sorted ? (n > 500 ? 100 : 10) : 1;
            const ticks = [];
            for (let x = bars?.sorted ? step - 1 : 0; x < n; x += step) ticks.push({ value: x });
            axis.ticks = ticks;
          },
          ticks: { color: muted, font, maxRotation: 0, autoSkip: false, callback: (v) => label(Number(v)) },
          grid: { display: false },
          border: { color: grid },
        },
        y: {
          type: 'linear',
          beginAtZero: true,
          suggestedMax: bars ? 2 * bars.uniform : 0.2,
          title: { display: true, text: 'share of generated', color: muted, font },
          ticks: { color: muted, font, callback: (v) => percent(Number(v)) },
          grid: { color: grid },
          border: { color: grid },
        },
      },
      plugins: {
        legend: {
          position: 'top',
          align: 'start',
          labels: {
            color: withAlpha(t.foreground, 1),
            font,
            usePointStyle: true,
            pointStyleWidth: 22,
            boxHeight: 8,
            sort: (a, b) => (a.datasetIndex ?? 0) - (b.datasetIndex ?? 0),
            // The bars as a box, the uniform level as a dashed line sample.
            generateLabels: (chart) =>
              Chart.defaults.plugins.legend.labels
                .generateLabels(chart)
                .map((item) =>
                  item.datasetIndex === 1
                    ? { ...item, pointStyle: 'line', lineDash: [6, 4], lineWidth: 2 }
                    : { ...item, pointStyle: 'rect' },
                ),
          },
        },
        tooltip: {
          ...tooltipTheme(t),
          filter: (item) => item.datasetIndex === 0,
          callbacks: {
            title: (items) => {
              const x = items[0]?.parsed.x;
              if (x === undefined || x === null || !bars) return '';
              return bars.sorted ? `rank ${label(x)} of ${formatInteger(n)} ${bars.noun}` : `class ${label(x)}`;
            },
            label: (item) => `${percent(item.parsed.y ?? 0)} of generated (uniform ${percent(bars?.uniform ?? 0)})`,
          },
        },
        zoom: { zoom: { wheel: { enabled: false }, pinch: { enabled: false } }, pan: { enabled: false } },
      },
    };
  }
}
