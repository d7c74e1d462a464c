/** What a view's buttons and inputs do; each acts only on the view's own run. */
import * as vscode from 'vscode';
import type { Workbench } from '../workbench';
import type { RunActions } from './dashboardPanel';
import type { RunSource } from './runSource';

export async function revealRunFolder(runDir: string): Promise<void> {
  const uri = vscode.Uri.file(runDir);
  const inWorkspace = vscode.workspace.getWorkspaceFolder(uri) !== undefined;
  await vscode.commands.executeCommand(inWorkspace ? 'revealInExplorer' : 'revealFileInOS', uri);
}

export function createRunActions(workbench: Workbench): RunActions {
  const liveOf = (source: RunSource) => {
    const run = source.liveRun;
    if (run?.live) return run;
    void vscode.window.showInformationMessage('This run is not training in this window.');
    return undefined;
  };
  return {
    async act(source, action) {
      switch (action) {
        case 'stop':
        case 'pause':
        case 'resume': {
          const run = liveOf(source);
          if (run) workbench.manager[action](run);
          return;
        }
        case 'sampleNow':
          liveOf(source)?.send({ type: 'sampleNow', payload: {} });
          return;
        case 'openExperiment': {
          const file = source.view().experimentFile;
          if (file) await vscode.window.showTextDocument(vscode.Uri.file(file));
          return;
        }
        case 'openRunFolder':
          if (source.runDir) await revealRunFolder(source.runDir);
          return;
      }
    },
    async setHyperparameter(source, change) {
      const run = liveOf(source);
      if (run) await workbench.liveEdits.setFromDashboard(run, { [change.key]: change.value });
    },
  };
}
