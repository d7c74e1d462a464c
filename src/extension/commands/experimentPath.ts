/**
 * Whether "Open Experiment File" may open the path a run names (run.json's `experimentFile`). A run
 * folder can come from anywhere, so the path is not trusted: it is opened at once only when its real
 * path (links resolved, `..` gone) is inside a workspace folder or the run's own folder; any other
 * file is opened only if the user says so; a path that does not exist, is not a file, or is not a
 * file path at all (a URI, control characters) is not opened, and the message says why. Pure Node
 * (no `vscode`).
 */
import { realpath, stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';

export type ExperimentOpening =
  /** Inside a workspace folder or the run's folder: open `path` (the real path). */
  | { kind: 'open'; path: string }
  /** Elsewhere: ask before opening `path` (the real path); `named` is the path as the run names it, resolved. */
  | { kind: 'ask'; path: string; named: string }
  /** Nothing to open; `message` says why, with the path. */
  | { kind: 'refuse'; message: string };

export interface ExperimentPlaces {
  /** The run's own folder. */
  runDir?: string;
  /** The workspace folders on this machine (file paths). */
  workspaceFolders: readonly string[];
}

/** A scheme of two or more characters and a colon (`C:` is a Windows drive, not a scheme). */
const URI_SCHEME = /^[A-Za-z][A-Za-z0-9+.-]+:/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/** Whether `path` is `folder` or inside it (both absolute and already resolved). */
export function isInside(path: string, folder: string): boolean {
  const rel = relative(folder, path);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

const errorCode = (e: unknown) => (e as NodeJS.ErrnoException).code;

/** What to do with the experiment file `named` (as run.json gives it) of a run in `places`. */
export async function experimentOpening(named: string, places: ExperimentPlaces): Promise<ExperimentOpening> {
  const refuse = (message: string): ExperimentOpening => ({ kind: 'refuse', message });
  if (named.trim() === '') return refuse('This run does not name its experiment file.');
  if (CONTROL.test(named))
    return refuse(`The run names its experiment file ${JSON.stringify(named)}, which is not a file path: it is not opened.`);
  if (URI_SCHEME.test(named))
    return refuse(`The run names its experiment file ${JSON.stringify(named)}, a URI rather than a file path: only a file is opened.`);
  if (!isAbsolute(named) && !places.runDir)
    return refuse(`The run names its experiment file ${JSON.stringify(named)}, a relative path, and has no folder to resolve it in.`);
  // A relative path is taken from the run's folder; `..` and `.` are resolved here.
  const resolved = places.runDir ? resolve(places.runDir, named) : resolve(named);
  let real: string;
  try {
    real = await realpath(resolved);
  } catch (e) {
    const code = errorCode(e);
    if (code === 'ENOENT' || code === 'ENOTDIR') return refuse(`The experiment file this run names does not exist: ${resolved}`);
    return refuse(`The experiment file this run names cannot be read: ${resolved} (${(e as Error).message})`);
  }
  let isFile: boolean;
  try {
    isFile = (await stat(real)).isFile();
  } catch (e) {
    return refuse(`The experiment file this run names cannot be read: ${resolved} (${(e as Error).message})`);
  }
  if (!isFile) return refuse(`The experiment file this run names is not a file: ${resolved}`);
  const folders = [...places.workspaceFolders, ...(places.runDir ? [places.runDir] : [])];
  // The folders' real paths too: a workspace opened through a link still holds its files.
  const roots = await Promise.all(folders.map((f) => realpath(f).catch(() => resolve(f))));
  if (roots.some((root) => isInside(real, root))) return { kind: 'open', path: real };
  return { kind: 'ask', path: real, named: resolved };
}
