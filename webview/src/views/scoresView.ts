/** Mean D(real) and D(fake) over steps, with D = 0.5 (equilibrium of a sigmoid discriminator) dashed. */
import { SeriesChart } from '../charts/seriesChart';
import { toCss } from '../logic/colors';
import { emptyText } from '../logic/emptyText';
import { hasBceEquilibrium } from '../logic/lossSeries';
import type { RunStore } from '../model/runStore';
import type { UiStateStore } from '../model/uiStateStore';
import { card } from '../ui/card';
import { button, h, setText, show } from '../ui/dom';
import type { Theme } from '../ui/theme';

export class ScoresView {
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
    const c = card('Discriminator scores');
    this.root = c.root;
    const reset = button('Reset zoom', () => this.chart.resetZoom(), { class: 'secondary small' });
    reset.disabled = true;
    this.reset = reset;
    c.head.append(h('div', { class: 'gw-toolbar' }, reset));
    const canvas = h('canvas', { role: 'img', 'aria-label': 'mean D on real and fake batches' });
    this.chartBox.append(canvas);
    c.body.append(this.chartBox, this.empty);
    this.chart = new SeriesChart(canvas, {
      chartId: 'scores',
      ui,
      theme,
      zoom: true,
      yTitle: 'mean D',
      yBounds: () => (this.sigmoid() ? { min: 0, max: 1 } : {}),
      marks: () => ({
        vertical: [],
        horizontal: this.sigmoid() ? [{ y: 0.5, label: 'equilibrium D = 0.5', color: toCss(this.theme.reference) }] : [],
      }),
      onZoomChange: (zoomed) => (reset.disabled = !zoomed),
    });
  }

  setTheme(theme: Theme): void {
    this.theme = theme;
    this.chart.setTheme(theme);
    this.render();
  }

  render(): void {
    const columns = this.store.columns;
    const hasData = columns.steps.length > 0;
    show(this.chartBox, hasData);
    show(this.empty, !hasData);
    setText(this.empty, emptyText('scores', this.store.run, this.store.loaded));
    show(this.reset, hasData);
    if (!hasData) return;
    this.chart.setSeries([
      { id: 'dReal', label: 'D(real)', color: this.theme.real, xs: columns.steps, ys: columns.scalars.dReal },
      { id: 'dFake', label: 'D(fake)', color: this.theme.fake, xs: columns.steps, ys: columns.scalars.dFake },
    ]);
    this.chart.render();
  }

  private sigmoid(): boolean {
    const kind = this.store.run?.config?.loss.kind;
    return kind === undefined || hasBceEquilibrium(kind);
  }
}
