/**
 * The trainer against PyTorch on this machine (issue 8's benchmarks), every figure measured side by
 * side in one run with a PyTorch program of the same model (bench/pytorch/), same batch:
 *  1–3. steps/s of the parabola toy, the ring-8 MLP and a 28×28×1 DCGAN; tfjs on the backend `auto`
 *       picks (wasm here) at each thread count of --threads (a child process each), PyTorch at the
 *       same counts, interleaved; the goals per model and the thread scaling of both;
 *  4.   overhead of the real trainer process (IPC stream, run directory) over the bare step loop;
 *  5.   RSS, V8 heap and tf.memory().numTensors over a 20,000-step run;
 *  Q.   quality parity on the parabola toy (seed's settings, 10,000 steps, 3 seeds).
 * Installs nothing: needs a python3 with torch (Debian: `apt-get install -y python3-torch
 * libopenblas0-pthread`). Prints Markdown tables of figures and ratios; asserts nothing.
 * Run: npx tsx bench/vsPytorch.ts [--parts speed,overhead,memory,quality] [--models parabola,ring8,dcgan]
 *      [--seconds 3] [--rounds 3] [--threads 1,<cores>] [--no-cpu] [--overhead-steps 5000] [--overhead-rounds 2]
 *      [--memory-steps 20000] [--quality-steps 10000] [--seeds 3]
 */
import * as tf from '@tensorflow/tfjs';
import { cpus, loadavg } from 'node:os';
import { selectBackend } from '../src/training/backend';
import { benchModel, type ModelName } from './vsPytorch/benchModels';
import { memoryGrowth } from './vsPytorch/memoryGrowth';
import { findPython, PytorchMissingError, PytorchServer } from './vsPytorch/pytorchServer';
import { pytorchQuality, tfjsQuality, type CurveQuality } from './vsPytorch/qualityParity';
import { measureSpeed } from './vsPytorch/speed';
import type { Rate } from './vsPytorch/stepLoop';
import { figure, markdownTable, mean, median, percent, ratio } from './vsPytorch/table';
import { bareTime, trainerTime, type RunTime } from './vsPytorch/trainerOverhead';

const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1]! : fallback;
};
const list = (name: string, fallback: string) => arg(name, fallback).split(',');
const PARTS = new Set(list('--parts', 'speed,overhead,memory,quality'));
const MODELS = list('--models', 'parabola,ring8,dcgan') as ModelName[];
const SECONDS = Number(arg('--seconds', '3'));
const ROUNDS = Number(arg('--rounds', '3'));
// 1 thread and the machine's cores, by default.
const THREADS = [...new Set(list('--threads', `1,${cpus().length}`).map(Number))];
const CPU = !process.argv.includes('--no-cpu');
const OVERHEAD_STEPS = Number(arg('--overhead-steps', '5000'));
const OVERHEAD_ROUNDS = Number(arg('--overhead-rounds', '2'));
const MEMORY_STEPS = Number(arg('--memory-steps', '20000'));
const QUALITY_STEPS = Number(arg('--quality-steps', '10000'));
const SEEDS = Number(arg('--seeds', '3'));

/** The goals: tfjs / PyTorch steps per second at the same thread count, at 1 thread and at the machine's cores. */
const GOALS: Record<ModelName, number> = { parabola: 1, ring8: 0.5, dcgan: 0.5 };

async function speedPart(servers: PytorchServer[]): Promise<void> {
  console.log(`\n## Steps per second (median of ${ROUNDS} interleaved rounds of ${SECONDS} s)\n`);
  console.log("Figures are `wall · CPU`: steps per second of wall time and of the process's CPU time (all threads).");
  console.log(
    'tfjs runs in a child process per thread count (its wasm backend is started with that many threads); PyTorch at the same count. Ratios are tfjs / PyTorch per round (median), `CPU · wall`.\n',
  );
  const both = (r: Rate) => `${figure(r.wall)} · ${figure(r.cpu)}`;
  const rows: string[][] = [];
  const scaling: string[][] = [];
  let backend = '';
  for (const name of MODELS) {
    const model = benchModel(name);
    const result = await measureSpeed(model, servers, { seconds: SECONDS, rounds: ROUNDS, cpu: CPU && name !== 'dcgan' });
    backend ||= result.backend;
    for (const t of result.byThreads) {
      rows.push([
        model.title,
        String(t.threads),
        both(t.tfjs),
        both(t.pytorch),
        `${ratio(t.ratio.cpu)} · ${ratio(t.ratio.wall)}`,
        `≥ ${GOALS[name].toFixed(1)}×`,
        t.ratio.wall >= GOALS[name] ? 'met' : 'not met',
      ]);
    }
    if (result.cpuBackend) rows.push([model.title, '1', `cpu backend: ${both(result.cpuBackend)}`, '', '', '', '']);
    const one = result.byThreads.find((t) => t.threads === 1);
    if (one)
      for (const t of result.byThreads.filter((x) => x.threads > 1))
        scaling.push([model.title, String(t.threads), ratio(t.tfjs.wall / one.tfjs.wall), ratio(t.pytorch.wall / one.pytorch.wall)]);
    console.error(`  measured ${name}`);
  }
  console.log(`tfjs backend in the children: ${backend}\n`);
  console.log(markdownTable(['model', 'threads', 'tfjs', 'PyTorch', 'tfjs / PyTorch (CPU · wall)', 'goal', 'goal (wall)'], rows));
  if (scaling.length > 0) {
    console.log('\n### Thread scaling (wall steps/s at N threads ÷ at 1 thread, medians)\n');
    console.log(markdownTable(['model', 'threads', 'tfjs', 'PyTorch'], scaling));
  }
}

async function overheadPart(): Promise<void> {
  console.log(
    `\n## Trainer overhead (parabola toy, ${OVERHEAD_STEPS.toLocaleString('en')} steps, ${OVERHEAD_ROUNDS} interleaved rounds)\n`,
  );
  console.log('Steps per second `wall · CPU` of each process from its `started` to its `finished` message.\n');
  const rows: string[][] = [];
  const overheads: RunTime[] = [];
  const rate = (t: RunTime) => `${figure(OVERHEAD_STEPS / t.wallSeconds)} · ${figure(OVERHEAD_STEPS / t.cpuSeconds)}`;
  for (let round = 1; round <= OVERHEAD_ROUNDS; round++) {
    const bare = await bareTime(OVERHEAD_STEPS);
    const trainer = await trainerTime(OVERHEAD_STEPS);
    const overhead = { wallSeconds: trainer.wallSeconds / bare.wallSeconds - 1, cpuSeconds: trainer.cpuSeconds / bare.cpuSeconds - 1 };
    overheads.push(overhead);
    rows.push([String(round), rate(bare), rate(trainer), `${percent(overhead.cpuSeconds)} · ${percent(overhead.wallSeconds)}`]);
  }
  rows.push([
    'median',
    '',
    '',
    `${percent(median(overheads.map((o) => o.cpuSeconds)))} · ${percent(median(overheads.map((o) => o.wallSeconds)))}`,
  ]);
  console.log(markdownTable(['round', 'bare loop', 'trainer process', 'overhead CPU · wall (target ≤ 3 %)'], rows));
}

async function memoryPart(): Promise<void> {
  const at = [50, 1000, MEMORY_STEPS / 2, MEMORY_STEPS];
  console.log(`\n## Memory over ${MEMORY_STEPS.toLocaleString('en')} steps (parabola toy, the real Trainer in-process, after a full GC)\n`);
  const points = await memoryGrowth(MEMORY_STEPS, at);
  const rows = points.map((p) => [p.step.toLocaleString('en'), figure(p.rssMiB), figure(p.heapMiB), String(p.numTensors)]);
  console.log(markdownTable(['step', 'RSS MiB', 'V8 heap MiB', 'tf.memory().numTensors'], rows));
}

async function qualityPart(server: PytorchServer): Promise<void> {
  console.log(`\n## Quality parity (parabola toy, seed's settings, ${QUALITY_STEPS.toLocaleString('en')} steps, 2,048 curves)\n`);
  const rows: string[][] = [];
  const all: { tfjs: CurveQuality[]; torch: CurveQuality[] } = { tfjs: [], torch: [] };
  const cells = (q: CurveQuality) => [q.inBand.toFixed(3), q.fitShare.toFixed(3), q.ks.toFixed(3)];
  for (let seed = 1; seed <= SEEDS; seed++) {
    const ours = tfjsQuality(seed, QUALITY_STEPS);
    const theirs = await pytorchQuality(server, seed, QUALITY_STEPS);
    all.tfjs.push(ours);
    all.torch.push(theirs);
    rows.push([String(seed), ...cells(ours), ...cells(theirs)]);
  }
  const average = (qs: CurveQuality[]): CurveQuality => ({
    inBand: mean(qs.map((q) => q.inBand)),
    fitShare: mean(qs.map((q) => q.fitShare)),
    ks: mean(qs.map((q) => q.ks)),
  });
  rows.push(['mean', ...cells(average(all.tfjs)), ...cells(average(all.torch))]);
  const header = ['seed', 'tfjs in band', 'tfjs fit share', 'tfjs KS(a)', 'PyTorch in band', 'PyTorch fit share', 'PyTorch KS(a)'];
  console.log(markdownTable(header, rows));
}

async function main(): Promise<number> {
  let python: string;
  try {
    python = findPython();
  } catch (e) {
    if (!(e instanceof PytorchMissingError)) throw e;
    console.error(`vsPytorch: ${e.message}`);
    return 2;
  }
  const servers = THREADS.map((t) => new PytorchServer(python, t));
  try {
    const backend = await selectBackend('auto');
    const info = await servers[0]!.info(python);
    console.log('# tfjs trainer vs PyTorch\n');
    console.log(
      `- machine: ${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores; load average at start ${loadavg()[0]!.toFixed(2)}`,
    );
    console.log(`- tfjs ${tf.version.tfjs}, backend ${backend.name} (${backend.reason}); Node ${process.versions.node}`);
    console.log(`- PyTorch ${info.torch} (${info.python}, Python ${info.pythonVersion}), BLAS ${info.blas}`);
    if (PARTS.has('speed')) await speedPart(servers);
    if (PARTS.has('overhead')) await overheadPart();
    if (PARTS.has('memory')) await memoryPart();
    if (PARTS.has('quality')) await qualityPart(servers[0]!);
    console.log(`\nload average at the end: ${loadavg()[0]!.toFixed(2)}`);
    return 0;
  } finally {
    for (const s of servers) s.close();
  }
}

main().then(
  (code) => (process.exitCode = code),
  (e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  },
);
