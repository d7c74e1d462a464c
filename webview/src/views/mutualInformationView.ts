/**
 * The mutual-information term of runs with the `energy` loss over steps, the estimator named in the
 * title: the encoder's reconstruction error, or the statistics network's estimate (with its bound
 * 2·log 2) and cross-entropy; a run without the term says so. Hidden for other losses.
 */
import { toCss } from '../logic/colors';
import { emptyText } from '../logic/emptyText';
import { JSD_ESTIMATE_MAX, mutualInformationSeries, mutualInformationVariant } from '../logic/mutualInformationSeries';
import type { RunStore } from '../model/runStore';
import type { UiStateStore } from '../model/uiStateStore';
import { h, setText, show } from '../ui/dom';
import type { Theme } from '../ui/theme';
import type { DashboardTools } from './tools';
import { chartCard } from './chartCard';
import type { ZoomableChart } from './zoomableChart';

export const MUTUAL_INFORMATION_CARD = 'Mutual information';

export class MutualInformationView {
  readonly root: HTMLElement;
  private readonly title: HTMLElement;
  private readonly description = h('div', { class: 'gw-hint' });
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
      title: MUTUAL_INFORMATION_CARD,
      ariaLabel: 'mutual information term over steps',
      pngName: 'mutual-information',
      chart: {
        chartId: 'mutualInformation',
        ui,
        theme,
        yTitle: '',
        marks: () => ({
          vertical: [],
          horizontal:
            this.variant()?.kind === 'statisticsNetwork'
              ? [{ y: JSD_ESTIMATE_MAX, label: 'bound 2·log 2', color: toCss(this.theme.reference) }]
              : [],
        }),
      },
    });
    this.root = c.root;
    this.plot = c.plot;
    this.title = c.head.querySelector('h2')!;
    c.body.prepend(this.description);
    show(this.root, false);
  }

  setTheme(theme: Theme): void {
    this.theme = theme;
    this.plot.setTheme(theme);
    this.render();
  }

  render(): void {
    const variant = this.variant();
    show(this.root, variant !== null);
    if (!variant) return;
    setText(this.title, variant.title);
    setText(this.description, variant.description);
    const columns = this.store.columns;
    const series = mutualInformationSeries(columns, variant.kind);
    const empty =
      variant.kind === 'none'
        ? 'No mutual-information term to plot.'
        : series.length === 0 && columns.steps.length > 0
          ? 'The metrics of this run carry no mi.* components.'
          : emptyText('metrics', this.store.run, this.store.loaded);
    if (!this.plot.showData(series.length > 0 && columns.steps.length > 0, empty)) return;
    const colors = [this.theme.gLoss, this.theme.dLoss];
    this.plot.chart.setSeries(
      series.map((s, i) => ({
        id: s.id,
        label: s.label,
        color: colors[i % colors.length]!,
        xs: columns.steps,
        ys: s.values,
        dashed: s.dashed,
        generation: columns.generation,
      })),
    );
    this.plot.chart.render();
  }

  private variant() {
    return mutualInformationVariant(this.store.run?.config);
  }
}
