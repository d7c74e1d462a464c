/**
 * Loss curves: D loss, G loss and every loss component (legend click shows/hides), smoothed with
 * TensorBoard's debiased EMA over a faint raw line, optional log scale, x zoom/pan with Reset,
 * hyper-parameter edits and warnings as markers, and the objective's equilibrium lines (D loss, and
 * a critic's distance estimate, which is one of the components).
 */
import type { ChartSeries } from '../charts/seriesChart';
import { toCss } from '../logic/colors';
import { COMPARE_DASH, compareSeriesId, compareSeriesLabel } from '../logic/compare';
import { emptyText } from '../logic/emptyText';
import { buildLossSeries } from '../logic/lossSeries';
import { markersFromEvents } from '../logic/markers';
import { boundsWith, objectiveReferences } from '../logic/referenceLines';
import { IncrementalEma } from '../logic/smoothing';
import type { RunStore } from '../model/runStore';
import type { UiStateStore } from '../model/uiStateStore';
import { card } from '../ui/card';
import { checkbox, h, setText } from '../ui/dom';
import { ZoomableChart } from './zoomableChart';
import { roleColor, type Theme } from '../ui/theme';
import type { DashboardTools } from './tools';

export class LossView {
  readonly root: HTMLElement;
  private readonly plot: ZoomableChart;
  private theme: Theme;
  private readonly smoothed = new Map<string, IncrementalEma>();

  constructor(
    private readonly store: RunStore,
    private readonly ui: UiStateStore,
    theme: Theme,
    private readonly tools: DashboardTools,
  ) {
    this.theme = theme;
    const c = card('Losses', { wide: true });
    this.root = c.root;
    const smoothing = h('input', { type: 'range', min: 0, max: 0.99, step: 0.01, 'aria-label': 'smoothing' });
    smoothing.value = String(ui.get().smoothing);
    const smoothingValue = h('output', {}, ui.get().smoothing.toFixed(2));
    smoothing.addEventListener('input', () => {
      const v = Number(smoothing.value);
      setText(smoothingValue, v.toFixed(2));
      this.ui.update({ smoothing: v });
      this.render();
    });
    const log = checkbox(
      'log scale',
      ui.get().logScale,
      (checked) => {
        this.ui.update({ logScale: checked });
        this.plot.chart.refreshOptions();
        this.render();
      },
      'Logarithmic y axis (values ≤ 0 are not drawn)',
    );
    this.plot = new ZoomableChart(
      c.body,
      'loss curves',
      {
        chartId: 'loss',
        ui,
        theme,
        cursor: tools.timeline,
        yTitle: 'loss',
        logScale: () => this.ui.get().logScale,
        yBounds: () => boundsWith(this.references()),
        marks: () => this.marks(),
      },
      'tall',
    );
    c.head.append(
      h(
        'div',
        { class: 'gw-toolbar' },
        h('label', { title: "TensorBoard's debiased exponential moving average" }, 'smoothing ', smoothing, ' ', smoothingValue),
        log.root,
        this.plot.reset,
      ),
      h('span', { class: 'gw-hint' }, 'Ctrl/⌘ + wheel or drag: zoom · Shift + drag: pan · legend: show/hide'),
      h(
        'div',
        { class: 'gw-card-actions' },
        tools.compare.button(),
        tools.exporter.pngButton('loss', 'Losses', () => this.plot.canvas),
        tools.exporter.csvButton(),
      ),
    );
    c.body.prepend(tools.compare.chips());
  }

  setTheme(theme: Theme): void {
    this.theme = theme;
    this.plot.setTheme(theme);
    this.render();
  }

  render(): void {
    const columns = this.store.columns;
    if (!this.plot.showData(columns.steps.length > 0, emptyText('metrics', this.store.run, this.store.loaded))) return;
    const weight = this.ui.get().smoothing;
    let other = 0;
    const series: ChartSeries[] = buildLossSeries(columns).map((s) => ({
      id: s.id,
      label: s.label,
      color: roleColor(this.theme, s.role, s.role === 'other' ? other++ : 0),
      xs: columns.steps,
      ys: weight > 0 ? this.smooth(s.id, s.values, weight, columns.generation) : s.values,
      ...(weight > 0 && { raw: s.values }),
      dashed: s.dashed,
      hiddenByDefault: s.hiddenByDefault,
      generation: columns.generation,
    }));
    // Compared runs: D and G loss in the run's own hue, dashed and thinner, smoothed like this run's.
    const ids = new Set(series.map((s) => s.id));
    for (const run of this.tools.compared.runs) {
      const color = this.theme.compare[run.colorIndex % this.theme.compare.length]!;
      const c = run.columns;
      for (const [key, label, values] of [
        ['dLoss', 'D loss', c.scalars.dLoss],
        ['gLoss', 'G loss', c.scalars.gLoss],
      ] as const) {
        const id = compareSeriesId(run.runDir, key);
        ids.add(id);
        series.push({
          id,
          label: compareSeriesLabel(label, run.short),
          color,
          xs: c.steps,
          ys: weight > 0 ? this.smooth(id, values, weight, c.generation) : values,
          dash: COMPARE_DASH[key],
          width: 1.5,
          generation: c.generation,
        });
      }
    }
    for (const id of this.smoothed.keys()) if (!ids.has(id)) this.smoothed.delete(id);
    this.plot.chart.setSeries(series);
    this.plot.chart.render();
  }

  private smooth(id: string, values: number[], weight: number, generation: number): number[] {
    let ema = this.smoothed.get(id);
    if (!ema) {
      ema = new IncrementalEma();
      this.smoothed.set(id, ema);
    }
    return ema.update(values, weight, generation);
  }

  private references() {
    return objectiveReferences(this.store.run?.config).loss;
  }

  private marks() {
    const t = this.theme;
    const vertical = markersFromEvents(this.store.events).map((m) => ({
      x: m.step,
      label: m.label,
      color: toCss(m.kind === 'warning' ? t.warning : t.hyperparameters),
    }));
    const horizontal = this.references().map((l) => ({ y: l.y, label: l.label, color: toCss(l.role === 'dLoss' ? t.dLoss : t.reference) }));
    return { vertical, horizontal };
  }
}
