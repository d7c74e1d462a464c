/**
 * The comparison's samples card: one panel per run, side by side, each the run's samples record at
 * the timeline's step (the newest at or before it, asked of the host when not cached; 2-D data
 * over that run's D heat map with its gradient arrows when shown), with the run's label in its
 * colour and a note where the run has no record at exactly that step.
 */
import type { ComparedRun, ShownSamples } from '../../../src/shared/protocol';
import { alignAt } from '../logic/comparisonSteps';
import { toCss } from '../logic/colors';
import { SampleNavigator } from '../samples/sampleNavigator';
import { SamplePlot } from '../samples/samplePlot';
import { card } from '../ui/card';
import { checkbox, h, setText } from '../ui/dom';
import type { Theme } from '../ui/theme';

interface RunPanel {
  run: ComparedRun;
  nav: SampleNavigator;
  plot: SamplePlot;
  root: HTMLElement;
  name: HTMLElement;
  note: HTMLElement;
}

export class CompareSamples {
  readonly root: HTMLElement;
  private readonly grid = h('div', { class: 'gw-compare-grid' });
  private panels: RunPanel[] = [];
  private gradients = false;

  constructor(
    private theme: Theme,
    private readonly request: (run: number, step: number) => void,
  ) {
    const c = card('Samples at the step', { wide: true });
    this.root = c.root;
    const arrows = checkbox('gradient arrows', false, (checked) => {
      this.gradients = checked;
      for (const p of this.panels) p.plot.redraw();
    });
    c.head.append(h('div', { class: 'gw-toolbar' }, arrows.root));
    c.body.append(this.grid);
  }

  /** The runs compared; the same runs again (newer records of a run that trains) keep their panels and the records they hold. */
  setRuns(runs: ComparedRun[]): void {
    const same = runs.length === this.panels.length && runs.every((run, i) => run.runDir === this.panels[i]!.run.runDir);
    if (same) {
      runs.forEach((run, i) => {
        const panel = this.panels[i]!;
        panel.run = run;
        setText(panel.name, run.label);
      });
      return;
    }
    this.panels = runs.map((run, i) => {
      const plot = new SamplePlot({
        compact: runs.length > 2,
        theme: () => this.theme,
        config: () => run.config,
        showGradients: () => this.gradients,
      });
      const name = h('h3', { class: 'gw-compare-run' }, run.label);
      const note = h('div', { class: 'gw-missing' });
      const root = h('div', { class: 'gw-compare-panel', 'data-run': i }, name, plot.root, note);
      return { run, nav: new SampleNavigator((step) => this.request(i, step)), plot, root, name, note };
    });
    this.grid.style.gridTemplateColumns = `repeat(${Math.max(1, runs.length)}, minmax(0, 1fr))`;
    this.grid.replaceChildren(...this.panels.map((p) => p.root));
  }

  /** Whether a run's record is still on its way (playback waits for it). */
  waiting(): boolean {
    return this.panels.some((p) => p.nav.waiting());
  }

  received(run: number, record: ShownSamples): void {
    this.panels[run]?.nav.received(record, true, false);
  }

  setTheme(theme: Theme): void {
    this.theme = theme;
    for (const p of this.panels) p.plot.redraw();
  }

  render(step: number | null): void {
    this.panels.forEach((p, i) => {
      p.name.style.color = toCss(this.theme.compare[i % this.theme.compare.length]!);
      if (p.run.error) {
        setText(p.note, p.run.error);
        p.plot.show(null, '');
        return;
      }
      const at = alignAt(p.run.sampleSteps, step, 'samples');
      if (at.index >= 0) p.nav.goTo(p.run.sampleSteps, at.index);
      const shown = at.index >= 0 && p.nav.shown?.step === at.step ? p.nav.shown : null;
      p.plot.show(shown, at.index < 0 ? '' : 'loading…');
      setText(p.note, at.note);
      p.root.dataset.shownStep = shown ? String(shown.step) : '';
      p.root.dataset.exact = String(at.exact);
    });
  }
}
