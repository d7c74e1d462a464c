/**
 * The PyTorch side of the benchmark: bench/pytorch/gan_bench.py, one long-lived process per thread
 * count, answering JSON requests line by line (so PyTorch's start-up is paid once and its
 * measurements can be interleaved with tfjs's). Installs nothing: it finds a python3 that imports
 * torch or explains how to get one.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Rate } from './stepLoop';

const SCRIPT_DIR = join(__dirname, '..', 'pytorch');

/** Debian's PyTorch (CPU) and an optimised BLAS: the reference BLAS it falls back to is ~10× slower on matMul. */
export const INSTALL_HINT = 'apt-get install -y python3-torch libopenblas0-pthread';

export class PytorchMissingError extends Error {}

export interface PytorchInfo {
  python: string;
  torch: string;
  pythonVersion: string;
  /** The BLAS library the process loaded (its path), or `unknown`. */
  blas: string;
}

/**
 * The first of `candidates` that imports torch. A python on the PATH (pyenv, a venv) may lack the
 * Debian package, which installs into /usr/bin/python3's site-packages.
 */
export function findPython(candidates = [process.env.GAN_BENCH_PYTHON, 'python3', '/usr/bin/python3']): string {
  const tried: string[] = [];
  for (const python of candidates) {
    if (!python) continue;
    const probe = spawnSync(python, ['-c', 'import torch'], { encoding: 'utf8' });
    if (probe.status === 0) return python;
    tried.push(`${python}: ${probe.error ? 'not found' : (probe.stderr.trim().split('\n').at(-1) ?? `exit ${probe.status}`)}`);
  }
  throw new PytorchMissingError(
    `no python3 with PyTorch found (${tried.join('; ')}).\nInstall Debian's CPU build with:\n  ${INSTALL_HINT}\n` +
      'or point GAN_BENCH_PYTHON at a python that imports torch.',
  );
}

type Json = Record<string, unknown>;

export class PytorchServer {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly replies: ((line: string) => void)[] = [];
  private stderr = '';

  /**
   * `threads`: torch.set_num_threads, and the OpenMP and OpenBLAS pools (OpenBLAS ignores
   * set_num_threads and would otherwise run a thread per core under a "1-thread" PyTorch). OpenMP
   * threads wait passively: spinning ones collapse on a shared machine (ring-8 at 2 threads went
   * from 38 to 1.8 steps/s with the default policy under a load of 7 on 2 cores).
   */
  constructor(
    python: string,
    readonly threads: number,
  ) {
    const n = String(threads);
    this.child = spawn(python, [join(SCRIPT_DIR, 'gan_bench.py')], {
      cwd: SCRIPT_DIR,
      env: { ...process.env, OMP_NUM_THREADS: n, OPENBLAS_NUM_THREADS: n, MKL_NUM_THREADS: n, OMP_WAIT_POLICY: 'PASSIVE' },
    });
    this.child.stderr.on('data', (d: Buffer) => (this.stderr = (this.stderr + d.toString()).slice(-4000)));
    createInterface({ input: this.child.stdout }).on('line', (line) => this.replies.shift()?.(line));
    this.child.on('exit', (code) => {
      for (const reply of this.replies.splice(0)) reply(JSON.stringify({ ok: false, error: `python exited (${code}): ${this.stderr}` }));
    });
  }

  request<T>(body: Json): Promise<T> {
    return new Promise((resolve, reject) => {
      this.replies.push((line) => {
        const reply = JSON.parse(line) as Json & { ok: boolean; error?: string };
        if (reply.ok) resolve(reply as T);
        else reject(new Error(`PyTorch (${String(body.cmd)}): ${reply.error}`));
      });
      this.child.stdin.write(`${JSON.stringify({ ...body, threads: this.threads })}\n`);
    });
  }

  async info(python: string): Promise<PytorchInfo> {
    const hello = await this.request<{ torch: string; python: string; blas: string }>({ cmd: 'hello' });
    return { python, torch: hello.torch, pythonVersion: hello.python, blas: hello.blas };
  }

  /** Steps per second (wall and CPU time) of `model` over about `seconds` (after `warmup` untimed steps). */
  async stepsPerSecond(model: string, seconds: number, warmup: number, metricsEvery: number): Promise<Rate> {
    const reply = await this.request<{ stepsPerSecond: number; stepsPerCpuSecond: number }>({
      cmd: 'speed',
      model,
      seconds,
      warmup,
      metricsEvery,
    });
    return { wall: reply.stepsPerSecond, cpu: reply.stepsPerCpuSecond };
  }

  /** The parabola toy trained `steps` steps from `seed`, then `samples` generated curves (flat rows). */
  async parabolaCurves(seed: number, steps: number, samples: number): Promise<Float32Array> {
    const reply = await this.request<{ curves: number[] }>({ cmd: 'quality', seed, steps, samples });
    return Float32Array.from(reply.curves);
  }

  close(): void {
    this.child.stdin.end();
  }
}
