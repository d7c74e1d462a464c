/**
 * "GAN: Export Generator": tells the outcome of `gan-export` (run by trainingRuns/exportProcess.ts)
 * and offers to reveal the folder or copy the code that loads the model.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { GENERATOR_LOADING_SNIPPET } from '../../shared/generatorSnippet';
import type { ExportOutcome } from '../trainingRuns/exportProcess';

export async function reportExport(outcome: ExportOutcome): Promise<void> {
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
