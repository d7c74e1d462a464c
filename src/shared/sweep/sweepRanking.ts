/** Ranks a sweep's trials by its objective: trials with a value first, best first (ties by index), then the others by index. */
import type { ObjectiveConfig } from './sweepSchema';
import type { TrialStatus } from './sweepFolder';

export function compareTrials(objective: ObjectiveConfig, a: TrialStatus, b: TrialStatus): number {
  const av = a.objective;
  const bv = b.objective;
  if (av !== undefined && bv !== undefined && av !== bv) return objective.goal === 'minimize' ? av - bv : bv - av;
  if (av !== undefined && bv === undefined) return -1;
  if (av === undefined && bv !== undefined) return 1;
  return a.trial.index - b.trial.index;
}

export function rankTrials(objective: ObjectiveConfig, trials: readonly TrialStatus[]): TrialStatus[] {
  return [...trials].sort((a, b) => compareTrials(objective, a, b));
}

/** The best trial: the first ranked one with an objective value, among finished (done) trials when any has one. */
export function bestTrial(objective: ObjectiveConfig, trials: readonly TrialStatus[]): TrialStatus | undefined {
  const done = trials.filter((t) => t.state === 'done' && t.objective !== undefined);
  return rankTrials(objective, done.length > 0 ? done : trials.filter((t) => t.objective !== undefined))[0];
}
