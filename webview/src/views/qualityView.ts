/** Quality metrics over steps: every key the quality records carry, shares on the left axis, distances on the right. */
import type { ChartSeries } from '../charts/seriesChart';
import type { Rgba } from '../logic/colors';
import { compareSeriesId, compareSeriesLabel } from '../logic/compare';
import { emptyText } from '../logic/emptyText';
import { buildQualitySeries } from '../logic/qualitySeries';
import type { RunStore } from '../model/runStore';
import type { UiStateStore } from '../model/uiStateStore';
import { chartCard } from './chartCard';
import type { ZoomableChart } from './zoomableChart';
import type { Theme } from '../ui/theme';
import type { DashboardTools } from './tools';

/** Dash patterns of a compared run's quality series, one per metric (they share the run's hue). */
const QUALITY_DASHES: readonly (readonly number[])[] = [
  [6, 3],
  [2, 3],
  [8, 3, 2, 3],
  [3, 6],
  [12, 4],
  [1, 2],
];

export class QualityView {
  readonly root: HTMLElement;
  private readonly plot: ZoomableChart;
  private theme: Theme;

  constructor(
    private readonly store: RunStore,
    ui: UiStateStore,
    theme: Theme,
    private readonly tools: DashboardTools,
  ) {
    this.theme = theme;
    const c = chartCard(tools, {
      title: 'Quality',
      ariaLabel: 'quality metrics',
      pngName: 'quality',
      chart: {
        chartId: 'quality',
        ui,
        theme,
        yTitle: 'share / bits',
        y2Title: 'KL bits · distance',
        yBounds: () => ({ min: 0, suggestedMax: 1 }),
        y2Bounds: () => ({ min: 0 }),
      },
      actions: [tools.compare.button()],
    });
    this.root = c.root;
    this.plot = c.plot;
    c.body.prepend(tools.compare.chips());
  }

  setTheme(theme: Theme): void {
    this.theme = theme;
    this.plot.setTheme(theme);
    this.render();
  }

  render(): void {
    const records = this.store.quality;
    if (!this.plot.showData(records.length > 0, emptyText('quality', this.store.run, this.store.loaded))) return;
    const t = this.theme;
    const palette = [t.gLoss, t.real, t.dLoss, t.fake, ...t.other.slice(0, 2).reverse()];
    // A real-data reference is drawn dashed in its generated counterpart's colour, so each pair reads as one
    // and the palette goes round only for the measures themselves.
    const colors = new Map<string, Rgba>();
    const series: ChartSeries[] = buildQualitySeries(records).map((s) => {
      const color = (s.referenceFor && colors.get(s.referenceFor)) || palette[colors.size % palette.length]!;
      if (!s.referenceFor) colors.set(s.id, color);
      return {
        id: s.id,
        label: s.label,
        color,
        xs: s.steps,
        ys: s.values,
        axis: s.axis === 'unit' ? 'y' : 'y2',
        dashed: s.axis === 'free' || s.referenceFor !== undefined,
        points: true,
        format: s.format,
      };
    });
    for (const run of this.tools.compared.runs) {
      const color = t.compare[run.colorIndex % t.compare.length]!;
      buildQualitySeries(run.quality).forEach((s, i) =>
        series.push({
          id: compareSeriesId(run.runDir, s.id),
          label: compareSeriesLabel(s.label, run.short),
          color,
          xs: s.steps,
          ys: s.values,
          axis: s.axis === 'unit' ? 'y' : 'y2',
          dash: QUALITY_DASHES[i % QUALITY_DASHES.length]!,
          width: 1.5,
          points: true,
          format: s.format,
        }),
      );
    }
    this.plot.chart.setSeries(series);
    this.plot.chart.render();
  }
}
