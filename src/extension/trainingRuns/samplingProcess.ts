/**
 * Runs `gan-sample` in a Node child process (the extension host never loads TensorFlow.js), reads
 * its `step k/N` lines as progress and its last line, `wrote <folder>`, as the result. Aborting
 * kills the child: it writes its result folder only at the end, in one rename, so nothing is left.
 * Pure Node (no `vscode`).
 */
import { spawn } from 'node:child_process';
import { basename } from 'node:path';
import type { RequestedSettings } from '../../shared/samplingSettings';

export interface SamplingRequest {
  runDir: string;
  settings: RequestedSettings;
  /** A checkpoint folder; the run's latest when absent. */
  checkpoint?: string;
}

export interface SamplingOutcome {
  ok: boolean;
  cancelled: boolean;
  /** The CLI's summary, or why it failed. */
  message: string;
  folder?: string;
  /** The result's id (its folder name). */
  id?: string;
}

export interface SamplingProcessOptions {
  nodePath: string;
  /** bin/gan-sample.js of the installed extension. */
  binPath: string;
  request: SamplingRequest;
  onProgress?: (step: number, total: number) => void;
  signal?: AbortSignal;
}

/** The command line for `request` (every setting spelled out, so the result does not depend on the CLI's defaults). */
export function samplingArgs({ runDir, settings, checkpoint }: SamplingRequest): string[] {
  const args = [runDir, '--method', settings.method, '--steps', String(settings.steps), '--step-size', String(settings.stepSize)];
  args.push('--temperature', String(settings.temperature), '--start', settings.start);
  if (settings.chains !== undefined) args.push('--chains', String(settings.chains));
  if (settings.seed !== undefined) args.push('--seed', String(settings.seed));
  if (!settings.prior) args.push('--no-prior');
  if (checkpoint !== undefined) args.push('--checkpoint', checkpoint);
  return args;
}

const PROGRESS_LINE = /^step (\d+)\/(\d+)$/;
const WROTE_LINE = /^wrote (.+)$/m;

export function runSamplingCli(options: SamplingProcessOptions): Promise<SamplingOutcome> {
  const { signal } = options;
  if (signal?.aborted) return Promise.resolve({ ok: false, cancelled: true, message: 'Sampling was cancelled.' });
  return new Promise((resolve) => {
    const child = spawn(options.nodePath, [options.binPath, ...samplingArgs(options.request)], {
      // The extension host may be Electron: make its binary behave as plain Node.
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let partial = '';
    child.stdout.on('data', (chunk: Buffer) => {
      const text = partial + chunk.toString();
      stdout += chunk.toString();
      const lines = text.split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        const m = PROGRESS_LINE.exec(line.trim());
        if (m) options.onProgress?.(Number(m[1]), Number(m[2]));
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const abort = () => child.kill('SIGTERM');
    signal?.addEventListener('abort', abort, { once: true });
    child.on('error', (e) => {
      signal?.removeEventListener('abort', abort);
      resolve({ ok: false, cancelled: false, message: `could not start ${options.nodePath}: ${e.message}` });
    });
    child.on('close', (code) => {
      signal?.removeEventListener('abort', abort);
      if (signal?.aborted) return resolve({ ok: false, cancelled: true, message: 'Sampling was cancelled; nothing was written.' });
      const folder = WROTE_LINE.exec(stdout)?.[1]?.trim();
      if (code === 0 && folder) {
        const summary = stdout.split('\n').filter((l) => l.trim() !== '' && !PROGRESS_LINE.test(l.trim()));
        return resolve({ ok: true, cancelled: false, message: summary.join('\n'), folder, id: basename(folder) });
      }
      const reason = (stderr || stdout).trim().replace(/^gan-sample: /, '');
      resolve({ ok: false, cancelled: false, message: reason.split('\n\nUsage:')[0] || `gan-sample exited with code ${code}` });
    });
  });
}
