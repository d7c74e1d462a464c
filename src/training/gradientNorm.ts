/**
 * The global L2 norm of a list of gradients, as a scalar tensor (the step functions return it; the
 * loop reads it only when it records). Where the gradients are in host memory (cpu, wasm) it is
 * summed in one loop (in double) instead of 2n + 2 kernels; elsewhere with tensor ops.
 */
import * as tf from '@tensorflow/tfjs';
import { readableView } from './hostMemory';

export function gradientNorm(gradients: tf.Tensor[]): tf.Scalar {
  const views = gradients.map(readableView);
  if (views.every((v) => v !== undefined)) {
    let sum = 0;
    for (const view of views) for (let i = 0; i < view!.length; i++) sum += view![i]! * view![i]!;
    return tf.scalar(Math.sqrt(sum));
  }
  return tf.tidy(() => tf.sqrt(tf.addN(gradients.map((g) => tf.sum(tf.square(g))))) as tf.Scalar);
}
