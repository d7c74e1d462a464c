/**
 * Finding run directories under a runs folder, laid out `<runs root>/<experiment>/<run id>/`.
 * Asynchronous; a folder that cannot be read is reported to `warn` and skipped, never thrown.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { errorCode, errorText } from './runFileError';
import { isRunDirectory } from './isRunDirectory';
import { safeSegment } from './runId';

export type Warn = (message: string) => void;

/** How many folders are read at once (thousands of runs must not exhaust file handles). */
const PARALLEL_READS = 16;

/** `fn` over `items`, at most `limit` at a time. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
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

/** `fn` over `items`, PARALLEL_READS at a time. */
export const mapReads = <T, R>(items: readonly T[], fn: (item: T) => Promise<R>): Promise<R[]> => mapLimit(items, PARALLEL_READS, fn);

/** Sub-folders of `dir` (following links, skipping names that start with "."), sorted by name; [] when `dir` is missing or not a folder. */
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

/** The run directories of one experiment folder, newest first (run ids sort by start time). */
export async function runDirectoriesOf(experimentDir: string, warn: Warn): Promise<string[]> {
  const dirs = (await subfolders(experimentDir, warn)).reverse().map((id) => join(experimentDir, id));
  const flags = await mapReads(dirs, (dir) => isRunDirectory(dir, warn));
  return dirs.filter((_, i) => flags[i]);
}

/** Every run directory under `runsRoot`, by experiment folder and newest run first; [] for a missing root. */
export async function runDirectoriesIn(runsRoot: string, warn: Warn): Promise<string[]> {
  const experiments = await subfolders(runsRoot, warn);
  return (await mapReads(experiments, (name) => runDirectoriesOf(join(runsRoot, name), warn))).flat();
}

/** The newest run directory of the experiment called `experimentName` under `runsRoot`, if any. */
export async function latestRunDirectoryOf(runsRoot: string, experimentName: string, warn: Warn): Promise<string | undefined> {
  return (await runDirectoriesOf(join(runsRoot, safeSegment(experimentName)), warn))[0];
}
