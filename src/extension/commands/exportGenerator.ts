/**
 * "GAN: Export Generator": runs `gan-export` on a run (trainingRuns/exportProcess.ts, through the
 * launcher, after the workspace-trust gate), tells the outcome and offers to reveal the folder or
 * copy the code that loads the model.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { GENERATOR_LOADING_SNIPPET } from '../../shared/generatorSnippet';
import { runGeneratorExport, type ExportOutcome } from '../trainingRuns/exportProcess';
import type { Launcher } from '../trainingRuns/processLauncher';
import { resolveRun, type RunPickDeps } from './runTarget';
import { ensureTrusted } from './workspaceTrust';

export interface ExportDeps extends RunPickDeps {
  readonly launcher: Launcher;
}

/** Exports a run's generator; returns the outcome (the notification is not awaited). */
export async function exportGenerator(deps: ExportDeps, arg?: unknown): Promise<ExportOutcome | undefined> {
  const target = await resolveRun(deps, arg, 'Export the generator of which run?');
  const dir = target?.runDir;
  if (!dir || !(await ensureTrusted('export'))) return undefined;
  const outcome = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'GAN: exporting the generator…' },
    () => runGeneratorExport(deps.launcher, dir),
  );
  void reportExport(outcome);
  return outcome;
}

async function reportExport(outcome: ExportOutcome): Promise<void> {
  if (!outcome.ok || !outcome.folder) {
    void vscode.window.showErrorMessage(`Could not export the generator: ${outcome.message}`);
    return;
  }
  const reveal = 'Reveal Folder';
  const copy = 'Copy Loading Code';
  const choice = await vscode.window.showInformationMessage(`Exported the generator: ${outcome.folder}`, reveal, copy);
  if (choice === reveal) await vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(path.join(outcome.folder, 'model.json')));
  if (choice === copy) await vscode.env.clipboard.writeText(GENERATOR_LOADING_SNIPPET);
}
