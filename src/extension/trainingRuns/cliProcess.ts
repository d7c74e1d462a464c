/**
 * Runs `gan-sample` or `gan-export` through the launcher with `--json` and reads what it prints
 * (src/shared/cliResult.ts): progress lines as they come, the result line at the end. Aborting
 * kills the child. Pure Node (no `vscode`).
 */
import { cliResultOf, readCliLine, type CliResult, type CliTool } from '../../shared/cliResult';
import type { Launcher } from './processLauncher';

export interface CliRunOptions {
  tool: CliTool;
  /** The tool's arguments; `--json` is added. */
  args: readonly string[];
  onProgress?: (step: number, total: number) => void;
  signal?: AbortSignal;
  /** Killed, and reported as failed, after this long. */
  timeoutMs?: number;
}

export type CliRunOutcome =
  /** The tool's result: written (`ok`) or its error. */
  | { kind: 'result'; result: CliResult }
  | { kind: 'cancelled' }
  /** No result: not started (untrusted workspace, no Node), crashed or timed out. */
  | { kind: 'failed'; message: string };

export function runCliTool(launcher: Launcher, options: CliRunOptions): Promise<CliRunOutcome> {
  const { tool, signal } = options;
  if (signal?.aborted) return Promise.resolve({ kind: 'cancelled' });
  let launched;
  try {
    launched = launcher.launch({ tool, args: [...options.args, '--json'] });
  } catch (e) {
    return Promise.resolve({ kind: 'failed', message: e instanceof Error ? e.message : String(e) });
  }
  const { child } = launched;
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    let partial = '';
    let startError: string | undefined;
    let timedOut = false;
    child.stdout?.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      stdout += text;
      const lines = (partial + text).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        const read = readCliLine(line, tool);
        if (read?.type === 'progress') options.onProgress?.(read.step, read.total);
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const abort = () => launched.kill('SIGTERM');
    signal?.addEventListener('abort', abort, { once: true });
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            launched.kill('SIGTERM');
          }, options.timeoutMs);
    child.on('error', (e) => (startError = `could not start ${tool}: ${e.message}`));
    child.on('close', (code, exitSignal) => {
      signal?.removeEventListener('abort', abort);
      clearTimeout(timer);
      if (signal?.aborted) return resolve({ kind: 'cancelled' });
      if (timedOut) return resolve({ kind: 'failed', message: `${tool} did not finish within ${options.timeoutMs! / 1000} s` });
      const result = cliResultOf(stdout, tool);
      if (result) return resolve({ kind: 'result', result });
      const how = exitSignal ? `was killed by ${exitSignal}` : `exited with code ${code}`;
      const prefix = `${tool}: `;
      const said = stderr.trim().startsWith(prefix) ? stderr.trim().slice(prefix.length) : stderr.trim();
      resolve({ kind: 'failed', message: startError ?? (said || `${tool} ${how} without a result`) });
    });
  });
}
