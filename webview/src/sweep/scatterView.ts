/**
 * A metric against a parameter (chart.js scatter): the user picks the parameter (x) and the metric
 * (y, the objective to start with); each trial with a value is one point, coloured by its state. A
 * parameter of strings (`loss.kind`) is drawn by category, a wide positive one on a log axis.
 */
import { Chart, ScatterController, type ChartDataset, type ChartOptions } from 'chart.js';
import type { SweepTrialState, SweepView } from '../../../src/shared/protocol';
import { axisTheme, tooltipTheme } from '../charts/chartTheme';
import { toCss } from '../logic/colors';
import { formatValue } from '../logic/format';
import { chartCoordinate, sweepAxis, type SweepAxis } from '../logic/sweepAxes';
import { SEED_PARAM } from '../logic/seedGroups';
import { formatParam, metricNames } from '../logic/sweepTrials';
import { h, setChildren } from '../ui/dom';
import type { Theme } from '../ui/theme';

type Point = { x: number; y: number; trial: number };

/** What the chart draws, for tests: each point's trial and values (x as the parameter's value). */
export interface ScatterPoint {
  trial: number;
  x: number | string | boolean;
  y: number;
  state: SweepTrialState;
}

const STATES: SweepTrialState[] = ['done', 'running', 'failed', 'cancelled', 'pending'];

export { fillSelect };

export class ScatterView {
  readonly root: HTMLElement;
  readonly controls: HTMLElement;
  readonly canvas: HTMLCanvasElement;
  private readonly paramPick = h('select', { 'aria-label': 'parameter (x)' });
  private readonly metricPick = h('select', { 'aria-label': 'metric (y)' });
  private readonly chart: Chart<'scatter', Point[]>;
  private last: { sweep: SweepView; theme: Theme } | null = null;

  constructor() {
    Chart.register(ScatterController);
    this.canvas = h('canvas', { role: 'img', 'aria-label': 'metric against parameter' });
    this.root = h('div', { class: 'gw-sweep-chart' }, this.canvas);
    this.controls = h('div', { class: 'gw-toolbar' }, h('label', {}, 'x ', this.paramPick), h('label', {}, 'y ', this.metricPick));
    this.chart = new Chart(this.canvas, { type: 'scatter', data: { datasets: [] } });
    const redraw = () => this.last && this.show(this.last.sweep, this.last.theme);
    this.paramPick.addEventListener('change', redraw);
    this.metricPick.addEventListener('change', redraw);
  }

  show(sweep: SweepView, theme: Theme): void {
    this.last = { sweep, theme };
    fillSelect(
      this.paramPick,
      sweep.parameters,
      sweep.parameters.find((p) => p !== SEED_PARAM),
    );
    fillSelect(this.metricPick, metricNames(sweep));
    const param = this.paramPick.value;
    const metric = this.metricPick.value;
    const axis = sweepAxis(sweep.trials.map((t) => t.params[param]));
    const points: ScatterPoint[] = [];
    for (const t of sweep.trials) {
      const x = t.params[param];
      const y = t.metrics[metric];
      if (x === undefined || y === undefined || !Number.isFinite(y) || chartCoordinate(axis, x) === undefined) continue;
      points.push({ trial: t.index, x, y, state: t.state });
    }
    const colors: Record<SweepTrialState, string> = {
      done: toCss(theme.gLoss),
      running: toCss(theme.real),
      failed: toCss(theme.error),
      cancelled: toCss(theme.muted),
      pending: toCss(theme.muted),
    };
    const datasets: ChartDataset<'scatter', Point[]>[] = STATES.filter((s) => points.some((p) => p.state === s)).map((state) => ({
      label: state,
      data: points.filter((p) => p.state === state).map((p) => ({ x: chartCoordinate(axis, p.x)!, y: p.y, trial: p.trial })),
      backgroundColor: colors[state],
      borderColor: colors[state],
      pointRadius: 5,
      pointHoverRadius: 7,
    }));
    this.chart.data.datasets = datasets;
    this.chart.options = this.options(theme, axis, param, metric, sweep);
    this.chart.update('none');
    this.canvas.dataset.points = JSON.stringify(points);
    this.canvas.dataset.axes = JSON.stringify({ x: param, y: metric, xKind: axis.kind });
  }

  /** Picks the parameter and the metric (tests and the page's first draw). */
  choose(param: string | undefined, metric: string | undefined): void {
    if (param !== undefined) this.paramPick.value = param;
    if (metric !== undefined) this.metricPick.value = metric;
    if (this.last) this.show(this.last.sweep, this.last.theme);
  }

  private options(theme: Theme, axis: SweepAxis, param: string, metric: string, sweep: SweepView): ChartOptions<'scatter'> {
    const { muted, grid, font } = axisTheme(theme);
    const categories = axis.kind === 'category' ? axis.values : [];
    const distinct = [...new Set(sweep.trials.map((t) => t.params[param]).filter((v): v is number => typeof v === 'number'))].sort(
      (a, b) => a - b,
    );
    return {
      animation: false,
      parsing: false,
      responsive: true,
      maintainAspectRatio: false,
      scales: {
        x:
          axis.kind === 'category'
            ? {
                type: 'linear',
                min: -0.5,
                max: categories.length - 0.5,
                title: { display: true, text: param, color: muted, font },
                ticks: { color: muted, font, stepSize: 1, callback: (v) => categories[Number(v)] ?? '' },
                grid: { color: grid },
              }
            : {
                type: axis.kind === 'log' ? 'logarithmic' : 'linear',
                // The range of every trial's value, not only of those drawn yet: points keep their place as trials end.
                ...xRange(axis),
                title: { display: true, text: param, color: muted, font },
                ticks: { color: muted, font, callback: (v) => formatParam(Number(v)) },
                grid: { color: grid },
                // A few values swept: a tick at each; else, on a log axis, only 1, 2 and 5 of each decade.
                afterBuildTicks: (scale) => {
                  if (distinct.length > 0 && distinct.length <= 6) scale.ticks = distinct.map((value) => ({ value }));
                  else if (axis.kind === 'log')
                    scale.ticks = scale.ticks.filter((t) => [1, 2, 5].includes(Number(t.value.toExponential(0).split('e')[0])));
                },
              },
        y: {
          type: 'linear',
          title: { display: true, text: metric, color: muted, font },
          ticks: { color: muted, font },
          grid: { color: grid },
        },
      },
      plugins: {
        legend: { position: 'top', align: 'start', labels: { color: toCss(theme.foreground), font, boxHeight: 8 } },
        tooltip: {
          ...tooltipTheme(theme),
          callbacks: {
            label: (item) => {
              const p = item.raw as Point;
              const trial = sweep.trials.find((t) => t.index === p.trial);
              return `trial ${p.trial}: ${param} ${formatParam(trial?.params[param])}, ${metric} ${formatValue(p.y)}`;
            },
          },
        },
      },
    };
  }
}

/** The x range of a numeric axis, with a margin so the end points are not on the frame. */
function xRange(axis: Extract<SweepAxis, { kind: 'linear' | 'log' }>): { min: number; max: number } {
  if (axis.kind === 'log') return { min: axis.min / 1.3, max: axis.max * 1.3 };
  const pad = axis.max > axis.min ? (axis.max - axis.min) * 0.06 : Math.max(0.5, Math.abs(axis.min) * 0.1);
  return { min: axis.min - pad, max: axis.max + pad };
}

/** Options of a select, keeping the choice when it is still offered (else `fallback`). */
function fillSelect(select: HTMLSelectElement, values: readonly string[], fallback = values[0]): void {
  const current = select.value;
  const offered = Array.from(select.options, (o) => o.value);
  if (offered.join('\n') !== values.join('\n')) setChildren(select, ...values.map((v) => h('option', { value: v }, v)));
  select.value = values.includes(current) ? current : (fallback ?? '');
}
