/**
 * Metric records as columns (one array per quantity), appended in place as records arrive so a
 * frame never re-walks 10,000 records. Component keys that appear late are back-filled with NaN.
 */
import type { MetricRecord } from '../../../src/shared/runFormat';

export const SCALAR_KEYS = ['dLoss', 'gLoss', 'dReal', 'dFake', 'gradNormD', 'gradNormG', 'stepsPerSecond', 'elapsed', 'time'] as const;
export type ScalarKey = (typeof SCALAR_KEYS)[number];

export interface MetricColumns {
  steps: number[];
  scalars: Record<ScalarKey, number[]>;
  /** Loss terms by name, in the order they first appeared. */
  components: Map<string, number[]>;
  /** Bumped when records were replaced rather than appended (caches of derived values are stale). */
  generation: number;
}

export function emptyColumns(): MetricColumns {
  const scalars = Object.fromEntries(SCALAR_KEYS.map((k) => [k, [] as number[]])) as unknown as Record<ScalarKey, number[]>;
  return { steps: [], scalars, components: new Map(), generation: 0 };
}

const num = (v: unknown): number => (typeof v === 'number' ? v : NaN);

/** Appends records; a record whose step is not after the last one replaces from that step on (a resumed run). */
export function appendRecords(columns: MetricColumns, records: readonly MetricRecord[]): void {
  for (const record of records) {
    const last = columns.steps[columns.steps.length - 1];
    if (last !== undefined && record.step <= last) truncateFrom(columns, record.step);
    const n = columns.steps.length;
    columns.steps.push(record.step);
    for (const key of SCALAR_KEYS) columns.scalars[key].push(num(record[key]));
    const components = record.components ?? {};
    for (const [name, value] of Object.entries(components)) {
      let column = columns.components.get(name);
      if (!column) {
        column = new Array<number>(n).fill(NaN);
        columns.components.set(name, column);
      }
      column.push(num(value));
    }
    for (const column of columns.components.values()) if (column.length === n) column.push(NaN);
  }
}

function truncateFrom(columns: MetricColumns, step: number): void {
  columns.generation++;
  let keep = columns.steps.length;
  while (keep > 0 && columns.steps[keep - 1]! >= step) keep--;
  columns.steps.length = keep;
  for (const key of SCALAR_KEYS) columns.scalars[key].length = keep;
  for (const column of columns.components.values()) column.length = keep;
}
