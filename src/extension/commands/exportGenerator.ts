/**
 * "GAN: Export Generator": runs `gan-export` (the same code as the CLI, in a Node child process, so
 * the extension host never loads TensorFlow.js) on a run and offers to reveal the folder.
 */
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { GENERATOR_LOADING_SNIPPET } from '../../shared/generatorSnippet';
import { SETTINGS } from '../ids';

export interface ExportOutcome {
  ok: boolean;
  /** The CLI's message: where the model went, or why it could not be written. */
  message: string;
  folder?: string;
}

/** Runs bin/gan-export.js of the installed extension on `runDir`. */
export function runGeneratorExport(extensionPath: string, runDir: string): Promise<ExportOutcome> {
  const nodePath = vscode.workspace.getConfiguration(SETTINGS.section).get<string>(SETTINGS.trainerNodePath) || process.execPath;
  return new Promise((resolve) => {
    execFile(
      nodePath,
      [path.join(extensionPath, 'bin', 'gan-export.js'), runDir],
      // The extension host may be Electron: make its binary behave as plain Node.
      { env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, timeout: 120_000 },
      (error, stdout, stderr) => {
        const folder = /to (.+)$/m.exec(stdout)?.[1];
        if (!error && folder) resolve({ ok: true, message: stdout.trim(), folder });
        else resolve({ ok: false, message: (stderr || stdout || String(error)).trim().replace(/^gan-export: /, '') });
      },
    );
  });
}

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
