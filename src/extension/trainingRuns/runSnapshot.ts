/**
 * Reads what a view needs from a run directory, tolerating damage (a truncated last line, a
 * missing file, a line that is not a record): every problem becomes a warning, never a throw.
 * The snapshot says how far it read each JSONL file (`offsets`), so a tail (`feeds/jsonlTail.ts`)
 * goes on from exactly there. Pure Node (no `vscode`), async I/O only.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Experiment } from '../../shared/experiment/schema';
import {
  RUN_FILES,
  type HistogramRecord,
  type MetricRecord,
  type QualityRecord,
  type RunEvent,
  type RunMeta,
  type SampleRecord,
} from '../../shared/runFormat';
import { readRunMetaWarning } from '../../shared/runDirectory/readRunMeta';
import { isQualityRecord } from '../../shared/runFormatGuards';

export interface RunSnapshot {
  meta: RunMeta | null;
  config: Experiment | null;
  metrics: MetricRecord[];
  quality: QualityRecord[];
  events: RunEvent[];
  histograms: HistogramRecord[];
  sampleSteps: number[];
  samples: SampleRecord | null;
  warnings: string[];
  /** Bytes of each JSONL file that the records above were read from: tailing starts there. */
  offsets: Record<JsonlName, number>;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const hasStep = (v: unknown): boolean => isRecord(v) && typeof v.step === 'number';

/** What makes a line of each JSONL file a record. */
export const RECORD_CHECKS = {
  metrics: (v: unknown) => hasStep(v) && typeof (v as MetricRecord).dLoss !== 'undefined',
  quality: isQualityRecord,
  events: (v: unknown) => hasStep(v) && typeof (v as RunEvent).message === 'string',
  histograms: (v: unknown) => hasStep(v) && Array.isArray((v as HistogramRecord).real),
};

/** The JSONL files of a run directory, by the name `RECORD_CHECKS` gives them. */
export type JsonlName = keyof typeof RECORD_CHECKS;
export const JSONL_NAMES = Object.keys(RECORD_CHECKS) as JsonlName[];

/** Parses JSON lines; a line that does not parse or fails `valid` becomes one warning (counted). */
export function parseJsonLines<T>(text: string, file: string, valid: (v: unknown) => boolean, warnings: string[]): T[] {
  const out: T[] = [];
  let bad = 0;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    try {
      const value: unknown = JSON.parse(line);
      if (valid(value)) out.push(value as T);
      else bad++;
    } catch {
      // A crash mid-append can leave the last line incomplete; that one is expected, not a warning.
      if (i !== lines.length - 1) bad++;
    }
  }
  if (bad > 0) warnings.push(`${file}: ${bad} line(s) are not valid records and were skipped`);
  return out;
}

async function readJson<T>(path: string, label: string, valid: (v: unknown) => boolean, warnings: string[]): Promise<T | null> {
  try {
    const value: unknown = JSON.parse(await readFile(path, 'utf8'));
    if (valid(value)) return value as T;
    warnings.push(`${label} does not have the expected fields`);
  } catch (e) {
    warnings.push(
      (e as NodeJS.ErrnoException).code === 'ENOENT' ? `${label} is missing` : `${label} cannot be read: ${(e as Error).message}`,
    );
  }
  return null;
}

/** Whether a last line without its newline is whole JSON (a crash cut it) rather than one still being written. */
function isWholeJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * The records of one JSONL file and the byte offset they were read to: the end of the last complete
 * line, or of the file when its unterminated last line is whole JSON already. A line still being
 * written is left to the tail, which reads it once its newline is there.
 */
async function readLines<T>(
  runDir: string,
  name: string,
  valid: (v: unknown) => boolean,
  warnings: string[],
): Promise<{ records: T[]; offset: number }> {
  let bytes: Buffer;
  try {
    bytes = await readFile(join(runDir, name));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') warnings.push(`${name} cannot be read: ${(e as Error).message}`);
    return { records: [], offset: 0 };
  }
  const complete = bytes.lastIndexOf(0x0a) + 1;
  const fragment = bytes.toString('utf8', complete).trim();
  const offset = fragment === '' || isWholeJson(fragment) ? bytes.length : complete;
  return { records: parseJsonLines<T>(bytes.toString('utf8'), name, valid, warnings), offset };
}

/** Keeps at most `limit` records, evenly spaced, always including the last. */
export function thin<T>(records: T[], limit: number): T[] {
  if (records.length <= limit) return records;
  const stride = records.length / limit;
  const out: T[] = [];
  for (let i = 0; i < limit - 1; i++) out.push(records[Math.floor(i * stride)]!);
  out.push(records[records.length - 1]!);
  return out;
}

export async function sampleStepsOf(runDir: string): Promise<number[]> {
  try {
    return (await readdir(join(runDir, RUN_FILES.samples)))
      .map((n) => /^step-(\d+)\.json$/.exec(n))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => Number(m[1]))
      .sort((a, b) => a - b);
  } catch {
    return [];
  }
}

export async function readSamples(runDir: string, step: number): Promise<SampleRecord | null> {
  const name = `step-${String(step).padStart(8, '0')}.json`;
  return readJson<SampleRecord>(
    join(runDir, RUN_FILES.samples, name),
    `samples/${name}`,
    (v) => hasStep(v) && Array.isArray((v as { fixed?: unknown }).fixed),
    [],
  );
}

export async function readRunSnapshot(runDir: string, metricsLimit: number): Promise<RunSnapshot> {
  const warnings: string[] = [];
  const [meta, config, metrics, quality, events, histograms, sampleSteps] = await Promise.all([
    readRunMetaWarning(runDir, warnings),
    readJson<Experiment>(
      join(runDir, RUN_FILES.experiment),
      RUN_FILES.experiment,
      (v) => isRecord(v) && isRecord(v.schedule) && isRecord(v.optimizer),
      warnings,
    ),
    readLines<MetricRecord>(runDir, RUN_FILES.metrics, RECORD_CHECKS.metrics, warnings),
    readLines<QualityRecord>(runDir, RUN_FILES.quality, RECORD_CHECKS.quality, warnings),
    readLines<RunEvent>(runDir, RUN_FILES.events, RECORD_CHECKS.events, warnings),
    readLines<HistogramRecord>(runDir, RUN_FILES.histograms, RECORD_CHECKS.histograms, warnings),
    sampleStepsOf(runDir),
  ]);
  const last = sampleSteps[sampleSteps.length - 1];
  const samples = last === undefined ? null : await readSamples(runDir, last);
  return {
    meta,
    config,
    metrics: thin(metrics.records, metricsLimit),
    quality: quality.records,
    events: events.records,
    histograms: thin(histograms.records, 500),
    sampleSteps,
    samples,
    warnings,
    offsets: { metrics: metrics.offset, quality: quality.offset, events: events.offset, histograms: histograms.offset },
  };
}
