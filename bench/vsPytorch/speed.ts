/**
 * Steps per second of one model, tfjs against PyTorch, interleaved: each round measures tfjs on the
 * backend `auto` picks, PyTorch at each thread count and (for the MLPs) tfjs on cpu back to back, so
 * the ratio of a round compares figures taken under the same load; the report is the median over
 * rounds. Every measurement starts from fresh networks and optimizers. Rates are per second of wall
 * time and per second of the process's CPU time (all its threads): on a machine shared with other
 * jobs the CPU-time rate is the steadier one, and for one thread it is what an idle machine gives.
 */
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

export interface SpeedResult {
  tfjs: Rate;
  cpuBackend: Rate | undefined;
  /** Per PyTorch thread count: its rates and the median per-round ratios tfjs / PyTorch. */
  pytorch: { threads: number; rate: Rate; ratio: Rate }[];
}

/** Untimed steps before each measurement (JIT, first-use allocations), fewer for the slow conv net. */
const warmupFor = (model: BenchModel) => (model.name === 'dcgan' ? 2 : 20);

async function tfjsRate(model: BenchModel, backend: 'auto' | 'cpu', seconds: number): Promise<Rate> {
  await selectBackend(backend);
  const loop = new StepLoop(model.config);
  try {
    return loop.stepsPerSecond(seconds, warmupFor(model));
  } finally {
    loop.dispose();
  }
}

const medianRate = (rates: Rate[]): Rate => ({ wall: median(rates.map((r) => r.wall)), cpu: median(rates.map((r) => r.cpu)) });

export async function measureSpeed(model: BenchModel, servers: PytorchServer[], options: SpeedOptions): Promise<SpeedResult> {
  const tfjs: Rate[] = [];
  const cpuBackend: Rate[] = [];
  const torch = servers.map(() => [] as Rate[]);
  const ratios = servers.map(() => [] as Rate[]);
  const metricsEvery = model.config.logging.metricsEvery;
  for (let round = 0; round < options.rounds; round++) {
    const ours = await tfjsRate(model, 'auto', options.seconds);
    tfjs.push(ours);
    for (const [i, server] of servers.entries()) {
      const theirs = await server.stepsPerSecond(model.name, options.seconds, warmupFor(model), metricsEvery);
      torch[i]!.push(theirs);
      ratios[i]!.push({ wall: ours.wall / theirs.wall, cpu: ours.cpu / theirs.cpu });
    }
    if (options.cpu) cpuBackend.push(await tfjsRate(model, 'cpu', options.seconds));
  }
  await selectBackend('auto');
  return {
    tfjs: medianRate(tfjs),
    cpuBackend: options.cpu ? medianRate(cpuBackend) : undefined,
    pytorch: servers.map((s, i) => ({ threads: s.threads, rate: medianRate(torch[i]!), ratio: medianRate(ratios[i]!) })),
  };
}
