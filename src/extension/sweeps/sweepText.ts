/**
 * The words of the Runs tree for a sweep and its trials (pure: no `vscode`): the sweep's state
 * counts and best trial, a trial's parameters, state, step and objective.
 */
import type { SweepTrialView, SweepView } from '../../shared/protocol';
import { formatSweepNumber, objectiveOf, stateCounts } from '../../shared/sweepView';

const number = formatSweepNumber;
const count = (n: number) => n.toLocaleString('en-US');

/** `2 pending · 1 running · 3 done · 0 failed · best #4 js 0.081` (cancelled only when there are some). */
export function describeSweep(sweep: SweepView): string {
  const c = stateCounts(sweep.trials);
  const parts = [`${c.pending} pending`, `${c.running} running`, `${c.done} done`, `${c.failed} failed`];
  if (c.cancelled > 0) parts.push(`${c.cancelled} cancelled`);
  const best = sweep.trials.find((t) => t.index === sweep.best);
  const value = best ? objectiveOf(sweep, best) : undefined;
  if (best && value !== undefined) parts.push(`best #${best.index} ${sweep.objective.metric} ${number(value)}`);
  return parts.join(' · ');
}

/** The last segment of a parameter's path (`optimizer.generator.lr` → `lr`), unless two parameters share it. */
function shortNames(parameters: readonly string[]): Map<string, string> {
  const last = (p: string) => p.split('.').pop() ?? p;
  return new Map(parameters.map((p) => [p, parameters.filter((q) => last(q) === last(p)).length > 1 ? p : last(p)]));
}

/** `#3 lr 0.0002, kind hinge, seed 1` (★ on the best trial). */
export function trialLabel(sweep: SweepView, trial: SweepTrialView): string {
  const names = shortNames(sweep.parameters);
  const params = sweep.parameters.map((p) => {
    const v = trial.params[p];
    return `${names.get(p)} ${typeof v === 'number' ? number(v) : String(v ?? '—')}`;
  });
  return `${sweep.best === trial.index ? '★ ' : ''}#${trial.index} ${params.join(', ')}`;
}

/** `done · 400/400 · js 0.12`, `running · 120/400`, `pending`, `failed: <error>`. */
export function describeTrial(sweep: SweepView, trial: SweepTrialView): string {
  const parts: string[] = [trial.state === 'failed' && trial.error ? `failed: ${trial.error}` : trial.state];
  if (trial.totalSteps > 0 && trial.state !== 'pending') parts.push(`${count(trial.step)}/${count(trial.totalSteps)}`);
  const value = objectiveOf(sweep, trial);
  if (value !== undefined) parts.push(`${sweep.objective.metric} ${number(value)}`);
  return parts.join(' · ');
}

/** A trial's tooltip: its parameters one per line, its state and step, its error, its run directory. */
export function trialTooltip(sweep: SweepView, trial: SweepTrialView): string {
  const params = sweep.parameters.map((p) => {
    const v = trial.params[p];
    return `${p} = ${typeof v === 'number' ? number(v) : String(v ?? '—')}`;
  });
  return [
    `trial ${trial.index}${sweep.best === trial.index ? ' (best)' : ''}`,
    ...params,
    describeTrial(sweep, { ...trial, error: null }),
    ...(trial.error ? [trial.error] : []),
    trial.runDir ?? 'no run directory yet',
  ].join('\n');
}
