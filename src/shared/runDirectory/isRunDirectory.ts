/**
 * What a run directory is, defined once: a folder holding at least one of run.json, metrics.jsonl
 * and experiment.json (a trainer writes experiment.json, then run.json, as it starts; a run copied
 * in part may keep only its metrics).
 */
import { readdirSync, statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { RUN_FILES } from '../runFormat';
import { errorCode, errorText, RunFileError } from './runFileError';

export const RUN_DIRECTORY_MARKERS: readonly string[] = [RUN_FILES.meta, RUN_FILES.metrics, RUN_FILES.experiment];

/** Whether a folder whose entries are `names` is a run directory. */
export const holdsRunFiles = (names: readonly string[]): boolean => RUN_DIRECTORY_MARKERS.some((m) => names.includes(m));

/** Why `dir` is not a run directory, for a message after "<dir>: ". */
export const NOT_A_RUN_DIRECTORY = `not a run directory (it holds none of ${RUN_DIRECTORY_MARKERS.join(', ')})`;

/** Whether `dir` is a run directory; a folder that exists but cannot be read is reported to `warn`. */
export async function isRunDirectory(dir: string, warn: (message: string) => void = () => {}): Promise<boolean> {
  try {
    return holdsRunFiles(await readdir(dir));
  } catch (e) {
    const code = errorCode(e);
    if (code !== 'ENOENT' && code !== 'ENOTDIR') warn(`cannot read ${dir}: ${errorText(e)}`);
    return false;
  }
}

/** Throws a RunFileError unless `dir` is a run directory (for the trainer and the CLIs). */
export function requireRunDirectorySync(dir: string): void {
  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) throw new RunFileError(dir, [{ message: 'no such run directory (it is a file)' }]);
    names = readdirSync(dir);
  } catch (e) {
    if (e instanceof RunFileError) throw e;
    throw new RunFileError(dir, [{ message: errorCode(e) === 'ENOENT' ? 'no such run directory' : `cannot be read: ${errorText(e)}` }]);
  }
  if (!holdsRunFiles(names)) throw new RunFileError(dir, [{ message: NOT_A_RUN_DIRECTORY }]);
}
