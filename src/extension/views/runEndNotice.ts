/** Tells the user when a run started from the editor ends badly, with the way to its log and its files. */
import * as vscode from 'vscode';
import type { OpenDashboard } from '../deps';
import type { LiveRun } from '../trainingRuns/liveRun';

export interface CrashNoticeDeps {
  readonly showLog: () => void;
  readonly openDashboard: OpenDashboard;
}

/** Returns the function the training commands call on each run they start. */
export function crashNotices(deps: CrashNoticeDeps): (run: LiveRun) => void {
  return (run) => {
    const subscription = run.onDidChange(() => {
      if (!run.ended) return;
      subscription.dispose();
      if (run.phase !== 'failed' && run.phase !== 'diverged') return;
      const actions = run.runDir ? ['Show Log', 'Open Run'] : ['Show Log'];
      void vscode.window
        .showErrorMessage(`GAN ${run.experimentName} ${run.phase}: ${(run.error ?? 'unknown error').split('\n')[0]}`, ...actions)
        .then((choice) => {
          if (choice === 'Show Log') deps.showLog();
          if (choice === 'Open Run' && run.runDir) deps.openDashboard({ live: run, runDir: run.runDir });
        });
    });
  };
}
