/**
 * The wasm backend's Sum and Mean over leading axes: the stock kernels (transpose, then one output
 * at a time) against the project's one pass over the heap (src/training/kernels/leadingAxesReduction.ts),
 * on the shapes the bench models reduce (bias gradients, batch normalisation). Median of calls
 * totalling at least 0.3 s each, alternating stock and replacement. Prints Markdown; asserts nothing.
 *
 * Run: npx tsx bench/reductions.ts [--threads 1]
 */
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../src/training/backend';
import { setWasmThreads } from '../src/training/backends/wasmThreadsSetting';
import { stockReduction } from '../src/training/kernels/leadingAxesReduction';
import { figure, markdownTable, median } from './vsPytorch/table';

const threadsArg = process.argv.indexOf('--threads');
const THREADS = threadsArg > 0 ? Number(process.argv[threadsArg + 1]) : 1;

const CASES: Array<{ what: string; shape: number[]; axis: number[] }> = [
  { what: 'ring-8 bias gradient', shape: [256, 256], axis: [0] },
  { what: 'parabola bias gradient', shape: [64, 128], axis: [0] },
  { what: 'DCGAN batch norm, 14²×64', shape: [12544, 64], axis: [0] },
  { what: 'DCGAN bias gradient, 14²×64', shape: [64, 14, 14, 64], axis: [0, 1, 2] },
  { what: 'DCGAN batch norm, 7²×128', shape: [3136, 128], axis: [0] },
];

function callMs(run: () => void): number {
  const times: number[] = [];
  let total = 0;
  while (total < 300 || times.length < 5) {
    const t0 = performance.now();
    run();
    const ms = performance.now() - t0;
    times.push(ms);
    total += ms;
  }
  return median(times);
}

async function main(): Promise<void> {
  setWasmThreads(THREADS);
  const selection = await selectBackend('wasm');
  const backend = tf.backend();
  const rows: string[][] = [];
  for (const kernelName of ['Sum', 'Mean'] as const) {
    const stock = stockReduction(kernelName);
    const fast = tf.getKernel(kernelName, 'wasm')!;
    for (const c of CASES) {
      const size = c.shape.reduce((a, b) => a * b, 1);
      const x = tf.randomNormal(c.shape);
      const time = (config: tf.KernelConfig) => () => {
        const out = config.kernelFunc({ inputs: { x }, backend, attrs: { axis: c.axis, keepDims: false } }) as tf.TensorInfo;
        backend.disposeData(out.dataId);
      };
      const stockMs: number[] = [];
      const fastMs: number[] = [];
      for (let round = 0; round < 3; round++) {
        stockMs.push(callMs(time(stock)));
        fastMs.push(callMs(time(fast)));
      }
      const s = median(stockMs);
      const f = median(fastMs);
      rows.push([kernelName, `${c.what}: [${c.shape}] over [${c.axis}]`, figure(size / 1e3), figure(s), figure(f), `${figure(s / f)}×`]);
      x.dispose();
    }
  }
  console.log(`## Leading-axes reductions on ${selection.reason}\n`);
  console.log(markdownTable(['kernel', 'shape', 'k elements', 'stock ms', 'one pass ms', 'speed-up'], rows));
}

void main();
