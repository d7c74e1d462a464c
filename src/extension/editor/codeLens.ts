/** CodeLens at the top of every experiment file: start, open last run, and stop / dashboard while live. */
import * as vscode from 'vscode';
import { COMMANDS } from '../ids';
import type { RunManager } from '../trainingRuns/runManager';
import type { LastRunOf } from './lastRun';

export class ExperimentCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changeEmitter.event;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly manager: Pick<RunManager, 'onDidChange' | 'live' | 'liveRunFor'>,
    private readonly lastRunOf: LastRunOf,
  ) {
    let lastLive = '';
    this.subscription = manager.onDidChange(() => {
      const live = manager
        .live()
        .map((r) => `${r.experimentFile.toString()}:${r.phase}`)
        .join('|');
      if (live !== lastLive) this.changeEmitter.fire();
      lastLive = live;
    });
  }

  /** Call when the set of run directories on disk changes. */
  refresh(): void {
    this.changeEmitter.fire();
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const top = new vscode.Range(0, 0, 0, 0);
    const live = this.manager.liveRunFor(document.uri);
    const lenses: vscode.CodeLens[] = [];
    if (live) {
      lenses.push(new vscode.CodeLens(top, { title: '■ Stop', command: COMMANDS.stopTraining, arguments: [live] }));
      lenses.push(new vscode.CodeLens(top, { title: 'Open Dashboard', command: COMMANDS.openDashboard, arguments: [live] }));
    } else {
      lenses.push(new vscode.CodeLens(top, { title: '▶ Start Training', command: COMMANDS.startTraining, arguments: [document.uri] }));
    }
    const last = this.lastRunOf(document.uri);
    if (last && !live)
      lenses.push(new vscode.CodeLens(top, { title: 'Open Last Run', command: COMMANDS.openLastRun, arguments: [document.uri] }));
    return lenses;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changeEmitter.dispose();
  }
}
