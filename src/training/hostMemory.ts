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
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  disposeData(dataId: object): boolean;
}

interface TensorMaker {
  makeTensorFromTensorInfo(info: tf.TensorInfo): tf.Tensor;
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

/**
 * Computes new values for `variables` in one host loop and assigns them: `compute` gets a fresh
 * output array per variable and a view of each input. On wasm the outputs are new tensors in the
 * backend's heap, written in place before anyone else sees them, so nothing is allocated in
 * JavaScript or copied (for a DCGAN's generator, fresh arrays and their copy cost twice the loop).
 * Returns false, with nothing done, where an input's values are not in host memory.
 */
export function updateOnHost(
  variables: tf.Variable[],
  inputs: tf.Tensor[],
  compute: (outputs: Float32Array[], inputs: Float32Array[]) => void,
): boolean {
  const name = tf.getBackend();
  if ((name !== 'cpu' && name !== 'wasm') || inputs.some((t) => t.dtype !== 'float32' || t.isDisposed)) return false;
  if (name === 'cpu') {
    const views = inputs.map(readableView);
    if (views.some((v) => v === undefined)) return false;
    const outputs = variables.map((v) => new Float32Array(v.size));
    compute(outputs, views as Float32Array[]);
    variables.forEach((v, i) => assignValues(v, outputs[i]!));
    return true;
  }
  const backend = tf.backend() as unknown as WasmBackend;
  // Allocate first: growing the heap detaches views taken before.
  const infos = variables.map((v) => backend.makeOutput(v.shape, 'float32'));
  const views = inputs.map(readableView);
  if (views.some((v) => v === undefined)) {
    for (const info of infos) backend.disposeData(info.dataId);
    return false;
  }
  compute(
    infos.map((info) => backend.typedArrayFromHeap(info) as Float32Array),
    views as Float32Array[],
  );
  const engine = tf.engine() as unknown as TensorMaker;
  variables.forEach((v, i) => {
    const t = engine.makeTensorFromTensorInfo(infos[i]!);
    v.assign(t);
    t.dispose();
  });
  return true;
}
