/**
 * What a run directory must still be after a fault (a kill, a full disk, a read-only folder): every
 * JSON file parses, every JSONL line parses, every checkpoint is complete, no temp file is left.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { CheckpointManifest } from '../../src/training/run/checkpoint';
import type { RunMeta } from '../../src/shared/runFormat';

/** Every file and folder under `dir`, as paths relative to it, folders included. */
export function entriesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (folder: string) => {
    for (const name of readdirSync(folder).sort()) {
      const full = join(folder, name);
      out.push(relative(dir, full));
      if (statSync(full).isDirectory()) walk(full);
    }
  };
  walk(dir);
  return out;
}

/** Temp files and folders (`*.tmp`) left under `dir`: a write that failed half way. */
export function leftoverTempFiles(dir: string): string[] {
  return entriesUnder(dir).filter((path) => path.endsWith('.tmp'));
}

/** Problems of one JSONL file; a last line without its newline is allowed when `tornLastLine`. */
function jsonlProblems(path: string, name: string, tornLastLine: boolean): string[] {
  const lines = readFileSync(path, 'utf8').split('\n');
  const last = lines.pop() ?? '';
  if (last !== '' && !tornLastLine) lines.push(last); // an unterminated last line must parse too
  const problems: string[] = [];
  lines.forEach((line, i) => {
    try {
      JSON.parse(line);
    } catch {
      problems.push(`${name}:${i + 1} does not parse: ${line.slice(0, 120)}`);
    }
  });
  return problems;
}

/** The weights of a checkpoint folder, checked against its manifest. */
export function checkpointWeights(folder: string): Float32Array {
  const manifest = JSON.parse(readFileSync(join(folder, 'checkpoint.json'), 'utf8')) as CheckpointManifest;
  const bytes = readFileSync(join(folder, 'weights.bin'));
  const expected = manifest.weightsManifest[0]!.weights.reduce((n, w) => n + w.shape.reduce((a, b) => a * b, 1) * 4, 0);
  if (bytes.byteLength !== expected) throw new Error(`${folder}/weights.bin has ${bytes.byteLength} bytes, the manifest says ${expected}`);
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

/** Steps of the complete checkpoints of a run, oldest first. */
export function checkpointSteps(runDir: string): number[] {
  const folder = join(runDir, 'checkpoints');
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((name) => /^step-\d+$/.test(name) && existsSync(join(folder, name, 'checkpoint.json')))
    .map((name) => Number(name.slice('step-'.length)))
    .sort((a, b) => a - b);
}

export const checkpointFolder = (runDir: string, step: number) => join(runDir, 'checkpoints', `step-${String(step).padStart(8, '0')}`);

/**
 * Everything wrong with the files of a run directory: a `.json` file that does not parse, a JSONL
 * line that does not parse (but an unterminated last line when `tornLastLine`: a write cut short),
 * a checkpoint whose weights do not match its manifest. Temp files (names starting with `.`) are
 * not the run's files and are left to `leftoverTempFiles`.
 */
export function runFileProblems(runDir: string, { tornLastLine }: { tornLastLine: boolean }): string[] {
  const problems: string[] = [];
  for (const path of entriesUnder(runDir)) {
    const full = join(runDir, path);
    if (path.split('/').some((segment) => segment.startsWith('.')) || statSync(full).isDirectory()) continue;
    if (path.endsWith('.jsonl')) problems.push(...jsonlProblems(full, path, tornLastLine));
    else if (path.endsWith('.json')) {
      try {
        JSON.parse(readFileSync(full, 'utf8'));
      } catch (e) {
        problems.push(`${path} does not parse: ${(e as Error).message}`);
      }
    }
  }
  for (const step of checkpointSteps(runDir)) {
    try {
      checkpointWeights(checkpointFolder(runDir, step));
    } catch (e) {
      problems.push((e as Error).message);
    }
  }
  return problems;
}

export const readRunMeta = (runDir: string) => JSON.parse(readFileSync(join(runDir, 'run.json'), 'utf8')) as RunMeta;

/** The steps of metrics.jsonl, in file order. */
export const metricSteps = (runDir: string) =>
  readFileSync(join(runDir, 'metrics.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => (JSON.parse(line) as { step: number }).step);

/** first, first + every, …, up to and including last. */
export const everyStep = (first: number, last: number, every: number) =>
  Array.from({ length: Math.floor((last - first) / every) + 1 }, (_, i) => first + i * every);

/** Resolves when `check` gives a value, trying every 50 ms; rejects after `timeoutMs` naming `what`. */
export async function until<T>(check: () => T | undefined | false, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
