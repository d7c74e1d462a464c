import type * as tf from '@tensorflow/tfjs';

/** Whether normalisation layers use batch statistics (and update their running averages). */
export type Mode = 'train' | 'eval';

/** A network built from the experiment config; owns its variables. */
export interface Network {
  readonly name: string;
  readonly inputDim: number;
  readonly outputDim: number;
  /** Trainable variables, in a stable order. */
  readonly trainable: tf.Variable[];
  /** Every variable including non-trainable state (running statistics), for checkpoints. */
  readonly variables: tf.Variable[];
  /**
   * Conditional networks (models/conditional*.ts): the number of classes of the one-hot labels
   * `apply` takes; undefined for an unconditional network, which ignores labels.
   */
  readonly classes?: number;
  /** x [n, inputDim] → [n, outputDim]; a conditional network also takes `labels`, one-hot rows [n, classes]. */
  apply(x: tf.Tensor2D, mode: Mode, labels?: tf.Tensor2D): tf.Tensor2D;
  /**
   * An equivalent tf.layers model in eval mode (normalisation uses running statistics) holding a copy
   * of the current weights, for export as a TensorFlow.js model a web page can load. Input and output
   * are flat rows [batch, inputDim] → [batch, outputDim], like `apply`.
   */
  toLayersModel(): tf.Sequential;
  dispose(): void;
}

/**
 * A network read as a trunk φ and an output layer ψ: apply(x) = ψ(φ(x)). The conditional
 * discriminator adds its projection and auxiliary-classifier heads on φ(x).
 */
export interface SplitNetwork extends Network {
  /** Width of φ(x). */
  readonly featureDim: number;
  /** φ(x) [n, featureDim]: everything before the output layer. Not wrapped in tf.tidy (callers are). */
  features(x: tf.Tensor2D, mode: Mode): tf.Tensor2D;
  /** ψ: the output layer (and output activation, if any) on φ(x). */
  head(features: tf.Tensor2D): tf.Tensor2D;
}
