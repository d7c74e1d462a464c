/**
 * Cancelling trials through the sweep folder: a cancel marker per trial (state/trial-NNN.cancel),
 * which every executor honours and every reader shows as cancelled, and, for a trial whose
 * trainer runs on this machine, SIGTERM to that trainer (it ends after its step).
 */
import { existsSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { writeJsonAtomic } from '../../shared/atomicFile';
import { trialStateFile, type TrialCancel, type TrialStarted } from '../../shared/sweep/sweepFolder';

export function writeCancelMarker(dir: string, id: string): void {
  const file = trialStateFile(dir, id, 'cancel');
  if (existsSync(file)) return;
  const marker: TrialCancel = { at: new Date().toISOString() };
  writeJsonAtomic(file, marker);
}

/** Sends SIGTERM to the trial's trainer when it runs on this machine and has not ended; whether it did. */
export function stopLocalTrainer(dir: string, id: string): boolean {
  if (existsSync(trialStateFile(dir, id, 'exit'))) {
    try {
      const exit = JSON.parse(readFileSync(trialStateFile(dir, id, 'exit'), 'utf8')) as { at: string };
      const started = JSON.parse(readFileSync(trialStateFile(dir, id, 'started'), 'utf8')) as TrialStarted;
      if (exit.at >= started.at) return false;
    } catch {
      return false;
    }
  }
  let started: TrialStarted;
  try {
    started = JSON.parse(readFileSync(trialStateFile(dir, id, 'started'), 'utf8')) as TrialStarted;
  } catch {
    return false;
  }
  if (started.host !== hostname() || started.pid <= 0) return false;
  try {
    process.kill(started.pid, 'SIGTERM');
    return true;
  } catch {
    return false;
  }
}
