/**
 * The sweep dashboard's reading of its trials (pure: no DOM): the metrics worth a column, the value
 * of a column for a trial and the sorting of the table (ranking and counts: src/shared/sweepView.ts).
 */
import type { SweepParamValue, SweepTrialView, SweepView } from '../../../src/shared/protocol';
import { formatSweepNumber } from '../../../src/shared/sweepView';

/** A column of the trials table: the trial's number, a parameter, its state, its step or a metric. */
export type TrialColumn =
  { kind: 'index' } | { kind: 'param'; path: string } | { kind: 'state' } | { kind: 'step' } | { kind: 'metric'; name: string };

export interface TrialSort {
  column: TrialColumn;
  descending: boolean;
}

/** Metrics that are the same for every trial of one data kind (totals, the real data's own figures): no column. */
const CONSTANT_METRIC = /^(real[A-Z]|.*Total$|noiseFrechetDistance$)/;

/** The metrics recorded by any trial, the objective first, then by name; constants of the data left out. */
export function metricNames(sweep: Pick<SweepView, 'trials' | 'objective'>): string[] {
  const names = new Set<string>();
  for (const trial of sweep.trials) for (const name of Object.keys(trial.metrics)) if (!CONSTANT_METRIC.test(name)) names.add(name);
  names.delete(sweep.objective.metric);
  return [sweep.objective.metric, ...[...names].sort()];
}

const STATE_ORDER: Record<SweepTrialView['state'], number> = { running: 0, pending: 1, done: 2, failed: 3, cancelled: 4 };

/** A trial's value in a column: a number or a string to sort by, undefined when it has none. */
export function columnValue(trial: SweepTrialView, column: TrialColumn): SweepParamValue | undefined {
  switch (column.kind) {
    case 'index':
      return trial.index;
    case 'param':
      return trial.params[column.path];
    case 'state':
      return STATE_ORDER[trial.state];
    case 'step':
      return trial.step;
    case 'metric': {
      const v = trial.metrics[column.name];
      return v !== undefined && !Number.isNaN(v) ? v : undefined;
    }
  }
}

function compareValues(a: SweepParamValue, b: SweepParamValue): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b), 'en', { numeric: true });
}

/** The trials in the table's order: by the column (trials without a value last either way), then by number. */
export function sortTrials(trials: readonly SweepTrialView[], sort: TrialSort): SweepTrialView[] {
  return [...trials].sort((a, b) => {
    const va = columnValue(a, sort.column);
    const vb = columnValue(b, sort.column);
    if (va === undefined || vb === undefined) return va === vb ? a.index - b.index : va === undefined ? 1 : -1;
    return (sort.descending ? -1 : 1) * compareValues(va, vb) || a.index - b.index;
  });
}

/** The sort a sweep's table opens with: the objective, best first. */
export function rankedSort(sweep: Pick<SweepView, 'objective'>): TrialSort {
  return { column: { kind: 'metric', name: sweep.objective.metric }, descending: !sweep.objective.lowerIsBetter };
}

export function sameColumn(a: TrialColumn, b: TrialColumn): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** A parameter value as the views print it (numbers: formatSweepNumber). */
export function formatParam(v: SweepParamValue | undefined): string {
  if (v === undefined) return '—';
  return typeof v === 'number' ? formatSweepNumber(v) : String(v);
}
