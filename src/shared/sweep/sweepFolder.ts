/**
 * The sweep folder: what `gan-sweep` (and "GAN: Start Sweep") writes when a sweep is submitted, and
 * the one reader of it. The files are the truth: every view (the CLI's table, `--status`, the
 * Runs tree, the sweep dashboard) computes a trial's state from them, on any machine that mounts
 * the folder; nothing asks a live process or the scheduler (finished Slurm jobs leave squeue, and
 * sacct may be missing).
 *
 *   <sweepDir>/                       <output>/<sweep name>/<sweep id>/
 *     sweep.json                      SweepManifest, written atomically once at submission
 *     trials/trial-NNN.gan.json       each trial's resolved experiment (every default filled)
 *     runs/trial-NNN/                 the trial's --out folder: gan-train writes its ordinary run
 *                                       directory in it, runs/trial-NNN/<experiment name>/<run id>/
 *                                       (read with src/shared/runDirectory/); a requeued or
 *                                       restarted trial resumes the newest one from its checkpoint
 *     logs/trial-NNN.log              the trainer's stdout and stderr (errors before run.json exists)
 *     state/trial-NNN.started.json    TrialStarted: written when a trainer is started for the trial
 *     state/trial-NNN.exit.json       TrialExit: written when that trainer has ended
 *     state/trial-NNN.cancel          TrialCancel: cancel requested (the trial is not started again)
 *     slurm.json                      SlurmSubmission (slurm executor): the job array's id
 *     slurm/batch.sh                  the generated batch script (slurm executor)
 *
 * NNN is the trial index, zero-padded to at least 3 digits (`trialId`).
 *
 * A trial's state, from its files: cancelled (a cancel marker and no completed run), done (its run
 * is completed), failed (its run failed or diverged, its trainer exited without completing, or the
 * trainer process is gone from this machine without an exit record), running (a trainer was
 * started and has not ended), pending (nothing yet).
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { RUN_FILES, type QualityMetrics, type QualityRecord, type RunMeta } from '../runFormat';
import { jsonlLinesBackwardSync, parseJsonLine } from '../runDirectory/jsonlLines';
import { tryReadRunMetaSync } from '../runDirectory/readRunMeta';
import { errorText } from '../runDirectory/runFileError';
import type { ExecutorConfig, ObjectiveConfig, SearchConfig, SweepParameter } from './sweepSchema';

export const SWEEP_FOLDER_FORMAT = 'gan-workbench-sweep/1';

export const SWEEP_FILES = {
  manifest: 'sweep.json',
  trials: 'trials',
  runs: 'runs',
  logs: 'logs',
  state: 'state',
  slurm: 'slurm.json',
  batchScript: join('slurm', 'batch.sh'),
} as const;

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export interface SweepTrial {
  index: number;
  /** `trial-000`. */
  id: string;
  /** The value of each parameter path in this trial, in the order of the sweep's parameters. */
  params: Record<string, JsonValue>;
  /** The resolved experiment, relative to the sweep folder: `trials/trial-000.gan.json`. */
  experiment: string;
  /** The trial's run folder (gan-train's --out), relative to the sweep folder: `runs/trial-000`. */
  runDir: string;
}

export interface SweepManifest {
  format: typeof SWEEP_FOLDER_FORMAT;
  name: string;
  description: string;
  /** Absolute path of the sweep file it was submitted from. */
  sweepFile: string;
  /** Absolute path of the base experiment file. */
  baseExperiment: string;
  createdAt: string;
  objective: ObjectiveConfig;
  /** The executor as submitted (local: maxParallel filled in). */
  executor: ExecutorConfig;
  search: SearchConfig;
  parameters: SweepParameter[];
  trials: SweepTrial[];
}

export interface TrialStarted {
  at: string;
  host: string;
  /** The trainer's process id (on `host`). */
  pid: number;
  /** Slurm: `<array job id>_<index>`. */
  slurmJob?: string;
  /** Starts of this trial so far (a requeued task starts again). */
  attempt: number;
}

export interface TrialExit {
  at: string;
  /** The trainer's exit code; null when a signal ended it. */
  code: number | null;
  signal: string | null;
}

export interface TrialCancel {
  at: string;
}

export interface SlurmSubmission {
  jobId: string;
  submittedAt: string;
  /** The sbatch command line, for the record. */
  command: string[];
}

export type TrialState = 'pending' | 'running' | 'done' | 'failed' | 'cancelled';
export const TRIAL_STATES: readonly TrialState[] = ['pending', 'running', 'done', 'failed', 'cancelled'];

export interface TrialStatus {
  trial: SweepTrial;
  state: TrialState;
  /** The trial's run directory (absolute), once gan-train has made it. */
  runPath?: string;
  /** The run's run.json, once written. */
  meta?: RunMeta;
  step: number;
  totalSteps: number;
  /** Metrics of the run's last quality record, and its step. */
  finalMetrics?: QualityMetrics;
  metricsStep?: number;
  /** The objective's value in finalMetrics. */
  objective?: number;
  /** Why it failed: the run's error, else the log's last error lines, else the exit code. */
  error?: string;
  /** Absolute path of the trainer's log. */
  log: string;
  started?: TrialStarted;
  exit?: TrialExit;
}

export interface SweepStatus {
  dir: string;
  manifest: SweepManifest;
  trials: TrialStatus[];
  counts: Record<TrialState, number>;
  slurm?: SlurmSubmission;
  /** Damaged files, each as "<file>: <what is wrong>". */
  warnings: string[];
}

export class SweepFolderError extends Error {}

/** `trial-007` (at least three digits). */
export const trialId = (index: number): string => `trial-${String(index).padStart(3, '0')}`;

export const manifestFile = (dir: string): string => join(dir, SWEEP_FILES.manifest);
export const trialStateFile = (dir: string, id: string, what: 'started' | 'exit' | 'cancel'): string =>
  join(dir, SWEEP_FILES.state, `${id}.${what === 'cancel' ? 'cancel' : `${what}.json`}`);
export const trialLogFile = (dir: string, id: string): string => join(dir, SWEEP_FILES.logs, `${id}.log`);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function readJson(file: string): unknown {
  return JSON.parse(readFileSync(file, 'utf8')) as unknown;
}

/** Reads and checks `<dir>/sweep.json`; throws a SweepFolderError naming the file and the fix. */
export function readManifest(dir: string): SweepManifest {
  const file = manifestFile(dir);
  if (!existsSync(file))
    throw new SweepFolderError(`${file} is missing: ${dir} is not a sweep folder (gan-sweep writes sweep.json when it submits a sweep)`);
  let value: unknown;
  try {
    value = readJson(file);
  } catch (e) {
    throw new SweepFolderError(`${file}: cannot be read (${errorText(e)}); it is written whole at submission, so it was edited or damaged`);
  }
  const problem = manifestProblem(value);
  if (problem) throw new SweepFolderError(`${file}: ${problem}; it is written whole at submission, so it was edited or damaged`);
  return value as SweepManifest;
}

function manifestProblem(value: unknown): string | undefined {
  if (!isObject(value)) return 'not a JSON object';
  if (value.format !== SWEEP_FOLDER_FORMAT) return `"format" is ${JSON.stringify(value.format)}, expected "${SWEEP_FOLDER_FORMAT}"`;
  for (const key of ['name', 'sweepFile', 'baseExperiment', 'createdAt'])
    if (typeof value[key] !== 'string') return `"${key}" must be a string`;
  if (!isObject(value.objective) || typeof value.objective.metric !== 'string') return '"objective" must be an object with a "metric"';
  if (!isObject(value.executor) || typeof value.executor.kind !== 'string') return '"executor" must be an object with a "kind"';
  if (!Array.isArray(value.parameters)) return '"parameters" must be an array';
  if (!Array.isArray(value.trials)) return '"trials" must be an array';
  for (const [i, t] of value.trials.entries()) {
    if (
      !isObject(t) ||
      t.index !== i ||
      typeof t.id !== 'string' ||
      typeof t.experiment !== 'string' ||
      typeof t.runDir !== 'string' ||
      !isObject(t.params)
    )
      return `trials[${i}] must be {index: ${i}, id, params, experiment, runDir}`;
  }
  return undefined;
}

function readOptional<T>(file: string, warnings: string[], valid: (v: unknown) => boolean): T | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const value = readJson(file);
    if (valid(value)) return value as T;
    warnings.push(`${file}: not the expected record; delete it if it was edited by hand`);
  } catch (e) {
    warnings.push(`${file}: ${errorText(e)}`);
  }
  return undefined;
}

/** The trial's newest run directory under its --out folder (`<runDir>/<name>/<run id>/`), if any. */
export function trialRunPath(dir: string, trial: SweepTrial): string | undefined {
  const root = resolve(dir, trial.runDir);
  let newest: { path: string; id: string } | undefined;
  for (const name of safeList(root)) {
    for (const id of safeList(join(root, name))) {
      const path = join(root, name, id);
      if (!existsSync(join(path, RUN_FILES.meta)) && !existsSync(join(path, RUN_FILES.experiment))) continue;
      if (!newest || id > newest.id) newest = { path, id };
    }
  }
  return newest?.path;
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
      .map((e) => e.name);
  } catch {
    return [];
  }
}

/** The run's last quality record, read backwards from the end of quality.jsonl. */
export function lastQualityRecord(runPath: string): QualityRecord | undefined {
  const file = join(runPath, RUN_FILES.quality);
  if (!existsSync(file)) return undefined;
  for (const line of jsonlLinesBackwardSync(file)) {
    const value = parseJsonLine(line);
    if (isObject(value) && typeof value.step === 'number' && isObject(value.metrics)) return value as unknown as QualityRecord;
  }
  return undefined;
}

/**
 * The errors in the trial's log, its last attempt's, at most 5 lines: gan-train's and gan-sweep's
 * errors (`gan-train: message`, without the warning:, note: or alarm: of other messages) and an
 * uncaught exception's first line.
 */
export function logError(log: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(log, 'utf8');
  } catch {
    return undefined;
  }
  const attempts = text.split(ATTEMPT_LINE);
  const lines = attempts[attempts.length - 1]!.split('\n').filter((l) =>
    /^gan-(train|sweep): (?!warning: |note: |alarm: )|^\w*Error\b/.test(l),
  );
  return lines.length > 0 ? lines.slice(-5).join('\n') : undefined;
}

/** The line the trial runner writes into the log at each start of the trainer. */
export const attemptLine = (id: string, attempt: number, host: string, note: string): string =>
  `gan-sweep: note: ${id} attempt ${attempt} on ${host} at ${new Date().toISOString()}: ${note}\n`;
const ATTEMPT_LINE = /^gan-sweep: note: trial-\d+ attempt \d+ .*$/m;

/** Whether process `pid` exists on this machine. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** One trial's state and figures, from its files. */
export function readTrial(dir: string, manifest: SweepManifest, trial: SweepTrial, warnings: string[]): TrialStatus {
  const log = trialLogFile(dir, trial.id);
  const started = readOptional<TrialStarted>(
    trialStateFile(dir, trial.id, 'started'),
    warnings,
    (v) => isObject(v) && typeof v.pid === 'number',
  );
  const exit = readOptional<TrialExit>(trialStateFile(dir, trial.id, 'exit'), warnings, (v) => isObject(v) && 'code' in v);
  const cancelled = existsSync(trialStateFile(dir, trial.id, 'cancel'));
  const runPath = trialRunPath(dir, trial);
  const read = runPath ? tryReadRunMetaSync(runPath) : undefined;
  if (read && !read.ok && !read.missing) warnings.push(...read.problems.map((p) => `${join(runPath!, RUN_FILES.meta)}: ${p.message}`));
  const meta = read?.ok ? read.meta : undefined;
  const quality = runPath ? lastQualityRecord(runPath) : undefined;
  const status: TrialStatus = {
    trial,
    state: 'pending',
    step: meta?.lastStep ?? 0,
    totalSteps: meta?.totalSteps ?? 0,
    log,
    ...(runPath && { runPath }),
    ...(meta && { meta }),
    ...(started && { started }),
    ...(exit && { exit }),
  };
  if (quality) {
    status.finalMetrics = quality.metrics;
    status.metricsStep = quality.step;
    const value = quality.metrics[manifest.objective.metric];
    if (typeof value === 'number' && Number.isFinite(value)) status.objective = value;
  }
  const ended = exit !== undefined && (started === undefined || exit.at >= started.at);
  if (meta?.status === 'completed') status.state = 'done';
  else if (cancelled) status.state = 'cancelled';
  else if (meta?.status === 'failed' || meta?.status === 'diverged') {
    status.state = 'failed';
    status.error = meta.error ?? `the run ${meta.status}`;
  } else if (ended) {
    status.state = 'failed';
    status.error =
      logError(log) ??
      `the trainer ended (${exit.signal ? `signal ${exit.signal}` : `exit code ${exit.code}`}) at step ${status.step} without completing the run`;
  } else if (started) {
    if (started.host === hostname() && !alive(started.pid)) {
      status.state = 'failed';
      status.error = logError(log) ?? `the trainer (process ${started.pid}) is gone without recording an exit: it was killed`;
    } else status.state = 'running';
  }
  return status;
}

/** The sweep's manifest and each trial's state, step and final metrics, from the files. Throws SweepFolderError for a folder that is not a sweep folder. */
export function readSweep(dir: string): SweepStatus {
  const abs = resolve(dir);
  const manifest = readManifest(abs);
  const warnings: string[] = [];
  const trials = manifest.trials.map((t) => readTrial(abs, manifest, t, warnings));
  const counts = Object.fromEntries(TRIAL_STATES.map((s) => [s, 0])) as Record<TrialState, number>;
  for (const t of trials) counts[t.state]++;
  const slurm = readOptional<SlurmSubmission>(join(abs, SWEEP_FILES.slurm), warnings, (v) => isObject(v) && typeof v.jobId === 'string');
  return { dir: abs, manifest, trials, counts, ...(slurm && { slurm }), warnings };
}
