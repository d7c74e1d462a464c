/**
 * Readings of a SweepView (protocol.ts) shared by the Runs tree and the sweep dashboard, so both
 * count and rank trials alike. Pure: no I/O.
 */
import type { SweepTrialState, SweepTrialView, SweepView } from './protocol';

/** The objective's value of a trial, or undefined when it has none (not recorded yet, not finite). */
export function objectiveOf(sweep: Pick<SweepView, 'objective'>, trial: Pick<SweepTrialView, 'metrics'>): number | undefined {
  const v = trial.metrics[sweep.objective.metric];
  return v !== undefined && Number.isFinite(v) ? v : undefined;
}

/**
 * The trials with an objective value, best first (ties by trial number); trials without one are
 * left out. A failed trial keeps its last value: it is ranked too, and shown failed.
 */
export function rankedTrials(sweep: Pick<SweepView, 'objective' | 'trials'>): SweepTrialView[] {
  const sign = sweep.objective.lowerIsBetter ? 1 : -1;
  return sweep.trials
    .filter((t) => objectiveOf(sweep, t) !== undefined)
    .sort((a, b) => sign * (objectiveOf(sweep, a)! - objectiveOf(sweep, b)!) || a.index - b.index);
}

/** The best trial's index by the objective, or null when no trial has a value. */
export function bestTrial(sweep: Pick<SweepView, 'objective' | 'trials'>): number | null {
  return rankedTrials(sweep)[0]?.index ?? null;
}

/** How many trials are in each state. */
export function stateCounts(trials: readonly Pick<SweepTrialView, 'state'>[]): Record<SweepTrialState, number> {
  const counts: Record<SweepTrialState, number> = { pending: 0, running: 0, done: 0, failed: 0, cancelled: 0 };
  for (const t of trials) counts[t.state]++;
  return counts;
}

/** A swept value or a metric as the tree and the dashboard print it: 4 significant digits, exponent form only below 1e-4 or from 1e6. */
export function formatSweepNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (Number.isInteger(v) && Math.abs(v) < 1e6) return String(v);
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-4 || a >= 1e6) ? v.toExponential(2) : String(Number(v.toPrecision(4)));
}
