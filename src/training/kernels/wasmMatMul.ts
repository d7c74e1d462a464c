/**
 * The wasm backend's BatchMatMul and Transpose, routed through the project's SIMD kernels
 * (simdKernels.ts) where those apply, else through the backend's own.
 *
 * - BatchMatMul runs `gemm` where it pays (simdProductPays): no operator to build and no right
 *   operand to pack per call, and a transposed left operand read in place (a right one is transposed
 *   first, by `transpose`). Bit for bit what XNNPACK computes (simdProduct.ts says why).
 * - A product of fewer than 8 output columns (a layer of 1 or 2 outputs) whose left operand is
 *   transposed runs as Cᵀ = Bᵀ·Aᵀ, which is wide: Aᵀ is then A's storage, and Bᵀ is read by strides;
 *   with 8 or more rows, its last N mod 8 columns run as one zero-padded 8-column tile of the
 *   packed right operand (one thread, batch 64: a layer of 128 to 15 took 31 µs with them one
 *   output at a time, 9.5–12 µs so; 128 to 1 took 8.2–9.5 µs on XNNPACK, 6.0 µs so).
 * - Narrow products of fewer than 8 rows too keep XNNPACK, whose per-call cost is small when the
 *   packed operand is; XNNPACK takes no transposed operand and the backend's transposed path is
 *   a naive loop ~10× slower, so a transposed operand is transposed explicitly first.
 * - Transpose of the last two axes (a 2-D transpose, or one per leading index) of 4-byte elements
 *   runs `transpose`, 4× the backend's generic kernel on a 256² matrix; other permutations keep it.
 * The op graph is unchanged, so gradients and second-order gradients are exactly tf.matMul's.
 */
import * as tf from '@tensorflow/tfjs';
import { simdKernelsOf, simdReady as ready, simdThreadCount, useSimdThreads, type SimdKernels } from './simdKernels';

type TensorInfo = tf.TensorInfo;

interface WasmModuleBackend {
  dataIdMap: { get(dataId: object): { memoryOffset: number } | undefined };
  makeOutput(shape: number[], dtype: tf.DataType): TensorInfo;
  disposeData(dataId: object): void;
}

/** Below this many output columns a product is narrow (see the file's comment). */
const MIN_COLUMNS = 8;
/** From this many rows of A on, B's tiles are packed first: fewer rows read B too few times to repay the copy. */
const PACK_MIN_ROWS = 8;

/**
 * Where the SIMD product is the faster one (bench/matMulKernels.ts): not a row length of a multiple
 * of 4 KiB, whose rows then all fall in the same few cache sets (1024³: 2.3× XNNPACK's time); on one
 * thread, B [K, N] within a core's L2 (1 MiB; up to 4 MiB for a narrow B): XNNPACK's packed copy of
 * B keeps a larger one in cache, and its packing cost is a smaller share there. On several threads
 * any size: XNNPACK runs on one there (wasmThreadsLoader.ts), the SIMD product on all (a DCGAN's
 * [64,64]·[64,6272]: 3.2 ms on 2 threads, 7.8 ms on XNNPACK).
 */
export function simdProductPays(k: number, n: number, threads = 1): boolean {
  const bytes = k * n * 4;
  if ((n * 4) % 4096 === 0) return false;
  return threads > 1 || bytes <= 1 << 20 || (n <= 64 && bytes <= 4 << 20);
}

const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

function offsetOf(backend: WasmModuleBackend, info: TensorInfo): number {
  const entry = backend.dataIdMap.get(info.dataId);
  if (!entry) throw new Error('matMul: a tensor is not on the wasm heap');
  return entry.memoryOffset;
}

/** Rows and columns of a transpose of the last two axes, or undefined for any other permutation. */
function lastTwoSwapped(x: TensorInfo, perm: number[]): { batch: number; rows: number; cols: number } | undefined {
  const rank = x.shape.length;
  if (rank < 2 || perm.length !== rank || (x.dtype !== 'float32' && x.dtype !== 'int32')) return undefined;
  for (let i = 0; i < rank - 2; i++) if (perm[i] !== i) return undefined;
  if (perm[rank - 2] !== rank - 1 || perm[rank - 1] !== rank - 2) return undefined;
  const rows = x.shape[rank - 2]!;
  const cols = x.shape[rank - 1]!;
  const batch = size(x.shape.slice(0, -2));
  return batch * rows * cols > 0 ? { batch, rows, cols } : undefined;
}

function transposeLastTwo(
  kernels: SimdKernels,
  backend: WasmModuleBackend,
  x: TensorInfo,
  batch: number,
  rows: number,
  cols: number,
): TensorInfo {
  const shape = [...x.shape.slice(0, -2), cols, rows];
  const out = backend.makeOutput(shape, x.dtype);
  const from = offsetOf(backend, x);
  const to = offsetOf(backend, out);
  for (let t = 0; t < batch; t++) kernels.transpose(from + t * rows * cols * 4, to + t * rows * cols * 4, rows, cols);
  return out;
}

interface ProductPlan {
  m: number;
  k: number;
  n: number;
  batchA: number;
  batchB: number;
  outShape: number[];
  /** Computed as Cᵀ = Bᵀ·Aᵀ (for a narrow C whose A is transposed: Aᵀ's rows are then A's storage). */
  swapped: boolean;
}

function planProduct(a: TensorInfo, b: TensorInfo, transposeA: boolean, transposeB: boolean, threads: number): ProductPlan | undefined {
  const ra = a.shape.length;
  const rb = b.shape.length;
  if (a.dtype !== 'float32' || b.dtype !== 'float32' || ra < 2 || rb < 2) return undefined;
  const m = transposeA ? a.shape[ra - 1]! : a.shape[ra - 2]!;
  const k = transposeA ? a.shape[ra - 2]! : a.shape[ra - 1]!;
  const kB = transposeB ? b.shape[rb - 1]! : b.shape[rb - 2]!;
  const n = transposeB ? b.shape[rb - 2]! : b.shape[rb - 1]!;
  // A mismatch is left to the backend's kernel, whose error message names the shapes.
  const narrow = n < MIN_COLUMNS;
  const swapped = narrow && transposeA && m >= MIN_COLUMNS;
  if (k !== kB || (narrow && !swapped && m < PACK_MIN_ROWS) || n === 0 || m === 0 || k === 0) return undefined;
  if (!simdProductPays(k, swapped ? m : n, threads)) return undefined;
  const batchA = size(a.shape.slice(0, -2));
  const batchB = size(b.shape.slice(0, -2));
  if (batchA !== batchB && batchA !== 1 && batchB !== 1) return undefined;
  let outer: number[];
  try {
    outer = tf.broadcast_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2));
  } catch {
    return undefined;
  }
  if (size(outer) !== Math.max(batchA, batchB)) return undefined;
  return { m, k, n, batchA, batchB, outShape: [...outer, m, n], swapped };
}

/**
 * C = A·B on `gemm`, one batch entry at a time. A swapped plan computes Cᵀ = Bᵀ·Aᵀ and transposes
 * it: each output still adds its k terms in order (a product's factors commute exactly), so the bits
 * are those of A·B; A transposed is then Aᵀ row-major as stored, and Bᵀ is read by strides.
 */
function simdProduct(
  kernels: SimdKernels,
  backend: WasmModuleBackend,
  a: TensorInfo,
  b: TensorInfo,
  transposeA: boolean,
  transposeB: boolean,
  plan: ProductPlan,
): TensorInfo {
  const { m, k, n, batchA, batchB, swapped } = plan;
  const batch = Math.max(batchA, batchB);
  const temporaries: TensorInfo[] = [];
  const temporary = (info: TensorInfo) => (temporaries.push(info), info);
  const rowMajorB = transposeB && !swapped ? temporary(transposeLastTwo(kernels, backend, b, batchB, n, k)) : b;
  const product = swapped ? temporary(backend.makeOutput([batch, n, m], 'float32')) : undefined;
  // B's tiles packed (simdProduct.ts's packTilesBody) where more than one group of four rows reads them.
  const packed = !swapped && m >= PACK_MIN_ROWS ? temporary(backend.makeOutput([k * Math.ceil(n / 8) * 8], 'float32')) : undefined;
  try {
    const out = backend.makeOutput(plan.outShape, 'float32');
    const aBase = offsetOf(backend, a);
    const bBase = offsetOf(backend, rowMajorB);
    const cBase = offsetOf(backend, out);
    const productBase = product ? offsetOf(backend, product) : 0;
    const packedAt = packed ? offsetOf(backend, packed) : 0;
    for (let t = 0; t < batch; t++) {
      const aAt = aBase + (batchA === 1 ? 0 : t) * m * k * 4;
      const bAt = bBase + (batchB === 1 ? 0 : t) * k * n * 4;
      const cAt = cBase + t * m * n * 4;
      if (!product) {
        if (packed && (t === 0 || batchB > 1)) kernels.packTiles(bAt, packedAt, k, n);
        kernels.gemm(aAt, bAt, packedAt, cAt, m, k, n, transposeA ? 4 : k * 4, transposeA ? m * 4 : 4);
        continue;
      }
      // Bᵀ's element (j, k): B stored [K, N], or [N, K] when transposed.
      const productAt = productBase + t * n * m * 4;
      kernels.gemm(bAt, aAt, 0, productAt, n, k, m, transposeB ? k * 4 : 4, transposeB ? 4 : n * 4);
      kernels.transpose(productAt, cAt, n, m);
    }
    return out;
  } finally {
    for (const info of temporaries) backend.disposeData(info.dataId);
  }
}

const swapLastTwo = (rank: number): number[] => [...Array.from({ length: rank - 2 }, (_, i) => i), rank - 1, rank - 2];

let registered: { failed?: string } | undefined;
const stock = new Map<string, tf.KernelConfig>();

/**
 * Replaces the wasm backend's BatchMatMul and Transpose (once per process), the products on
 * `threads` threads where the backend's memory is shared (its threaded build). Returns why the SIMD
 * kernels could not start, if they could not: the products then take the backend's XNNPACK path.
 */
export function useWasmMatMul(backend: tf.KernelBackend, threads = 1): { failed?: string } {
  if (registered) return registered;
  const stockMatMul = tf.getKernel('BatchMatMul', 'wasm');
  const stockTranspose = tf.getKernel('Transpose', 'wasm');
  if (!stockMatMul || !stockTranspose) return { failed: 'the wasm backend has no BatchMatMul or Transpose kernel' };
  const probe = simdKernelsOf(backend);
  if (ready(probe)) useSimdThreads(probe, threads);
  stock.set('BatchMatMul', stockMatMul);
  stock.set('Transpose', stockTranspose);

  tf.unregisterKernel('Transpose', 'wasm');
  tf.registerKernel({
    ...stockTranspose,
    kernelFunc: (args) => {
      const backend = args.backend as unknown as WasmModuleBackend;
      const x = args.inputs.x as TensorInfo;
      const swap = lastTwoSwapped(x, (args.attrs as unknown as tf.TransposeAttrs).perm);
      const kernels = simdKernelsOf(args.backend as tf.KernelBackend);
      if (!swap || !ready(kernels)) return stockTranspose.kernelFunc(args);
      return transposeLastTwo(kernels, backend, x, swap.batch, swap.rows, swap.cols);
    },
  });

  tf.unregisterKernel('BatchMatMul', 'wasm');
  tf.registerKernel({
    ...stockMatMul,
    kernelFunc: (args) => {
      const backend = args.backend as unknown as WasmModuleBackend;
      const a = args.inputs.a as TensorInfo;
      const b = args.inputs.b as TensorInfo;
      const { transposeA, transposeB } = args.attrs as unknown as tf.BatchMatMulAttrs;
      const kernels = simdKernelsOf(args.backend as tf.KernelBackend);
      if (ready(kernels)) {
        const plan = planProduct(a, b, transposeA, transposeB, simdThreadCount(kernels));
        if (plan) return simdProduct(kernels, backend, a, b, transposeA, transposeB, plan);
      }
      if (!transposeA && !transposeB) return stockMatMul.kernelFunc(args);
      const temporaries: TensorInfo[] = [];
      const explicit = (x: TensorInfo): TensorInfo => {
        const transpose = tf.getKernel('Transpose', 'wasm')!;
        const out = transpose.kernelFunc({
          inputs: { x },
          backend: args.backend,
          attrs: { perm: swapLastTwo(x.shape.length) },
        }) as TensorInfo;
        temporaries.push(out);
        return out;
      };
      try {
        return stockMatMul.kernelFunc({
          inputs: { a: transposeA ? explicit(a) : a, b: transposeB ? explicit(b) : b },
          backend: args.backend,
          attrs: { ...args.attrs, transposeA: false, transposeB: false },
        });
      } finally {
        for (const t of temporaries) backend.disposeData(t.dataId);
      }
    },
  });
  registered = ready(probe) ? {} : { failed: probe.failed };
  return registered;
}

/** The wasm kernels useWasmMatMul replaced, for tests and benchmarks. */
export function stockWasmKernel(kernelName: 'BatchMatMul' | 'Transpose'): tf.KernelConfig {
  const kernel = stock.get(kernelName) ?? tf.getKernel(kernelName, 'wasm');
  if (!kernel) throw new Error(`the wasm backend has no ${kernelName} kernel`);
  return kernel;
}
