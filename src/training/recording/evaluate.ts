/**
 * Forward passes outside training (eval mode, no gradients), returning plain arrays. Each comes
 * synchronous (tests, sampling) and asynchronous (the trainer's recorder: the webgpu backend
 * cannot read synchronously in Node).
 */
import * as tf from '@tensorflow/tfjs';
import type { Gan } from '../gan';
import { usesSigmoid } from '../losses';

type Pass<A extends unknown[]> = (gan: Gan, ...args: A) => tf.Tensor;

function readSync<A extends unknown[]>(pass: Pass<A>): (gan: Gan, ...args: A) => Float32Array {
  return (gan, ...args) => tf.tidy(() => pass(gan, ...args).dataSync() as Float32Array);
}

function readAsync<A extends unknown[]>(pass: Pass<A>): (gan: Gan, ...args: A) => Promise<Float32Array> {
  return async (gan, ...args) => {
    const t = tf.tidy(() => pass(gan, ...args));
    try {
      return (await t.data()) as Float32Array;
    } finally {
      t.dispose();
    }
  };
}

const generated: Pass<[z: Float32Array]> = (gan, z) =>
  gan.generator.apply(tf.tensor2d(z, [z.length / gan.latentDim, gan.latentDim]), 'eval');

/** D on each row of `x` (n × dim): a probability for sigmoid losses, else the raw score. */
const discriminated: Pass<[x: Float32Array, dim: number]> = (gan, x, dim) => {
  const logits = gan.discriminator.apply(tf.tensor2d(x, [x.length / dim, dim]), 'eval');
  return usesSigmoid(gan.loss) ? tf.sigmoid(logits) : logits;
};

/** ∇ₓ of D's logit at each row of `x` (n × dim). */
const discriminatorGradientOf: Pass<[x: Float32Array, dim: number]> = (gan, x, dim) => {
  const gradient = tf.grad((input: tf.Tensor) => tf.sum(gan.discriminator.apply(input as tf.Tensor2D, 'eval')));
  return gradient(tf.tensor2d(x, [x.length / dim, dim]));
};

export const generate = readSync(generated);
export const generateAsync = readAsync(generated);
export const discriminate = readSync(discriminated);
export const discriminateAsync = readAsync(discriminated);
export const discriminatorGradient = readSync(discriminatorGradientOf);
export const discriminatorGradientAsync = readAsync(discriminatorGradientOf);

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
