/**
 * "GAN: Export Generator": runs `gan-export` on a run (trainingRuns/exportProcess.ts, through the
 * launcher, after the workspace-trust gate), tells the outcome and offers to reveal the folder or
 * copy the code that loads the model; when the checkpoint is damaged, to export the newest intact one.
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
  return exportRun(deps, dir);
}

/** Exports from `checkpoint` (the latest when absent), with a progress notification, and tells the outcome. */
async function exportRun(deps: ExportDeps, dir: string, checkpoint?: string): Promise<ExportOutcome> {
  const outcome = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'GAN: exporting the generator…' },
    () => runGeneratorExport(deps.launcher, dir, checkpoint),
  );
  void reportExport(deps, dir, outcome);
  return outcome;
}

async function reportExport(deps: ExportDeps, dir: string, outcome: ExportOutcome): Promise<void> {
  if (!outcome.ok || !outcome.folder) {
    // A damaged checkpoint: offer the newest intact one, as the CLI's message does.
    const intact = outcome.intactCheckpoint;
    const retry = intact && `Export ${path.basename(intact)}`;
    const choice = await vscode.window.showErrorMessage(`Could not export the generator: ${outcome.message}`, ...(retry ? [retry] : []));
    if (retry && choice === retry) await exportRun(deps, dir, intact);
    return;
  }
  const reveal = 'Reveal Folder';
  const copy = 'Copy Loading Code';
  const choice = await vscode.window.showInformationMessage(`Exported the generator: ${outcome.folder}`, reveal, copy);
  if (choice === reveal) await vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(path.join(outcome.folder, 'model.json')));
  if (choice === copy) await vscode.env.clipboard.writeText(GENERATOR_LOADING_SNIPPET);
}
