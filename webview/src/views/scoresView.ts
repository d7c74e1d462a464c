/** Mean D(real) and D(fake) over steps, with D = 0.5 (equilibrium of a sigmoid discriminator) dashed. */
import { toCss } from '../logic/colors';
import { emptyText } from '../logic/emptyText';
import { hasBceEquilibrium } from '../logic/lossSeries';
import type { RunStore } from '../model/runStore';
import type { UiStateStore } from '../model/uiStateStore';
import { card } from '../ui/card';
import { h } from '../ui/dom';
import { ZoomableChart } from './zoomableChart';
import type { Theme } from '../ui/theme';
import type { DashboardTools } from './tools';

export class ScoresView {
  readonly root: HTMLElement;
  private readonly plot: ZoomableChart;
  private theme: Theme;

  constructor(
    private readonly store: RunStore,
    ui: UiStateStore,
    theme: Theme,
    tools: DashboardTools,
  ) {
    this.theme = theme;
    const c = card('Discriminator scores');
    this.root = c.root;
    this.plot = new ZoomableChart(c.body, 'mean D on real and fake batches', {
      chartId: 'scores',
      ui,
      theme,
      yTitle: 'mean D',
      yBounds: () => (this.sigmoid() ? { min: 0, max: 1 } : {}),
      marks: () => ({
        vertical: [],
        horizontal: this.sigmoid() ? [{ y: 0.5, label: 'equilibrium D = 0.5', color: toCss(this.theme.reference) }] : [],
      }),
    });
    c.head.append(
      h('div', { class: 'gw-toolbar' }, this.plot.reset),
      h(
        'div',
        { class: 'gw-card-actions' },
        tools.exporter.pngButton('scores', 'Discriminator scores', () => this.plot.canvas),
      ),
    );
  }

  setTheme(theme: Theme): void {
    this.theme = theme;
    this.plot.setTheme(theme);
    this.render();
  }

  render(): void {
    const columns = this.store.columns;
    if (!this.plot.showData(columns.steps.length > 0, emptyText('scores', this.store.run, this.store.loaded))) return;
    this.plot.chart.setSeries([
      {
        id: 'dReal',
        label: 'D(real)',
        color: this.theme.real,
        xs: columns.steps,
        ys: columns.scalars.dReal,
        generation: columns.generation,
      },
      {
        id: 'dFake',
        label: 'D(fake)',
        color: this.theme.fake,
        xs: columns.steps,
        ys: columns.scalars.dFake,
        generation: columns.generation,
      },
    ]);
    this.plot.chart.render();
  }

  private sigmoid(): boolean {
    const kind = this.store.run?.config?.loss.kind;
    return kind === undefined || hasBceEquilibrium(kind);
  }
}
