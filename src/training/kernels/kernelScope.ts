/**
 * Runs a backend's own kernels on TensorInfos from inside another kernel, the way the backends'
 * composite kernels do: no engine, no tape, no tracked tensors. Every intermediate is freed by
 * `dispose`, except what `keep` hands to the caller (the kernel's output).
 */
import * as tf from '@tensorflow/tfjs';

type TensorInfo = tf.TensorInfo;

/** The wasm backend's heap access: tensors live in its memory, readable and writable in place. */
interface HeapBackend {
  makeOutput(shape: number[], dtype: tf.DataType): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): tf.backend_util.TypedArray;
}

const onHeap = (backend: unknown): backend is HeapBackend =>
  typeof (backend as Partial<HeapBackend>).makeOutput === 'function' &&
  typeof (backend as Partial<HeapBackend>).typedArrayFromHeap === 'function';

export class KernelScope {
  private readonly temporaries: TensorInfo[] = [];

  constructor(
    private readonly backend: tf.KernelBackend,
    private readonly backendName: string,
  ) {}

  /** `attrs` is the kernel's attribute record (e.g. tf.Conv2DAttrs), whose nested arrays NamedAttrMap does not admit. */
  run(kernelName: string, inputs: tf.NamedTensorInfoMap, attrs: object = {}): TensorInfo {
    const kernel = tf.getKernel(kernelName, this.backendName);
    if (!kernel) throw new Error(`kernel ${kernelName} is not registered for the ${this.backendName} backend`);
    const out = kernel.kernelFunc({ inputs, backend: this.backend, attrs: attrs as tf.NamedAttrMap });
    if (Array.isArray(out)) throw new Error(`kernel ${kernelName} returned several outputs where one was expected`);
    this.temporaries.push(out);
    return out;
  }

  reshape(x: TensorInfo, shape: number[]): TensorInfo {
    return this.run('Reshape', { x }, { shape });
  }

  transpose(x: TensorInfo, perm: number[]): TensorInfo {
    return this.run('Transpose', { x }, { perm });
  }

  slice(x: TensorInfo, begin: number[], size: number[]): TensorInfo {
    return this.run('Slice', { x }, { begin, size });
  }

  conv2d(x: TensorInfo, filter: TensorInfo, attrs: tf.Conv2DAttrs): TensorInfo {
    return this.run('Conv2D', { x, filter }, attrs);
  }

  /** A tensor of the given values, owned by this scope. */
  constant(values: Float32Array, shape: number[]): TensorInfo {
    const t: TensorInfo = { dataId: this.backend.write(values, shape, 'float32'), shape, dtype: 'float32' };
    this.temporaries.push(t);
    return t;
  }

  /**
   * A new float32 tensor whose values `fill` writes, in place where the backend keeps values in
   * this process's heap (wasm), else through a copy. Views from `view` must be taken inside `fill`:
   * the allocation may grow the heap, which detaches earlier ones.
   */
  filled(shape: number[], fill: (values: Float32Array) => void): TensorInfo {
    if (onHeap(this.backend)) {
      const out = this.backend.makeOutput(shape, 'float32');
      this.temporaries.push(out);
      fill(this.backend.typedArrayFromHeap(out) as Float32Array);
      return out;
    }
    const values = new Float32Array(shape.reduce((a, b) => a * b, 1));
    fill(values);
    return this.constant(values, shape);
  }

  /** A float32 tensor's values without a copy where the backend allows (wasm: valid until the next allocation); never write through it. */
  view(x: TensorInfo): Float32Array {
    return onHeap(this.backend) ? (this.backend.typedArrayFromHeap(x) as Float32Array) : this.read(x);
  }

  /** The values of a float32 tensor (a copy on some backends: meant for small tensors). */
  read(x: TensorInfo): Float32Array {
    return this.backend.readSync(x.dataId) as Float32Array;
  }

  /** Removes `result` from the temporaries, so it survives `dispose` and belongs to the caller. */
  keep(result: TensorInfo): TensorInfo {
    const i = this.temporaries.lastIndexOf(result);
    if (i < 0) throw new Error('KernelScope.keep: not an intermediate of this scope');
    this.temporaries.splice(i, 1);
    return result;
  }

  dispose(): void {
    for (const t of this.temporaries) this.backend.disposeData(t.dataId);
    this.temporaries.length = 0;
  }
}

/** Runs `body` in a scope and returns its result, freeing every other intermediate even on error. */
export function inKernelScope(backend: unknown, backendName: string, body: (scope: KernelScope) => TensorInfo): TensorInfo {
  const scope = new KernelScope(backend as tf.KernelBackend, backendName);
  try {
    return scope.keep(body(scope));
  } finally {
    scope.dispose();
  }
}
