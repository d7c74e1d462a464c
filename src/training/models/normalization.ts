import * as tf from '@tensorflow/tfjs';
import type { Mode } from './network';
import { createVariable } from './variables';

export interface Normalization {
  readonly trainable: tf.Variable[];
  readonly state: tf.Variable[];
  apply(x: tf.Tensor2D, mode: Mode): tf.Tensor2D;
  /** The tf.layers equivalent in inference mode, with the current values (for export). */
  toLayer(): tf.layers.Layer;
}

const EPSILON = 1e-5;

/** Batch normalisation over the batch axis; running averages serve evaluation (e.g. D on a grid). */
export class BatchNorm implements Normalization {
  private readonly gamma: tf.Variable;
  private readonly beta: tf.Variable;
  private readonly runningMean: tf.Variable;
  private readonly runningVar: tf.Variable;

  constructor(
    name: string,
    units: number,
    private readonly momentum = 0.9,
  ) {
    this.gamma = createVariable(tf.ones([units]), true, `${name}/gamma`);
    this.beta = createVariable(tf.zeros([units]), true, `${name}/beta`);
    this.runningMean = createVariable(tf.zeros([units]), false, `${name}/runningMean`);
    this.runningVar = createVariable(tf.ones([units]), false, `${name}/runningVar`);
  }

  get trainable(): tf.Variable[] {
    return [this.gamma, this.beta];
  }

  get state(): tf.Variable[] {
    return [this.runningMean, this.runningVar];
  }

  toLayer(): tf.layers.Layer {
    return tf.layers.batchNormalization({
      axis: -1,
      epsilon: EPSILON,
      momentum: this.momentum,
      weights: [this.gamma, this.beta, this.runningMean, this.runningVar],
    });
  }

  apply(x: tf.Tensor2D, mode: Mode): tf.Tensor2D {
    if (mode === 'eval') return tf.batchNorm(x, this.runningMean, this.runningVar, this.beta, this.gamma, EPSILON) as tf.Tensor2D;
    const { mean, variance } = tf.moments(x, 0);
    tf.tidy(() => {
      this.runningMean.assign(tf.add(tf.mul(this.runningMean, this.momentum), tf.mul(mean, 1 - this.momentum)));
      this.runningVar.assign(tf.add(tf.mul(this.runningVar, this.momentum), tf.mul(variance, 1 - this.momentum)));
    });
    // Written out rather than tf.batchNorm: its gradient gives wrong second-order gradients
    // (gradient penalties) when the activation after it is curved (tanh, elu).
    const normalized = tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, EPSILON)));
    return tf.add(tf.mul(normalized, this.gamma), this.beta);
  }
}

/** Layer normalisation over the feature axis (no batch dependence; safe with gradient penalties). */
export class LayerNorm implements Normalization {
  private readonly gamma: tf.Variable;
  private readonly beta: tf.Variable;

  constructor(name: string, units: number) {
    this.gamma = createVariable(tf.ones([units]), true, `${name}/gamma`);
    this.beta = createVariable(tf.zeros([units]), true, `${name}/beta`);
  }

  get trainable(): tf.Variable[] {
    return [this.gamma, this.beta];
  }

  get state(): tf.Variable[] {
    return [];
  }

  toLayer(): tf.layers.Layer {
    return tf.layers.layerNormalization({ axis: -1, epsilon: EPSILON, weights: [this.gamma, this.beta] });
  }

  apply(x: tf.Tensor2D): tf.Tensor2D {
    const { mean, variance } = tf.moments(x, 1, true);
    const normalized = tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, EPSILON)));
    return tf.add(tf.mul(normalized, this.gamma), this.beta);
  }
}
