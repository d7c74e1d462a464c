/** Commands about runs on disk and the views: dashboard, samples, open, delete, reveal, log. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { isRunDirectory, RUN_DIRECTORY_MARKERS } from '../../shared/runDirectory/isRunDirectory';
import type { Workbench } from '../workbench';
import { revealRunFolder } from '../webviews/runActions';
import { runGeneratorExport, type ExportOutcome } from '../trainingRuns/exportProcess';
import { reportExport } from './exportGenerator';
import { ensureTrusted } from './workspaceTrust';
import { targetOf, type RunTarget } from './runTarget';

/** A run from the argument, else the one in the active dashboard, else a pick from the catalog. */
export async function resolveRun(workbench: Workbench, arg: unknown, title: string): Promise<RunTarget | undefined> {
  const target = targetOf(arg, workbench.manager);
  if (target) return target;
  const nodes = await workbench.catalog.list();
  if (nodes.length === 0) {
    void vscode.window.showInformationMessage('No runs yet: start one with "GAN: Start Training" or open a run directory.');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    nodes.map((n) => ({ label: n.runId, description: `${n.experimentName} · ${n.status}`, node: n })),
    { title },
  );
  return picked ? targetOf(picked.node, workbench.manager) : undefined;
}

export async function openDashboard(workbench: Workbench, arg?: unknown): Promise<void> {
  const target = await resolveRun(workbench, arg, 'Open the dashboard of which run?');
  if (target) workbench.openDashboard(target);
}

export async function showSamples(workbench: Workbench, arg?: unknown): Promise<void> {
  const target = await resolveRun(workbench, arg, 'Show the samples of which run?');
  if (!target) return;
  workbench.samples.show(target, true);
  await vscode.commands.executeCommand('ganWorkbench.samples.focus');
}

export async function openRun(workbench: Workbench, arg?: unknown): Promise<void> {
  const dir =
    arg instanceof vscode.Uri
      ? arg.fsPath
      : (
          await vscode.window.showOpenDialog({
            canSelectFolders: true,
            canSelectFiles: false,
            openLabel: 'Open Run',
            title: 'Open a GAN run directory',
          })
        )?.[0]?.fsPath;
  if (!dir) return;
  if (!(await isRunDirectory(dir))) {
    void vscode.window.showErrorMessage(`${dir} is not a GAN run directory (it has no ${RUN_DIRECTORY_MARKERS.join(', ')}).`);
    return;
  }
  workbench.openDashboard({ runDir: dir });
}

export async function openLastRun(workbench: Workbench, arg?: unknown): Promise<void> {
  const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
  const dir = uri && workbench.lastRunOf(uri);
  if (dir) workbench.openDashboard({ runDir: dir, ...(workbench.manager.byRunDir(dir) && { live: workbench.manager.byRunDir(dir) }) });
  else void vscode.window.showInformationMessage('This experiment has no runs yet.');
}

export async function deleteRun(workbench: Workbench, arg?: unknown): Promise<void> {
  const target = await resolveRun(workbench, arg, 'Delete which run?');
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
  workbench.catalog.forgetRun(dir);
}

export async function revealRun(workbench: Workbench, arg?: unknown): Promise<void> {
  const dir = (await resolveRun(workbench, arg, 'Reveal which run?'))?.runDir;
  if (dir) await revealRunFolder(dir);
}

/** Exports a run's generator; returns the outcome (the notification is not awaited). */
export async function exportGeneratorOf(workbench: Workbench, arg?: unknown): Promise<ExportOutcome | undefined> {
  const target = await resolveRun(workbench, arg, 'Export the generator of which run?');
  const dir = target?.runDir;
  if (!dir || !(await ensureTrusted('export'))) return undefined;
  const outcome = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'GAN: exporting the generator…' },
    () => runGeneratorExport(workbench.launcher, dir),
  );
  void reportExport(outcome);
  return outcome;
}
