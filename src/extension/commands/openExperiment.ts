/**
 * "Open Experiment File" of a run's dashboard: opens the file the run names when it lies in a
 * workspace folder or the run's own folder; asks first (a modal with the full path: Open / Cancel)
 * for a file anywhere else, since a run folder can come from anywhere; says why when there is no
 * file to open (see experimentPath.ts).
 */
import * as vscode from 'vscode';
import { experimentOpening } from './experimentPath';

export const OPEN_OUTSIDE = 'Open';

export type OpenExperimentOutcome = 'opened' | 'cancelled' | 'refused';

export async function openRunExperiment(named: string, runDir: string | undefined): Promise<OpenExperimentOutcome> {
  const workspaceFolders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
  const decision = await experimentOpening(named, { ...(runDir && { runDir }), workspaceFolders });
  if (decision.kind === 'refuse') {
    void vscode.window.showWarningMessage(decision.message);
    return 'refused';
  }
  if (decision.kind === 'ask') {
    const via = decision.named === decision.path ? '' : ` (it names ${decision.named}, which leads there)`;
    const choice = await vscode.window.showWarningMessage(
      `Open ${decision.path}?`,
      {
        modal: true,
        detail:
          `This run names ${decision.path} as its experiment file${via}. It is outside this workspace's folders and the ` +
          `run's folder${runDir ? ` (${runDir})` : ''}, and a run folder can come from anywhere: open it only if you expected this file.`,
      },
      OPEN_OUTSIDE,
    );
    if (choice !== OPEN_OUTSIDE) return 'cancelled';
  }
  await vscode.window.showTextDocument(vscode.Uri.file(decision.path));
  return 'opened';
}
