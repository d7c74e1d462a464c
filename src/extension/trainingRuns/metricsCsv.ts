/** A run's metrics as CSV: one row per record, one column per scalar and per loss component. */
import type { MetricRecord } from '../../shared/runFormat';

const FIXED = ['step', 'time', 'elapsed', 'stepsPerSecond', 'dLoss', 'gLoss', 'dReal', 'dFake', 'gradNormD', 'gradNormG'] as const;

const cell = (v: number | undefined) => (v === undefined ? '' : String(v));

export function metricsCsv(records: readonly MetricRecord[]): string {
  const components = [...new Set(records.flatMap((r) => Object.keys(r.components ?? {})))].sort();
  const lines = [[...FIXED, ...components].join(',')];
  for (const r of records) {
    lines.push([...FIXED.map((k) => cell(r[k])), ...components.map((c) => cell(r.components?.[c]))].join(','));
  }
  return `${lines.join('\n')}\n`;
}
