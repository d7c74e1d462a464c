/** Commands about runs on disk and the views: dashboard, samples, open, open last, delete, reveal. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { isRunDirectory, RUN_DIRECTORY_MARKERS } from '../../shared/runDirectory/isRunDirectory';
import type { OpenDashboard, RunLookup, RunTarget } from '../deps';
import type { RunCatalog } from '../trainingRuns/runCatalog';
import { revealRunFolder } from './revealRunFolder';
import { resolveRun } from './runTarget';
import { folderArgument } from './folderArgument';

export interface RunCommandDeps {
  readonly manager: RunLookup;
  readonly catalog: Pick<RunCatalog, 'list' | 'forgetRun'>;
  /** The Samples view. */
  readonly samples: { show(target: RunTarget, pinned?: boolean): void };
  readonly openDashboard: OpenDashboard;
  /** The newest run directory of an experiment file. */
  readonly lastRunOf: (file: vscode.Uri) => string | undefined;
}

export async function openDashboard(deps: RunCommandDeps, arg?: unknown): Promise<void> {
  const target = await resolveRun(deps, arg, 'Open the dashboard of which run?');
  if (target) deps.openDashboard(target);
}

export async function showSamples(deps: RunCommandDeps, arg?: unknown): Promise<void> {
  const target = await resolveRun(deps, arg, 'Show the samples of which run?');
  if (!target) return;
  deps.samples.show(target, true);
  await vscode.commands.executeCommand('ganWorkbench.samples.focus');
}

export async function openRun(deps: RunCommandDeps, arg?: unknown): Promise<void> {
  const dir = await folderArgument(arg, { openLabel: 'Open Run', title: 'Open a GAN run directory' });
  if (!dir) return;
  if (!(await isRunDirectory(dir))) {
    void vscode.window.showErrorMessage(`${dir} is not a GAN run directory (it has no ${RUN_DIRECTORY_MARKERS.join(', ')}).`);
    return;
  }
  deps.openDashboard({ runDir: dir });
}

export async function openLastRun(deps: RunCommandDeps, arg?: unknown): Promise<void> {
  const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
  const dir = uri && deps.lastRunOf(uri);
  if (!dir) return void vscode.window.showInformationMessage('This experiment has no runs yet.');
  const live = deps.manager.byRunDir(dir);
  deps.openDashboard({ runDir: dir, ...(live && { live }) });
}

export async function deleteRun(deps: RunCommandDeps, arg?: unknown): Promise<void> {
  const target = await resolveRun(deps, arg, 'Delete which run?');
  const dir = target?.runDir;
  if (!dir) return;
  if (target.live?.live) {
    void vscode.window.showWarningMessage('Stop the run before deleting it.');
    return;
  }
  if (!(await isRunDirectory(dir))) {
    void vscode.window.showErrorMessage(`${dir} does not look like a run directory; nothing was deleted.`);
    return;
  }
  const choice = await vscode.window.showWarningMessage(
    `Delete run ${path.basename(dir)}? Its metrics, samples and checkpoints are removed permanently.`,
    { modal: true, detail: dir },
    'Delete',
  );
  if (choice !== 'Delete') return;
  await vscode.workspace.fs.delete(vscode.Uri.file(dir), { recursive: true, useTrash: false });
  deps.catalog.forgetRun(dir);
}

export async function revealRun(deps: RunCommandDeps, arg?: unknown): Promise<void> {
  const dir = (await resolveRun(deps, arg, 'Reveal which run?'))?.runDir;
  if (dir) await revealRunFolder(dir);
}
