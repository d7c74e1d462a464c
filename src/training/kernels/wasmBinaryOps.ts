/**
 * The wasm backend's float32 Add, Sub, Multiply and RealDiv on the project's SIMD kernels
 * (simdKernels.ts) for the shapes a network's step makes most: equal shapes, and a row repeated
 * down the other operand (a bias, a batch norm's per-channel scale): 1.0–1.4× the backend's own on
 * a 256² MLP's tensors (bench/matMulKernels.ts). Each output is one float32 operation either way,
 * so the bits are the same. Scalars, other shapes and other dtypes keep the backend's kernels.
 */
import * as tf from '@tensorflow/tfjs';
import { simdKernelsOf, simdReady, type BinaryKernels, type BinaryOp } from './simdKernels';

type TensorInfo = tf.TensorInfo;

interface WasmHeapBackend {
  dataIdMap: { get(dataId: object): { memoryOffset: number } | undefined };
  makeOutput(shape: number[], dtype: tf.DataType): TensorInfo;
}

const KERNELS: Array<[string, BinaryOp]> = [
  ['Add', 'add'],
  ['Sub', 'sub'],
  ['Multiply', 'mul'],
  ['RealDiv', 'div'],
];

const size = (shape: number[]) => shape.reduce((x, y) => x * y, 1);

type Layout =
  { kind: 'same'; outShape: number[]; count: number } | { kind: 'rowSecond' | 'rowFirst'; outShape: number[]; rows: number; cols: number };

/** Whether `row` (leading 1s aside) is the trailing part of `shape`. */
function isTrailing(row: number[], shape: number[]): boolean {
  let first = 0;
  while (first < row.length && row[first] === 1) first++;
  const tail = row.slice(first);
  if (tail.length > shape.length) return false;
  const offset = shape.length - tail.length;
  return tail.every((d, i) => d === shape[offset + i]);
}

export function binaryLayout(a: TensorInfo, b: TensorInfo): Layout | undefined {
  if (a.dtype !== 'float32' || b.dtype !== 'float32') return undefined;
  let outShape: number[];
  try {
    outShape = tf.broadcast_util.assertAndGetBroadcastShape(a.shape, b.shape);
  } catch {
    return undefined; // the backend's kernel throws its own message
  }
  const count = size(outShape);
  const sizeA = size(a.shape);
  const sizeB = size(b.shape);
  if (count === 0) return undefined;
  if (sizeA === count && sizeB === count) return { kind: 'same', outShape, count };
  // A scalar operand stays on the backend's kernel, which is as fast there (bench/matMulKernels.ts).
  if (sizeA === 1 || sizeB === 1) return undefined;
  if (sizeA === count && isTrailing(b.shape, outShape)) return { kind: 'rowSecond', outShape, rows: count / sizeB, cols: sizeB };
  if (sizeB === count && isTrailing(a.shape, outShape)) return { kind: 'rowFirst', outShape, rows: count / sizeA, cols: sizeA };
  return undefined;
}

function run(kernels: BinaryKernels, backend: WasmHeapBackend, a: TensorInfo, b: TensorInfo, layout: Layout): TensorInfo {
  const out = backend.makeOutput(layout.outShape, 'float32');
  const at = (info: TensorInfo) => backend.dataIdMap.get(info.dataId)!.memoryOffset;
  const [pa, pb, po] = [at(a), at(b), at(out)];
  switch (layout.kind) {
    case 'same':
      kernels.rows(pa, 0, pb, 0, po, 1, layout.count);
      break;
    case 'rowSecond':
      kernels.rows(pa, layout.cols * 4, pb, 0, po, layout.rows, layout.cols);
      break;
    case 'rowFirst':
      kernels.rows(pa, 0, pb, layout.cols * 4, po, layout.rows, layout.cols);
      break;
  }
  return out;
}

const stock = new Map<string, tf.KernelConfig>();

/** Replaces the four kernels on wasm (once per process) where the SIMD kernels started. */
export function useSimdBinaryOps(): void {
  if (stock.size > 0) return;
  for (const [kernelName, op] of KERNELS) {
    const original = tf.getKernel(kernelName, 'wasm');
    if (!original) continue;
    stock.set(kernelName, original);
    tf.unregisterKernel(kernelName, 'wasm');
    tf.registerKernel({
      ...original,
      kernelFunc: (args) => {
        const a = args.inputs.a as TensorInfo;
        const b = args.inputs.b as TensorInfo;
        const layout = binaryLayout(a, b);
        const kernels = layout && simdKernelsOf(args.backend as tf.KernelBackend);
        if (!layout || !kernels || !simdReady(kernels)) return original.kernelFunc(args);
        return run(kernels.binary[op], args.backend as unknown as WasmHeapBackend, a, b, layout);
      },
    });
  }
}

/** The backend's own kernel that useSimdBinaryOps replaced (for tests and benchmarks). */
export function stockBinaryKernel(kernelName: 'Add' | 'Sub' | 'Multiply' | 'RealDiv'): tf.KernelConfig {
  const kernel = stock.get(kernelName) ?? tf.getKernel(kernelName, 'wasm');
  if (!kernel) throw new Error(`the wasm backend has no ${kernelName} kernel`);
  return kernel;
}
