/**
 * Saving the experiment file of a live run applies what is safe mid-run (learning rates, betas,
 * k, steps, logging intervals) to the trainer and says which other changes need a restart.
 * Dashboard edits are written into the file first (a minimal edit that keeps comments and
 * formatting) and reach the trainer through the same save, so file and run never disagree.
 */
import * as vscode from 'vscode';
import { hyperparameterEdits, HYPERPARAMETER_PATHS } from '../../shared/experiment/editHyperparameters';
import { classifyChanges, describeLiveChanges } from '../../shared/experiment/liveChanges';
import type { Experiment } from '../../shared/experiment/schema';
import { validateExperiment } from '../../shared/experiment/validate';
import type { HyperparameterChanges } from '../../shared/protocol';
import { COMMANDS } from '../ids';
import type { LiveRun } from '../trainingRuns/liveRun';
import type { RunManager } from '../trainingRuns/runManager';

/** The config with the live-editable values of `changes` set (what the trainer now uses). */
export function withLiveValues(config: Experiment, changes: HyperparameterChanges): Experiment {
  const next = JSON.parse(JSON.stringify(config)) as Experiment;
  for (const [key, value] of Object.entries(changes) as [keyof HyperparameterChanges, number][]) {
    const path = HYPERPARAMETER_PATHS[key];
    let target = next as unknown as Record<string, unknown>;
    for (const segment of path.slice(0, -1)) target = target[segment] as Record<string, unknown>;
    target[path[path.length - 1]!] = value;
  }
  return next;
}

export class LiveEdits implements vscode.Disposable {
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly manager: RunManager,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.subscription = vscode.workspace.onDidSaveTextDocument((document) => void this.saved(document));
  }

  /** Writes a hyper-parameter into the run's experiment file and saves it (which applies it). */
  async setFromDashboard(run: LiveRun, changes: HyperparameterChanges): Promise<void> {
    const document = await vscode.workspace.openTextDocument(run.experimentFile);
    const edit = new vscode.WorkspaceEdit();
    for (const e of hyperparameterEdits(document.getText(), changes)) {
      edit.replace(document.uri, new vscode.Range(document.positionAt(e.offset), document.positionAt(e.offset + e.length)), e.content);
    }
    if (!(await vscode.workspace.applyEdit(edit)) || !(await document.save())) {
      void vscode.window.showErrorMessage(`Could not write the change into ${vscode.workspace.asRelativePath(run.experimentFile)}.`);
    }
  }

  private async saved(document: vscode.TextDocument): Promise<void> {
    const run = this.manager.liveRunFor(document.uri);
    if (!run?.config || run.phase === 'queued' || run.phase === 'starting') return;
    const result = validateExperiment(document.getText());
    const file = vscode.workspace.asRelativePath(document.uri);
    if (!result.ok) {
      void vscode.window.showWarningMessage(`${file} has problems; the running trainer keeps its current settings until they are fixed.`);
      return;
    }
    const before = run.config;
    const { live, restart } = classifyChanges(before, result.config);
    const applied = Object.keys(live).length > 0 && this.manager.updateHyperparameters(run, live);
    if (applied) {
      run.config = withLiveValues(before, live);
      this.log.info(`[${run.experimentName}] live changes: ${describeLiveChanges(before, live).join(', ')}`);
    }
    const parts: string[] = [];
    if (applied) parts.push(`Applied now: ${describeLiveChanges(before, live).join(', ')}.`);
    if (restart.length > 0) parts.push(`Needs a restart: ${restart.join(', ')}.`);
    if (parts.length === 0) return;
    const message = `${run.experimentName}: ${parts.join(' ')}`;
    if (restart.length === 0) return void vscode.window.showInformationMessage(message);
    const choice = await vscode.window.showInformationMessage(message, 'Restart With Changes');
    if (choice) await vscode.commands.executeCommand(COMMANDS.restartWithChanges, run);
  }

  dispose(): void {
    this.subscription.dispose();
  }
}
