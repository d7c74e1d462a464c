/**
 * Mean D(real) and D(fake) over steps, with the objective's equilibrium D dashed where it fixes one
 * (0.5 for the sigmoid losses and LSGAN, s/2 under label smoothing s); [0, 1] for probabilities.
 * The run's alarms are marked at their steps (a discriminator that wins shows here).
 */
import { toCss } from '../logic/colors';
import { emptyText } from '../logic/emptyText';
import { alarmMarkers } from '../logic/markers';
import { objectiveReferences, scoreBounds, type ObjectiveReferences } from '../logic/referenceLines';
import type { RunStore } from '../model/runStore';
import type { UiStateStore } from '../model/uiStateStore';
import { chartCard } from './chartCard';
import type { ZoomableChart } from './zoomableChart';
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
    const c = chartCard(tools, {
      title: 'Discriminator scores',
      ariaLabel: 'mean D on real and fake batches',
      pngName: 'scores',
      chart: {
        chartId: 'scores',
        ui,
        theme,
        yTitle: 'mean D',
        yBounds: () => scoreBounds(this.references()),
        marks: () => ({
          vertical: alarmMarkers(this.store.events).map((m) => ({ x: m.step, label: m.label, color: toCss(this.theme.warning) })),
          horizontal: this.references().scores.map((l) => ({ y: l.y, label: l.label, color: toCss(this.theme.reference) })),
        }),
      },
    });
    this.root = c.root;
    this.plot = c.plot;
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

  private references(): ObjectiveReferences {
    return objectiveReferences(this.store.run?.config);
  }
}
