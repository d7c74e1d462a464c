/**
 * Tells the user how a run started from the editor ended: a completed run its result (the quality
 * headline: "modes 8/8, JS 0.25 bit"), a failed or diverged one its error, with the way to its
 * dashboard, its log and its files. A run stopped by the user ends silently.
 */
import type { OpenDashboard } from '../deps';
import type { LiveRun } from '../trainingRuns/liveRun';
import type { Notices } from './notices';
import { formatDuration } from './runNode';
import { qualityHeadline } from '../../shared/qualityHeadline';

export interface RunEndNoticeDeps {
  readonly showLog: () => void;
  readonly openDashboard: OpenDashboard;
  readonly notices: Pick<Notices, 'info' | 'error'>;
}

/** What a completed run's notification says: its result, steps and time. */
export function resultMessage(run: Pick<LiveRun, 'experimentName' | 'meta' | 'lastQuality'>): string {
  const result = run.lastQuality && qualityHeadline(run.lastQuality.metrics);
  const meta = run.meta;
  const steps = meta ? `${meta.lastStep.toLocaleString('en-US')} steps` : '';
  const time = meta?.endedAt ? ` in ${formatDuration(Date.parse(meta.endedAt) - Date.parse(meta.startedAt))}` : '';
  const done = steps ? ` (${steps}${time})` : '';
  return result ? `GAN ${run.experimentName} completed: ${result}${done}.` : `GAN ${run.experimentName} completed${done}.`;
}

/** Returns the function the training commands call on each run they start. */
export function runEndNotices(deps: RunEndNoticeDeps): (run: LiveRun) => void {
  return (run) => {
    const subscription = run.onDidChange(() => {
      if (!run.ended) return;
      subscription.dispose();
      const target = { live: run, ...(run.runDir && { runDir: run.runDir }) };
      if (run.phase === 'completed') {
        void deps.notices.info(resultMessage(run), 'Open Dashboard').then((choice) => {
          if (choice) deps.openDashboard(target);
        });
        return;
      }
      if (run.phase !== 'failed' && run.phase !== 'diverged') return;
      const actions = run.runDir ? ['Show Log', 'Open Run'] : ['Show Log'];
      void deps.notices
        .error(`GAN ${run.experimentName} ${run.phase}: ${(run.error ?? 'unknown error').split('\n')[0]}`, ...actions)
        .then((choice) => {
          if (choice === 'Show Log') deps.showLog();
          if (choice === 'Open Run' && run.runDir) deps.openDashboard(target);
        });
    });
  };
}
