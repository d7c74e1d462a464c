/**
 * The wasm backend's BatchMatMul is ~10× slower with transposeA/transposeB set than without
 * (measured on tfjs 4.22: 4.5 ms vs 0.48 ms for 256×128·128×128), and every matMul gradient
 * uses a transposed product. This wraps the backend's kernel: transpose the operand explicitly
 * (cheap), then take the fast untransposed path. The op graph is unchanged, so gradients and
 * second-order gradients are exactly those of tf.matMul.
 */
import * as tf from '@tensorflow/tfjs';

type TensorInfo = tf.TensorInfo;

const wrapped = new Set<string>();

function swapLastTwo(rank: number): number[] {
  const perm = Array.from({ length: rank }, (_, i) => i);
  [perm[rank - 2], perm[rank - 1]] = [perm[rank - 1]!, perm[rank - 2]!];
  return perm;
}

export function useFastTransposedMatMul(backendName: string): void {
  if (wrapped.has(backendName)) return;
  const matMul = tf.getKernel('BatchMatMul', backendName);
  const transpose = tf.getKernel('Transpose', backendName);
  if (!matMul || !transpose) return;
  tf.unregisterKernel('BatchMatMul', backendName);
  tf.registerKernel({
    ...matMul,
    kernelFunc: (args) => {
      const { inputs, backend, attrs } = args;
      const { transposeA, transposeB } = attrs as { transposeA: boolean; transposeB: boolean };
      if (!transposeA && !transposeB) return matMul.kernelFunc(args);
      const temporaries: TensorInfo[] = [];
      const explicit = (x: TensorInfo) => {
        const out = transpose.kernelFunc({ inputs: { x }, backend, attrs: { perm: swapLastTwo(x.shape.length) } }) as TensorInfo;
        temporaries.push(out);
        return out;
      };
      const a = inputs.a as TensorInfo;
      const b = inputs.b as TensorInfo;
      const result = matMul.kernelFunc({
        inputs: { a: transposeA ? explicit(a) : a, b: transposeB ? explicit(b) : b },
        backend,
        attrs: { ...attrs, transposeA: false, transposeB: false },
      });
      for (const t of temporaries) (backend as tf.KernelBackend).disposeData(t.dataId);
      return result;
    },
  });
  wrapped.add(backendName);
}
