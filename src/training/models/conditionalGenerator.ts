import * as tf from '@tensorflow/tfjs';
import type { Mode, Network } from './network';

/** The one-hot labels a conditional network was given, checked against its batch and class count. */
export function requireLabels(name: string, classes: number, x: tf.Tensor2D, labels: tf.Tensor2D | undefined): tf.Tensor2D {
  if (!labels) throw new Error(`the ${name} is conditional: it needs the class of every row as one-hot labels [n, ${classes}]`);
  if (labels.shape[0] !== x.shape[0] || labels.shape[1] !== classes)
    throw new Error(
      `the ${name}'s labels are [${labels.shape.join(', ')}]; it needs one one-hot row per input row: [${x.shape[0]}, ${classes}]`,
    );
  return labels;
}

/**
 * A class-conditional generator (cGAN, Mirza & Osindero 2014): a network built for input rows
 * [z | one-hot(y)] (latent + classes wide), applied to z and the labels side by side. Its layers
 * model (export) takes that concatenated row.
 */
export class ConditionalGenerator implements Network {
  constructor(
    private readonly inner: Network,
    readonly classes: number,
  ) {}

  get name(): string {
    return this.inner.name;
  }

  /** The latent size (`apply` takes z; the labels come separately). */
  get inputDim(): number {
    return this.inner.inputDim - this.classes;
  }

  get outputDim(): number {
    return this.inner.outputDim;
  }

  get trainable(): tf.Variable[] {
    return this.inner.trainable;
  }

  get variables(): tf.Variable[] {
    return this.inner.variables;
  }

  apply(z: tf.Tensor2D, mode: Mode, labels?: tf.Tensor2D): tf.Tensor2D {
    const y = requireLabels(this.name, this.classes, z, labels);
    return tf.tidy(() => this.inner.apply(tf.concat([z, y], 1), mode));
  }

  /** Input rows [z | one-hot(y)], latent.dim + classes wide. */
  toLayersModel(): tf.Sequential {
    return this.inner.toLayersModel();
  }

  dispose(): void {
    this.inner.dispose();
  }
}
