/**
 * A run's metrics as CSV: one row per record, one column per scalar and per loss component.
 * `writeMetricsCsv` streams metrics.jsonl to the CSV file (two passes of 1 MiB chunks: the
 * components for the header, then the rows), so an export's memory does not grow with the run.
 */
import { open } from 'node:fs/promises';
import { jsonlLines, parseJsonLine } from '../../shared/runDirectory/jsonlLines';
import type { MetricRecord } from '../../shared/runFormat';

const FIXED = ['step', 'time', 'elapsed', 'stepsPerSecond', 'dLoss', 'gLoss', 'dReal', 'dFake', 'gradNormD', 'gradNormG'] as const;

const cell = (v: number | undefined) => (v === undefined ? '' : String(v));

const header = (components: readonly string[]) => [...FIXED, ...components].join(',');
const row = (r: MetricRecord, components: readonly string[]) =>
  [...FIXED.map((k) => cell(r[k])), ...components.map((c) => cell(r.components?.[c]))].join(',');

export function metricsCsv(records: readonly MetricRecord[]): string {
  const components = [...new Set(records.flatMap((r) => Object.keys(r.components ?? {})))].sort();
  const lines = [header(components)];
  for (const r of records) lines.push(row(r, components));
  return `${lines.join('\n')}\n`;
}

/** The metric records of `file` that `valid` accepts, streamed (a missing file has none). */
async function* metricRecords(file: string, valid: (v: unknown) => boolean): AsyncGenerator<MetricRecord> {
  try {
    for await (const line of jsonlLines(file)) {
      const value = parseJsonLine(line);
      if (value !== undefined && valid(value)) yield value as MetricRecord;
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
}

/** Writes the CSV of metrics.jsonl `metricsFile` (its valid records) to `target`; returns the rows written. */
export async function writeMetricsCsv(metricsFile: string, target: string, valid: (v: unknown) => boolean): Promise<number> {
  const names = new Set<string>();
  for await (const r of metricRecords(metricsFile, valid)) for (const name of Object.keys(r.components ?? {})) names.add(name);
  const components = [...names].sort();
  const out = await open(target, 'w');
  let rows = 0;
  try {
    let text = `${header(components)}\n`;
    for await (const r of metricRecords(metricsFile, valid)) {
      text += `${row(r, components)}\n`;
      rows++;
      if (text.length >= 1 << 20) {
        await out.write(text);
        text = '';
      }
    }
    await out.write(text);
  } finally {
    await out.close();
  }
  return rows;
}
