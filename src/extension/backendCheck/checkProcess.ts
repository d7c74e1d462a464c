/**
 * Runs `gan-train --check-backends FILE --json` through the launcher (as every CLI the editor
 * starts) and reads its lines: progress as each backend starts, the result at the end. Aborting
 * kills it (its process group). Pure Node (no `vscode`).
 */
import type { BackendCheckProgress, BackendCheckResult } from '../../shared/backendCheck';
import { onLines } from '../trainingRuns/childLines';
import type { Launcher, LaunchedProcess } from '../trainingRuns/processLauncher';
import { readCheckLine } from './checkLines';

export interface BackendCheckRun {
  /** The experiment file whose model is timed. */
  file: string;
  /** Variables for this run only (the install's verification names the folder it checks). */
  env?: Readonly<Record<string, string>>;
  onProgress?: (progress: BackendCheckProgress) => void;
  signal?: AbortSignal;
}

export type BackendCheckOutcome =
  | { kind: 'result'; result: BackendCheckResult }
  | { kind: 'cancelled' }
  /** No result: not started (untrusted workspace), refused the file, or crashed; `message` says why in gan-train's words. */
  | { kind: 'failed'; message: string };

const PREFIX = 'gan-train: ';

/** What gan-train said on stderr, without its prefix on each line. */
function said(stderr: string): string {
  return stderr
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .map((l) => (l.startsWith(PREFIX) ? l.slice(PREFIX.length) : l))
    .join('\n');
}

export function runBackendCheck(launcher: Launcher, run: BackendCheckRun): Promise<BackendCheckOutcome> {
  const { signal } = run;
  if (signal?.aborted) return Promise.resolve({ kind: 'cancelled' });
  let launched: LaunchedProcess;
  try {
    launched = launcher.launch({ tool: 'gan-train', args: ['--check-backends', run.file, '--json'], ...(run.env && { env: run.env }) });
  } catch (e) {
    return Promise.resolve({ kind: 'failed', message: e instanceof Error ? e.message : String(e) });
  }
  return new Promise((resolve) => {
    let result: BackendCheckResult | undefined;
    let stderr = '';
    let startError: string | undefined;
    onLines(launched.child.stdout, (line) => {
      const read = readCheckLine(line);
      if (read?.type === 'backendCheckProgress') run.onProgress?.(read);
      if (read?.type === 'backendCheck') result = read;
    });
    launched.child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-16_384)));
    const abort = () => launched.kill('SIGTERM');
    signal?.addEventListener('abort', abort, { once: true });
    launched.child.on('error', (e) => (startError = `could not start gan-train: ${e.message}`));
    launched.child.on('close', (code: number | null, exitSignal: NodeJS.Signals | null) => {
      signal?.removeEventListener('abort', abort);
      if (signal?.aborted) return resolve({ kind: 'cancelled' });
      if (result) return resolve({ kind: 'result', result });
      const how = exitSignal ? `was killed by ${exitSignal}` : `exited with code ${code}`;
      resolve({ kind: 'failed', message: startError ?? (said(stderr) || `gan-train --check-backends ${how} without a result`) });
    });
  });
}
