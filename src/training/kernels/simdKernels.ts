/**
 * The project's WebAssembly SIMD kernels, compiled into one module that shares the wasm backend's
 * memory, so they work on tensors where they lie: a matrix product and a transpose
 * (simdProduct.ts), Adam's update and element-wise arithmetic (simdElementwise.ts). The module is
 * built by wasmAssembler.ts, compiled once per backend memory, and its product runs on the wasm
 * threads where the backend's threaded build started (simdThreads.ts). So does the convolution
 * (simdConvolution.ts).
 */
import type * as tf from '@tensorflow/tfjs';
import { adamBody, BINARY_OPS, binaryRowsBody, type BinaryOp } from './simdElementwise';
import { SimdThreads } from './simdThreads';
import { convBody } from './simdConvolution';
import { gemmBody, packTilesBody, transposeBody } from './simdProduct';
import { assembleModule } from './wasmAssembler';

export type { BinaryOp } from './simdElementwise';

export interface BinaryKernels {
  /** See binaryRowsBody: byte addresses and strides. */
  rows(a: number, aStrideBytes: number, b: number, bStrideBytes: number, out: number, rows: number, cols: number): void;
}

export interface SimdKernels {
  /** The compiled module (for worker threads on a shared memory). */
  module: WebAssembly.Module;
  /** The threads the product and the convolution run on, once useSimdThreads started them. */
  pool: SimdThreads | undefined;
  /** Element-wise float32 arithmetic, by operation. */
  binary: Record<BinaryOp, BinaryKernels>;
  /** The memory they work in (the wasm backend's). */
  memory: WebAssembly.Memory;
  /**
   * C[M,N] = A·B, all float32 in the shared memory at byte addresses; B row-major; A's element
   * (i,k) at a + i·aRowBytes + k·aColBytes. `packed` is 0, or where `packTiles` laid out B's
   * 8-column tiles (read from there, contiguously). C must not overlap A or B.
   */
  gemm(a: number, b: number, packed: number, c: number, m: number, k: number, n: number, aRowBytes: number, aColBytes: number): void;
  /**
   * A convolution as an indirect product (simdConvolution.ts's convBody): out [pixels, outChannels]
   * from x through the int32 indirection table ind [pixels, taps] (byte offsets from x, −1 for
   * padding, read from `zero`) and the filter w [taps, inChannels, outChannels], whose 8-column
   * tiles `packTiles` has laid out at `packed`; byte addresses.
   */
  conv(
    ind: number,
    x: number,
    zero: number,
    packed: number,
    out: number,
    pixels: number,
    taps: number,
    inChannels: number,
    outChannels: number,
  ): void;
  /** w [rows, columns]'s 8-column tiles as [⌈columns/8⌉, rows, 8] at `to`, the last one's missing columns zeros (simdProduct.ts's packTilesBody). */
  packTiles(from: number, to: number, rows: number, columns: number): void;
  /** y = xᵀ for x row-major [rows, cols] of 4-byte elements at byte address x; y must not overlap x. */
  transpose(x: number, y: number, rows: number, cols: number): void;
  /** Adam's update (hostAdam.ts's AdamStep, as float32 scalars) of n values at byte addresses. */
  adam(
    p: number,
    m: number,
    v: number,
    g: number,
    nextP: number,
    nextM: number,
    nextV: number,
    n: number,
    beta1: number,
    keep1: number,
    beta2: number,
    keep2: number,
    correction2: number,
    epsilon: number,
    stepSize: number,
  ): void;
}

/** The kernels compiled against `memory` (the wasm backend's), or the reason they cannot be. */
export function instantiateSimdKernels(memory: WebAssembly.Memory): SimdKernels | { failed: string } {
  try {
    const shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
    const bytes = assembleModule(
      [
        { name: 'gemm', body: gemmBody() },
        { name: 'transpose', body: transposeBody() },
        { name: 'conv', body: convBody() },
        { name: 'packTiles', body: packTilesBody() },
        { name: 'adam', body: adamBody() },
        ...BINARY_OPS.flatMap((op) => [{ name: `${op}Rows`, body: binaryRowsBody(op) }]),
      ],
      shared,
    );
    const module = new WebAssembly.Module(bytes);
    const instance = new WebAssembly.Instance(module, { env: { memory } });
    const exports = instance.exports as unknown as Pick<SimdKernels, 'gemm' | 'transpose' | 'adam' | 'conv' | 'packTiles'> &
      Record<string, (...args: number[]) => void>;
    const binary = Object.fromEntries(BINARY_OPS.map((op) => [op, { rows: exports[`${op}Rows`]! }])) as Record<BinaryOp, BinaryKernels>;
    return {
      module,
      pool: undefined,
      memory,
      gemm: exports.gemm,
      conv: exports.conv,
      packTiles: exports.packTiles,
      transpose: exports.transpose,
      adam: exports.adam,
      binary,
    };
  } catch (e) {
    return { failed: e instanceof Error ? e.message : String(e) };
  }
}

interface WasmModuleBackend {
  wasm?: { asm?: { memory?: WebAssembly.Memory }; wasmMemory?: WebAssembly.Memory };
}

const byMemory = new WeakMap<WebAssembly.Memory, SimdKernels | { failed: string }>();

/** The kernels for a wasm backend instance (compiled once per memory), or why there are none. */
export function simdKernelsOf(backend: tf.KernelBackend): SimdKernels | { failed: string } {
  const wasm = (backend as unknown as WasmModuleBackend).wasm;
  const memory = wasm?.asm?.memory ?? wasm?.wasmMemory;
  if (!(memory instanceof WebAssembly.Memory)) return { failed: "the wasm backend's memory is not reachable" };
  let kernels = byMemory.get(memory);
  if (!kernels) {
    kernels = instantiateSimdKernels(memory);
    byMemory.set(memory, kernels);
  }
  return kernels;
}

/** Threads the product and the convolution run on. */
export const simdThreadCount = (kernels: SimdKernels): number => kernels.pool?.threads ?? 1;

/**
 * Runs `kernels`' product and convolution on `threads` threads from now on (simdThreads.ts), where
 * the memory is shared (the threaded build's); else they stay on one. Returns the count in use.
 * Once per kernels.
 */
export function useSimdThreads(kernels: SimdKernels, threads: number): number {
  const shared = typeof SharedArrayBuffer !== 'undefined' && kernels.memory.buffer instanceof SharedArrayBuffer;
  if (kernels.pool || threads <= 1 || !shared) return simdThreadCount(kernels);
  const pool = new SimdThreads(kernels.module, kernels.memory, threads);
  kernels.pool = pool;
  const { gemm, conv } = kernels;
  kernels.gemm = (a, b, packed, c, m, k, n, aRow, aCol) =>
    pool.run({
      kernel: 'gemm',
      run: gemm,
      args: [a, b, packed, c, m, k, n, aRow, aCol],
      rowsArg: 4,
      rowBytes: [aRow, 0, 0, n * 4, 0, 0, 0, 0, 0],
      macs: m * k * n,
    });
  kernels.conv = (ind, x, zero, packed, out, pixels, taps, ci, co) =>
    pool.run({
      kernel: 'conv',
      run: conv,
      args: [ind, x, zero, packed, out, pixels, taps, ci, co],
      rowsArg: 5,
      rowBytes: [taps * 4, 0, 0, 0, co * 4, 0, 0, 0, 0],
      macs: pixels * taps * ci * co,
    });
  return pool.threads;
}

export const simdReady = (kernels: SimdKernels | { failed: string }): kernels is SimdKernels => !('failed' in kernels);
