/**
 * A line chart of step series on chart.js: x = step (linear), optional faint raw line behind each
 * smoothed one, legend click toggles a series (remembered in the view state), zoom on x by
 * Ctrl/⌘ + wheel, pinch or a drag across the steps (a plain wheel scrolls the page), Shift + drag
 * pans, and neither goes past the steps recorded; a tooltip with every visible series at the
 * nearest step, and display decimation: only the visible window is drawn, at most DISPLAY_POINTS
 * points per series (min/max buckets).
 */
import { Chart, type ChartDataset, type ChartOptions, type LegendItem, type Plugin, type TooltipItem } from 'chart.js';
import { MinMaxCache, nearestIndex, visibleRange } from '../logic/decimate';
import { withAlpha, type Rgba } from '../logic/colors';
import { formatInteger, formatValue } from '../logic/format';
import type { UiStateStore } from '../model/uiStateStore';
import { isSeriesVisible } from '../model/uiState';
import type { Theme } from '../ui/theme';
import { markersPlugin, type HorizontalMark, type VerticalMark } from './markersPlugin';
import { stepCursorPlugin, type StepCursor } from './stepCursorPlugin';
import { axisTheme, tooltipTheme } from './chartTheme';

/** At most this many points per series are drawn; fewer on narrow charts (two per pixel column: min and max). */
export const DISPLAY_POINTS = 2000;

export interface ChartSeries {
  /** Stable id: the key of the user's show/hide choice. */
  id: string;
  label: string;
  color: Rgba;
  xs: readonly number[];
  ys: readonly number[];
  /** Unsmoothed values (same xs), drawn faintly behind `ys`. */
  raw?: readonly number[];
  dashed?: boolean;
  /** Own dash pattern and width (overlays of compared runs); else from `dashed` and density. */
  dash?: readonly number[];
  width?: number;
  axis?: 'y' | 'y2';
  hiddenByDefault?: boolean;
  /** Draw a dot at every point (sparse series such as quality records). */
  points?: boolean;
  /** Tooltip text of a value at an index of `ys`. */
  format?: (value: number, index: number) => string;
  /** Bumped when values were replaced in place rather than appended (MetricColumns.generation). */
  generation?: number;
}

export interface AxisBounds {
  min?: number;
  max?: number;
  suggestedMin?: number;
  suggestedMax?: number;
}

export interface SeriesChartConfig {
  /** Key of this chart's series choices in the view state. */
  chartId: string;
  ui: UiStateStore;
  theme: Theme;
  zoom: boolean;
  yTitle: string;
  y2Title?: string;
  /** Tick text of the left axis (default: four significant digits). */
  yTicks?: (value: number) => string;
  /** Ticks of the left axis at whole numbers only (counts). */
  yIntegers?: boolean;
  logScale?: () => boolean;
  yBounds?: () => AxisBounds;
  y2Bounds?: () => AxisBounds;
  marks?: () => { vertical: VerticalMark[]; horizontal: HorizontalMark[] };
  onZoomChange?: (zoomed: boolean) => void;
  /** After the user zoomed or panned: the steps shown, or null for all (small multiples follow each other). */
  onStepRange?: (range: StepRange | null) => void;
  /** The legend's height after a render (the chart's box grows with it, so the plot keeps its size). */
  onLegendHeight?: (height: number) => void;
  /** The timeline's step, drawn as a cursor; a click moves it (issue 24). */
  cursor?: StepCursor;
}

/** A window of steps on the x axis. */
export interface StepRange {
  min: number;
  max: number;
}

type Point = { x: number; y: number };
type LineChart = Chart<'line', Point[]>;

interface DatasetInfo {
  series: ChartSeries;
  raw: boolean;
  /** Decimation state of this dataset's values (kept while the series stays). */
  cache: MinMaxCache;
}

export class SeriesChart {
  private readonly chart: LineChart;
  private readonly canvas: HTMLCanvasElement;
  private readonly ariaLabel: string;
  private legendText = '';
  private series: ChartSeries[] = [];
  private info: DatasetInfo[] = [];
  private signature = '';
  private theme: Theme;
  /** Set by the zoom plugin's callbacks (wheel, pinch, drag), cleared by Reset. */
  private zoomed = false;
  /** While this chart changes its own zoom: the plugin's callbacks are ignored. */
  private quiet = false;
  /** Ends the chart's subscription to the timeline (destroy). */
  private stopCursor: () => void = () => {};

  constructor(
    canvas: HTMLCanvasElement,
    private readonly config: SeriesChartConfig,
  ) {
    this.theme = config.theme;
    this.canvas = canvas;
    this.ariaLabel = canvas.getAttribute('aria-label') ?? '';
    const marks = markersPlugin(() => ({
      ...(this.config.marks?.() ?? { vertical: [], horizontal: [] }),
      font: `${Math.max(10, this.theme.fontSize - 2)}px ${this.theme.fontFamily}`,
      labelBackground: withAlpha(this.theme.background, 0.85),
    }));
    // The data attributes follow every update, a resize's too (its ticks and plot area change).
    const describe = {
      id: 'gwDescribe',
      afterUpdate: () => {
        if (!this.chart) return;
        this.describeRange();
        this.describeLegend();
      },
    };
    const plugins: Plugin<'line'>[] = [marks, describe];
    const cursor = config.cursor;
    if (cursor) {
      plugins.push(
        stepCursorPlugin(cursor, () => ({
          color: withAlpha(this.theme.foreground, 0.85),
          font: `${Math.max(10, this.theme.fontSize - 2)}px ${this.theme.fontFamily}`,
        })),
      );
      this.stopCursor = cursor.onCursorMove(() => {
        if (this.chart.canvas.isConnected) this.chart.draw();
      });
    }
    this.chart = new Chart(canvas, { type: 'line', data: { datasets: [] }, options: this.options(), plugins });
  }

  setSeries(series: ChartSeries[]): void {
    this.series = series;
  }

  setTheme(theme: Theme): void {
    this.theme = theme;
    this.refreshOptions();
  }

  /** Re-reads log scale and bounds (after the user toggled them). */
  refreshOptions(): void {
    // Keep the x range: the zoomed one, else the steps recorded (chart.options only reflects the new
    // options after the next update, so the range goes into them here).
    const range = this.zoomed ? { min: this.chart.scales.x?.min, max: this.chart.scales.x?.max } : this.stepRange();
    const options = this.options();
    Object.assign((options.scales as Record<string, object>).x!, range);
    this.chart.options = options;
  }

  isZoomed(): boolean {
    return this.zoomed;
  }

  resetZoom(): void {
    this.zoomed = false;
    this.quietly(() => this.chart.resetZoom('none'));
    this.render();
    this.config.onZoomChange?.(false);
  }

  /** Shows `range` (another chart's zoom), or every step; the zoom callbacks are not called. */
  showSteps(range: StepRange | null): void {
    this.quietly(() => {
      if (range) {
        this.chart.zoomScale('x', range, 'none');
        this.zoomed = this.chart.isZoomedOrPanned();
      } else {
        this.zoomed = false;
        this.chart.resetZoom('none');
      }
    });
    this.render();
  }

  private quietly(action: () => void): void {
    this.quiet = true;
    try {
      action();
    } finally {
      this.quiet = false;
    }
  }

  /** Syncs the datasets with the series (visible window, decimated) and redraws without animation. */
  render(): void {
    const signature = this.series.map((s) => `${s.id}:${s.raw ? 1 : 0}:${s.axis ?? 'y'}`).join('|');
    if (signature !== this.signature) {
      this.signature = signature;
      const caches = new Map(this.info.map((i) => [`${i.series.id}:${i.raw}`, i.cache]));
      const cache = (s: ChartSeries, raw: boolean) => caches.get(`${s.id}:${raw}`) ?? new MinMaxCache();
      this.info = [];
      for (const s of this.series) this.info.push({ series: s, raw: false, cache: cache(s, false) });
      for (const s of this.series) if (s.raw) this.info.push({ series: s, raw: true, cache: cache(s, true) });
      this.chart.data.datasets = this.info.map(() => ({ data: [] }) as ChartDataset<'line', Point[]>);
    }
    const byId = new Map(this.series.map((s) => [s.id, s]));
    const log = this.config.logScale?.() ?? false;
    const zoomed = this.isZoomed();
    const minX = zoomed ? this.chart.scales.x?.min : undefined;
    const maxX = zoomed ? this.chart.scales.x?.max : undefined;
    const xScale = this.chart.options.scales?.x;
    const steps = this.stepRange();
    if (!zoomed && xScale) Object.assign(xScale, steps);
    const zoomOptions = this.chart.options.plugins?.zoom;
    if (zoomOptions) zoomOptions.limits = zoomLimits(steps);
    const ui = this.config.ui.get();
    const target = Math.max(200, Math.min(DISPLAY_POINTS, Math.round(this.chart.chartArea?.width ?? DISPLAY_POINTS)));
    this.info.forEach((info, i) => {
      const s = byId.get(info.series.id)!;
      info.series = s;
      const values = info.raw ? s.raw! : s.ys;
      const dataset = this.chart.data.datasets[i]!;
      dataset.hidden = !isSeriesVisible(ui, this.config.chartId, s.id, s.hiddenByDefault);
      // Only the left axis can be logarithmic: values ≤ 0 become gaps there alone.
      const gapsAtZero = log && (s.axis ?? 'y') === 'y';
      dataset.data = dataset.hidden ? [] : decimated(info.cache, s.xs, values, minX, maxX, gapsAtZero, target, s.generation ?? 0);
      Object.assign(dataset, this.datasetStyle(s, info.raw, dataset.data.length > target / 4));
    });
    this.chart.update('none');
    this.config.onLegendHeight?.(this.chart.legend?.height ?? 0);
  }

  /** The x range drawn and the plot area, in `data-x-range` (JSON [min, max]) and `data-plot-area` for the render tests. */
  private describeRange(): void {
    const x = this.chart.scales.x;
    if (x) this.canvas.dataset.xRange = JSON.stringify([x.min, x.max]);
    const { left, top, right, bottom } = this.chart.chartArea ?? {};
    this.canvas.dataset.plotArea = JSON.stringify({ left, top, right, bottom });
  }

  /** The legend as drawn (labels, and whether each series is hidden). */
  legendEntries(): { text: string; hidden: boolean }[] {
    return (this.chart.legend?.legendItems ?? []).map((item) => ({ text: item.text, hidden: item.hidden === true }));
  }

  /** Each axis drawn: its type, title, the series on it (labels) and its tick labels as drawn, left axis first. */
  axes(): { id: 'y' | 'y2'; type: 'linear' | 'logarithmic'; title: string; series: string[]; ticks: string[] }[] {
    const log = this.config.logScale?.() ?? false;
    const on = (axis: 'y' | 'y2') => this.series.filter((s) => (s.axis ?? 'y') === axis).map((s) => s.label);
    const ticks = (axis: 'y' | 'y2') => (this.chart.scales[axis]?.ticks ?? []).map((t) => String(t.label ?? '')).filter((t) => t !== '');
    const y = {
      id: 'y' as const,
      type: log ? ('logarithmic' as const) : ('linear' as const),
      title: this.config.yTitle,
      series: on('y'),
      ticks: ticks('y'),
    };
    const y2 = { id: 'y2' as const, type: 'linear' as const, title: this.config.y2Title ?? '', series: on('y2'), ticks: ticks('y2') };
    return y2.series.length > 0 ? [y, y2] : [y];
  }

  /**
   * The legend and the reference lines are drawn in the canvas: they also go into the canvas's
   * accessible name, and into `data-legend`, `data-references` and `data-axes` (JSON) for the render tests.
   */
  private describeLegend(): void {
    const entries = this.legendEntries();
    const references = (this.config.marks?.().horizontal ?? []).map((m) => ({ y: m.y, label: m.label }));
    const axes = this.axes();
    const text = JSON.stringify([entries, references, axes]);
    if (text === this.legendText) return;
    this.legendText = text;
    this.canvas.dataset.legend = JSON.stringify(entries);
    this.canvas.dataset.references = JSON.stringify(references);
    this.canvas.dataset.axes = JSON.stringify(axes);
    const names = entries.map((e) => (e.hidden ? `${e.text} (hidden)` : e.text)).join(', ');
    const lines = references.map((r) => r.label).join(', ');
    const described = [names, lines && `reference lines: ${lines}`].filter((t) => t !== '').join('; ');
    this.canvas.setAttribute('aria-label', described ? `${this.ariaLabel}: ${described}` : this.ariaLabel);
  }

  /** The x range when not zoomed: the steps recorded, from 0 unless the series start late (a resumed run). */
  private stepRange(): { min: number | undefined; max: number | undefined } {
    let first = Infinity;
    let last = -Infinity;
    for (const s of this.series) {
      if (s.xs.length === 0) continue;
      first = Math.min(first, s.xs[0]!);
      last = Math.max(last, s.xs[s.xs.length - 1]!);
    }
    if (first === Infinity) return { min: undefined, max: undefined };
    if (!(last > first)) return { min: Math.min(0, first), max: Math.max(1, last) };
    return { min: first <= 0.1 * last ? Math.min(0, first) : first, max: last };
  }

  destroy(): void {
    this.stopCursor();
    this.chart.destroy();
  }

  /**
   * Dense lines (about a point per pixel column) are drawn 1 px wide: a software canvas rasterises
   * a thick or fractional-width stroke over a long jagged path 10–50× slower than a hairline, and
   * dense data reads well at 1 px. Sparse lines get 2 px (totals) and 1 px (dashed terms).
   */
  private datasetStyle(s: ChartSeries, raw: boolean, dense: boolean): Partial<ChartDataset<'line', Point[]>> {
    const thin = raw || dense || s.dashed === true;
    return {
      label: s.label,
      yAxisID: s.axis ?? 'y',
      borderColor: raw ? withAlpha(s.color, 0.22) : withAlpha(s.color, 1),
      backgroundColor: withAlpha(s.color, raw ? 0.22 : 1),
      borderWidth: raw ? 1 : (s.width ?? (thin ? 1 : 2)),
      borderDash: raw ? [] : s.dash ? [...s.dash] : s.dashed ? [5, 3] : [],
      pointRadius: s.points && !raw ? (s.dash ? 1.5 : 2) : 0,
      pointHoverRadius: raw ? 0 : 3,
      pointHitRadius: 0,
      order: raw ? 1 : 0,
      spanGaps: s.points === true,
    };
  }

  private toggle(datasetIndex: number): void {
    const info = this.info[datasetIndex];
    if (!info) return;
    const s = info.series;
    const visible = isSeriesVisible(this.config.ui.get(), this.config.chartId, s.id, s.hiddenByDefault);
    this.config.ui.setVisibility(this.config.chartId, s.id, !visible);
    this.render();
  }

  private options(): ChartOptions<'line'> {
    const t = this.theme;
    const { muted, grid, font } = axisTheme(t);
    const log = this.config.logScale?.() ?? false;
    const yBounds = this.config.yBounds?.() ?? {};
    const hasY2 = this.config.y2Title !== undefined;
    const axisTitle = (text: string) => ({ display: text !== '', text, color: muted, font });
    const onZoom = () => {
      // A reset or a zoom made here (the plugin reports those too) is not the user's.
      if (this.quiet) return;
      this.zoomed = this.chart.isZoomedOrPanned();
      this.render();
      this.config.onZoomChange?.(this.zoomed);
      const x = this.chart.scales.x;
      this.config.onStepRange?.(this.zoomed && x ? { min: x.min, max: x.max } : null);
    };
    return {
      animation: false,
      parsing: false,
      normalized: true,
      responsive: true,
      maintainAspectRatio: false,
      interaction: { mode: 'nearestPerDataset', intersect: false },
      layout: { padding: { top: 4, right: 4 } },
      scales: {
        x: {
          type: 'linear',
          title: axisTitle('step'),
          ticks: { color: muted, font, maxRotation: 0, includeBounds: false, precision: 0, callback: (v) => formatInteger(Number(v)) },
          grid: { color: grid },
          border: { color: grid },
        },
        y: {
          type: log ? 'logarithmic' : 'linear',
          ...(log ? {} : yBounds),
          title: axisTitle(this.config.yTitle),
          ticks: {
            color: muted,
            font,
            ...(this.config.yIntegers && { precision: 0 }),
            callback: (v) => (log && !isRoundLogTick(Number(v)) ? '' : (this.config.yTicks ?? formatValue)(Number(v))),
          },
          grid: { color: grid },
          border: { color: grid },
        },
        ...(hasY2 && {
          y2: {
            type: 'linear',
            position: 'right',
            ...(this.config.y2Bounds?.() ?? {}),
            display: 'auto',
            title: axisTitle(this.config.y2Title ?? ''),
            ticks: { color: muted, font, callback: (v) => formatValue(Number(v)) },
            grid: { drawOnChartArea: false, color: grid },
            border: { color: grid },
          },
        }),
      },
      plugins: {
        legend: {
          position: 'top',
          align: 'start',
          // Every entry is laid out (overlays of compared runs add many); the box grows to fit them.
          maxHeight: 2000,
          labels: {
            color: withAlpha(t.foreground, 1),
            font,
            usePointStyle: true,
            pointStyle: 'line',
            pointStyleWidth: 22,
            boxHeight: 8,
            padding: 10,
            filter: (item: LegendItem) => item.datasetIndex !== undefined && this.info[item.datasetIndex]?.raw === false,
            // The point-style legend draws a line sample without the dataset's dash: add it back.
            generateLabels: (chart) =>
              Chart.defaults.plugins.legend.labels.generateLabels(chart).map((item) => {
                const dataset = item.datasetIndex === undefined ? undefined : chart.data.datasets[item.datasetIndex];
                const dash = (dataset as { borderDash?: number[] } | undefined)?.borderDash;
                return dash && dash.length > 0 ? { ...item, lineDash: dash, lineWidth: 1.5 } : item;
              }),
          },
          onClick: (_e, item) => {
            if (item.datasetIndex !== undefined) this.toggle(item.datasetIndex);
          },
        },
        tooltip: {
          ...tooltipTheme(t),
          titleFont: { ...font, weight: 'bold' },
          bodyFont: font,
          boxPadding: 4,
          filter: (item: TooltipItem<'line'>) => this.info[item.datasetIndex]?.raw === false,
          itemSort: (a, b) => a.datasetIndex - b.datasetIndex,
          callbacks: {
            title: (items) => (items.length > 0 ? `step ${formatInteger(items[0]!.parsed.x ?? NaN)}` : ''),
            label: (item) => this.tooltipLabel(item),
          },
        },
        zoom: {
          zoom: {
            wheel: { enabled: this.config.zoom, speed: 0.1 },
            pinch: { enabled: this.config.zoom },
            drag: {
              enabled: this.config.zoom,
              threshold: 8,
              backgroundColor: withAlpha(t.foreground, 0.08),
              borderColor: withAlpha(t.foreground, 0.45),
              borderWidth: 1,
            },
            mode: 'x',
            // The wheel scrolls the page; it zooms only with Ctrl or ⌘ held (a trackpad's pinch sends Ctrl + wheel).
            onZoomStart: ({ event }) => event.type !== 'wheel' || (event as WheelEvent).ctrlKey || (event as WheelEvent).metaKey,
            onZoomComplete: onZoom,
          },
          // A drag zooms to the steps it spans; Shift + drag pans.
          pan: { enabled: this.config.zoom, mode: 'x', threshold: 4, modifierKey: 'shift', onPanComplete: onZoom },
          limits: zoomLimits(this.stepRange()),
        },
      },
    };
  }

  private tooltipLabel(item: TooltipItem<'line'>): string {
    const info = this.info[item.datasetIndex];
    if (!info) return '';
    const s = info.series;
    const index = nearestIndex(s.xs, item.parsed.x ?? NaN);
    const value = s.ys[index] ?? (item.parsed.y as number);
    const text = s.format ? s.format(value, index) : formatValue(value);
    const raw = s.raw?.[index];
    return raw !== undefined && raw !== value ? `${s.label}: ${text}  (raw ${formatValue(raw)})` : `${s.label}: ${text}`;
  }
}

/** Points of the visible window, at most about `target`; on a log axis values ≤ 0 become gaps. */
function decimated(
  cache: MinMaxCache,
  xs: readonly number[],
  ys: readonly number[],
  min: number | undefined,
  max: number | undefined,
  log: boolean,
  target: number,
  generation: number,
): Point[] {
  const { from, to } = visibleRange(xs, min, max);
  return cache.indices(ys, target, from, Math.min(to, ys.length), generation).map((i) => {
    const y = ys[i]!;
    return { x: xs[i]!, y: log && !(y > 0) ? NaN : y };
  });
}

/** Zoom and pan stay within the steps shown unzoomed (never before the first, or past the last); a window spans at least 4 steps. */
function zoomLimits(steps: { min: number | undefined; max: number | undefined }) {
  if (steps.min === undefined || steps.max === undefined) return {};
  return { x: { min: steps.min, max: steps.max, minRange: Math.min(4, steps.max - steps.min) } };
}

/** Log-axis ticks worth a label: 1, 2 and 5 times a power of ten. */
function isRoundLogTick(v: number): boolean {
  if (!(v > 0)) return false;
  const mantissa = v / Math.pow(10, Math.floor(Math.log10(v) + 1e-9));
  return [1, 2, 5].some((m) => Math.abs(mantissa - m) < 1e-6);
}
