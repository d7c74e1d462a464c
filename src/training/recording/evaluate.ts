/**
 * Forward passes outside training (eval mode, no gradients), returning plain arrays. Each comes
 * synchronous (tests, sampling) and asynchronous (the trainer's recorder: the webgpu backend
 * cannot read synchronously in Node). A conditional GAN's passes take the class index of every row
 * (`generateAsync(gan, z, labels)`); an unconditional one's take none.
 */
import * as tf from '@tensorflow/tfjs';
import type { Gan } from '../gan';
import { oneHot } from '../labels';
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

/**
 * One-hot rows for a conditional GAN (`gan.classes`): `labels` holds the class index of each of the
 * `rows` rows. Undefined for an unconditional GAN, which takes no labels.
 */
function labelRows(gan: Gan, rows: number, labels: Int32Array | undefined): tf.Tensor2D | undefined {
  if (gan.classes === undefined) return undefined;
  if (labels?.length !== rows)
    throw new Error(
      `this GAN is conditional (${gan.classes} classes): give the class of each of the ${rows} rows, got ${labels?.length ?? 'none'}`,
    );
  return oneHot(labels, gan.classes);
}

/** G on each row of `z` (n × latentDim); a conditional G for the class of each row in `labels`. */
const generated: Pass<[z: Float32Array, labels?: Int32Array]> = (gan, z, labels) => {
  const n = z.length / gan.latentDim;
  return gan.generator.apply(tf.tensor2d(z, [n, gan.latentDim]), 'eval', labelRows(gan, n, labels));
};

/** D on each row of `x` (n × dim): a probability for sigmoid losses, else the raw score; a conditional D with `labels`. */
const discriminated: Pass<[x: Float32Array, dim: number, labels?: Int32Array]> = (gan, x, dim, labels) => {
  const n = x.length / dim;
  const logits = gan.discriminator.apply(tf.tensor2d(x, [n, dim]), 'eval', labelRows(gan, n, labels));
  return usesSigmoid(gan.loss) ? tf.sigmoid(logits) : logits;
};

/** ∇ₓ of D's logit at each row of `x` (n × dim); a conditional D with `labels` held fixed. */
const discriminatorGradientOf: Pass<[x: Float32Array, dim: number, labels?: Int32Array]> = (gan, x, dim, labels) => {
  const n = x.length / dim;
  const y = labelRows(gan, n, labels);
  const gradient = tf.grad((input: tf.Tensor) => tf.sum(gan.discriminator.apply(input as tf.Tensor2D, 'eval', y)));
  return gradient(tf.tensor2d(x, [n, dim]));
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
