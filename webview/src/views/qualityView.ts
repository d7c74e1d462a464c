/**
 * The Quality card: quality metrics over steps as small multiples, one panel per unit
 * (qualitySeries.ts says which metric goes where): modes covered as a count of its total, shares in
 * %, divergences in bits, each distance on its own scale, the classifier score on 1 … classes. The
 * panels share the step axis: zooming one (Ctrl/⌘ + wheel, a drag) zooms all, and one Reset zoom
 * shows every step again. Compared runs are drawn on the panels of their measures; the PNG export is
 * the whole grid of panels. Every panel marks the run's alarms at their steps (a collapse shows
 * here as modes, classes or recall falling).
 */
import type { AxisBounds, ChartSeries, StepRange } from '../charts/seriesChart';
import type { VerticalMark } from '../charts/markersPlugin';
import type { StepCursor } from '../charts/stepCursorPlugin';
import type { Rgba } from '../logic/colors';
import { toCss, withAlpha } from '../logic/colors';
import { compareSeriesId, compareSeriesLabel } from '../logic/compare';
import { emptyText } from '../logic/emptyText';
import { alarmMarkers } from '../logic/markers';
import { buildQualityPanels, unitTick, type QualityPanel, type QualitySeries } from '../logic/qualitySeries';
import type { RunStore } from '../model/runStore';
import type { UiStateStore } from '../model/uiStateStore';
import { card } from '../ui/card';
import { button, h, setText, show } from '../ui/dom';
import type { Theme } from '../ui/theme';
import type { DashboardTools } from './tools';
import { ZoomableChart } from './zoomableChart';

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

/** The y range of a panel's unit. */
function panelBounds(panel: QualityPanel): AxisBounds {
  switch (panel.unit) {
    case 'count':
      return panel.total ? { min: 0, max: panel.total } : { min: 0 };
    case 'share':
      return { min: 0, max: 1 };
    case 'bits':
      return { min: 0, suggestedMax: 1 };
    case 'score':
      return { min: 1, max: panel.total ?? 10 };
    case 'distance':
      return panel.log ? {} : { min: 0 };
    default:
      return {};
  }
}

/** One small multiple: a caption over a zoomable chart. */
class PanelView {
  readonly root: HTMLElement;
  readonly plot: ZoomableChart;
  private readonly caption = h('h3', { class: 'gw-quality-caption' });
  private shape = '';

  constructor(
    public panel: QualityPanel,
    ui: UiStateStore,
    theme: Theme,
    onStepRange: (range: StepRange | null) => void,
    onZoomed: () => void,
    cursor: StepCursor,
    alarms: () => VerticalMark[],
  ) {
    this.root = h('div', { class: 'gw-quality-panel', 'data-panel': panel.id }, this.caption);
    this.plot = new ZoomableChart(this.root, `quality: ${panel.caption}`, {
      chartId: `quality:${panel.id}`,
      ui,
      theme,
      cursor,
      yTitle: panel.axisTitle,
      yTicks: (v) => unitTick(this.panel.unit)(v),
      yIntegers: panel.unit === 'count',
      logScale: () => this.panel.log,
      yBounds: () => panelBounds(this.panel),
      marks: () => ({ vertical: alarms(), horizontal: [] }),
      onStepRange: (range) => {
        onStepRange(range);
        onZoomed();
      },
    });
    this.update(panel);
  }

  /** A panel's title or total can change as records come (the total is in the records). */
  update(panel: QualityPanel): void {
    this.panel = panel;
    setText(this.caption, panel.caption);
    const shape = JSON.stringify(panel);
    if (shape === this.shape) return;
    const first = this.shape === '';
    this.shape = shape;
    if (!first) this.plot.chart.refreshOptions();
  }
}

export class QualityView {
  readonly root: HTMLElement;
  private readonly grid = h('div', { class: 'gw-quality-panels' });
  private readonly empty = h('div', { class: 'gw-empty' });
  private readonly reset: HTMLButtonElement;
  private readonly panels = new Map<string, PanelView>();
  private theme: Theme;

  constructor(
    private readonly store: RunStore,
    private readonly ui: UiStateStore,
    theme: Theme,
    private readonly tools: DashboardTools,
  ) {
    this.theme = theme;
    const c = card('Quality');
    this.root = c.root;
    this.reset = button('Reset zoom', () => this.resetZoom(), { class: 'secondary small', title: 'Show all steps' });
    this.reset.disabled = true;
    c.head.append(
      h('div', { class: 'gw-toolbar' }, this.reset),
      h(
        'div',
        { class: 'gw-card-actions' },
        tools.compare.button(),
        tools.exporter.pngButton('quality', 'Quality', () => this.picture()),
      ),
    );
    c.body.append(tools.compare.chips(), this.grid, this.empty);
  }

  private alarmMarks(): VerticalMark[] {
    const color = toCss(this.theme.warning);
    return alarmMarkers(this.store.events).map((m) => ({ x: m.step, label: m.label, color }));
  }

  setTheme(theme: Theme): void {
    this.theme = theme;
    for (const panel of this.panels.values()) panel.plot.setTheme(theme);
    this.render();
  }

  render(): void {
    const own = buildQualityPanels(this.store.quality);
    const compared = this.tools.compared.runs.map((run) => ({ run, built: buildQualityPanels(run.quality) }));
    // This run's panels, then those only a compared run has.
    const panels = [...own.panels];
    for (const { built } of compared) for (const p of built.panels) if (!panels.some((q) => q.id === p.id)) panels.push(p);
    const hasData = panels.length > 0;
    show(this.grid, hasData);
    show(this.empty, !hasData);
    setText(this.empty, hasData ? '' : emptyText('quality', this.store.run, this.store.loaded));
    show(this.reset, hasData);

    const ids = new Set(panels.map((p) => p.id));
    for (const [id, view] of this.panels)
      if (!ids.has(id)) {
        view.plot.chart.destroy();
        view.root.remove();
        this.panels.delete(id);
      }
    panels.forEach((panel, i) => {
      let view = this.panels.get(panel.id);
      if (!view) {
        view = new PanelView(
          panel,
          this.ui,
          this.theme,
          (range) => this.followSteps(panel.id, range),
          () => this.updateReset(),
          this.tools.timeline,
          () => this.alarmMarks(),
        );
        this.panels.set(panel.id, view);
      } else view.update(panel);
      // Keep the DOM in display order.
      if (this.grid.children[i] !== view.root) this.grid.insertBefore(view.root, this.grid.children[i] ?? null);
      const series = this.ownSeries(own.series.filter((s) => s.panel === panel.id));
      for (const { run, built } of compared) {
        const color = this.theme.compare[run.colorIndex % this.theme.compare.length]!;
        built.series
          .filter((s) => s.panel === panel.id)
          .forEach((s, k) =>
            series.push({
              id: compareSeriesId(run.runDir, s.id),
              label: compareSeriesLabel(s.label, run.short),
              color,
              xs: s.steps,
              ys: s.values,
              dash: QUALITY_DASHES[k % QUALITY_DASHES.length]!,
              width: 1.5,
              points: true,
              format: s.format,
            }),
          );
      }
      view.plot.showData(true, '');
      view.plot.chart.setSeries(series);
      view.plot.chart.render();
    });
  }

  /** This run's series of a panel: the palette restarts on each panel; a reference level takes its measure's colour. */
  private ownSeries(own: QualitySeries[]): ChartSeries[] {
    const t = this.theme;
    const palette = [t.gLoss, t.real, t.dLoss, t.fake, ...t.other.slice(0, 2).reverse()];
    const colors = new Map<string, Rgba>();
    return own.map((s) => {
      const color = (s.referenceFor && colors.get(s.referenceFor)) || palette[colors.size % palette.length]!;
      if (!s.referenceFor) colors.set(s.id, color);
      return {
        id: s.id,
        label: s.label,
        color,
        xs: s.steps,
        ys: s.values,
        dashed: s.referenceFor !== undefined,
        ...(s.referenceKind === 'noise' && { dash: NOISE_DASH }),
        points: true,
        format: s.format,
      };
    });
  }

  /** One panel was zoomed or panned: the others show the same steps. */
  private followSteps(from: string, range: StepRange | null): void {
    for (const [id, view] of this.panels) if (id !== from) view.plot.chart.showSteps(range);
  }

  private updateReset(): void {
    this.reset.disabled = ![...this.panels.values()].some((p) => p.plot.chart.isZoomed());
  }

  private resetZoom(): void {
    for (const view of this.panels.values()) view.plot.chart.resetZoom();
    this.updateReset();
  }

  /** The panels as one picture (for the PNG export): each panel's caption and chart where it is on the page. */
  private picture(): HTMLCanvasElement | null {
    const shown = [...this.panels.values()].filter((p) => p.root.offsetParent !== null);
    if (shown.length === 0) return null;
    const origin = this.grid.getBoundingClientRect();
    const ratio = window.devicePixelRatio || 1;
    const out = document.createElement('canvas');
    out.width = Math.max(1, Math.round(origin.width * ratio));
    out.height = Math.max(1, Math.round(origin.height * ratio));
    const ctx = out.getContext('2d')!;
    ctx.scale(ratio, ratio);
    const t = this.theme;
    ctx.font = `600 ${Math.max(10, t.fontSize - 2)}px ${t.fontFamily}`;
    ctx.fillStyle = withAlpha(t.muted, 1);
    ctx.textBaseline = 'top';
    for (const view of shown) {
      const caption = view.root.querySelector('h3')!.getBoundingClientRect();
      ctx.fillText(view.panel.caption, caption.left - origin.left, caption.top - origin.top);
      const r = view.plot.canvas.getBoundingClientRect();
      ctx.drawImage(view.plot.canvas, r.left - origin.left, r.top - origin.top, r.width, r.height);
    }
    return out;
  }
}
