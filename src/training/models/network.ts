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
  apply(x: tf.Tensor2D, mode: Mode): tf.Tensor2D;
  /**
   * An equivalent tf.layers model in eval mode (normalisation uses running statistics) holding a copy
   * of the current weights, for export as a TensorFlow.js model a web page can load. Input and output
   * are flat rows [batch, inputDim] → [batch, outputDim], like `apply`.
   */
  toLayersModel(): tf.Sequential;
  dispose(): void;
}
