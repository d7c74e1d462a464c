/**
 * The sweeps' part of the composition root: the sweep catalog over the folders to scan, the sweep
 * dashboards (restored after a reload), the CodeLens of sweep files and the sweep commands. Built
 * by workbench.ts with the parts it shares (the experiment index, the run dashboards, the log).
 */
import * as vscode from 'vscode';
import type { OpenDashboard } from '../deps';
import { COMPARE_COMMANDS } from '../ids';
import type { ExperimentIndex } from '../editor/experimentIndex';
import { SweepCatalog, type SweepFolderReader } from './sweepCatalog';
import { SweepCodeLensProvider } from './sweepCodeLens';
import { registerSweepCommands } from './sweepCommands';
import type { SweepEngine } from './sweepEngine';
import { SweepPanel, SweepPanelSerializer, type SweepPanelContext } from './sweepPanel';
import { SweepRoots } from './sweepRoots';

export interface SweepWorkbenchDeps {
  extensionUri: vscode.Uri;
  index: Pick<ExperimentIndex, 'roots' | 'onDidChange'>;
  reader: SweepFolderReader;
  engine: SweepEngine;
  openDashboard: OpenDashboard;
  log: vscode.LogOutputChannel;
}

export class SweepWorkbench implements vscode.Disposable {
  readonly catalog: SweepCatalog;
  readonly engine: SweepEngine;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly panelContext: SweepPanelContext;

  constructor(deps: SweepWorkbenchDeps) {
    const catalog = (this.catalog = new SweepCatalog(deps.reader, deps.log));
    this.engine = deps.engine;
    const roots = new SweepRoots(deps.index);
    this.panelContext = {
      extensionUri: deps.extensionUri,
      source: catalog,
      log: deps.log,
      actions: {
        openTrial: (runDir) => deps.openDashboard({ runDir }),
        compareTrials: (runDirs) => compareRuns(runDirs),
      },
    };
    const openSweepDashboard = (dir: string) => void this.open(dir);
    this.disposables.push(
      catalog,
      roots,
      deps.engine.onProblem((message) => {
        deps.log.error(message);
        void vscode.window.showErrorMessage(`GAN: ${message}`);
      }),
      roots.onDidChange((r) => catalog.setRoots(r)),
      vscode.window.registerWebviewPanelSerializer(SweepPanel.viewType, new SweepPanelSerializer(this.panelContext)),
      vscode.languages.registerCodeLensProvider({ pattern: '**/*.sweep.json' }, new SweepCodeLensProvider()),
      ...registerSweepCommands({
        engine: deps.engine,
        catalog,
        isSweepFolder: (dir) => deps.reader.isSweepFolder(dir),
        openSweepDashboard,
        openDashboard: deps.openDashboard,
        log: deps.log,
      }),
    );
    catalog.setRoots(roots.roots());
  }

  /** Opens (or reveals) the dashboard of the sweep in `dir`. */
  open(dir: string): SweepPanel {
    return SweepPanel.show(this.panelContext, dir);
  }

  /** The open sweep dashboards (tests). */
  panels(): SweepPanel[] {
    return SweepPanel.all();
  }

  dispose(): void {
    for (const panel of SweepPanel.all()) panel.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

/** "Compare Best Samples": the trials' runs side by side in "GAN: Compare Runs". */
async function compareRuns(runDirs: string[]): Promise<void> {
  await vscode.commands.executeCommand(COMPARE_COMMANDS.compareRuns, runDirs);
}
