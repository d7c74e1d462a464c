/**
 * The project's SIMD kernels on the wasm backend (src/training/kernels/simd*.ts) against the
 * backend's own, per call, on the bench models' shapes (issue 22):
 * - products: the stock path as the trainer used it before (XNNPACK, the right operand new at every
 *   call as in a training step, transposed operands transposed first by the stock Transpose), XNNPACK
 *   on an operand it has already packed (its best case: a layer's weights reused), and tf.matMul as
 *   the trainer runs it now (the SIMD product where it pays, on N threads at --threads N), B new at
 *   every call again (the copy that makes it new is timed apart and subtracted);
 * - the transpose of a 256² matrix; element-wise arithmetic on a bias, equal shapes and a batch
 *   norm's per-channel scale; Adam's update of ring-8's 133k parameters (the JavaScript loop
 *   against the SIMD kernel).
 * Prints Markdown tables (µs per call, median of 7 rounds, and the speed-up); asserts nothing.
 *
 * Run: npx tsx bench/matMulKernels.ts [--threads 1]
 */
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../src/training/backend';
import { setWasmThreads } from '../src/training/backends/wasmThreadsSetting';
import { simdKernelsOf, simdReady, simdThreadCount, type SimdKernels } from '../src/training/kernels/simdKernels';
import { stockBinaryKernel } from '../src/training/kernels/wasmBinaryOps';
import { stockWasmKernel } from '../src/training/kernels/wasmMatMul';
import { adamLoop, adamOnSimd, adamScalars, type AdamArrays } from '../src/training/optimizers/hostAdam';
import { figure, markdownTable, median } from './vsPytorch/table';

const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1]! : fallback;
};
const THREADS = Number(arg('--threads', '1'));

/** µs per call: median over 7 rounds of enough calls to last ~40 ms each. */
function perCall(run: () => void): number {
  for (let i = 0; i < 5; i++) run();
  const t0 = performance.now();
  run();
  const calls = Math.max(3, Math.min(2000, Math.round(40 / Math.max(performance.now() - t0, 0.001))));
  const rounds: number[] = [];
  for (let r = 0; r < 7; r++) {
    const start = performance.now();
    for (let i = 0; i < calls; i++) run();
    rounds.push(((performance.now() - start) / calls) * 1000);
  }
  return median(rounds);
}

function runKernel(config: tf.KernelConfig, inputs: tf.NamedTensorInfoMap, attrs: object): tf.TensorInfo {
  return config.kernelFunc({ inputs, backend: tf.backend(), attrs: attrs as tf.NamedAttrMap }) as tf.TensorInfo;
}
const free = (...infos: tf.TensorInfo[]) => infos.forEach((t) => tf.backend().disposeData(t.dataId));

interface ProductCase {
  title: string;
  a: number[];
  b: number[];
  transposeA?: boolean;
  transposeB?: boolean;
}

const PRODUCTS: ProductCase[] = [
  { title: 'ring-8 hidden layer, forward', a: [256, 256], b: [256, 256] },
  { title: 'ring-8 weight gradient (Aᵀ·dy)', a: [256, 256], b: [256, 256], transposeA: true },
  { title: 'ring-8 input gradient (dy·Wᵀ)', a: [256, 256], b: [256, 256], transposeB: true },
  { title: 'ring-8 first layer, forward (K = 2)', a: [256, 2], b: [2, 256] },
  { title: 'ring-8 first weight gradient', a: [256, 2], b: [256, 256], transposeA: true },
  { title: 'ring-8 last weight gradient (N = 2, as Cᵀ)', a: [256, 256], b: [256, 2], transposeA: true },
  { title: 'parabola hidden layer (batch 64, width 128)', a: [64, 128], b: [128, 128] },
  { title: 'DCGAN first-layer filter gradient (patches)', a: [64, 12544], b: [12544, 16] },
  { title: '512³', a: [512, 512], b: [512, 512] },
  { title: '1,024³ (stays on XNNPACK)', a: [1024, 1024], b: [1024, 1024] },
];

function swapLastTwo(info: tf.TensorInfo): tf.TensorInfo {
  const rank = info.shape.length;
  return runKernel(
    stockWasmKernel('Transpose'),
    { x: info },
    { perm: [...Array.from({ length: rank - 2 }, (_, i) => i), rank - 1, rank - 2] },
  );
}

function productRow(c: ProductCase): string[] {
  const a = tf.randomNormal(c.a);
  const b = tf.randomNormal(c.b);
  const ta = !!c.transposeA;
  const tb = !!c.transposeB;
  const stockMatMul = stockWasmKernel('BatchMatMul');
  const untransposed = { transposeA: false, transposeB: false };
  // Before: fresh right operand (a copy, timed apart and subtracted), stock transposes, XNNPACK.
  const copyOnly = perCall(() => tf.tidy(() => void tf.add(b, 0)));
  const before = perCall(() =>
    tf.tidy(() => {
      const fresh = tf.add(b, 0);
      const a2 = ta ? swapLastTwo(a) : a;
      const b2 = tb ? swapLastTwo(fresh) : fresh;
      free(runKernel(stockMatMul, { a: a2, b: b2 }, untransposed));
      if (a2 !== a) free(a2);
      if (b2 !== fresh) free(b2);
    }),
  );
  // XNNPACK's best case: b (row-major) packed once and reused.
  const a2 = ta ? swapLastTwo(a) : a;
  const b2 = tb ? swapLastTwo(b) : b;
  const packed = perCall(() => free(runKernel(stockMatMul, { a: a2, b: b2 }, untransposed)));
  const now = perCall(() => tf.tidy(() => void tf.matMul(a, tf.add(b, 0), ta, tb))) - copyOnly;
  if (a2 !== a) free(a2);
  if (b2 !== b) free(b2);
  tf.dispose([a, b]);
  const m = ta ? c.a[c.a.length - 1]! : c.a[c.a.length - 2]!;
  const k = ta ? c.a[c.a.length - 2]! : c.a[c.a.length - 1]!;
  const n = tb ? c.b[c.b.length - 2]! : c.b[c.b.length - 1]!;
  const gflops = (us: number) => figure((2 * m * k * n) / us / 1000);
  const was = before - copyOnly;
  return [
    c.title,
    `${m}×${k}×${n}`,
    `${figure(was)} (${gflops(was)})`,
    `${figure(packed)} (${gflops(packed)})`,
    `${figure(now)} (${gflops(now)})`,
    `${figure(was / now)}×`,
  ];
}

function elementRows(kernels: SimdKernels): string[][] {
  const rows: string[][] = [];
  const x = tf.randomNormal([256, 256]);
  const stockTranspose = stockWasmKernel('Transpose');
  const tStock = perCall(() => free(runKernel(stockTranspose, { x }, { perm: [1, 0] })));
  const tNow = perCall(() => tf.transpose(x).dispose());
  rows.push(['Transpose [256,256]', figure(tStock), figure(tNow), `${figure(tStock / tNow)}×`]);
  const cases: Array<[string, 'Add' | 'Multiply', number[], number[]]> = [
    ['Add a bias: [256,256] + [256]', 'Add', [256, 256], [256]],
    ['Multiply equal shapes: [256,256]', 'Multiply', [256, 256], [256, 256]],
    ['Add equal shapes: [256,256]', 'Add', [256, 256], [256, 256]],
    ['Multiply per channel: [64,14,14,64] × [64]', 'Multiply', [64, 14, 14, 64], [64]],
  ];
  for (const [title, kernelName, sa, sb] of cases) {
    const a = tf.randomNormal(sa);
    const b = tf.randomNormal(sb);
    const op = kernelName === 'Add' ? tf.add : tf.mul;
    const stock = perCall(() => free(runKernel(stockBinaryKernel(kernelName), { a, b }, {})));
    const now = perCall(() => op(a, b).dispose());
    rows.push([title, figure(stock), figure(now), `${figure(stock / now)}×`]);
    tf.dispose([a, b]);
  }
  tf.dispose(x);
  rows.push(adamRow(kernels));
  return rows;
}

/** hostAdam.ts's loop against its SIMD kernel on ring-8's 133k parameters (same float32 operations). */
function adamRow(kernels: SimdKernels): string[] {
  const n = 133_378;
  const tensors = Array.from({ length: 7 }, () => tf.randomNormal([n]).abs());
  const heap = tf.backend() as unknown as { typedArrayFromHeap(info: tf.TensorInfo): Float32Array };
  // Views are taken per call: a heap that grows detaches earlier ones.
  const arrays = (): AdamArrays => {
    const [p, m, v, g, nextP, nextM, nextV] = tensors.map((t) => heap.typedArrayFromHeap(t)) as Float32Array[];
    return { p: p!, m: m!, v: v!, g: g!, nextP: nextP!, nextM: nextM!, nextV: nextV! };
  };
  const scalars = adamScalars({ lr: 1e-3, beta1: 0.5, beta2: 0.999, epsilon: 1e-8, iterations: 10, divideNoNan: false });
  const loop = perCall(() => adamLoop(arrays(), scalars, false));
  const simd = perCall(() => adamOnSimd(kernels, arrays(), scalars));
  tf.dispose(tensors);
  return [`Adam, ${n.toLocaleString('en')} parameters (loop → SIMD)`, figure(loop), figure(simd), `${figure(loop / simd)}×`];
}

async function main(): Promise<void> {
  setWasmThreads(THREADS);
  const choice = await selectBackend('wasm');
  const kernels = simdKernelsOf(tf.backend());
  if (!simdReady(kernels)) throw new Error(`the SIMD kernels did not start: ${kernels.failed}`);
  console.log(`backend: ${choice.reason}; SIMD product on ${simdThreadCount(kernels)} thread(s)\n`);
  console.log(
    markdownTable(
      [
        'product',
        'M×K×N',
        'before: XNNPACK, fresh B, stock transposes, µs (GFLOP/s)',
        'XNNPACK, B packed once, µs (GFLOP/s)',
        'now, µs (GFLOP/s)',
        'before ÷ now',
      ],
      PRODUCTS.map(productRow),
    ),
  );
  console.log();
  console.log(markdownTable(['kernel', 'stock, µs', 'SIMD, µs', 'speed-up'], elementRows(kernels)));
}

void main();
