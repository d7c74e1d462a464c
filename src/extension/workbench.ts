/**
 * The composition root: created once in `activate`, disposed in `deactivate`. It builds the parts
 * the extension owns while active, registers the views, providers and commands, and hands each part
 * the narrow interfaces it uses (declared by that part, or in deps.ts when several share one). It
 * holds no behaviour of its own, and no part imports it. Per-run resources live in each LiveRun's
 * own scope.
 */
import * as vscode from 'vscode';
import { registerCommands } from './commands/registerCommands';
import { ComparePanel } from './compare/comparePanel';
import { registerCompare } from './compare/registerCompare';
import type { OpenDashboard } from './deps';
import { ExperimentCodeLensProvider } from './editor/codeLens';
import { ExperimentDiagnostics } from './editor/diagnosticsController';
import { ExperimentIndex } from './editor/experimentIndex';
import { lastRunLookup, type LastRunOf } from './editor/lastRun';
import { LiveEdits } from './editor/liveEdits';
import { OUTPUT_CHANNEL } from './ids';
import { readSettings } from './settings';
import { createHostLauncher } from './trainingRuns/hostLauncher';
import type { ProcessLauncher } from './trainingRuns/processLauncher';
import { RunCatalog } from './trainingRuns/runCatalog';
import type { LiveRun } from './trainingRuns/liveRun';
import { RunManager } from './trainingRuns/runManager';
import { trackLiveRunContextKeys } from './views/contextKeys';
import { Notices } from './views/notices';
import { runEndNotices } from './views/runEndNotice';
import { runAlarmNotices } from './views/alarmNotice';
import { GanSweepProcesses } from './sweeps/ganSweepProcess';
import { isSweepFolder, readSweepView } from './sweeps/sweepFolderReader';
import { SweepWorkbench } from './sweeps/sweepWorkbench';
import { registerRunsView } from './views/runsTree';
import { TrainingStatusBar } from './views/statusBar';
import { Dashboards } from './webviews/dashboards';
import { createRunActions } from './webviews/runActions';
import { SamplesViewProvider } from './webviews/samplesView';

export class Workbench implements vscode.Disposable {
  readonly log = vscode.window.createOutputChannel(OUTPUT_CHANNEL, { log: true });
  /** Starts every process (trainers, gan-sample, gan-export); disposed last, it kills any still running. */
  readonly launcher: ProcessLauncher;
  readonly manager: RunManager;
  readonly index = new ExperimentIndex();
  /** Every run known to this window, on disk and live: what the tree, CodeLens, commands and pickers read. */
  readonly catalog: RunCatalog;
  readonly liveEdits: LiveEdits;
  readonly samples: SamplesViewProvider;
  readonly dashboards: Dashboards;
  /** The newest run directory of an experiment file (from the catalog's last scan). */
  readonly lastRunOf: LastRunOf;
  /** The notifications about runs (results, failures, refused starts), kept for reading back. */
  readonly notices: Notices;
  /** Sweeps: their catalog (the Runs tree's sweep nodes), dashboards and commands. */
  readonly sweeps: SweepWorkbench;
  /** The open Compare Runs panels. */
  readonly comparisons = (): readonly ComparePanel[] => ComparePanel.all();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(context: vscode.ExtensionContext) {
    const log = this.log;
    const showLog = () => log.show(true);
    const nativeBackend = { storageDir: context.globalStorageUri.fsPath, extensionPath: context.extensionPath };
    const launcher = (this.launcher = createHostLauncher(context.extensionPath, (line) => log.warn(line), nativeBackend.storageDir));
    const manager = (this.manager = new RunManager(launcher, log));
    const index = this.index;
    const catalog = (this.catalog = new RunCatalog(manager));
    const liveEdits = (this.liveEdits = new LiveEdits(manager, log));
    const notices = (this.notices = new Notices(log));
    // The dashboards are built last (their panels need the run actions, which open dashboards).
    const openDashboard: OpenDashboard = (target) => this.dashboards.open(target);
    const samples = (this.samples = new SamplesViewProvider(context.extensionUri, manager, log, openDashboard));
    const lastRunOf = (this.lastRunOf = lastRunLookup(index, catalog));
    const codeLens = new ExperimentCodeLensProvider(manager, lastRunOf);
    const endNotices = runEndNotices({ showLog, openDashboard, notices });
    const alarmNotices = runAlarmNotices({
      openDashboard,
      notices,
      resume: (run) => manager.resume(run),
      stop: (run) => manager.stop(run),
    });
    // Every run started from the editor: told when it raises an alarm, and how it ended.
    const watchRunEnd = (run: LiveRun) => {
      alarmNotices(run);
      endNotices(run);
    };
    this.dashboards = new Dashboards({
      panels: {
        extensionUri: context.extensionUri,
        metricsLimit: readSettings().metricsRetention,
        actions: createRunActions({ manager, catalog, launcher, liveEdits, openDashboard, watchRunEnd }),
        log,
        liveRunOf: (dir) => manager.byRunDir(dir),
      },
      catalog,
      samples,
      manager,
    });
    this.disposables.push(
      log,
      index,
      catalog,
      (this.sweeps = new SweepWorkbench({
        extensionUri: context.extensionUri,
        index,
        reader: { isSweepFolder, read: readSweepView },
        engine: new GanSweepProcesses(launcher, { log: (line) => log.info(line) }),
        openDashboard,
        log,
      })),
      registerRunsView(catalog, this.sweeps.catalog),
      liveEdits,
      samples,
      codeLens,
      new ExperimentDiagnostics(),
      new TrainingStatusBar(manager),
      vscode.languages.registerCodeLensProvider({ pattern: '**/*.gan.json' }, codeLens),
      vscode.window.registerWebviewViewProvider(SamplesViewProvider.viewType, samples),
      index.onDidChange(() => catalog.setRoots(index.roots())),
      catalog.onDidChange(() => codeLens.refresh()),
      trackLiveRunContextKeys(manager),
      registerCompare({ extensionUri: context.extensionUri, metricsLimit: readSettings().metricsRetention, log }, catalog),
      ...registerCommands({
        manager,
        index,
        catalog,
        launcher,
        samples,
        openDashboard,
        lastRunOf,
        watchRunEnd,
        notices,
        showLog,
        nativeBackend,
      }),
    );
  }

  /** Stops every trainer (graceful, then killed after the grace period) and waits for them. */
  async shutdown(): Promise<void> {
    await this.manager.stopAll();
  }

  dispose(): void {
    this.dashboards.dispose();
    this.manager.dispose();
    for (const d of this.disposables.splice(0).reverse()) d.dispose();
    this.launcher.dispose();
  }
}
