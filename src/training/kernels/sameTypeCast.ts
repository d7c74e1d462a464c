/**
 * Cast to the tensor's own dtype as a shared reference instead of a copy. tfjs casts often to the
 * type a tensor already has (every ReLU and leaky-ReLU gradient casts step(x), float32, to
 * float32), and the wasm backend's Cast copies every element in JavaScript; its own Reshape already
 * shares storage this way (incRef), as the cpu backend's Cast does for the same case. Tensors are
 * immutable, so sharing is safe; values are the same by definition.
 */
import * as tf from '@tensorflow/tfjs';

interface RefCountingBackend {
  incRef(dataId: object): void;
}

let registered = false;

export function useSharedSameTypeCast(backendName: string): void {
  if (backendName !== 'wasm' || registered) return;
  const stock = tf.getKernel('Cast', backendName);
  if (!stock) return;
  tf.unregisterKernel('Cast', backendName);
  tf.registerKernel({
    ...stock,
    kernelFunc: (args) => {
      const x = args.inputs.x as tf.TensorInfo;
      const { dtype } = args.attrs as unknown as tf.CastAttrs;
      if (dtype !== x.dtype || dtype === 'string') return stock.kernelFunc(args);
      (args.backend as unknown as RefCountingBackend).incRef(x.dataId);
      return { dataId: x.dataId, shape: x.shape, dtype };
    },
  });
  registered = true;
}
