/**
 * Everything the extension holds while active, created once in `activate` and disposed in
 * `deactivate`. Per-run resources live in each LiveRun's own scope.
 */
import * as vscode from 'vscode';
import { ExperimentCodeLensProvider } from './editor/codeLens';
import { ExperimentDiagnostics } from './editor/diagnosticsController';
import { ExperimentIndex } from './editor/experimentIndex';
import { LiveEdits } from './editor/liveEdits';
import { CONTEXT, OUTPUT_CHANNEL, VIEWS } from './ids';
import type { LiveRun } from './trainingRuns/liveRun';
import { ProcessLauncher } from './trainingRuns/processLauncher';
import { RunCatalog } from './trainingRuns/runCatalog';
import { RunManager } from './trainingRuns/runManager';
import { readRunSummary, type RunSummary } from './trainingRuns/runReader';
import { readSettings } from './settings';
import { RunsTreeProvider } from './views/runsTree';
import { TrainingStatusBar } from './views/statusBar';
import { createRunActions } from './webviews/runActions';
import { DashboardPanel, DashboardSerializer, type PanelContext } from './webviews/dashboardPanel';
import { SamplesViewProvider } from './webviews/samplesView';

export class Workbench implements vscode.Disposable {
  readonly log = vscode.window.createOutputChannel(OUTPUT_CHANNEL, { log: true });
  /** Starts every process (trainers, gan-sample, gan-export); disposed last, it kills any still running. */
  readonly launcher: ProcessLauncher;
  readonly manager: RunManager;
  readonly index = new ExperimentIndex();
  /** Every run known to this window, on disk and live: what the tree, CodeLens, commands and pickers read. */
  readonly catalog: RunCatalog;
  readonly tree: RunsTreeProvider;
  readonly liveEdits: LiveEdits;
  readonly samples: SamplesViewProvider;
  readonly codeLens: ExperimentCodeLensProvider;
  private readonly panelContext: PanelContext;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(readonly context: vscode.ExtensionContext) {
    this.launcher = new ProcessLauncher({
      extensionPath: context.extensionPath,
      isTrusted: () => vscode.workspace.isTrusted,
      settings: () => {
        const { trainerNodePath, trainerPriority } = readSettings();
        return { nodePath: trainerNodePath, priority: trainerPriority };
      },
      log: (line) => this.log.warn(line),
    });
    this.manager = new RunManager(this.launcher, this.log);
    this.catalog = new RunCatalog(this.manager);
    this.tree = new RunsTreeProvider(this.catalog);
    this.liveEdits = new LiveEdits(this.manager, this.log);
    this.samples = new SamplesViewProvider(context.extensionUri, this.manager, this.log, (target) => this.openDashboard(target));
    this.codeLens = new ExperimentCodeLensProvider(this.manager, { lastRunOf: (uri) => this.lastRunOf(uri) });
    this.panelContext = {
      extensionUri: context.extensionUri,
      metricsLimit: readSettings().metricsRetention,
      actions: createRunActions(this),
      log: this.log,
      liveRunOf: (dir) => this.manager.byRunDir(dir),
    };
    const treeView = vscode.window.createTreeView(VIEWS.runs, { treeDataProvider: this.tree, showCollapseAll: true });
    this.disposables.push(
      this.log,
      this.index,
      this.catalog,
      this.tree,
      treeView,
      this.liveEdits,
      this.samples,
      this.codeLens,
      new ExperimentDiagnostics(),
      new TrainingStatusBar(this.manager),
      vscode.languages.registerCodeLensProvider({ pattern: '**/*.gan.json' }, this.codeLens),
      vscode.window.registerWebviewViewProvider(SamplesViewProvider.viewType, this.samples),
      vscode.window.registerWebviewPanelSerializer(DashboardPanel.viewType, new DashboardSerializer(this.panelContext)),
      this.index.onDidChange(() => this.catalog.setRoots(this.index.roots())),
      this.catalog.onDidChange(() => this.codeLens.refresh()),
      this.manager.onDidChange(() => this.updateContextKeys()),
    );
    this.updateContextKeys();
  }

  openDashboard(target: { live?: LiveRun; runDir?: string }): DashboardPanel {
    if (target.runDir) this.catalog.addRun(target.runDir);
    this.samples.show(target, false);
    return DashboardPanel.createOrShow(this.panelContext, target);
  }

  summaryOf(runDir: string): Promise<RunSummary> {
    return readRunSummary(runDir);
  }

  /** The newest run directory of an experiment file (from the catalog's last scan). */
  lastRunOf(uri: vscode.Uri): string | undefined {
    const entry = this.index.get(uri);
    return entry && this.catalog.latestRunOf(entry.name, entry.runsRoot)?.dir;
  }

  /** Tells the user when a run ends badly, with the way to its log and its files. */
  watchForCrash(run: LiveRun): void {
    const subscription = run.onDidChange(() => {
      if (!run.ended) return;
      subscription.dispose();
      if (run.phase !== 'failed' && run.phase !== 'diverged') return;
      const actions = run.runDir ? ['Show Log', 'Open Run'] : ['Show Log'];
      void vscode.window
        .showErrorMessage(`GAN ${run.experimentName} ${run.phase}: ${(run.error ?? 'unknown error').split('\n')[0]}`, ...actions)
        .then((choice) => {
          if (choice === 'Show Log') this.log.show(true);
          if (choice === 'Open Run' && run.runDir) this.openDashboard({ live: run, runDir: run.runDir });
        });
    });
  }

  private updateContextKeys(): void {
    const live = this.manager.live();
    void vscode.commands.executeCommand('setContext', CONTEXT.hasLiveRuns, live.length > 0);
    void vscode.commands.executeCommand(
      'setContext',
      CONTEXT.hasRunningRuns,
      live.some((r) => r.phase === 'running'),
    );
    void vscode.commands.executeCommand(
      'setContext',
      CONTEXT.hasPausedRuns,
      live.some((r) => r.phase === 'paused'),
    );
  }

  /** Stops every trainer (graceful, then killed after the grace period) and waits for them. */
  async shutdown(): Promise<void> {
    await this.manager.stopAll();
  }

  dispose(): void {
    for (const panel of DashboardPanel.all()) panel.dispose();
    this.manager.dispose();
    for (const d of this.disposables.splice(0).reverse()) d.dispose();
    this.launcher.dispose();
  }
}
