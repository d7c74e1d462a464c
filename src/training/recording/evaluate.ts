/** Forward passes outside training (eval mode, no gradients), returning plain arrays. */
import * as tf from '@tensorflow/tfjs';
import type { Gan } from '../gan';
import { usesSigmoid } from '../losses';

export function generate(gan: Gan, z: Float32Array): Float32Array {
  const n = z.length / gan.latentDim;
  return tf.tidy(() => gan.generator.apply(tf.tensor2d(z, [n, gan.latentDim]), 'eval').dataSync() as Float32Array);
}

/** D on each row of `x` (n × dim): a probability for sigmoid losses, else the raw score. */
export function discriminate(gan: Gan, x: Float32Array, dim: number): Float32Array {
  const n = x.length / dim;
  return tf.tidy(() => {
    const logits = gan.discriminator.apply(tf.tensor2d(x, [n, dim]), 'eval');
    return (usesSigmoid(gan.loss) ? tf.sigmoid(logits) : logits).dataSync() as Float32Array;
  });
}

/** Rows of a flat row-major array, for JSON. */
export function toRows(flat: Float32Array, dim: number, digits = 5): number[][] {
  const rows: number[][] = [];
  const scale = 10 ** digits;
  for (let i = 0; i < flat.length; i += dim) {
    const row: number[] = [];
    for (let j = 0; j < dim; j++) row.push(Math.round(flat[i + j]! * scale) / scale);
    rows.push(row);
  }
  return rows;
}

/** ∇ₓ of D's logit at each row of `x` (n × dim). */
export function discriminatorGradient(gan: Gan, x: Float32Array, dim: number): Float32Array {
  const n = x.length / dim;
  return tf.tidy(() => {
    const gradient = tf.grad((input: tf.Tensor) => tf.sum(gan.discriminator.apply(input as tf.Tensor2D, 'eval')));
    return gradient(tf.tensor2d(x, [n, dim])).dataSync() as Float32Array;
  });
}
