/**
 * tfjs saves every tensor a gradient needs (a matMul's inputs, a relu's input, …) by cloning it
 * through a full `Identity` kernel call, which on wasm also copies the data: about a quarter of the
 * kernels of a small MLP's training step (46 of 170 for the parabola toy). Tensors are immutable,
 * so on the cpu and wasm backends the saved copy can share the data instead (their Reshape shares
 * data the same way); the tape node tfjs records for the clone is kept, so gradients, and
 * second-order gradients through saved tensors, are exactly as before. Other backends keep tfjs's
 * clone. Patches tfjs's engine (4.22) once per process.
 */
import * as tf from '@tensorflow/tfjs';

interface RefCountedBackend {
  incRef(dataId: object): void;
}

/** The parts of tfjs's Engine this uses (not in its public typings). */
interface EngineInternals {
  clone(x: tf.Tensor): tf.Tensor;
  makeTensorFromTensorInfo(info: tf.TensorInfo, backend: unknown): tf.Tensor;
  addTapeNode(
    scope: string,
    inputs: tf.NamedTensorMap,
    outputs: tf.Tensor[],
    grad: (dy: tf.Tensor) => unknown,
    saved: tf.Tensor[],
    attrs: object,
  ): void;
  runKernel(name: string, inputs: tf.NamedTensorMap, attrs: object): tf.Tensor;
  state: { activeScope: { name: string } | null; tensorInfo: WeakMap<object, { backend: unknown }> };
  backendName: string;
}

const SHARING_BACKENDS = new Set(['cpu', 'wasm']);

let installed = false;

export function useSharedSavedTensors(): void {
  if (installed) return;
  const engine = tf.engine() as unknown as EngineInternals;
  const stockClone = engine.clone.bind(engine);
  if (typeof stockClone !== 'function' || typeof engine.addTapeNode !== 'function' || !(engine.state.tensorInfo instanceof WeakMap)) return;
  engine.clone = (x: tf.Tensor): tf.Tensor => {
    const backend = engine.state.tensorInfo.get(x.dataId)?.backend;
    const shares = backend !== undefined && backend === tf.backend() && SHARING_BACKENDS.has(engine.backendName) && x.dtype !== 'string';
    if (!shares) return stockClone(x);
    (backend as RefCountedBackend).incRef(x.dataId);
    const y = engine.makeTensorFromTensorInfo({ dataId: x.dataId, shape: x.shape, dtype: x.dtype }, backend);
    // The tape node of tfjs's clone: its gradient is a float32 copy of dy.
    const grad = (dy: tf.Tensor) => ({ x: () => engine.runKernel('Cast', { x: dy }, { dtype: 'float32' }) });
    engine.addTapeNode(engine.state.activeScope?.name ?? '', { x }, [y], grad, [], {});
    return y;
  };
  installed = true;
}
