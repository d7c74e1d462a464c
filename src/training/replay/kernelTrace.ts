/**
 * Records the kernels a piece of tensor code runs, in order, with their inputs, attributes and
 * outputs, and every tensor it creates from host values (constants): what a replay needs to run the
 * same kernels again without tfjs's engine (no tape, no scopes, no Tensor objects). The hooks are
 * the kernel registry (each of the backend's kernels re-registered behind a recording wrapper: the
 * public registerKernel API) and the backend's write and read methods. Kernels that a kernel calls
 * itself are not recorded: the replay runs the outer kernel, which calls them again.
 *
 * A trace is marked impure, and never replayed, where the code read tensor values on the host
 * (its kernels would then depend on what it read).
 */
import * as tf from '@tensorflow/tfjs';

type TensorInfo = tf.TensorInfo;
type DataId = object;

/** One top-level kernel call. `inputs` is an array where the op passed one (AddN, Concat, Pack). */
export interface KernelCall {
  kernelName: string;
  kernelFunc: tf.KernelFunc;
  inputs: tf.NamedTensorInfoMap | TensorInfo[];
  attrs: tf.NamedAttrMap | undefined;
  outputs: TensorInfo[];
  /** Whether the kernel returned an array (a replay hands back the same form). */
  multipleOutputs: boolean;
}

/** A tensor the traced code created from host values. */
export interface TracedConstant {
  dataId: DataId;
  values: tf.backend_util.BackendValues;
  shape: number[];
  dtype: tf.DataType;
}

export interface Trace {
  calls: KernelCall[];
  constants: TracedConstant[];
  /** Why the trace cannot be replayed (a host read), if it cannot. */
  impure?: string;
}

/** The backend methods the hooks wrap (every tfjs backend has them). */
interface HookedBackend {
  write(values: tf.backend_util.BackendValues | null, shape: number[], dtype: tf.DataType): DataId;
  readSync(dataId: DataId): tf.backend_util.BackendValues;
  read(dataId: DataId): Promise<tf.backend_util.BackendValues>;
  typedArrayFromHeap?(info: TensorInfo): tf.TypedArray;
}

let recording: Trace | undefined;
/** Depth of wrapped kernel calls in progress: only depth-0 calls and writes belong to the trace. */
let depth = 0;
const hookedBackends = new WeakSet<object>();
const hookedKernels = new Map<string, Set<tf.KernelFunc>>();

/** What a tensor is at this moment: a variable's data id changes when it is assigned. */
const snapshot = (t: TensorInfo): TensorInfo => ({ dataId: t.dataId, shape: t.shape, dtype: t.dtype });

/** A copy of a tensor's host values (the traced code may reuse its arrays). */
export const copyValues = (values: tf.backend_util.BackendValues): tf.backend_util.BackendValues =>
  Array.isArray(values) ? values.map((v) => v.slice()) : (values as tf.TypedArray).slice();

function hookBackend(backend: tf.KernelBackend): void {
  if (hookedBackends.has(backend)) return;
  const b = backend as unknown as HookedBackend;
  const write = b.write.bind(b);
  const readSync = b.readSync.bind(b);
  const read = b.read.bind(b);
  b.write = (values, shape, dtype) => {
    const dataId = write(values, shape, dtype);
    if (recording && depth === 0 && values !== null && values !== undefined)
      recording.constants.push({ dataId, values: copyValues(values), shape: [...shape], dtype });
    return dataId;
  };
  b.readSync = (dataId) => {
    if (recording && depth === 0) recording.impure ??= 'it reads tensor values on the host (readSync)';
    return readSync(dataId);
  };
  b.read = (dataId) => {
    if (recording && depth === 0) recording.impure ??= 'it reads tensor values on the host (read)';
    return read(dataId);
  };
  // The wasm backend's heap views (hostMemory.ts reads values through them, kernels compute in them).
  if (typeof b.typedArrayFromHeap === 'function') {
    const view = b.typedArrayFromHeap.bind(b);
    b.typedArrayFromHeap = (info) => {
      if (recording && depth === 0) recording.impure ??= 'it reads tensor values on the host (a view of the heap)';
      return view(info);
    };
  }
  hookedBackends.add(backend);
}

/** Wraps every kernel registered for `backendName` that is not wrapped yet (kernels registered later get wrapped at the next trace). */
function hookKernels(backendName: string): void {
  let wrapped = hookedKernels.get(backendName);
  if (!wrapped) hookedKernels.set(backendName, (wrapped = new Set()));
  for (const config of tf.getKernelsForBackend(backendName)) {
    if (wrapped.has(config.kernelFunc)) continue;
    const original = config.kernelFunc;
    const { kernelName } = config;
    const kernelFunc: tf.KernelFunc = (args) => {
      if (!recording) return original(args);
      depth++;
      let out: TensorInfo | TensorInfo[];
      try {
        out = original(args);
      } finally {
        depth--;
      }
      if (depth === 0) {
        recording.calls.push({
          kernelName,
          kernelFunc: original,
          inputs: Array.isArray(args.inputs)
            ? (args.inputs as TensorInfo[]).map(snapshot)
            : Object.fromEntries(Object.entries(args.inputs).map(([name, t]) => [name, t && snapshot(t)])),
          attrs: args.attrs,
          outputs: (Array.isArray(out) ? out : [out]).map(snapshot),
          multipleOutputs: Array.isArray(out),
        });
      }
      return out;
    };
    tf.unregisterKernel(kernelName, backendName);
    tf.registerKernel({ ...config, kernelFunc });
    wrapped.add(kernelFunc);
  }
}

/** Whether a trace is being recorded (a region inside another's body runs its body). */
export const tracing = (): boolean => recording !== undefined;

/** Runs `body` while recording its kernels on the active backend; returns what it returned and the trace. */
export function traceKernels<T>(body: () => T): { result: T; trace: Trace } {
  if (recording) throw new Error('kernel traces do not nest');
  hookBackend(tf.backend());
  hookKernels(tf.getBackend());
  const trace: Trace = { calls: [], constants: [] };
  recording = trace;
  depth = 0;
  try {
    return { result: body(), trace };
  } finally {
    recording = undefined;
  }
}
