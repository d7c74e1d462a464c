/**
 * Steps per second of one model, tfjs against PyTorch at the same thread counts, interleaved: each
 * round measures, per thread count, tfjs (a child process whose wasm backend runs that many
 * threads: the count is fixed when the backend starts) and PyTorch at that many threads back to
 * back, so the ratio of a round compares figures taken under the same load; the report is the median
 * over rounds. With `cpu`, tfjs on the cpu backend too (in this process). Every measurement starts
 * from fresh networks and optimizers. Rates are per second of wall time and per second of the
 * process's CPU time (all its threads): on a machine shared with other jobs the CPU-time rate is the
 * steadier one, and for one thread it is what an idle machine gives.
 */
import { fork } from 'node:child_process';
import { join } from 'node:path';
import { selectBackend } from '../../src/training/backend';
import type { BenchModel } from './benchModels';
import type { PytorchServer } from './pytorchServer';
import { StepLoop, type Rate } from './stepLoop';
import { median } from './table';

export interface SpeedOptions {
  seconds: number;
  rounds: number;
  /** Also measure tfjs on the cpu backend (slow: meant for the small MLPs). */
  cpu: boolean;
}

export interface ThreadResult {
  threads: number;
  tfjs: Rate;
  pytorch: Rate;
  /** Median per-round ratio tfjs / PyTorch. */
  ratio: Rate;
}

export interface SpeedResult {
  /** One entry per PyTorch server's thread count, in the servers' order. */
  byThreads: ThreadResult[];
  cpuBackend: Rate | undefined;
  /** The backend the tfjs children ran on, and why (from the first child). */
  backend: string;
}

/** Untimed steps before each measurement (JIT, first-use allocations), fewer for the slow conv net. */
const warmupFor = (model: BenchModel) => (model.name === 'dcgan' ? 2 : 20);

const CHILD = join(__dirname, 'speedChild.ts');

/** tfjs steps per second in a child process whose wasm backend runs `threads` threads. */
export function tfjsChildRate(model: BenchModel, threads: number, seconds: number): Promise<{ rate: Rate; backend: string }> {
  return new Promise((resolve, reject) => {
    const child = fork(CHILD, [model.name, String(threads), String(seconds), String(warmupFor(model))], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let result: { rate: Rate; backend: string } | undefined;
    child.on('message', (m) => (result = m as { rate: Rate; backend: string }));
    child.on('error', reject);
    child.on('exit', (code) => (result ? resolve(result) : reject(new Error(`speed child for ${model.name} exited with ${code}`))));
  });
}

async function cpuRate(model: BenchModel, seconds: number): Promise<Rate> {
  await selectBackend('cpu');
  const loop = new StepLoop(model.config);
  try {
    return loop.stepsPerSecond(seconds, warmupFor(model));
  } finally {
    loop.dispose();
  }
}

export const medianRate = (rates: Rate[]): Rate => ({ wall: median(rates.map((r) => r.wall)), cpu: median(rates.map((r) => r.cpu)) });

export async function measureSpeed(model: BenchModel, servers: PytorchServer[], options: SpeedOptions): Promise<SpeedResult> {
  const ours = servers.map(() => [] as Rate[]);
  const theirs = servers.map(() => [] as Rate[]);
  const ratios = servers.map(() => [] as Rate[]);
  const cpuBackend: Rate[] = [];
  let backend = '';
  const metricsEvery = model.config.logging.metricsEvery;
  for (let round = 0; round < options.rounds; round++) {
    for (const [i, server] of servers.entries()) {
      const child = await tfjsChildRate(model, server.threads, options.seconds);
      backend ||= child.backend;
      const torch = await server.stepsPerSecond(model.name, options.seconds, warmupFor(model), metricsEvery);
      ours[i]!.push(child.rate);
      theirs[i]!.push(torch);
      ratios[i]!.push({ wall: child.rate.wall / torch.wall, cpu: child.rate.cpu / torch.cpu });
    }
    if (options.cpu) cpuBackend.push(await cpuRate(model, options.seconds));
  }
  return {
    byThreads: servers.map((s, i) => ({
      threads: s.threads,
      tfjs: medianRate(ours[i]!),
      pytorch: medianRate(theirs[i]!),
      ratio: medianRate(ratios[i]!),
    })),
    cpuBackend: options.cpu ? medianRate(cpuBackend) : undefined,
    backend,
  };
}
