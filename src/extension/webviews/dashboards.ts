/**
 * The dashboards of this window: which panel shows which run. A run's dashboard is the panel that
 * shows it; else, with `ganWorkbench.dashboardTabs` at `perExperiment` (the default), the tab of its
 * experiment (the same runs folder), which the run takes over, so starting runs does not pile up
 * tabs; else a new panel. A panel whose run directory gets a new live run (Resume From Checkpoint)
 * follows it. The Samples view follows the dashboard opened or focused. Panels are restored after a
 * window reload and closed when this is disposed.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RunTarget } from '../deps';
import { readSettings, type DashboardTabs } from '../settings';
import type { LiveRun } from '../trainingRuns/liveRun';
import type { RunCatalog } from '../trainingRuns/runCatalog';
import { DashboardPanel, DashboardSerializer, type PanelContext } from './dashboardPanel';

export interface DashboardsDeps {
  readonly panels: PanelContext;
  /** A run opened from anywhere joins the catalog (so the tree and pickers list it). */
  readonly catalog: Pick<RunCatalog, 'addRun'>;
  /** The Samples view follows the dashboard last opened or focused (unpinned). */
  readonly samples: { show(target: RunTarget, pinned?: boolean): void; follow(target: RunTarget): void };
  /** Live runs as they change: a new live run of a directory a panel shows is followed. */
  readonly manager: { onDidChange(listener: (run: LiveRun) => void): vscode.Disposable };
  /** The tab policy (the setting, read at each open). */
  readonly tabs?: () => DashboardTabs;
}

/** The folder of an experiment's runs (`<runs root>/<experiment>`): the experiment a run directory belongs to. */
const experimentOf = (runDir: string | undefined) => (runDir ? path.dirname(runDir) : undefined);

export class Dashboards implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private readonly context: PanelContext;

  constructor(private readonly deps: DashboardsDeps) {
    this.context = { ...deps.panels, focused: (target) => deps.samples.follow(target) };
    this.disposables.push(
      vscode.window.registerWebviewPanelSerializer(DashboardPanel.viewType, new DashboardSerializer(this.context)),
      deps.manager.onDidChange((run) => this.liveRunChanged(run)),
    );
  }

  /** Opens (or reveals) the dashboard of `target` and shows the run in the Samples view. */
  open(target: RunTarget): DashboardPanel {
    const runDir = target.runDir ?? target.live?.runDir;
    if (runDir) this.deps.catalog.addRun(runDir);
    this.deps.samples.show(target, false);
    const panel = this.panelFor(target, runDir);
    if (!panel) return DashboardPanel.openNew(this.context, target);
    // A resumed run of the panel's directory, or another run of its experiment: the panel shows it now.
    if (panel.target.runDir !== runDir || (target.live && panel.liveRun !== target.live)) panel.follow(target);
    panel.reveal();
    return panel;
  }

  /** The open panels, what each shows and what its page was last told (tests). */
  all(): DashboardPanel[] {
    return DashboardPanel.all();
  }

  /** The panel that shows this run, else (one tab per experiment) the tab of its experiment. */
  private panelFor(target: RunTarget, runDir: string | undefined): DashboardPanel | undefined {
    const panels = DashboardPanel.all();
    const same = panels.find((p) => (target.live && p.liveRun === target.live) || (runDir && p.target.runDir === runDir));
    if (same) return same;
    if ((this.deps.tabs?.() ?? readSettings().dashboardTabs) !== 'perExperiment') return undefined;
    const experiment = experimentOf(runDir);
    if (!experiment) return undefined;
    const ofExperiment = panels.filter((p) => experimentOf(p.target.runDir) === experiment);
    return ofExperiment.find((p) => p.active) ?? ofExperiment[ofExperiment.length - 1];
  }

  /** A new live run of a directory a panel shows (resumed): the panel follows it. */
  private liveRunChanged(run: LiveRun): void {
    if (!run.live || !run.runDir) return;
    for (const panel of DashboardPanel.all())
      if (panel.target.runDir === run.runDir && panel.liveRun !== run) panel.follow({ live: run, runDir: run.runDir });
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
    for (const panel of DashboardPanel.all()) panel.dispose();
  }
}
