/**
 * The dashboard's MCMC card: a run's sampling results (gan-sample / "GAN: Sample With MCMC"), the
 * one shown picked from a list (newest first): samples before and after, the chains' paths in
 * latent space, energy and acceptance per step, and the quality before and after. Without results
 * it says what sampling does and offers the button.
 */
import type { ShownSampling, WebviewToHost } from '../../../src/shared/protocol';
import { acceptanceText, samplingLabel, settingsSummary } from '../logic/samplingLabels';
import type { SamplingStore } from '../model/samplingStore';
import { card } from '../ui/card';
import { button, h, setChildren, setText, show } from '../ui/dom';
import type { Theme } from '../ui/theme';
import { CanvasPanel } from './sampling/canvasPanel';
import { QualityComparisonView } from './sampling/qualityComparison';
import { renderBeforeAfter } from './sampling/renderBeforeAfter';
import { renderLatentPaths } from './sampling/renderLatentPaths';
import { AcceptanceChart, EnergyChart } from './sampling/traceCharts';
import type { DashboardTools } from './tools';

const EMPTY_TEXT =
  'No MCMC sampling yet. Sampling runs Langevin or MALA chains in the latent space with the discriminator as the energy, ' +
  'E(z) = U(G(z))/T + ‖z‖²/2, and compares the samples before and after (run "gan-sample <run directory>" in a terminal, or:)';

const section = (title: string, ...content: HTMLElement[]) => h('div', { class: 'gw-sampling-section' }, h('h3', {}, title), ...content);

export class SamplingCard {
  readonly root: HTMLElement;
  private readonly picker = h('select', { 'aria-label': 'sampling result', class: 'gw-sampling-picker' });
  private readonly summary = h('div', { class: 'gw-hint' });
  private readonly acceptance = h('div', { class: 'gw-hint' });
  private readonly notes = h('ul', { class: 'gw-sampling-notes' });
  private readonly pair = new CanvasPanel('samples before and after sampling');
  private readonly paths = new CanvasPanel('chains in latent space');
  private readonly energy = new EnergyChart();
  private readonly acceptanceChart = new AcceptanceChart();
  private readonly quality = new QualityComparisonView();
  private readonly content: HTMLElement;
  private readonly plotsRow: HTMLElement;
  private readonly empty: HTMLElement;
  private readonly emptyText = h('span');
  private drawn: ShownSampling | null = null;

  constructor(
    private readonly store: SamplingStore,
    private theme: Theme,
    tools: DashboardTools,
    private readonly post: (message: WebviewToHost) => void,
  ) {
    const c = card('MCMC sampling in latent space', { wide: true });
    this.root = c.root;
    const sample = () => this.post({ type: 'runAction', payload: { action: 'sampleWithMcmc' } });
    this.picker.addEventListener('change', () => {
      this.store.pending = this.picker.value;
      this.post({ type: 'requestSampling', payload: { id: this.picker.value } });
      this.render();
    });
    c.head.append(
      this.picker,
      h(
        'div',
        { class: 'gw-card-actions' },
        button('Sample With MCMC…', sample, { class: 'small', title: 'Run Langevin or MALA chains from this run’s latest checkpoint' }),
        tools.exporter.pngButton(
          () => `mcmc-${this.store.shown?.id ?? 'samples'}`,
          'MCMC samples',
          () => this.pair.canvas,
        ),
      ),
    );
    this.empty = h('div', { class: 'gw-empty gw-sampling-empty' }, this.emptyText, button('Sample With MCMC…', sample, { class: 'small' }));
    this.plotsRow = h(
      'div',
      { class: 'gw-sampling-row wide-first' },
      section('Samples before and after', this.pair.root),
      section('Chains in latent space', this.paths.root),
    );
    this.content = h(
      'div',
      {},
      this.summary,
      this.acceptance,
      this.notes,
      this.plotsRow,
      h(
        'div',
        { class: 'gw-sampling-row' },
        section('Energy per step', this.energy.root),
        section('Acceptance per step', this.acceptanceChart.root),
        section('Quality before vs after', this.quality.root),
      ),
    );
    c.body.append(this.empty, this.content);
    this.render();
  }

  setTheme(theme: Theme): void {
    this.theme = theme;
    this.drawn = null;
    this.render();
  }

  render(): void {
    const { ids, shown, loaded, pending } = this.store;
    setText(this.emptyText, loaded ? EMPTY_TEXT : 'Loading the sampling results…');
    show(this.empty, !shown);
    show(this.content, !!shown);
    show(this.picker, ids.length > 0);
    const options = ids.map((id) => h('option', { value: id }, samplingLabel(id)));
    if (this.picker.options.length !== ids.length || ids.some((id, i) => this.picker.options[i]?.value !== id))
      setChildren(this.picker, ...options);
    this.picker.value = pending ?? shown?.id ?? ids[0] ?? '';
    this.picker.disabled = pending !== null;
    if (!shown || shown === this.drawn) return;
    this.drawn = shown;
    setText(this.summary, `${settingsSummary(shown)} · ${shown.energy.formula}`);
    setText(this.acceptance, acceptanceText(shown));
    setChildren(this.notes, ...shown.notes.map((n) => h('li', {}, n)));
    // Image grids get more of the row: two 8×8 grids of 28-pixel tiles fit side by side at 2×.
    this.plotsRow.classList.toggle('images', shown.layout === 'images');
    const theme = this.theme;
    this.pair.show((canvas, width) => renderBeforeAfter(canvas, shown, theme, width));
    this.paths.show((canvas, width) => renderLatentPaths(canvas, shown, theme, width));
    this.energy.show(shown, theme);
    this.acceptanceChart.show(shown, theme);
    this.quality.show(shown, theme);
  }
}
