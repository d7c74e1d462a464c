/**
 * Reads run directories (format: src/shared/runFormat.ts) for the views: never throws on a bad
 * run, says what is wrong in `warnings` instead. Asynchronous I/O only; metrics.jsonl is read from
 * its end, so a summary costs the same for a run of ten records and one of a million.
 */
import { open, readdir, readFile, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Experiment } from '../../shared/experiment/schema';
import { validateExperiment } from '../../shared/experiment/validate';
import { RUN_FILES, RUN_FORMAT_VERSION, type MetricRecord, type RunMeta, type RunStatus } from '../../shared/runFormat';
import { safeSegment } from '../../training/run/runId';

export type EffectiveStatus = RunStatus | 'interrupted' | 'unknown';

export interface RunSummary {
  dir: string;
  runId: string;
  experimentName: string;
  /** run.json, or null when it is missing or unreadable (see `warnings`). */
  meta: RunMeta | null;
  /** The last complete record of metrics.jsonl. */
  lastMetrics: MetricRecord | null;
  /** The status to show: `running` whose trainer is gone is `interrupted`; no usable run.json is `unknown`. */
  effectiveStatus: EffectiveStatus;
  warnings: string[];
}

/** How much of the end of metrics.jsonl is read for the last record. */
export const METRICS_TAIL_BYTES = 64 * 1024;

const RUN_STATUSES: readonly string[] = ['running', 'completed', 'stopped', 'failed', 'diverged'];
const METRIC_NUMBERS = ['time', 'elapsed', 'stepsPerSecond', 'dLoss', 'gLoss', 'dReal', 'dFake', 'gradNormD', 'gradNormG'] as const;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const errorCode = (e: unknown): string | undefined => (isRecord(e) && typeof e.code === 'string' ? e.code : undefined);
const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

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

/** The names of the RunMeta fields that `value` lacks or has with the wrong type. */
function metaProblems(value: Record<string, unknown>): string[] {
  const is = (key: string, ...types: string[]) => types.some((t) => (t === 'null' ? value[key] === null : typeof value[key] === t));
  const checks: [string, boolean][] = [
    ['formatVersion', is('formatVersion', 'number')],
    ['runId', is('runId', 'string')],
    ['experimentName', is('experimentName', 'string')],
    ['experimentFile', is('experimentFile', 'string')],
    ['status', RUN_STATUSES.includes(value.status as string)],
    ['backend', value.backend === null || isRecord(value.backend)],
    ['versions', isRecord(value.versions)],
    ['startedAt', is('startedAt', 'string')],
    ['endedAt', is('endedAt', 'string', 'null')],
    ['lastStep', is('lastStep', 'number')],
    ['totalSteps', is('totalSteps', 'number')],
    ['error', is('error', 'string', 'null')],
    ['pid', is('pid', 'number')],
  ];
  return checks.filter(([, ok]) => !ok).map(([key]) => key);
}

async function readMeta(runDir: string, warnings: string[]): Promise<RunMeta | null> {
  let text: string;
  try {
    text = await readFile(join(runDir, RUN_FILES.meta), 'utf8');
  } catch (e) {
    warnings.push(errorCode(e) === 'ENOENT' ? `${RUN_FILES.meta} is missing` : `${RUN_FILES.meta} cannot be read: ${errorText(e)}`);
    return null;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    warnings.push(`${RUN_FILES.meta} is not valid JSON: ${errorText(e)}`);
    return null;
  }
  if (!isRecord(value)) {
    warnings.push(`${RUN_FILES.meta} is not a JSON object`);
    return null;
  }
  const problems = metaProblems(value);
  if (problems.length > 0) {
    warnings.push(`${RUN_FILES.meta} has missing or wrong-typed fields: ${problems.join(', ')}`);
    return null;
  }
  if ((value.formatVersion as number) > RUN_FORMAT_VERSION)
    warnings.push(
      `${RUN_FILES.meta} has format version ${String(value.formatVersion)}, newer than this version reads (${RUN_FORMAT_VERSION})`,
    );
  return value as unknown as RunMeta;
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

/** The last complete record of metrics.jsonl, reading only its last METRICS_TAIL_BYTES. */
async function readLastMetrics(runDir: string, warnings: string[]): Promise<MetricRecord | null> {
  const file = join(runDir, RUN_FILES.metrics);
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (e) {
    if (errorCode(e) !== 'ENOENT') warnings.push(`${RUN_FILES.metrics} cannot be read: ${errorText(e)}`);
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
      const record = toMetricRecord(line);
      if (record) {
        if (malformed > 0) warnings.push(`${RUN_FILES.metrics}: skipped ${malformed} malformed line(s) at the end`);
        return record;
      }
      if (i > 0) malformed++;
    }
    if (malformed > 0 || start > 0) warnings.push(`${RUN_FILES.metrics}: no complete record in its last ${bytesRead} bytes`);
    return null;
  } catch (e) {
    warnings.push(`${RUN_FILES.metrics} cannot be read: ${errorText(e)}`);
    return null;
  } finally {
    await handle.close();
  }
}

/** run.json and the last metrics record of one run directory. */
export async function readRunSummary(runDir: string): Promise<RunSummary> {
  const warnings: string[] = [];
  const [meta, lastMetrics] = await Promise.all([readMeta(runDir, warnings), readLastMetrics(runDir, warnings)]);
  const effectiveStatus: EffectiveStatus = meta === null ? 'unknown' : isStaleRunning(meta) ? 'interrupted' : meta.status;
  if (effectiveStatus === 'interrupted') warnings.push(`run.json says running, but its trainer (pid ${meta!.pid}) is gone`);
  return {
    dir: runDir,
    runId: meta?.runId ?? basename(runDir),
    experimentName: meta?.experimentName ?? basename(dirname(runDir)),
    meta,
    lastMetrics,
    effectiveStatus,
    warnings,
  };
}

/** The resolved config a run was started with (experiment.json), or null when missing or invalid. */
export async function readExperimentOf(runDir: string): Promise<Experiment | null> {
  let text: string;
  try {
    text = await readFile(join(runDir, RUN_FILES.experiment), 'utf8');
  } catch {
    return null;
  }
  const result = validateExperiment(text);
  return result.ok ? result.config : null;
}

type Warn = (message: string) => void;

/** Sub-folders of `dir` (following links), sorted by name; [] when `dir` is missing or not a folder. */
async function subfolders(dir: string, warn: Warn): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (e) {
    const code = errorCode(e);
    if (code !== 'ENOENT' && code !== 'ENOTDIR') warn(`cannot read ${dir}: ${errorText(e)}`);
    return [];
  }
  const names = await Promise.all(
    entries.map(async (entry) => {
      if (entry.name.startsWith('.')) return null;
      if (entry.isDirectory()) return entry.name;
      if (!entry.isSymbolicLink()) return null;
      const target = await stat(join(dir, entry.name)).catch(() => null);
      return target?.isDirectory() ? entry.name : null;
    }),
  );
  return names.filter((n): n is string => n !== null).sort();
}

/** Whether `dir` holds run.json or metrics.jsonl. */
async function isRunDirectory(dir: string, warn: Warn): Promise<boolean> {
  try {
    const names = await readdir(dir);
    return names.includes(RUN_FILES.meta) || names.includes(RUN_FILES.metrics);
  } catch (e) {
    warn(`cannot read ${dir}: ${errorText(e)}`);
    return false;
  }
}

/** `fn` over `items`, at most `limit` at a time (thousands of runs must not exhaust file handles). */
async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

const PARALLEL_READS = 16;

/** Run directories of one experiment folder, newest first (run ids sort by start time). */
async function runDirectoriesOf(experimentDir: string, warn: Warn): Promise<string[]> {
  const dirs = (await subfolders(experimentDir, warn)).reverse().map((id) => join(experimentDir, id));
  const flags = await mapLimit(dirs, PARALLEL_READS, (dir) => isRunDirectory(dir, warn));
  return dirs.filter((_, i) => flags[i]);
}

/**
 * Every run under `<runsRoot>/<experiment>/<run id>/`, by experiment folder and newest run first.
 * A missing root gives []; folders that cannot be read are reported to `warn` and skipped.
 */
export async function listRuns(runsRoot: string, warn: Warn = () => {}): Promise<RunSummary[]> {
  const experiments = await subfolders(runsRoot, warn);
  const dirs = await mapLimit(experiments, PARALLEL_READS, (name) => runDirectoriesOf(join(runsRoot, name), warn));
  return mapLimit(dirs.flat(), PARALLEL_READS, readRunSummary);
}

/** The newest run of the experiment called `experimentName`, or null when it has none. */
export async function latestRunOf(runsRoot: string, experimentName: string, warn: Warn = () => {}): Promise<RunSummary | null> {
  const [newest] = await runDirectoriesOf(join(runsRoot, safeSegment(experimentName)), warn);
  return newest === undefined ? null : readRunSummary(newest);
}
