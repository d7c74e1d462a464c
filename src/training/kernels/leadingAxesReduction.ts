/**
 * Sum and Mean over a float32 tensor's leading axes (a bias's gradient: Σ over the batch; batch
 * normalisation's statistics and gradients: Σ over batch, height and width) as one pass over the
 * wasm heap. The wasm backend's kernels reduce only innermost axes, so for these they first
 * transpose the whole tensor; then they sum each output in turn. Measured on tfjs 4.22
 * (bench/reductions.ts), the transpose and the dependent adds make them several times slower than
 * a pass that reads the input once in memory order, keeping one accumulator per output.
 *
 * Bit for bit the stock kernels' results: they add each output's elements in index order into a
 * float32 accumulator starting at 0 (and Mean then divides by the count in float32); here the
 * accumulators are a Float32Array, so every add rounds to float32 exactly as theirs does, in the
 * same order. Other axes, dtypes and backends go to the stock kernel.
 */
import * as tf from '@tensorflow/tfjs';

interface WasmHeapBackend {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): tf.backend_util.TypedArray;
}

type ReductionName = 'Sum' | 'Mean';

const f32 = Math.fround;

/** Below this many elements the stock kernels are as fast (their transpose is cheap when small). */
const MIN_ELEMENTS = 16_384;

/**
 * How many leading axes `axis` names, in order (0, 1, …), or undefined for any other list, every
 * axis included: the stock kernels add in the order the list gives, so only an ascending list of
 * leading axes adds in memory order.
 */
export function leadingAxesCount(axis: number | number[], rank: number): number | undefined {
  const axes = tf.util.parseAxisParam(
    axis,
    Array.from({ length: rank }, () => 1),
  );
  if (axes.length === 0 || axes.length >= rank) return undefined;
  return axes.every((a, i) => a === i) ? axes.length : undefined;
}

function reduceLeading(
  kernelName: ReductionName,
  x: tf.TensorInfo,
  leading: number,
  keepDims: boolean,
  backend: WasmHeapBackend,
): tf.TensorInfo {
  const rows = x.shape.slice(0, leading).reduce((a, b) => a * b, 1);
  const inner = x.shape.slice(leading);
  const outShape = keepDims ? [...x.shape.slice(0, leading).map(() => 1), ...inner] : inner;
  const out = backend.makeOutput(outShape, 'float32');
  // Views are taken after the allocation: growing the heap detaches earlier ones.
  const acc = backend.typedArrayFromHeap(out) as Float32Array;
  const values = backend.typedArrayFromHeap(x) as Float32Array;
  const columns = acc.length;
  acc.fill(0);
  // Four rows per sweep keeps the accumulators in registers longer; each add still rounds to float32.
  let r = 0;
  let offset = 0;
  for (; r + 4 <= rows; r += 4, offset += 4 * columns) {
    for (let c = 0, i = offset; c < columns; c++, i++) {
      acc[c] = f32(f32(f32(f32(acc[c]! + values[i]!) + values[i + columns]!) + values[i + 2 * columns]!) + values[i + 3 * columns]!);
    }
  }
  for (; r < rows; r++, offset += columns) {
    for (let c = 0; c < columns; c++) acc[c] += values[offset + c]!;
  }
  if (kernelName === 'Mean') {
    for (let c = 0; c < columns; c++) acc[c] /= rows;
  }
  return out;
}

function reductionConfig(kernelName: ReductionName, stock: tf.KernelConfig): tf.KernelConfig {
  return {
    ...stock,
    kernelFunc: (args) => {
      const x = args.inputs.x as tf.TensorInfo;
      const { axis, keepDims } = args.attrs as unknown as tf.SumAttrs;
      const leading = x.dtype === 'float32' ? leadingAxesCount(axis, x.shape.length) : undefined;
      if (leading === undefined || tf.util.sizeFromShape(x.shape) < MIN_ELEMENTS) return stock.kernelFunc(args);
      return reduceLeading(kernelName, x, leading, keepDims, args.backend as unknown as WasmHeapBackend);
    },
  };
}

const registered = new Set<string>();
const stockKernels = new Map<ReductionName, tf.KernelConfig>();

/** Replaces the wasm backend's Sum and Mean with reductionConfig's (other backends are left as they are). */
export function useFastReductions(backendName: string): void {
  if (backendName !== 'wasm' || registered.has(backendName)) return;
  for (const kernelName of ['Sum', 'Mean'] as const) {
    const stock = tf.getKernel(kernelName, backendName);
    if (!stock) continue;
    stockKernels.set(kernelName, stock);
    tf.unregisterKernel(kernelName, backendName);
    tf.registerKernel(reductionConfig(kernelName, stock));
  }
  registered.add(backendName);
}

/** The wasm kernel useFastReductions replaced (for tests and benchmarks). */
export function stockReduction(kernelName: ReductionName): tf.KernelConfig {
  const stock = stockKernels.get(kernelName) ?? tf.getKernel(kernelName, 'wasm');
  if (!stock) throw new Error(`the wasm backend has no ${kernelName} kernel`);
  return stock;
}
