/** The context keys of live runs (package.json's `enablement` and `when` clauses), kept current as runs change. */
import * as vscode from 'vscode';
import { CONTEXT } from '../ids';
import type { RunManager } from '../trainingRuns/runManager';

export function trackLiveRunContextKeys(manager: Pick<RunManager, 'live' | 'onDidChange'>): vscode.Disposable {
  const update = () => {
    const live = manager.live();
    void vscode.commands.executeCommand('setContext', CONTEXT.hasLiveRuns, live.length > 0);
    void vscode.commands.executeCommand(
      'setContext',
      CONTEXT.hasRunningRuns,
      live.some((r) => r.phase === 'running'),
    );
    void vscode.commands.executeCommand(
      'setContext',
      CONTEXT.hasPausedRuns,
      live.some((r) => r.phase === 'paused'),
    );
  };
  update();
  return manager.onDidChange(update);
}
