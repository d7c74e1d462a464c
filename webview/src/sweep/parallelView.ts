/**
 * Parallel coordinates of the swept parameters against the objective (chart.js): one vertical axis
 * per parameter and a last one for the objective, each trial a line across them, coloured by its
 * rank (best: the theme's green, worst: its red; no value yet: grey, thin). Each axis has its own
 * scale (sweepAxes.ts), written beside it; the best trial is drawn on top, thickest.
 */
import { Chart, type ChartDataset, type ChartOptions, type Plugin } from 'chart.js';
import type { SweepParamValue, SweepView } from '../../../src/shared/protocol';
import { axisTheme, tooltipTheme } from '../charts/chartTheme';
import { sequential } from '../logic/colorMap';
import { toCss, withAlpha } from '../logic/colors';
import { formatValue } from '../logic/format';
import { axisPosition, axisTicks, sweepAxis, type SweepAxis } from '../logic/sweepAxes';
import { objectiveOf, rankedTrials } from '../../../src/shared/sweepView';
import { formatParam } from '../logic/sweepTrials';
import { h } from '../ui/dom';
import type { Theme } from '../ui/theme';

type Line = ChartDataset<'line', (number | null)[]> & { trial: number };

/** What the chart draws, for tests: each trial's position on each axis (0–1, null: no value). */
export interface ParallelLine {
  trial: number;
  rank: number | null;
  positions: (number | null)[];
}

export class ParallelView {
  readonly root: HTMLElement;
  readonly canvas: HTMLCanvasElement;
  private readonly chart: Chart<'line', (number | null)[]>;
  private axes: SweepAxis[] = [];
  /** Each axis's values over the trials (its labels: each value when there are few). */
  private axisValues: (SweepParamValue | undefined)[][] = [];
  private theme: Theme | null = null;

  constructor() {
    this.canvas = h('canvas', { role: 'img', 'aria-label': 'parameters against the objective' });
    this.root = h('div', { class: 'gw-sweep-chart tall' }, this.canvas);
    const axisLabels: Plugin<'line'> = {
      id: 'sweepAxisLabels',
      afterDraw: (chart) => this.drawAxes(chart as Chart<'line', (number | null)[]>),
    };
    this.chart = new Chart(this.canvas, { type: 'line', data: { labels: [], datasets: [] }, plugins: [axisLabels] });
  }

  show(sweep: SweepView, theme: Theme): void {
    this.theme = theme;
    const columns = [...sweep.parameters, sweep.objective.metric];
    const valueOf = (t: SweepView['trials'][number], i: number) =>
      i < sweep.parameters.length ? t.params[columns[i]!] : objectiveOf(sweep, t);
    this.axisValues = columns.map((_, i) => (i < sweep.parameters.length ? sweep.trials.map((t) => valueOf(t, i)) : []));
    this.axes = columns.map((_, i) => sweepAxis(sweep.trials.map((t) => valueOf(t, i))));
    const ranked = rankedTrials(sweep).map((t) => t.index);
    const worst = Math.max(1, ranked.length - 1);
    const good = [theme.error, theme.warning, theme.gLoss];
    const lines: ParallelLine[] = sweep.trials.map((t) => {
      const rank = ranked.indexOf(t.index);
      return {
        trial: t.index,
        rank: rank < 0 ? null : rank,
        positions: columns.map((_, i) => axisPosition(this.axes[i]!, valueOf(t, i)) ?? null),
      };
    });
    const datasets: Line[] = lines.map((line) => {
      const color =
        line.rank === null ? withAlpha(theme.muted, 0.45) : toCss(sequential(ranked.length < 2 ? 1 : 1 - line.rank / worst, good));
      const best = line.rank === 0;
      return {
        label: `trial ${line.trial}`,
        trial: line.trial,
        data: line.positions,
        borderColor: color,
        backgroundColor: color,
        borderWidth: best ? 3.5 : line.rank === null ? 1 : 1.8,
        borderDash: line.rank === null ? [4, 3] : [],
        pointRadius: best ? 3.5 : 2,
        spanGaps: false,
        order: line.rank === null ? ranked.length + 1 : line.rank,
      };
    });
    this.chart.data.labels = columns.map((c, i) =>
      i === columns.length - 1 ? `${c} (${sweep.objective.lowerIsBetter ? 'lower' : 'higher'} is better)` : c,
    );
    this.chart.data.datasets = datasets;
    this.chart.options = this.options(theme, sweep);
    this.chart.update('none');
    this.canvas.dataset.lines = JSON.stringify(lines);
  }

  private options(theme: Theme, sweep: SweepView): ChartOptions<'line'> {
    const { muted, grid, font } = axisTheme(theme);
    return {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      layout: { padding: { top: 16, right: 24, left: 8 } },
      interaction: { mode: 'nearest', intersect: false },
      scales: {
        x: {
          type: 'category',
          offset: true,
          ticks: { color: toCss(theme.foreground), font },
          grid: { color: withAlpha(theme.muted, 0.9), lineWidth: 1.5 },
        },
        y: { type: 'linear', min: -0.04, max: 1.04, display: false, grid: { color: grid } },
      },
      plugins: {
        legend: { display: false },
        tooltip: {
          ...tooltipTheme(theme),
          callbacks: {
            title: (items) => items[0]?.dataset.label ?? '',
            label: () => '',
            afterBody: (items) => {
              const trial = sweep.trials.find((t) => `trial ${t.index}` === items[0]?.dataset.label);
              if (!trial) return [];
              const objective = objectiveOf(sweep, trial);
              return [
                ...sweep.parameters.map((p) => `${p}: ${formatParam(trial.params[p])}`),
                `${sweep.objective.metric}: ${objective === undefined ? '—' : formatValue(objective)}`,
              ];
            },
          },
        },
      },
      color: muted,
    };
  }

  /** Each axis's scale, written beside its line. */
  private drawAxes(chart: Chart<'line', (number | null)[]>): void {
    const theme = this.theme;
    if (!theme) return;
    const ctx = chart.ctx;
    const { font } = axisTheme(theme);
    ctx.save();
    ctx.font = `${font.size}px ${font.family}`;
    ctx.fillStyle = toCss(theme.foreground);
    ctx.textBaseline = 'middle';
    this.axes.forEach((axis, i) => {
      const x = chart.scales.x!.getPixelForValue(i);
      for (const tick of axisTicks(axis, this.axisValues[i])) {
        const y = chart.scales.y!.getPixelForValue(tick.at);
        // On a patch of the surface, so the lines that end at the label do not cross it.
        const width = ctx.measureText(tick.label).width;
        ctx.fillStyle = toCss(theme.background);
        ctx.fillRect(x + 4, y - font.size / 2 - 2, width + 4, font.size + 4);
        ctx.fillStyle = toCss(theme.foreground);
        ctx.textAlign = 'left';
        ctx.fillText(tick.label, x + 6, y);
      }
    });
    ctx.restore();
  }
}
