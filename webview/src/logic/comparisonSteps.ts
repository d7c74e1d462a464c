/**
 * Runs side by side at one step (issue 24): steps align by number. For each run, the record it
 * shows at the timeline's step S is its newest at or before S; where that is not S itself the
 * page says so ("no samples at step S · showing step T"), and a run with nothing recorded by S
 * shows nothing, with the reason. Pure.
 */
import { formatInteger } from './format';
import { recordIndexAt } from './timeline';

export interface AlignedRecord {
  /** Index of the record shown in the run's steps, -1: none. */
  index: number;
  /** Its step (null: none). */
  step: number | null;
  /** Whether the run recorded exactly the timeline's step. */
  exact: boolean;
  /** The note under the run's panel ('' when exact). */
  note: string;
}

/** What run shows of `what` (its `steps`, ascending) at the timeline's `step`. */
export function alignAt(steps: ArrayLike<number>, step: number | null, what: string): AlignedRecord {
  if (steps.length === 0) return { index: -1, step: null, exact: false, note: `no ${what} recorded` };
  if (step === null) {
    const last = steps[steps.length - 1]!;
    return { index: steps.length - 1, step: last, exact: true, note: '' };
  }
  if (step < steps[0]!)
    return {
      index: -1,
      step: null,
      exact: false,
      note: `no ${what} at step ${formatInteger(step)}: its first is at step ${formatInteger(steps[0]!)}`,
    };
  const index = recordIndexAt(steps, step);
  const shown = steps[index]!;
  const exact = shown === step;
  return {
    index,
    step: shown,
    exact,
    note: exact ? '' : `no ${what} at step ${formatInteger(step)} · showing step ${formatInteger(shown)}`,
  };
}
