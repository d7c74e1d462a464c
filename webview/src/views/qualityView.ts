/**
 * Quality metrics over steps, one card per quality chart (qualitySeries.ts says which metric goes
 * on which chart and axis): the `quality` card always (its empty state says when records come),
 * the learned image metrics' `distance` and `coverage` cards only when the records have their keys.
 */
import type { AxisBounds, ChartSeries } from '../charts/seriesChart';
import type { Rgba } from '../logic/colors';
import { compareSeriesId, compareSeriesLabel } from '../logic/compare';
import { emptyText } from '../logic/emptyText';
import { buildQualitySeries, classCount, type QualityChartId } from '../logic/qualitySeries';
import type { RunStore } from '../model/runStore';
import type { UiStateStore } from '../model/uiStateStore';
import { show } from '../ui/dom';
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
/** A noise level is dotted (a real-data level is dashed), so the floor and the ceiling of one measure read apart. */
const NOISE_DASH: readonly number[] = [2, 3];
/** The real-data level of a measure that is dashed itself (on the right axis) is dash-dotted. */
const RIGHT_REFERENCE_DASH: readonly number[] = [10, 3, 2, 3];

interface QualityChartSpec {
  title: string;
  ariaLabel: string;
  pngName: string;
  /** Key of the chart's series choices in the view state. */
  chartId: string;
  yTitle: string;
  y2Title: string;
  log: boolean;
  yBounds: (records: RunStore['quality']) => AxisBounds;
  y2Bounds: (records: RunStore['quality']) => AxisBounds;
}

export const QUALITY_CHARTS: Record<QualityChartId, QualityChartSpec> = {
  quality: {
    title: 'Quality',
    ariaLabel: 'quality metrics',
    pngName: 'quality',
    chartId: 'quality',
    yTitle: 'share / bits',
    y2Title: 'KL bits · distance',
    log: false,
    yBounds: () => ({ min: 0, suggestedMax: 1 }),
    y2Bounds: () => ({ min: 0 }),
  },
  distance: {
    title: 'Fréchet / kernel distance',
    ariaLabel: 'Fréchet and kernel distance to real images, lower is better',
    pngName: 'quality-distance',
    chartId: 'quality-distance',
    yTitle: 'Fréchet distance (log) · lower is better',
    y2Title: 'kernel distance',
    log: true,
    yBounds: () => ({}),
    y2Bounds: () => ({ min: 0 }),
  },
  coverage: {
    title: 'Precision / recall / classes',
    ariaLabel: 'precision, recall and classes covered',
    pngName: 'quality-coverage',
    chartId: 'quality-coverage',
    yTitle: 'share',
    y2Title: 'classifier score',
    log: false,
    yBounds: () => ({ min: 0, max: 1 }),
    // The classifier score runs from 1 (one class for every image) to the class count (all classes, each sure).
    y2Bounds: (records) => ({ min: 1, max: classCount(records) ?? 10 }),
  },
};

export class QualityView {
  readonly root: HTMLElement;
  private readonly plot: ZoomableChart;
  private readonly spec: QualityChartSpec;
  private theme: Theme;
  private bounds = '';

  constructor(
    private readonly store: RunStore,
    ui: UiStateStore,
    theme: Theme,
    private readonly tools: DashboardTools,
    private readonly chart: QualityChartId = 'quality',
  ) {
    this.theme = theme;
    const spec = QUALITY_CHARTS[chart];
    this.spec = spec;
    const c = chartCard(tools, {
      title: spec.title,
      ariaLabel: spec.ariaLabel,
      pngName: spec.pngName,
      chart: {
        chartId: spec.chartId,
        ui,
        theme,
        yTitle: spec.yTitle,
        y2Title: spec.y2Title,
        logScale: () => spec.log,
        yBounds: () => spec.yBounds(this.store.quality),
        y2Bounds: () => spec.y2Bounds(this.store.quality),
      },
      // Compared runs are picked and listed on the quality card; every quality chart draws them.
      actions: chart === 'quality' ? [tools.compare.button()] : [],
    });
    this.root = c.root;
    this.plot = c.plot;
    if (chart === 'quality') c.body.prepend(tools.compare.chips());
  }

  setTheme(theme: Theme): void {
    this.theme = theme;
    this.plot.setTheme(theme);
    this.render();
  }

  render(): void {
    const records = this.store.quality;
    const own = buildQualitySeries(records).filter((s) => s.chart === this.chart);
    // Only the quality card stands in for all of them while nothing is recorded.
    show(this.root, own.length > 0 || (this.chart === 'quality' && records.length === 0));
    if (!this.plot.showData(own.length > 0, emptyText('quality', this.store.run, this.store.loaded))) return;
    // Bounds that depend on the records (the classifier score's class count) are re-read when they change.
    const bounds = JSON.stringify([this.spec.yBounds(records), this.spec.y2Bounds(records)]);
    if (bounds !== this.bounds) {
      this.bounds = bounds;
      this.plot.chart.refreshOptions();
    }
    const t = this.theme;
    const palette = [t.gLoss, t.real, t.dLoss, t.fake, ...t.other.slice(0, 2).reverse()];
    // A reference level is drawn in its generated counterpart's colour (dashed: real data, dotted: noise), so
    // each set reads as one and the palette goes round only for the measures themselves.
    const colors = new Map<string, Rgba>();
    const series: ChartSeries[] = own.map((s) => {
      const color = (s.referenceFor && colors.get(s.referenceFor)) || palette[colors.size % palette.length]!;
      if (!s.referenceFor) colors.set(s.id, color);
      return {
        id: s.id,
        label: s.label,
        color,
        xs: s.steps,
        ys: s.values,
        axis: s.axis,
        dashed: s.axis === 'y2' || s.referenceFor !== undefined,
        ...(s.referenceKind === 'noise' && { dash: NOISE_DASH }),
        ...(s.referenceKind === 'real' && s.axis === 'y2' && { dash: RIGHT_REFERENCE_DASH }),
        points: true,
        format: s.format,
      };
    });
    for (const run of this.tools.compared.runs) {
      const color = t.compare[run.colorIndex % t.compare.length]!;
      buildQualitySeries(run.quality)
        .filter((s) => s.chart === this.chart)
        .forEach((s, i) =>
          series.push({
            id: compareSeriesId(run.runDir, s.id),
            label: compareSeriesLabel(s.label, run.short),
            color,
            xs: s.steps,
            ys: s.values,
            axis: s.axis,
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
