/**
 * The comparison's curves: every run's D and G losses on one chart (each run in its colour; D
 * solid, G dashed; EMA-smoothed with the raw values faint behind), with the timeline's cursor; a
 * click on the chart moves the timeline there.
 */
import type { ChartSeries } from '../charts/seriesChart';
import type { StepCursor } from '../charts/stepCursorPlugin';
import type { ComparedRun } from '../../../src/shared/protocol';
import { debiasedEma } from '../logic/smoothing';
import type { UiStateStore } from '../model/uiStateStore';
import { card } from '../ui/card';
import { h } from '../ui/dom';
import type { Theme } from '../ui/theme';
import { ZoomableChart } from '../views/zoomableChart';

const SMOOTHING = 0.6;

export class CompareCurves {
  readonly root: HTMLElement;
  private readonly plot: ZoomableChart;
  private runs: ComparedRun[] = [];

  constructor(
    ui: UiStateStore,
    private theme: Theme,
    cursor: StepCursor,
  ) {
    const c = card('Losses', { wide: true });
    this.root = c.root;
    this.plot = new ZoomableChart(c.body, 'loss curves of the compared runs', {
      chartId: 'compareLoss',
      ui,
      theme,
      yTitle: 'loss',
      cursor,
    });
    c.head.append(h('div', { class: 'gw-toolbar' }, this.plot.reset));
  }

  get canvas(): HTMLCanvasElement {
    return this.plot.canvas;
  }

  setRuns(runs: ComparedRun[]): void {
    this.runs = runs;
    this.render();
  }

  setTheme(theme: Theme): void {
    this.theme = theme;
    this.plot.setTheme(theme);
    this.render();
  }

  render(): void {
    const series: ChartSeries[] = [];
    this.runs.forEach((run, i) => {
      const color = this.theme.compare[i % this.theme.compare.length]!;
      const records = [...run.metrics].sort((a, b) => a.step - b.step);
      const xs = records.map((r) => r.step);
      for (const [key, name, dash] of [
        ['dLoss', 'D loss', undefined],
        ['gLoss', 'G loss', [6, 3]],
      ] as const) {
        const raw = records.map((r) => r[key]);
        series.push({
          id: `${run.runDir}:${key}`,
          label: `${name} · ${run.label}`,
          color,
          xs,
          ys: debiasedEma(raw, SMOOTHING),
          raw,
          ...(dash && { dash: [...dash] }),
        });
      }
    });
    const hasData = this.plot.showData(
      series.some((s) => s.xs.length > 0),
      'None of the compared runs has recorded losses yet.',
    );
    if (!hasData) return;
    this.plot.chart.setSeries(series);
    this.plot.chart.render();
  }
}
