import * as tf from '@tensorflow/tfjs';
import type { Mode } from './network';
import { createVariable } from './variables';

export interface Normalization {
  readonly trainable: tf.Variable[];
  readonly state: tf.Variable[];
  apply(x: tf.Tensor2D, mode: Mode): tf.Tensor2D;
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

  apply(x: tf.Tensor2D, mode: Mode): tf.Tensor2D {
    if (mode === 'eval') return tf.batchNorm(x, this.runningMean, this.runningVar, this.beta, this.gamma, EPSILON) as tf.Tensor2D;
    const { mean, variance } = tf.moments(x, 0);
    tf.tidy(() => {
      this.runningMean.assign(tf.add(tf.mul(this.runningMean, this.momentum), tf.mul(mean, 1 - this.momentum)));
      this.runningVar.assign(tf.add(tf.mul(this.runningVar, this.momentum), tf.mul(variance, 1 - this.momentum)));
    });
    return tf.batchNorm(x, mean, variance, this.beta, this.gamma, EPSILON) as tf.Tensor2D;
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

  apply(x: tf.Tensor2D): tf.Tensor2D {
    const { mean, variance } = tf.moments(x, 1, true);
    const normalized = tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, EPSILON)));
    return tf.add(tf.mul(normalized, this.gamma), this.beta);
  }
}
