/**
 * "GAN: Check Backends": runs `gan-train --check-backends` on an experiment file (the argument, the
 * active one, or one picked from the workspace's), through the launcher after the workspace-trust
 * gate, with a cancellable progress notification naming the backend it is on (n of m), and shows
 * the result as a Markdown table (backendCheck/checkReport.ts). A check that gives no result is an
 * error message in gan-train's words; nothing empty is opened.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { backendCheckMarkdown } from '../backendCheck/checkReport';
import { runBackendCheck, type BackendCheckOutcome } from '../backendCheck/checkProcess';
import type { ExperimentIndex } from '../editor/experimentIndex';
import type { Launcher } from '../trainingRuns/processLauncher';
import { ensureTrusted } from './workspaceTrust';

export interface CheckBackendsDeps {
  readonly launcher: Launcher;
  /** The workspace's experiment files, to pick one. */
  readonly index: Pick<ExperimentIndex, 'ready' | 'all'>;
  /** Shows a report (backendCheck/reportDocuments.ts): a title and its Markdown. */
  readonly showBackendReport: (name: string, markdown: string) => Promise<void>;
}

async function experimentFile(arg: unknown, index: CheckBackendsDeps['index']): Promise<vscode.Uri | undefined> {
  if (arg instanceof vscode.Uri) return arg;
  const active = vscode.window.activeTextEditor?.document;
  if (active?.uri.path.endsWith('.gan.json')) return active.uri;
  await index.ready;
  const entries = index.all();
  if (entries.length === 0) {
    void vscode.window.showInformationMessage(
      'Check Backends times a few training steps of an experiment’s model, and there is no *.gan.json experiment file in this workspace.',
    );
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    entries.map((e) => ({ label: e.name, description: vscode.workspace.asRelativePath(e.uri), uri: e.uri })),
    { title: 'Check Backends: time which experiment’s model?' },
  );
  return picked?.uri;
}

/** Saves the file when it is open with unsaved changes: the check reads it from disk. */
async function saveIfDirty(uri: vscode.Uri): Promise<void> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open?.isDirty) await open.save();
}

export async function checkBackends(deps: CheckBackendsDeps, arg?: unknown): Promise<BackendCheckOutcome | undefined> {
  const uri = await experimentFile(arg, deps.index);
  if (!uri || !(await ensureTrusted('train'))) return undefined;
  await saveIfDirty(uri);
  const name = path.basename(uri.fsPath);
  const outcome = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `GAN: checking backends for ${name}`, cancellable: true },
    (progress, token) => {
      const controller = new AbortController();
      const cancel = token.onCancellationRequested(() => controller.abort());
      progress.report({ message: 'starting gan-train…' });
      let shown = 0;
      return runBackendCheck(deps.launcher, {
        file: uri.fsPath,
        signal: controller.signal,
        onProgress: (p) => {
          const done = ((p.index - 1) / p.count) * 100;
          progress.report({
            message: `${p.name}${p.variant ? ` (${p.variant})` : ''}, ${p.index} of ${p.count}…`,
            increment: done - shown,
          });
          shown = done;
        },
      }).finally(() => cancel.dispose());
    },
  );
  if (outcome.kind === 'result')
    await deps.showBackendReport(name, backendCheckMarkdown(outcome.result, vscode.workspace.asRelativePath(uri)));
  if (outcome.kind === 'failed') void vscode.window.showErrorMessage(`Check Backends could not measure ${name}: ${outcome.message}`);
  return outcome;
}
