/** Quality metrics over steps: every key the quality records carry, shares on the left axis, distances on the right. */
import { SeriesChart, type ChartSeries } from '../charts/seriesChart';
import { emptyText } from '../logic/emptyText';
import { buildQualitySeries } from '../logic/qualitySeries';
import type { RunStore } from '../model/runStore';
import type { UiStateStore } from '../model/uiStateStore';
import { card } from '../ui/card';
import { button, h, setText, show } from '../ui/dom';
import type { Theme } from '../ui/theme';

export class QualityView {
  readonly root: HTMLElement;
  private readonly chart: SeriesChart;
  private readonly chartBox = h('div', { class: 'gw-chart short' });
  private readonly empty = h('div', { class: 'gw-empty' });
  private theme: Theme;
  private readonly reset: HTMLButtonElement;

  constructor(
    private readonly store: RunStore,
    ui: UiStateStore,
    theme: Theme,
  ) {
    this.theme = theme;
    const c = card('Quality');
    this.root = c.root;
    const reset = button('Reset zoom', () => this.chart.resetZoom(), { class: 'secondary small' });
    reset.disabled = true;
    this.reset = reset;
    c.head.append(h('div', { class: 'gw-toolbar' }, reset));
    const canvas = h('canvas', { role: 'img', 'aria-label': 'quality metrics' });
    this.chartBox.append(canvas);
    c.body.append(this.chartBox, this.empty);
    this.chart = new SeriesChart(canvas, {
      chartId: 'quality',
      ui,
      theme,
      zoom: true,
      yTitle: 'share / bits',
      y2Title: 'KL bits · distance',
      yBounds: () => ({ min: 0, suggestedMax: 1 }),
      y2Bounds: () => ({ min: 0 }),
      onZoomChange: (zoomed) => (reset.disabled = !zoomed),
    });
  }

  setTheme(theme: Theme): void {
    this.theme = theme;
    this.chart.setTheme(theme);
    this.render();
  }

  render(): void {
    const records = this.store.quality;
    const hasData = records.length > 0;
    show(this.chartBox, hasData);
    show(this.empty, !hasData);
    setText(this.empty, emptyText('quality', this.store.run, this.store.loaded));
    show(this.reset, hasData);
    if (!hasData) return;
    const t = this.theme;
    const palette = [t.gLoss, t.real, t.dLoss, t.fake, ...t.other.slice(0, 2).reverse()];
    const series: ChartSeries[] = buildQualitySeries(records).map((s, i) => ({
      id: s.id,
      label: s.label,
      color: palette[i % palette.length]!,
      xs: s.steps,
      ys: s.values,
      axis: s.axis === 'unit' ? 'y' : 'y2',
      dashed: s.axis === 'free',
      points: true,
      format: s.format,
    }));
    this.chart.setSeries(series);
    this.chart.render();
  }
}
