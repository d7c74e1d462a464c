/**
 * Where a training step's time goes, per bench model, on the backend `auto` picks at a given wasm
 * thread count, set beside PyTorch's whole step at the same thread count: the proof of what a goal
 * needs. A step's wall time splits into its products (dense and convolution kernels and their
 * gradients), the other kernels (element-wise, reductions, batch norm's parts) and what is outside
 * any kernel (tfjs's engine, the tape, the host Adam). The products' arithmetic is counted from their
 * shapes and divided by their time (GFLOP/s), next to the peak this backend reaches on a large
 * product (1,024³) and PyTorch's on the same, and wasm SIMD's arithmetic ceiling (simdCeiling.ts). If
 * the products alone take longer than goal × PyTorch's step allows, no saving elsewhere can meet the
 * goal: only faster product kernels could; if they would even at the ceiling, no wasm kernel can.
 *
 * Run: npx tsx bench/vsPytorch/stepProfile.ts [--threads 1] [--models parabola,ring8,dcgan] [--steps 20]
 * Needs a python3 with torch. Prints Markdown; asserts nothing.
 */
import * as tf from '@tensorflow/tfjs';
import { spawnSync } from 'node:child_process';
import { selectBackend } from '../../src/training/backend';
import { setWasmThreads } from '../../src/training/backends/wasmThreadsSetting';
import { benchModel, type ModelName } from './benchModels';
import { findPython, PytorchServer } from './pytorchServer';
import { simdCeilingGflops } from './simdCeiling';
import { StepLoop } from './stepLoop';
import { figure, markdownTable, median } from './table';

const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1]! : fallback;
};
const THREADS = Number(arg('--threads', '1'));
const MODELS = arg('--models', 'parabola,ring8,dcgan').split(',') as ModelName[];
const STEPS = Number(arg('--steps', '20'));
const GOALS: Record<ModelName, number> = { parabola: 1, ring8: 0.5, dcgan: 0.5 };

interface KernelInfo {
  name: string;
  kernelTimeMs: number;
  inputShapes: number[][];
  outputShapes: number[][];
}

const size = (shape: number[] | undefined) => (shape ?? []).reduce((a, b) => a * b, 1);

/** Multiply-adds × 2 of a product kernel, from its shapes (0 for other kernels). */
function flops(k: KernelInfo): number {
  const [a, b] = k.inputShapes;
  const out = k.outputShapes[0];
  switch (k.name) {
    case 'GanDense':
    case 'GanMatMul':
    case 'BatchMatMul':
    case '_FusedMatMul': {
      // out [.., m, n]; the shared dimension is what a's size has beyond out's rows.
      const inner = size(a) / (size(out) / out!.at(-1)!) || 0;
      return 2 * size(out) * inner;
    }
    case 'Conv2D':
    case 'FusedConv2D':
      // out [n, h, w, cOut], filter [kh, kw, cIn, cOut]
      return 2 * size(out) * size(b!.slice(0, 3));
    case 'Conv2DBackpropInput':
      // dy [n, h, w, cOut] → dx [n, H, W, cIn], filter [kh, kw, cIn, cOut]: as many multiply-adds as the forward conv.
      return 2 * size(a) * size(b!.slice(0, 3));
    case 'Conv2DBackpropFilter':
      // x [n, H, W, cIn], dy [n, h, w, cOut] → dW [kh, kw, cIn, cOut]
      return 2 * size(b) * size(out!.slice(0, 3));
    default:
      return 0;
  }
}

const isProduct = (k: KernelInfo) => flops(k) > 0;

interface Profile {
  stepMs: number;
  productMs: number;
  otherKernelMs: number;
  productGflops: number;
  kernels: number;
}

async function profile(name: ModelName): Promise<Profile> {
  const loop = new StepLoop(benchModel(name).config);
  try {
    const warmup = name === 'dcgan' ? 3 : 20;
    for (let i = 0; i < warmup; i++) loop.runStep();
    const wall: number[] = [];
    for (let i = 0; i < STEPS; i++) {
      const t0 = performance.now();
      loop.runStep();
      wall.push(performance.now() - t0);
    }
    const products: number[] = [];
    const others: number[] = [];
    const rates: number[] = [];
    let kernels = 0;
    for (let i = 0; i < Math.min(5, STEPS); i++) {
      const info = await tf.profile(() => loop.runStep());
      const list = info.kernels as unknown as KernelInfo[];
      kernels = list.length;
      const productMs = list.filter(isProduct).reduce((s, k) => s + k.kernelTimeMs, 0);
      products.push(productMs);
      others.push(list.filter((k) => !isProduct(k)).reduce((s, k) => s + k.kernelTimeMs, 0));
      rates.push(list.reduce((s, k) => s + flops(k), 0) / (productMs / 1000) / 1e9);
    }
    return { stepMs: median(wall), productMs: median(products), otherKernelMs: median(others), productGflops: median(rates), kernels };
  } finally {
    loop.dispose();
  }
}

/** GFLOP/s of a 1,024³ product on the current tfjs backend (median of 5). */
function tfjsPeak(): number {
  const a = tf.randomNormal([1024, 1024]);
  const b = tf.randomNormal([1024, 1024]);
  const times: number[] = [];
  for (let i = 0; i < 6; i++) {
    const t0 = performance.now();
    const c = tf.matMul(a, b);
    c.dataSync();
    times.push(performance.now() - t0);
    c.dispose();
  }
  tf.dispose([a, b]);
  return (2 * 1024 ** 3) / (median(times.slice(1)) / 1000) / 1e9;
}

function torchPeak(python: string): number {
  const code = `import torch, time
torch.set_num_threads(${THREADS})
a = torch.randn(1024, 1024); b = torch.randn(1024, 1024)
ts = []
for i in range(6):
    t0 = time.perf_counter(); c = a @ b; ts.append(time.perf_counter() - t0)
ts = sorted(ts[1:]); print(2 * 1024 ** 3 / ts[len(ts) // 2] / 1e9)`;
  const n = String(THREADS);
  const env = { ...process.env, OMP_NUM_THREADS: n, OPENBLAS_NUM_THREADS: n, MKL_NUM_THREADS: n };
  const run = spawnSync(python, ['-c', code], { encoding: 'utf8', env });
  if (run.status !== 0) throw new Error(run.stderr);
  return Number(run.stdout.trim());
}

async function main(): Promise<void> {
  setWasmThreads(THREADS);
  const selection = await selectBackend('auto');
  const python = findPython();
  const server = new PytorchServer(python, THREADS);
  try {
    const peak = tfjsPeak();
    const torch = torchPeak(python);
    // What any wasm product could reach: the arithmetic ceiling of one core, times the threads.
    const ceiling = simdCeilingGflops() * THREADS;
    console.log(`## Where a step's time goes: tfjs ${tf.getBackend()} (${selection.reason}) against PyTorch, ${THREADS} thread(s)\n`);
    console.log(`Peak of a 1,024³ product: tfjs ${figure(peak)} GFLOP/s, PyTorch ${figure(torch)} GFLOP/s.`);
    console.log(`wasm SIMD's arithmetic ceiling (simdCeiling.ts) × ${THREADS} thread(s): ${figure(ceiling)} GFLOP/s.\n`);
    const rows: string[][] = [];
    for (const name of MODELS) {
      const p = await profile(name);
      const model = benchModel(name);
      const rate = await server.stepsPerSecond(name, 3, name === 'dcgan' ? 2 : 20, model.config.logging.metricsEvery);
      const torchMs = 1000 / rate.wall;
      const outside = Math.max(0, p.stepMs - p.productMs - p.otherKernelMs);
      // The best ratio if everything but the products took no time at all, and if moreover the
      // products ran at wasm's arithmetic ceiling.
      const bound = torchMs / p.productMs;
      const atCeilingMs = (p.productGflops * p.productMs) / ceiling;
      rows.push([
        name,
        String(p.kernels),
        figure(p.stepMs),
        `${figure(p.productMs)} (${figure(p.productGflops)} GFLOP/s)`,
        figure(p.otherKernelMs),
        figure(outside),
        figure(torchMs),
        `${figure(torchMs / p.stepMs)}×`,
        `${figure(bound)}×`,
        `${figure(atCeilingMs)} → ${figure(torchMs / atCeilingMs)}×`,
        `≥ ${GOALS[name]}×`,
      ]);
      console.error(`  profiled ${name}`);
    }
    console.log(
      markdownTable(
        [
          'model',
          'kernels',
          'tfjs step ms',
          'products ms',
          'other kernels ms',
          'outside kernels ms',
          'PyTorch step ms',
          'ratio now',
          'ratio if only products took time',
          'products at the wasm ceiling ms → best ratio',
          'goal',
        ],
        rows,
      ),
    );
  } finally {
    server.close();
  }
}

void main();
