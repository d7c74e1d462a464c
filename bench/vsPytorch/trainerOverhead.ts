/**
 * Overhead of the real trainer over the bare step loop on the parabola toy: the trainer process as
 * the extension forks it (IPC stream of metrics, samples, histograms and quality; run-directory
 * writes; checkpoints at the example's intervals) against the same steps in a bare loop in a
 * process forked the same way. Each is timed from its `started` message to its `finished` message:
 * wall time (seen here) and the child's CPU time (recorded in the child by cpuProbe.ts).
 */
import { fork } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXAMPLES } from './benchModels';

const TRAINER = join(__dirname, '..', '..', 'src', 'training', 'trainerProcess.ts');
const BARE = join(__dirname, 'bareChild.ts');
const PROBE = join(__dirname, 'cpuProbe.ts');

export interface RunTime {
  wallSeconds: number;
  cpuSeconds: number;
}

function timedChild(script: string, args: string[], scratch: string): Promise<RunTime> {
  const cpuFile = join(scratch, 'cpu.json');
  const child = fork(script, args, {
    execArgv: ['--import', 'tsx', '--import', PROBE],
    env: { ...process.env, GAN_BENCH_CPU_FILE: cpuFile },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  let started = 0;
  let wallSeconds: number | undefined;
  child.on('message', (m: unknown) => {
    const type = (m as { type?: unknown } | null)?.type;
    if (type === 'started') started = performance.now();
    if (type === 'finished') wallSeconds = (performance.now() - started) / 1000;
  });
  return new Promise<RunTime>((resolve, reject) => {
    child.on('exit', (code) => {
      if (wallSeconds === undefined || code !== 0) return reject(new Error(`${script} exited (${code}) without finishing: ${stderr}`));
      const { cpuSeconds } = JSON.parse(readFileSync(cpuFile, 'utf8')) as { cpuSeconds: number };
      resolve({ wallSeconds, cpuSeconds });
    });
  });
}

/** The trainer process on `steps` steps of the parabola example. */
export async function trainerTime(steps: number): Promise<RunTime> {
  const scratch = mkdtempSync(join(tmpdir(), 'gan-bench-'));
  try {
    return await timedChild(TRAINER, [join(EXAMPLES, 'parabola-minimax.gan.json'), '--steps', String(steps), '--out', scratch], scratch);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The bare loop on `steps` steps, in a fresh process. */
export async function bareTime(steps: number): Promise<RunTime> {
  const scratch = mkdtempSync(join(tmpdir(), 'gan-bench-'));
  try {
    return await timedChild(BARE, [String(steps)], scratch);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
