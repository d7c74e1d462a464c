/**
 * Saving the experiment file of a live run applies what is safe mid-run (learning rates, betas,
 * k, steps, logging intervals) to the trainer and says which other changes need a restart.
 * Dashboard edits are written into the file first (a minimal edit that keeps comments and
 * formatting; see dashboardEdit.ts for a file with unsaved changes). The run's config on the host
 * changes only when the trainer acknowledges a change (LiveRun), with the values it clamped to.
 */
import * as vscode from 'vscode';
import { classifyChanges, describeLiveChanges } from '../../shared/experiment/liveChanges';
import { validateExperiment } from '../../shared/experiment/validate';
import type { HyperparameterChanges } from '../../shared/protocol';
import { COMMANDS } from '../ids';
import type { LiveRun } from '../trainingRuns/liveRun';
import type { RunManager } from '../trainingRuns/runManager';
import { writeDashboardChange, type EditableDocument } from './dashboardEdit';

function editable(document: vscode.TextDocument): EditableDocument {
  return {
    get isDirty() {
      return document.isDirty;
    },
    getText: () => document.getText(),
    async applyEdits(edits) {
      const edit = new vscode.WorkspaceEdit();
      for (const e of edits)
        edit.replace(document.uri, new vscode.Range(document.positionAt(e.offset), document.positionAt(e.offset + e.length)), e.content);
      return vscode.workspace.applyEdit(edit);
    },
    save: () => Promise.resolve(document.save()),
  };
}

export class LiveEdits implements vscode.Disposable {
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly manager: RunManager,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.subscription = vscode.workspace.onDidSaveTextDocument((document) => void this.saved(document));
  }

  /** Writes a hyper-parameter into the run's experiment file and applies it (by saving the file when it has no other unsaved changes). */
  async setFromDashboard(run: LiveRun, changes: HyperparameterChanges): Promise<void> {
    const document = await vscode.workspace.openTextDocument(run.experimentFile);
    const file = vscode.workspace.asRelativePath(run.experimentFile);
    const config = run.config;
    if (!config) return void vscode.window.showWarningMessage(`${run.experimentName} has not started yet; try again in a moment.`);
    const wasDirty = document.isDirty;
    const outcome = await writeDashboardChange(editable(document), changes, {
      optimizers: config.optimizer,
      apply: (c) => this.manager.updateHyperparameters(run, c),
    });
    if (outcome === 'failed') return void vscode.window.showErrorMessage(`Could not write the change into ${file}.`);
    this.log.info(`[${run.experimentName}] dashboard: ${describeLiveChanges(config, changes).join(', ')} (${outcome})`);
    if (outcome === 'applied' && wasDirty)
      void vscode.window.showInformationMessage(
        `${run.experimentName}: ${describeLiveChanges(config, changes).join(', ')} applied now; ${file} has other unsaved changes, so the value is in the editor but not saved.`,
      );
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
    if (applied) this.log.info(`[${run.experimentName}] live changes: ${describeLiveChanges(before, live).join(', ')}`);
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
