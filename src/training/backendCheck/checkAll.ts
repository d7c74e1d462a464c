/**
 * Check Backends: every candidate of auto's order, each measured in a child process of its own.
 * Isolation is the point: a native backend can abort the process (libtensorflow on a CUDA error,
 * Dawn on a driver fault), libtensorflow cannot be unloaded and its two packages cannot share a
 * process, a WebGPU device and its shaders would outlive their measurement, and only a child's
 * stderr holds libtensorflow's log of which CUDA library it could not open. A child costs about a
 * second of start-up. Its last stdout line is its entry; a child that dies, hangs or prints none
 * gives a `failed` entry saying so.
 */
import { spawn } from 'node:child_process';
import type { BackendCheckEntry, BackendCheckProgress, BackendCheckResult } from '../../shared/backendCheck';
import { AUTO_ORDER, candidateArg, type Candidate } from '../backends/candidates';
import { diagnoseNativeGpu } from '../backends/nativeDiagnosis';

/** Measures one candidate; never throws. */
export type RunOne = (candidate: Candidate) => Promise<BackendCheckEntry>;

export const CHILD_TIMEOUT_MS = 180_000;

const isEntry = (v: unknown): v is BackendCheckEntry => {
  const e = v as Partial<BackendCheckEntry> | null;
  return typeof e?.name === 'string' && typeof e.reason === 'string' && typeof e.state === 'string';
};

/** The entry a child printed last, with libtensorflow's log diagnosed into a tensorflow entry's reason. */
export function childEntry(
  candidate: Candidate,
  stdout: string,
  stderr: string,
  exit: { code: number | null; signal: string | null; timedOut: boolean },
): BackendCheckEntry {
  const head = { name: candidate.name, ...(candidate.variant && { variant: candidate.variant }) };
  const lastLine = stdout.trim().split('\n').at(-1) ?? '';
  let entry: BackendCheckEntry | undefined;
  try {
    const parsed: unknown = JSON.parse(lastLine);
    if (isEntry(parsed)) entry = parsed;
  } catch {
    entry = undefined;
  }
  const diagnosis = candidate.name === 'tensorflow' ? diagnoseNativeGpu(stderr) : undefined;
  if (!entry) {
    const how = exit.timedOut
      ? `did not finish within ${CHILD_TIMEOUT_MS / 1000} s`
      : exit.signal
        ? `was killed by ${exit.signal}`
        : `exited with code ${exit.code} without a result`;
    const said = stderr.trim().split('\n').at(-1)?.trim();
    return { ...head, state: 'failed', reason: `the check's process ${how}${diagnosis ? `: ${diagnosis}` : said ? `: ${said}` : ''}` };
  }
  if (diagnosis && candidate.variant === 'gpu' && !entry.reason.includes(diagnosis))
    return { ...entry, reason: `${entry.reason} (libtensorflow's log: ${diagnosis})` };
  return entry;
}

/** Runs `node script --check-one CANDIDATE FILE` and reads its entry. */
export function childRunner(
  script: string,
  experimentFile: string,
  env: NodeJS.ProcessEnv = process.env,
  timeoutMs = CHILD_TIMEOUT_MS,
): RunOne {
  return (candidate) =>
    new Promise((resolve) => {
      const child = spawn(process.execPath, [script, '--check-one', candidateArg(candidate), experimentFile], {
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-64 * 1024)));
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        child.kill('SIGKILL');
      }, timeoutMs);
      child.on('error', (e) => {
        clearTimeout(timer);
        resolve({
          name: candidate.name,
          ...(candidate.variant && { variant: candidate.variant }),
          state: 'failed',
          reason: `the check's process could not start: ${e.message}`,
        });
      });
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        resolve(childEntry(candidate, stdout, stderr, { code, signal, timedOut }));
      });
    });
}

/** The fastest measured entry's backend. */
export function fastest(entries: readonly BackendCheckEntry[]): BackendCheckEntry | undefined {
  return entries
    .filter((e) => e.state === 'measured' && (e.stepsPerSecond ?? 0) > 0)
    .sort((a, b) => b.stepsPerSecond! - a.stepsPerSecond!)[0];
}

export async function checkBackends(
  file: string,
  cacheKey: string,
  runOne: RunOne,
  onProgress: (p: BackendCheckProgress) => void = () => {},
  now: () => Date = () => new Date(),
): Promise<BackendCheckResult> {
  const entries: BackendCheckEntry[] = [];
  for (const [i, candidate] of AUTO_ORDER.entries()) {
    onProgress({
      type: 'backendCheckProgress',
      name: candidate.name,
      ...(candidate.variant && { variant: candidate.variant }),
      index: i + 1,
      count: AUTO_ORDER.length,
    });
    entries.push(await runOne(candidate));
  }
  const best = fastest(entries);
  return {
    type: 'backendCheck',
    file,
    cacheKey,
    entries,
    ...(best && { fastest: best.name }),
    ...(best?.variant !== undefined && { fastestVariant: best.variant }),
    measuredAt: now().toISOString(),
  };
}
