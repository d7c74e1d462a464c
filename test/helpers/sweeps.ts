/** Tiny sweeps for the process tests: a base experiment of a few seconds, sweep files beside it, and gan-sweep run as a user runs it. */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readSweep, trialStateFile, type SweepStatus, type TrialStarted } from '../../src/shared/sweep/sweepFolder';
import { ringExperiment, tempDir, writeExperimentFile, type Json } from './experiments';

export const GAN_SWEEP = join(__dirname, '..', '..', 'bin', 'gan-sweep.js');

/** A base experiment (`base.gan.json`, cpu backend, small networks, `steps` steps) and a CSV of ring points beside it. */
export function sweepWorkspace(steps: number): string {
  const dir = tempDir('gan-sweep-');
  const rows = Array.from({ length: 256 }, (_, i) => {
    const a = (2 * Math.PI * (i % 8)) / 8;
    return `${(2 * Math.cos(a)).toFixed(3)},${(2 * Math.sin(a)).toFixed(3)}`;
  });
  writeFileSync(join(dir, 'points.csv'), `x,y\n${rows.join('\n')}\n`);
  writeExperimentFile(
    ringExperiment({
      name: 'tiny',
      backend: 'cpu',
      schedule: { steps, batchSize: 32 },
      logging: { metricsEvery: 10, histogramsEvery: 20, samplesEvery: 20, checkpointEvery: 20, sampleCount: 64, gridResolution: 8 },
    }),
    dir,
    'base.gan.json',
  );
  return dir;
}

export function writeSweep(dir: string, sweep: Json, name = 'test.sweep.json'): string {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify({ experiment: 'base.gan.json', objective: { metric: 'js', goal: 'minimize' }, ...sweep }, null, 2));
  return file;
}

export interface SweepRun {
  stdout: () => string;
  stderr: () => string;
  /** The sweep folder, once gan-sweep has printed it. */
  folder(): Promise<string>;
  done: Promise<{ code: number | null; stdout: string; stderr: string }>;
  kill(signal: NodeJS.Signals): void;
}

export function runSweep(args: string[], env: NodeJS.ProcessEnv = process.env): SweepRun {
  const child = spawn(process.execPath, [GAN_SWEEP, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, stdout, stderr })),
  );
  let ended = false;
  void done.then(() => (ended = true));
  return {
    stdout: () => stdout,
    stderr: () => stderr,
    folder: async () => {
      await waitFor(() => /^sweep folder: (.+)$/m.test(stdout) || ended, 30_000, 'gan-sweep to print its sweep folder');
      const match = /^sweep folder: (.+)$/m.exec(stdout);
      if (!match) throw new Error(`gan-sweep printed no sweep folder; stdout: ${stdout}; stderr: ${stderr}`);
      return match[1]!;
    },
    done,
    kill: (signal) => child.kill(signal),
  };
}

export async function waitFor(condition: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Waits until trial `index` of the sweep folder is in `state` (its files say so); returns the folder's status. */
export async function waitForTrial(dir: string, index: number, state: string, ms = 60_000): Promise<SweepStatus> {
  let status: SweepStatus | undefined;
  await waitFor(
    () => {
      status = readSweep(dir);
      return status.trials[index]!.state === state && (state !== 'running' || status.trials[index]!.meta !== undefined);
    },
    ms,
    `trial ${index} to be ${state} (now ${status?.trials[index]?.state})`,
  );
  return status!;
}

/** The trainer process ids the sweep folder recorded. */
export function trainerPids(dir: string, ids: string[]): number[] {
  return ids
    .map((id) => trialStateFile(dir, id, 'started'))
    .filter((f) => existsSync(f))
    .map((f) => (JSON.parse(readFileSync(f, 'utf8')) as TrialStarted).pid);
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
