/**
 * The comparison's histogram card: every run's D histograms on real and fake at the timeline's
 * step overlaid on one chart (each run in its colour; real solid, fake dashed; shares of the
 * batch over D), with a note per run that has no histogram at exactly that step. Runs whose D has
 * different ranges share the x axis (their union); a critic's raw scores, which are not on D(x)'s
 * [0, 1], get their own axis (on top) when runs of both kinds are compared.
 */
import { Chart, type ChartDataset } from 'chart.js';
import type { ComparedRun } from '../../../src/shared/protocol';
import { axisTheme, linearAxis, POINT_CHART, shareOfBatchAxis, tooltipTheme } from '../charts/chartTheme';
import { alignAt } from '../logic/comparisonSteps';
import { withAlpha } from '../logic/colors';
import { binCentres, toShares } from '../logic/histogram';
import { HistogramTrack } from '../model/histogramTrack';
import { card } from '../ui/card';
import { h, setChildren } from '../ui/dom';
import type { Theme } from '../ui/theme';

type Point = { x: number; y: number };

export class CompareHistograms {
  readonly root: HTMLElement;
  readonly canvas = h('canvas', { role: 'img', 'aria-label': 'histograms of D of the compared runs' });
  private readonly notes = h('div', { class: 'gw-compare-notes' });
  private readonly chart: Chart<'line', Point[]>;
  private runs: { run: ComparedRun; track: HistogramTrack }[] = [];

  constructor(private theme: Theme) {
    const c = card('D on real vs fake, overlaid', { wide: true });
    this.root = c.root;
    c.body.append(h('div', { class: 'gw-chart short' }, this.canvas), this.notes);
    this.chart = new Chart(this.canvas, { type: 'line', data: { datasets: [] }, options: { ...POINT_CHART } });
  }

  setRuns(runs: ComparedRun[]): void {
    this.runs = runs.map((run) => {
      const track = new HistogramTrack();
      track.replace(run.histograms);
      return { run, track };
    });
  }

  setTheme(theme: Theme): void {
    this.theme = theme;
  }

  render(step: number | null): void {
    const t = this.theme;
    const datasets: ChartDataset<'line', Point[]>[] = [];
    const notes: HTMLElement[] = [];
    const shown: (number | null)[] = [];
    const scales = new Set(this.runs.map(({ track }) => track.at(0)?.scale ?? 'probability'));
    const mixed = scales.size > 1;
    this.runs.forEach(({ run, track }, i) => {
      const color = t.compare[i % t.compare.length]!;
      const at = alignAt(track.steps, step, 'histogram');
      const record = at.index >= 0 ? track.at(at.index) : undefined;
      shown.push(record?.step ?? null);
      if (at.note) notes.push(h('div', { class: 'gw-missing' }, `${run.label}: ${at.note}`));
      if (!record) return;
      const centres = binCentres(record.min, record.max, record.real.length);
      for (const [side, counts, dash] of [
        ['real', record.real, []],
        ['fake', record.fake, [5, 3]],
      ] as const) {
        const shares = toShares(counts);
        datasets.push({
          label: `${side} · ${run.label}`,
          data: centres.map((x, k) => ({ x, y: shares[k]! })),
          borderColor: withAlpha(color, 1),
          backgroundColor: withAlpha(color, 0.12),
          borderDash: [...dash],
          borderWidth: 1.5,
          pointRadius: 0,
          stepped: 'middle',
          fill: side === 'real',
          xAxisID: mixed && record.scale === 'score' ? 'xScore' : 'x',
        });
      }
    });
    setChildren(this.notes, ...notes);
    this.canvas.dataset.shownSteps = JSON.stringify(shown);
    const { grid, font } = axisTheme(t);
    this.chart.data.datasets = datasets;
    this.chart.options = {
      ...POINT_CHART,
      interaction: { mode: 'nearest', intersect: false },
      scales: {
        x: linearAxis(t, scales.has('probability') ? 'D(x)' : 'D score'),
        ...(mixed && {
          xScore: linearAxis(t, 'D score (critics)', { position: 'top' as const, grid: { drawOnChartArea: false, color: grid } }),
        }),
        y: shareOfBatchAxis(t),
      },
      plugins: {
        legend: { position: 'top', align: 'start', labels: { color: withAlpha(t.foreground, 1), font, boxWidth: 18, boxHeight: 2 } },
        tooltip: {
          ...tooltipTheme(t),
          callbacks: { label: (item) => `${item.dataset.label ?? ''}: ${((item.parsed.y ?? 0) * 100).toFixed(1)}%` },
        },
        zoom: { zoom: { wheel: { enabled: false }, pinch: { enabled: false } }, pan: { enabled: false } },
      },
    };
    this.chart.update('none');
    const legend = (this.chart.legend?.legendItems ?? []).map((item) => item.text);
    this.canvas.dataset.legend = JSON.stringify(legend);
  }
}
