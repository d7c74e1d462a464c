/**
 * Tells the user when a run started from the editor raises an alarm (issue 24: mode collapse, D
 * wins, oscillation, or the divergence watch's blow-up): a warning notification with the alarm's
 * message, "Open Dashboard", and for a run the alarm paused, "Resume Training" and "Stop". Each
 * alarm of a run is told once.
 */
import type { OpenDashboard } from '../deps';
import type { LiveRun } from '../trainingRuns/liveRun';
import type { Notices } from './notices';
import { alarmOf } from '../../shared/runEvents';
import type { RunEvent } from '../../shared/runFormat';

export interface AlarmNoticeDeps {
  readonly openDashboard: OpenDashboard;
  readonly notices: Pick<Notices, 'warning'>;
  readonly resume: (run: LiveRun) => void;
  readonly stop: (run: LiveRun) => void;
}

export const OPEN_DASHBOARD = 'Open Dashboard';
export const RESUME_TRAINING = 'Resume Training';
export const STOP = 'Stop';

/** The notification of an alarm event, or undefined for any other event. */
export function alarmNotice(
  experimentName: string,
  event: Pick<RunEvent, 'kind' | 'message' | 'data'>,
): { message: string; actions: string[] } | undefined {
  const alarm = alarmOf(event);
  if (!alarm) return undefined;
  const paused = event.data?.action === 'pause';
  return {
    message: `GAN ${experimentName}: ${event.message}`,
    actions: paused ? [OPEN_DASHBOARD, RESUME_TRAINING, STOP] : [OPEN_DASHBOARD],
  };
}

/** Returns the function the training commands call on each run they start. */
export function runAlarmNotices(deps: AlarmNoticeDeps): (run: LiveRun) => void {
  return (run) => {
    const subscription = run.onDidChange((m) => {
      if (run.ended) {
        subscription.dispose();
        return;
      }
      if (m?.type !== 'event') return;
      const notice = alarmNotice(run.experimentName, m.payload);
      if (!notice) return;
      void deps.notices.warning(notice.message, ...notice.actions).then((choice) => {
        if (choice === OPEN_DASHBOARD) deps.openDashboard({ live: run, ...(run.runDir && { runDir: run.runDir }) });
        if (choice === RESUME_TRAINING && run.phase === 'paused') deps.resume(run);
        if (choice === STOP && run.live) deps.stop(run);
      });
    });
  };
}
