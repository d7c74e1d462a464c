/**
 * Class labels of a conditional GAN: drawn (uniform over the classes, for fakes), laid out (the
 * fixed batch's labels) and turned into the one-hot rows the networks take.
 */
import * as tf from '@tensorflow/tfjs';
import type { Rng } from './random';

/** n class indices, each uniform on [0, classes), drawn from `rng`. */
export function sampleLabels(rng: Rng, n: number, classes: number): Int32Array {
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) labels[i] = rng.int(classes);
  return labels;
}

/**
 * The labels of a fixed batch of n: runs of `perClass` rows of class 0, then 1, …, cycling through
 * the classes (perClass 1: row i has class i mod classes).
 */
export function cyclingLabels(n: number, classes: number, perClass = 1): Int32Array {
  return Int32Array.from({ length: n }, (_, i) => Math.floor(i / perClass) % classes);
}

/** One-hot rows [n, classes] (float32) of class indices; an index outside [0, classes) is an error. */
export function oneHot(labels: Int32Array, classes: number): tf.Tensor2D {
  const rows = new Float32Array(labels.length * classes);
  labels.forEach((label, i) => {
    if (!(label >= 0 && label < classes)) throw new RangeError(`label ${label} of row ${i} is not a class index in [0, ${classes})`);
    rows[i * classes + label] = 1;
  });
  return tf.tensor2d(rows, [labels.length, classes]);
}
