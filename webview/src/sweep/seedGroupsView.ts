/**
 * Seeds of one setting: trials that differ only in `seed`, grouped (seedGroups.ts), with the chosen
 * metric's mean ± standard deviation over the seeds, its range and n, as a table and a chart (each
 * seed a small point, the mean a bar with whiskers at ± one standard deviation). A sweep that does
 * not vary the seed says so.
 */
import { Chart, ScatterController, type ChartDataset, type ChartOptions } from 'chart.js';
import type { SweepView } from '../../../src/shared/protocol';
import { axisTheme, tooltipTheme } from '../charts/chartTheme';
import { toCss, withAlpha } from '../logic/colors';
import { formatValue } from '../logic/format';
import { SEED_PARAM, seedGroups, type SeedGroup } from '../logic/seedGroups';
import { metricNames } from '../logic/sweepTrials';
import { h, setChildren, show } from '../ui/dom';
import type { Theme } from '../ui/theme';
import { fillSelect } from './scatterView';

type Point = { x: number; y: number };

export class SeedGroupsView {
  readonly root: HTMLElement;
  readonly controls: HTMLElement;
  readonly canvas: HTMLCanvasElement;
  private readonly metricPick = h('select', { 'aria-label': 'metric over seeds' });
  private readonly table = h('table', { class: 'gw-seed-table' });
  private readonly empty = h('p', { class: 'gw-hint' });
  private readonly chartBox: HTMLElement;
  private readonly chart: Chart<'scatter', Point[]>;
  private last: { sweep: SweepView; theme: Theme } | null = null;

  constructor() {
    Chart.register(ScatterController);
    this.canvas = h('canvas', { role: 'img', 'aria-label': 'mean and spread over seeds' });
    this.chartBox = h('div', { class: 'gw-sweep-chart' }, this.canvas);
    this.root = h('div', {}, this.empty, this.chartBox, this.table);
    this.controls = h('div', { class: 'gw-toolbar' }, h('label', {}, 'metric ', this.metricPick));
    this.chart = new Chart(this.canvas, { type: 'scatter', data: { datasets: [] } });
    this.metricPick.addEventListener('change', () => this.last && this.show(this.last.sweep, this.last.theme));
  }

  show(sweep: SweepView, theme: Theme): void {
    this.last = { sweep, theme };
    fillSelect(this.metricPick, metricNames(sweep));
    const metric = this.metricPick.value;
    const groups = seedGroups(sweep.parameters, sweep.trials, metric);
    const varied = groups.length > 0;
    show(this.empty, !varied);
    show(this.chartBox, varied);
    show(this.table, varied);
    show(this.controls, varied);
    this.empty.textContent = `This sweep does not vary "${SEED_PARAM}": add it to the parameters to see each setting's mean and spread over seeds.`;
    this.table.dataset.groups = JSON.stringify(
      groups.map(({ label, n, mean, sd, min, max, trials }) => ({ label, n, mean, sd, min, max, trials })),
    );
    if (!varied) return;
    this.renderTable(groups, metric);
    this.renderChart(groups, metric, theme);
  }

  /** Chooses the metric (tests). */
  choose(metric: string): void {
    this.metricPick.value = metric;
    if (this.last) this.show(this.last.sweep, this.last.theme);
  }

  private renderTable(groups: SeedGroup[], metric: string): void {
    const num = (v: number) => (Number.isFinite(v) ? formatValue(v) : '—');
    setChildren(
      this.table,
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { class: 'text' }, 'setting'),
          h('th', {}, 'n'),
          h('th', {}, `${metric} mean ± sd`),
          h('th', {}, 'min – max'),
          h('th', { class: 'text' }, 'trials'),
        ),
      ),
      h(
        'tbody',
        {},
        ...groups.map((g) =>
          h(
            'tr',
            { 'data-setting': g.label },
            h('td', { class: 'text' }, g.label),
            h('td', {}, `${g.n}/${g.trials.length}`),
            h('td', { class: 'mean' }, g.n === 0 ? '—' : `${num(g.mean)} ± ${num(g.sd)}`),
            h('td', {}, g.n === 0 ? '—' : `${num(g.min)} – ${num(g.max)}`),
            h('td', { class: 'text' }, g.trials.map((t) => `#${t}`).join(' ')),
          ),
        ),
      ),
    );
  }

  private renderChart(groups: SeedGroup[], metric: string, theme: Theme): void {
    const { muted, grid, font } = axisTheme(theme);
    const seedColor = withAlpha(theme.muted, 0.9);
    const meanColor = toCss(theme.real);
    const withValues = groups.map((g, i) => ({ g, i })).filter(({ g }) => g.n > 0);
    const datasets: ChartDataset<'scatter', Point[]>[] = [
      {
        label: 'seeds',
        // Beside the mean's bar, so the seeds are not hidden behind it.
        data: withValues.flatMap(({ g, i }) => g.values.map((v) => ({ x: i - 0.22, y: v.value }))),
        backgroundColor: seedColor,
        borderColor: seedColor,
        pointRadius: 3,
      },
      {
        label: 'mean',
        data: withValues.map(({ g, i }) => ({ x: i, y: g.mean })),
        backgroundColor: meanColor,
        borderColor: meanColor,
        pointStyle: 'line',
        pointRadius: 14,
        borderWidth: 3,
      },
      ...withValues.map(({ g, i }): ChartDataset<'scatter', Point[]> => ({
        label: '_± sd',
        data: [
          { x: i, y: g.mean - g.sd },
          { x: i, y: g.mean + g.sd },
        ],
        showLine: true,
        borderColor: meanColor,
        backgroundColor: meanColor,
        borderWidth: 2,
        pointStyle: 'line',
        pointRadius: 7,
      })),
    ];
    const options: ChartOptions<'scatter'> = {
      animation: false,
      parsing: false,
      responsive: true,
      maintainAspectRatio: false,
      scales: {
        x: {
          type: 'linear',
          min: -0.5,
          max: groups.length - 0.5,
          ticks: { color: muted, font, autoSkip: false, callback: (v) => groups[Number(v)]?.shortLabel ?? '' },
          afterBuildTicks: (scale) => {
            scale.ticks = groups.map((_, i) => ({ value: i }));
          },
          grid: { color: grid },
        },
        y: {
          type: 'linear',
          title: { display: true, text: metric, color: muted, font },
          ticks: { color: muted, font },
          grid: { color: grid },
        },
      },
      plugins: {
        legend: {
          position: 'top',
          align: 'start',
          labels: { color: toCss(theme.foreground), font, boxHeight: 8, filter: (item) => !item.text.startsWith('_') },
        },
        tooltip: {
          ...tooltipTheme(theme),
          filter: (item) => !(item.dataset.label ?? '').startsWith('_'),
          callbacks: {
            label: (item) => {
              const g = groups[Math.round((item.raw as Point).x)];
              if (!g) return '';
              return item.dataset.label === 'mean'
                ? `${g.label}: mean ${formatValue(g.mean)} ± ${formatValue(g.sd)} (n = ${g.n})`
                : `${g.label}: ${formatValue((item.raw as Point).y)}`;
            },
          },
        },
      },
    };
    this.chart.data.datasets = datasets;
    this.chart.options = options;
    this.chart.update('none');
  }
}
