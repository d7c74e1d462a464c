/**
 * Read access to a float32 tensor's values where the backend keeps them in this process's memory
 * (cpu: a Float32Array; wasm: a range of the WebAssembly heap), without a copy or a kernel call. A
 * small network's optimizer step is dominated by tfjs's per-op overhead, so the optimizers compute
 * such updates in one loop instead. Other backends (webgpu, tensorflow) give no view. Never write
 * through a view: tensors are immutable to tfjs and its backends (wasm caches packed matMul weights
 * per tensor), and the cpu backend shares these arrays with dataSync() callers.
 */
import * as tf from '@tensorflow/tfjs';

interface CpuBackend {
  data: { get(dataId: object): { values?: unknown } | undefined };
}

interface WasmBackend {
  typedArrayFromHeap(info: tf.TensorInfo): unknown;
}

/** A view of `t`'s values (valid until the next tfjs call), or undefined where they are not in host memory. */
export function readableView(t: tf.Tensor): Float32Array | undefined {
  if (t.dtype !== 'float32' || t.isDisposed) return undefined;
  const name = tf.getBackend();
  let values: unknown;
  if (name === 'cpu') values = (tf.backend() as unknown as CpuBackend).data.get(t.dataId)?.values;
  else if (name === 'wasm') values = (tf.backend() as unknown as WasmBackend).typedArrayFromHeap(t);
  return values instanceof Float32Array && values.length === t.size ? values : undefined;
}

/** Assigns `variable` a new tensor of `values` (never writing its storage in place: see above). */
export function assignValues(variable: tf.Variable, values: Float32Array): void {
  const t = tf.tensor(values, variable.shape, 'float32');
  variable.assign(t);
  t.dispose();
}
