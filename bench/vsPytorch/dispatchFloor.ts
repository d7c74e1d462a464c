/**
 * The floor under a small network's step on this stack (issue 22's parabola goal): what one kernel
 * costs when its arithmetic is nothing (a chain of scalar adds under tf.variableGrads, as a training
 * step runs its kernels: taped forward, then backward), through tfjs's engine and replayed as the
 * steps' gradients are (src/training/replay/; the floor used below), against
 * each bench model's step. A step of K kernels whose products take P ms cannot take less than
 * P + (K − products) × floor; if that exceeds PyTorch's whole step at the same thread count, the
 * goal cannot be met by this sequence of kernels, and the most kernels a step could have and still
 * meet it is (goal-allowed time − P) / floor.
 *
 * Run: npx tsx bench/vsPytorch/dispatchFloor.ts [--threads 1] [--models parabola,ring8]
 * Needs a python3 with torch. Prints Markdown; asserts nothing.
 */
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../src/training/backend';
import { setWasmThreads } from '../../src/training/backends/wasmThreadsSetting';
import { ReplayRegion, setKernelReplay } from '../../src/training/replay/replayRegion';
import { benchModel, type ModelName } from './benchModels';
import { findPython, PytorchServer } from './pytorchServer';
import { StepLoop } from './stepLoop';
import { figure, markdownTable, median } from './table';

const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1]! : fallback;
};
const THREADS = Number(arg('--threads', '1'));
const MODELS = arg('--models', 'parabola,ring8').split(',') as ModelName[];
const GOALS: Record<ModelName, number> = { parabola: 1, ring8: 0.5, dcgan: 0.5 };
const PRODUCTS = new Set(['BatchMatMul', '_FusedMatMul', 'Conv2D', 'Conv2DBackpropInput', 'Conv2DBackpropFilter']);
const CHAIN = 50;
const WARMUP_STEPS = 500;

/**
 * Median µs per kernel of a taped chain of scalar adds and its gradient, through tfjs's engine or
 * replayed (src/training/replay/: how a training step's gradients run from its third step on).
 */
async function kernelFloor(replay: boolean): Promise<{ perKernelUs: number; kernels: number }> {
  const a = tf.variable(tf.scalar(1));
  const b = tf.variable(tf.scalar(0.5));
  const region = new ReplayRegion<null>('the chain');
  setKernelReplay(replay);
  const step = () => {
    const { tensors } = region.run([], [a, b], () => {
      const { value, grads } = tf.variableGrads(() => {
        let x: tf.Tensor = a;
        for (let i = 0; i < CHAIN; i++) x = tf.add(x, b);
        return x as tf.Scalar;
      }, [a, b]);
      return { tensors: [value, grads[a.name]!, grads[b.name]!], layout: null };
    });
    tf.dispose(tensors);
  };
  try {
    const kernels = (await tf.profile(step)).kernels.length;
    for (let i = 0; i < 200; i++) step();
    if (replay && region.replays === 0) throw new Error(`the chain was not replayed: ${region.disabledReason ?? 'no reason given'}`);
    const rounds: number[] = [];
    for (let r = 0; r < 15; r++) {
      const t0 = performance.now();
      for (let i = 0; i < 50; i++) step();
      rounds.push(((performance.now() - t0) / 50 / kernels) * 1000);
    }
    return { perKernelUs: median(rounds), kernels };
  } finally {
    setKernelReplay(true);
    region.dispose();
    tf.dispose([a, b]);
  }
}

async function stepOf(name: ModelName): Promise<{ stepMs: number; kernels: number; products: number; productMs: number }> {
  const loop = new StepLoop(benchModel(name).config);
  try {
    // Enough steps for V8 to optimise the step (the first hundreds run up to twice as slow).
    for (let i = 0; i < WARMUP_STEPS; i++) loop.runStep();
    const wall: number[] = [];
    for (let i = 0; i < 60; i++) {
      const t0 = performance.now();
      loop.runStep();
      wall.push(performance.now() - t0);
    }
    const productMs: number[] = [];
    let kernels = 0;
    let products = 0;
    for (let i = 0; i < 5; i++) {
      const list = (await tf.profile(() => loop.runStep())).kernels;
      kernels = list.length;
      products = list.filter((k) => PRODUCTS.has(k.name)).length;
      productMs.push(list.filter((k) => PRODUCTS.has(k.name)).reduce((s, k) => s + (k.kernelTimeMs as number), 0));
    }
    return { stepMs: median(wall), kernels, products, productMs: median(productMs) };
  } finally {
    loop.dispose();
  }
}

async function main(): Promise<void> {
  setWasmThreads(THREADS);
  const selection = await selectBackend('auto');
  const server = new PytorchServer(findPython(), THREADS);
  try {
    const engine = await kernelFloor(false);
    const floor = await kernelFloor(true);
    console.log(`## The floor per kernel: tfjs ${tf.getBackend()} (${selection.reason}), ${THREADS} thread(s)\n`);
    console.log(
      `A taped chain of ${CHAIN} scalar adds and its gradient (${floor.kernels} kernels), median of 15 rounds of 50: ${figure(engine.perKernelUs)} µs per kernel through tfjs's engine, ${figure(floor.perKernelUs)} µs replayed (the floor below: the steps' gradients are replayed).\n`,
    );
    const rows: string[][] = [];
    for (const name of MODELS) {
      const s = await stepOf(name);
      const model = benchModel(name);
      const rate = await server.stepsPerSecond(name, 3, 20, model.config.logging.metricsEvery);
      const torchMs = 1000 / rate.wall;
      const allowed = torchMs / GOALS[name];
      const bound = s.productMs + ((s.kernels - s.products) * floor.perKernelUs) / 1000;
      // With the products alone over the allowance, no number of other kernels fits.
      const maxKernels =
        allowed <= s.productMs
          ? 'none: the products alone exceed it'
          : String(Math.floor(((allowed - s.productMs) * 1000) / floor.perKernelUs) + s.products);
      rows.push([
        name,
        figure(s.stepMs),
        `${s.kernels} (${s.products} products)`,
        figure(s.productMs),
        figure(bound),
        figure(torchMs),
        `${figure(allowed)} (≥ ${GOALS[name]}×)`,
        bound > allowed ? 'no' : 'yes',
        maxKernels,
      ]);
      console.error(`  measured ${name}`);
    }
    console.log(
      markdownTable(
        [
          'model',
          'tfjs step ms',
          'kernels',
          'products ms',
          'floor of this sequence ms',
          'PyTorch step ms',
          'goal allows ms',
          'reachable with this sequence',
          'most kernels the goal allows',
        ],
        rows,
      ),
    );
  } finally {
    server.close();
  }
}

void main();
