/**
 * What the wasm backend's threads buy (issue 22): each kernel a training step's products run on —
 * the project's SIMD product and convolution, which the threads serve, and for reference XNNPACK's
 * own, whose pool stays at one thread (wasmThreadsLoader.ts says why) — and whole steps of the
 * benchmark's parabola, ring-8 MLP and DCGAN, at 1 thread and at N (default 2).
 * The backend starts once per process, so every round runs one child per thread count, in
 * alternating order; the speed-up is the median over rounds of each round's ratio, so a machine
 * shared with other jobs moves both sides of a ratio alike. Kernels run directly (no engine),
 * each the median of calls totalling ≥ 0.4 s; steps are counted over 3 s after a warm-up.
 * Run: npx tsx bench/wasmThreads.ts [--threads N] [--rounds R]
 */
import * as tf from '@tensorflow/tfjs';
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { startWasmWith } from '../src/training/backends/wasm';
import { conv2dBackpropFilterConfig } from '../src/training/kernels/conv2dBackpropFilter';
import { conv2dBackpropInputConfig } from '../src/training/kernels/conv2dBackpropInput';
import { benchModel, type ModelName } from './vsPytorch/benchModels';
import { StepLoop } from './vsPytorch/stepLoop';

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};

/** One child's measurements: ms per kernel call, steps per second per model. */
type Measurements = Record<string, number>;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

function kernelMs(config: tf.KernelConfig, inputs: tf.NamedTensorInfoMap, attrs: object): number {
  const backend = tf.backend();
  const times: number[] = [];
  for (let total = 0; total < 400 || times.length < 5;) {
    const start = performance.now();
    const out = config.kernelFunc({ inputs, backend, attrs: attrs as tf.NamedAttrMap }) as tf.TensorInfo;
    const ms = performance.now() - start;
    backend.disposeData(out.dataId);
    if (times.length > 0 || total > 0) times.push(ms);
    total += ms;
  }
  return median(times);
}

async function child(threads: number): Promise<Measurements> {
  require('@tensorflow/tfjs-backend-wasm');
  // The wasm binary's own kernels, before the project's are registered over them.
  const stock = (name: string) => tf.getKernel(name, 'wasm')!;
  const [matMul, conv2d, backpropInput] = [stock('BatchMatMul'), stock('Conv2D'), stock('Conv2DBackpropInput')];
  const started = await startWasmWith({ threads });
  if (!started.ok || !started.reason.includes(threads === 1 ? 'single-threaded' : `${threads} threads`))
    throw new Error(`wasm did not start at ${threads} threads: ${started.reason}`);
  const out: Measurements = {};
  const [a, b] = [tf.randomNormal([256, 256]), tf.randomNormal([256, 256])];
  const product = tf.getKernel('BatchMatMul', 'wasm')!;
  out['matMul 256·256·256, plain (SIMD product)'] = kernelMs(product, { a, b }, { transposeA: false, transposeB: false });
  out['matMul 256·256·256, aᵀ·b (SIMD product)'] = kernelMs(product, { a, b }, { transposeA: true, transposeB: false });
  out['matMul 256·256·256, plain (XNNPACK)'] = kernelMs(matMul, { a, b }, { transposeA: false, transposeB: false });
  out['matMul 256·256·256, aᵀ·b (stock loop)'] = kernelMs(matMul, { a, b }, { transposeA: true, transposeB: false });
  // The DCGAN's D layer 14²×64 → 7²×128, kernel 4, stride 2, batch 64.
  const x = tf.randomNormal([64, 14, 14, 64]);
  const filter = tf.randomNormal([4, 4, 64, 128]);
  const dy = tf.randomNormal([64, 7, 7, 128]);
  const conv = { strides: 2, pad: 'same', dataFormat: 'NHWC', dimRoundingMode: undefined };
  out['Conv2D 14²×64→7²×128 k4 s2 (SIMD convolution)'] = kernelMs(
    tf.getKernel('Conv2D', 'wasm')!,
    { x, filter },
    { ...conv, dilations: 1 },
  );
  out['Conv2D 14²×64→7²×128 k4 s2 (XNNPACK)'] = kernelMs(conv2d, { x, filter }, { ...conv, dilations: 1 });
  out['conv input gradient (stock loop)'] = kernelMs(backpropInput, { dy, filter }, { ...conv, inputShape: x.shape });
  out['conv input gradient (composite)'] = kernelMs(conv2dBackpropInputConfig('wasm'), { dy, filter }, { ...conv, inputShape: x.shape });
  out['conv filter gradient (composite)'] = kernelMs(conv2dBackpropFilterConfig('wasm'), { x, dy }, { ...conv, filterShape: filter.shape });
  tf.dispose([a, b, x, filter, dy]);
  for (const model of ['parabola', 'ring8', 'dcgan'] as ModelName[]) {
    const loop = new StepLoop(benchModel(model).config);
    out[`step: ${model} (steps/s)`] = loop.stepsPerSecond(3, 3).wall;
    loop.dispose();
  }
  return out;
}

function measure(threads: number): Measurements {
  const run = spawnSync(process.execPath, ['--import', 'tsx', __filename, '--child', String(threads)], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`child at ${threads} threads failed: ${run.stderr}`);
  return JSON.parse(run.stdout.trim().split('\n').pop()!) as Measurements;
}

function parent(threads: number, rounds: number): void {
  const load = loadavg()[0]!.toFixed(1);
  const ones: Measurements[] = [];
  const manys: Measurements[] = [];
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 === 0 ? [1, threads] : [threads, 1];
    for (const t of order) (t === 1 ? ones : manys).push(measure(t));
  }
  console.log(
    `wasm threads: 1 vs ${threads}, ${rounds} interleaved rounds; load average ${load} → ${loadavg()[0]!.toFixed(1)} on ${require('node:os').availableParallelism()} cores`,
  );
  console.log(`${'what'.padEnd(48)}${'1 thread'.padStart(11)}${`${threads} threads`.padStart(11)}${'speed-up'.padStart(10)}`);
  for (const key of Object.keys(ones[0]!)) {
    const steps = key.startsWith('step');
    // ms per call: speed-up = t1 / tN; steps per second: rN / r1.
    const ratios = ones.map((one, r) => (steps ? manys[r]![key]! / one[key]! : one[key]! / manys[r]![key]!));
    const show = (v: number) => (steps ? v.toFixed(2) : `${v.toFixed(2)} ms`).padStart(11);
    console.log(
      `${key.padEnd(48)}${show(median(ones.map((m) => m[key]!)))}${show(median(manys.map((m) => m[key]!)))}${`${median(ratios).toFixed(2)}×`.padStart(10)}`,
    );
  }
}

if (process.argv.includes('--child')) {
  void child(arg('--child', 1)).then((m) => process.stdout.write(`${JSON.stringify(m)}\n`));
} else {
  parent(arg('--threads', 2), arg('--rounds', 3));
}
