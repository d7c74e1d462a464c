/**
 * Reads run directories (format: src/shared/runFormat.ts) for the views: never throws on a bad
 * run, says what is wrong in `warnings` instead. Asynchronous I/O only; metrics.jsonl is read from
 * its end, so a summary costs the same for a run of ten records and one of a million.
 */
import { open } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { latestRunDirectoryOf, mapReads, runDirectoriesIn, type Warn } from '../../shared/runDirectory/discoverRuns';
import { readRunMetaWarning } from '../../shared/runDirectory/readRunMeta';
import { errorCode, errorText } from '../../shared/runDirectory/runFileError';
import { RUN_FILES, RUN_FORMAT_VERSION, type MetricRecord, type QualityRecord, type RunMeta, type RunStatus } from '../../shared/runFormat';

export type EffectiveStatus = RunStatus | 'interrupted' | 'unknown';

export interface RunSummary {
  dir: string;
  runId: string;
  experimentName: string;
  /** run.json, or null when it is missing or unreadable (see `warnings`). */
  meta: RunMeta | null;
  /** The last complete record of metrics.jsonl. */
  lastMetrics: MetricRecord | null;
  /** The last complete record of quality.jsonl (the run's result once it ended). */
  lastQuality: QualityRecord | null;
  /** The status to show: `running` whose trainer is gone is `interrupted`; no usable run.json is `unknown`. */
  effectiveStatus: EffectiveStatus;
  warnings: string[];
}

/** How much of the end of metrics.jsonl (and quality.jsonl) is read for the last record. */
export const METRICS_TAIL_BYTES = 64 * 1024;

const METRIC_NUMBERS = ['time', 'elapsed', 'stepsPerSecond', 'dLoss', 'gLoss', 'dReal', 'dFake', 'gradNormD', 'gradNormG'] as const;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Whether process `pid` exists (EPERM: it exists but belongs to someone else). */
export function isProcessAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false; // 0 and negatives address process groups
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return errorCode(e) !== 'ESRCH';
  }
}

/** A run.json that says `running` although its trainer process no longer exists. */
export function isStaleRunning(meta: RunMeta): boolean {
  return meta.status === 'running' && !isProcessAlive(meta.pid);
}

async function readMeta(runDir: string, warnings: string[]): Promise<RunMeta | null> {
  const meta = await readRunMetaWarning(runDir, warnings);
  if (meta && meta.formatVersion > RUN_FORMAT_VERSION)
    warnings.push(
      `${RUN_FILES.meta} has format version ${String(meta.formatVersion)}, newer than this version reads (${RUN_FORMAT_VERSION})`,
    );
  return meta;
}

/** A metrics line as a MetricRecord (null when it is not one); `null` numbers (NaN in JSON) become NaN. */
function toMetricRecord(line: string): MetricRecord | null {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return null;
  }
  if (!isRecord(value) || typeof value.step !== 'number') return null;
  const record: Record<string, unknown> = { ...value, components: isRecord(value.components) ? value.components : {} };
  for (const key of METRIC_NUMBERS) {
    if (value[key] === null || value[key] === undefined) record[key] = NaN;
    else if (typeof value[key] !== 'number') return null;
  }
  return record as unknown as MetricRecord;
}

/** A quality line as a QualityRecord (null when it is not one). */
function toQualityRecord(line: string): QualityRecord | null {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return null;
  }
  return isRecord(value) && typeof value.step === 'number' && isRecord(value.metrics) ? (value as unknown as QualityRecord) : null;
}

/** The last complete record of a JSONL file of the run, reading only its last METRICS_TAIL_BYTES. */
async function readLastRecord<T>(runDir: string, name: string, parse: (line: string) => T | null, warnings: string[]): Promise<T | null> {
  const file = join(runDir, name);
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (e) {
    if (errorCode(e) !== 'ENOENT') warnings.push(`${name} cannot be read: ${errorText(e)}`);
    return null;
  }
  try {
    const { size } = await handle.stat();
    const start = Math.max(0, size - METRICS_TAIL_BYTES);
    const buffer = Buffer.alloc(size - start);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, start);
    const lines = buffer.toString('utf8', 0, bytesRead).split('\n');
    if (start > 0) lines.shift(); // begins mid-line
    // The last line is complete only when a newline ends it; a trainer may be writing it right now.
    const unterminated = lines.pop() ?? '';
    const fromEnd = [unterminated, ...lines.reverse()];
    let malformed = 0;
    for (const [i, line] of fromEnd.entries()) {
      if (line.trim() === '') continue;
      const record = parse(line);
      if (record) {
        if (malformed > 0) warnings.push(`${name}: skipped ${malformed} malformed line(s) at the end`);
        return record;
      }
      if (i > 0) malformed++;
    }
    if (malformed > 0 || start > 0) warnings.push(`${name}: no complete record in its last ${bytesRead} bytes`);
    return null;
  } catch (e) {
    warnings.push(`${name} cannot be read: ${errorText(e)}`);
    return null;
  } finally {
    await handle.close();
  }
}

/** run.json and the last metrics and quality records of one run directory. */
export async function readRunSummary(runDir: string): Promise<RunSummary> {
  const warnings: string[] = [];
  const [meta, lastMetrics, lastQuality] = await Promise.all([
    readMeta(runDir, warnings),
    readLastRecord(runDir, RUN_FILES.metrics, toMetricRecord, warnings),
    readLastRecord(runDir, RUN_FILES.quality, toQualityRecord, warnings),
  ]);
  const effectiveStatus: EffectiveStatus = meta === null ? 'unknown' : isStaleRunning(meta) ? 'interrupted' : meta.status;
  if (effectiveStatus === 'interrupted') warnings.push(`run.json says running, but its trainer (pid ${meta!.pid}) is gone`);
  return {
    dir: runDir,
    runId: meta?.runId ?? basename(runDir),
    experimentName: meta?.experimentName ?? basename(dirname(runDir)),
    meta,
    lastMetrics,
    lastQuality,
    effectiveStatus,
    warnings,
  };
}

/**
 * Every run under `<runsRoot>/<experiment>/<run id>/`, by experiment folder and newest run first.
 * A missing root gives []; folders that cannot be read are reported to `warn` and skipped.
 */
export async function listRuns(runsRoot: string, warn: Warn = () => {}): Promise<RunSummary[]> {
  return mapReads(await runDirectoriesIn(runsRoot, warn), readRunSummary);
}

/** The newest run of the experiment called `experimentName`, or null when it has none. */
export async function latestRunOf(runsRoot: string, experimentName: string, warn: Warn = () => {}): Promise<RunSummary | null> {
  const newest = await latestRunDirectoryOf(runsRoot, experimentName, warn);
  return newest === undefined ? null : readRunSummary(newest);
}
