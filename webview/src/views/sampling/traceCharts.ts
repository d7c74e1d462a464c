/**
 * chart.js plots of a sampling result over its steps: the energy (mean over the chains, with the
 * min–max band) and the acceptance rate (MALA; Langevin takes every step, drawn as a dashed 1).
 */
import { Chart, type ChartDataset, type ChartOptions } from 'chart.js';
import type { SamplingRecord } from '../../../../src/shared/runFormat';
import { toCss, withAlpha } from '../../logic/colors';
import { formatInteger, formatValue } from '../../logic/format';
import { energyBand } from '../../logic/samplingPlots';
import { h } from '../../ui/dom';
import type { Theme } from '../../ui/theme';
import { axisTheme, tooltipTheme, POINT_CHART } from '../../charts/chartTheme';

type Point = { x: number; y: number };
type LineDataset = ChartDataset<'line', Point[]>;

const points = (xs: readonly number[], ys: readonly number[]): Point[] => xs.map((x, i) => ({ x, y: ys[i]! }));

/** A line chart over steps (no zoom: a result has a few hundred points at most). */
class StepChart {
  readonly root: HTMLElement;
  readonly canvas: HTMLCanvasElement;
  private readonly chart: Chart<'line', Point[]>;
  private readonly ariaLabel: string;

  constructor(
    ariaLabel: string,
    private readonly yTitle: string,
    /** `roundTicksOnly`: no tick at a bound that is not round (the headroom of a max of 1.05). */
    private readonly yBounds: { min?: number; max?: number; roundTicksOnly?: boolean },
  ) {
    this.ariaLabel = ariaLabel;
    this.canvas = h('canvas', { role: 'img', 'aria-label': ariaLabel });
    this.root = h('div', { class: 'gw-chart short' }, this.canvas);
    this.chart = new Chart(this.canvas, { type: 'line', data: { datasets: [] } });
  }

  show(datasets: LineDataset[], theme: Theme): void {
    this.chart.data.datasets = datasets;
    this.chart.options = this.options(theme);
    this.chart.update('none');
    const labels = datasets.map((d) => d.label).filter((l) => l && !l.startsWith('_'));
    this.canvas.setAttribute('aria-label', `${this.ariaLabel}: ${labels.join(', ')}`);
  }

  private options(theme: Theme): ChartOptions<'line'> {
    const { muted, grid, font } = axisTheme(theme);
    return {
      ...POINT_CHART,
      interaction: { mode: 'nearest', axis: 'x', intersect: false },
      scales: {
        x: {
          type: 'linear',
          title: { display: true, text: 'step', color: muted, font },
          ticks: { color: muted, font, precision: 0 },
          grid: { color: grid },
        },
        y: {
          type: 'linear',
          ...(this.yBounds.min !== undefined && { min: this.yBounds.min }),
          ...(this.yBounds.max !== undefined && { max: this.yBounds.max }),
          title: { display: true, text: this.yTitle, color: muted, font },
          ticks: { color: muted, font, includeBounds: !this.yBounds.roundTicksOnly },
          grid: { color: grid },
        },
      },
      plugins: {
        legend: {
          position: 'top',
          align: 'start',
          labels: {
            color: toCss(theme.foreground),
            font,
            boxHeight: 8,
            // Datasets whose label starts with "_" (the band's lower edge) are not listed.
            filter: (item) => !item.text.startsWith('_'),
          },
        },
        tooltip: {
          ...tooltipTheme(theme),
          filter: (item) => !item.dataset.label?.startsWith('_'),
          callbacks: {
            title: (items) => (items.length > 0 ? `step ${formatInteger(items[0]!.parsed.x ?? NaN)}` : ''),
            label: (item) => `${item.dataset.label}: ${formatValue(item.parsed.y ?? NaN)}`,
          },
        },
      },
    };
  }
}

export class EnergyChart {
  private readonly chart = new StepChart('energy per step', 'E(z)', {});
  readonly root = this.chart.root;
  readonly canvas = this.chart.canvas;

  show(record: SamplingRecord, theme: Theme): void {
    const band = energyBand(record);
    const color = theme.dLoss;
    const line = (label: string, ys: number[], extra: Partial<LineDataset>): LineDataset => ({
      label,
      data: points(band.steps, ys),
      pointRadius: 0,
      borderWidth: 0,
      spanGaps: false,
      ...extra,
    });
    this.chart.show(
      [
        line('_min', band.min, { borderColor: 'transparent', fill: false }),
        line('min – max over chains', band.max, { borderColor: 'transparent', backgroundColor: withAlpha(color, 0.2), fill: '-1' }),
        line('mean energy', band.mean, { borderColor: toCss(color), backgroundColor: toCss(color), borderWidth: 2 }),
      ],
      theme,
    );
  }
}

export class AcceptanceChart {
  // A little room above 1, so Langevin's line at 1 does not sit on the frame.
  private readonly chart = new StepChart('acceptance rate per step', 'accepted share', { min: 0, max: 1.05, roundTicksOnly: true });
  readonly root = this.chart.root;
  readonly canvas = this.chart.canvas;

  show(record: SamplingRecord, theme: Theme): void {
    const { steps, acceptanceRate } = record.trace;
    const color = toCss(theme.gLoss);
    const langevin = record.settings.method === 'langevin';
    const datasets: LineDataset[] = [
      {
        label: langevin ? 'Langevin: every step taken (no Metropolis–Hastings test)' : 'accepted share of proposals',
        data: points(steps, acceptanceRate),
        borderColor: color,
        backgroundColor: color,
        borderWidth: langevin ? 1.5 : 1.25,
        borderDash: langevin ? [6, 4] : [],
        pointRadius: 0,
      },
    ];
    if (!langevin && steps.length > 0) {
      const overall = record.acceptanceRate;
      datasets.push({
        label: `overall ${(overall * 100).toFixed(1)}%`,
        data: [
          { x: steps[0]!, y: overall },
          { x: steps[steps.length - 1]!, y: overall },
        ],
        borderColor: withAlpha(theme.muted, 1),
        backgroundColor: withAlpha(theme.muted, 1),
        borderWidth: 1,
        borderDash: [4, 4],
        pointRadius: 0,
      });
    }
    this.chart.show(datasets, theme);
  }
}
