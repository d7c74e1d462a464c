/**
 * Seeds of one setting (pure): trials that differ only in their `seed` parameter form a group, and
 * a metric of a group is read as its mean with its spread (sample standard deviation, n − 1), so a
 * setting is judged by more than one lucky or unlucky seed.
 */
import type { SweepTrialView } from '../../../src/shared/protocol';
import { formatParam } from './sweepTrials';

/** The parameter that tells seeds of one setting apart. */
export const SEED_PARAM = 'seed';

export interface SeedGroup {
  /** The setting: every swept parameter but the seed, in the sweep's order. */
  setting: { path: string; value: string }[];
  /** `optimizer.generator.lr 0.0002, loss.kind hinge`: the setting as one line. */
  label: string;
  /** `0.0002 · hinge`: the setting's values only (a chart's axis label). */
  shortLabel: string;
  /** Trial numbers of the group, ascending. */
  trials: number[];
  /** Trials of the group with a finite value of the metric. */
  n: number;
  /** Mean of the metric over those trials (NaN when n = 0). */
  mean: number;
  /** Sample standard deviation (n − 1; 0 when n = 1, NaN when n = 0). */
  sd: number;
  min: number;
  max: number;
  /** The metric of each trial with a value, by trial number. */
  values: { index: number; value: number }[];
}

/** Mean, sample standard deviation, min and max of `values` (NaN for none; sd 0 for one). */
export function spread(values: readonly number[]): Pick<SeedGroup, 'n' | 'mean' | 'sd' | 'min' | 'max'> {
  const n = values.length;
  if (n === 0) return { n, mean: NaN, sd: NaN, min: NaN, max: NaN };
  const mean = values.reduce((s, v) => s + v, 0) / n;
  const sd = n > 1 ? Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1)) : 0;
  return { n, mean, sd, min: Math.min(...values), max: Math.max(...values) };
}

/**
 * The groups of trials that differ only in `seed`, in the order of their first trial; empty when the
 * sweep does not vary the seed. `metric` is summarised over each group's trials that recorded it.
 */
export function seedGroups(parameters: readonly string[], trials: readonly SweepTrialView[], metric: string): SeedGroup[] {
  if (!parameters.includes(SEED_PARAM)) return [];
  const others = parameters.filter((p) => p !== SEED_PARAM);
  const groups = new Map<string, SweepTrialView[]>();
  for (const trial of [...trials].sort((a, b) => a.index - b.index)) {
    const key = JSON.stringify(others.map((p) => trial.params[p] ?? null));
    groups.set(key, [...(groups.get(key) ?? []), trial]);
  }
  return [...groups.values()].map((members) => {
    const first = members[0]!;
    const setting = others.map((path) => ({ path, value: formatParam(first.params[path]) }));
    const values = members
      .map((t) => ({ index: t.index, value: t.metrics[metric] }))
      .filter((v): v is { index: number; value: number } => v.value !== undefined && Number.isFinite(v.value));
    return {
      setting,
      label: setting.length > 0 ? setting.map((s) => `${s.path} ${s.value}`).join(', ') : 'all trials',
      shortLabel: setting.length > 0 ? setting.map((s) => s.value).join(' · ') : 'all trials',
      trials: members.map((t) => t.index),
      values,
      ...spread(values.map((v) => v.value)),
    };
  });
}
