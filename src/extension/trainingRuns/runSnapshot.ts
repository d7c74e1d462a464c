/**
 * Reads what a view needs from a run directory, tolerating damage (a truncated last line, a
 * missing file, a line that is not a record): every problem becomes a warning, never a throw.
 * The snapshot says how far it read each JSONL file (`offsets`), so a tail (`feeds/jsonlTail.ts`)
 * goes on from exactly there. Bounded whatever the run's length: each JSONL file is read in 1 MiB
 * chunks, or sampled at evenly spaced offsets when it is over 32 MiB (shared/runDirectory/jsonlRecords.ts),
 * and a snapshot holds at most `metricsLimit` metrics, QUALITY_LIMIT quality records and the last
 * EVENTS_LIMIT events (with every hyperparameter edit). Histograms are never thinned or sampled
 * (issue 24: every recorded step stays reachable on the timeline); bench/timelineMemory.ts
 * measures what that costs.
 * Pure Node (no `vscode`), async I/O only.
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
import { readJsonlSpread, readJsonlTail, thin, type JsonlRead } from '../../shared/runDirectory/jsonlRecords';

export { thin };

/** Quality records a snapshot holds at most (evenly spread, the last included). */
export const QUALITY_LIMIT = 10_000;
/** Events a snapshot holds at most, the last ones, besides every hyperparameter edit. */
export const EVENTS_LIMIT = 10_000;

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

/** The records of one JSONL file read by `read`, with its problems as warnings. */
async function readLines<T>(name: string, read: Promise<JsonlRead<T>>, warnings: string[]): Promise<{ records: T[]; offset: number }> {
  const result = await read;
  if (result.error !== undefined) warnings.push(`${name} cannot be read: ${result.error}`);
  if (result.bad > 0) warnings.push(`${name}: ${result.bad} line(s) are not valid records and were skipped`);
  if (name === RUN_FILES.events && result.total !== undefined && result.total > result.records.length)
    warnings.push(
      `${name}: showing the last ${EVENTS_LIMIT.toLocaleString('en')} of ${result.total.toLocaleString('en')} events, and every edit`,
    );
  return { records: result.records, offset: result.offset };
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
    readLines(
      RUN_FILES.metrics,
      readJsonlSpread<MetricRecord>(join(runDir, RUN_FILES.metrics), RECORD_CHECKS.metrics, metricsLimit),
      warnings,
    ),
    readLines(
      RUN_FILES.quality,
      readJsonlSpread<QualityRecord>(join(runDir, RUN_FILES.quality), RECORD_CHECKS.quality, QUALITY_LIMIT),
      warnings,
    ),
    readLines(
      RUN_FILES.events,
      readJsonlTail<RunEvent>(join(runDir, RUN_FILES.events), RECORD_CHECKS.events, EVENTS_LIMIT, (e) => e.kind === 'hyperparameters'),
      warnings,
    ),
    readLines(
      RUN_FILES.histograms,
      readJsonlSpread<HistogramRecord>(join(runDir, RUN_FILES.histograms), RECORD_CHECKS.histograms, Infinity, Infinity),
      warnings,
    ),
    sampleStepsOf(runDir),
  ]);
  const last = sampleSteps[sampleSteps.length - 1];
  const samples = last === undefined ? null : await readSamples(runDir, last);
  return {
    meta,
    config,
    metrics: metrics.records,
    quality: quality.records,
    events: events.records,
    histograms: histograms.records,
    sampleSteps,
    samples,
    warnings,
    offsets: { metrics: metrics.offset, quality: quality.offset, events: events.offset, histograms: histograms.offset },
  };
}
