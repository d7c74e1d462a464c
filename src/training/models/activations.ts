import * as tf from '@tensorflow/tfjs';
import type { NetworkConfig } from '../../shared/experiment/schema';

export type Activation = (x: tf.Tensor) => tf.Tensor;

/**
 * Leaky ReLU written as 0.5·(1+α)·x + 0.5·(1−α)·|x|: tf.leakyRelu's gradient uses `Greater`,
 * which has no gradient, so nested gradients (gradient penalties) through it fail.
 */
export function leakyRelu(alpha: number): Activation {
  const a = 0.5 * (1 + alpha);
  const b = 0.5 * (1 - alpha);
  return (x) => tf.add(tf.mul(x, a), tf.mul(tf.abs(x), b));
}

export function activationFor(config: Pick<NetworkConfig, 'activation' | 'leakySlope'>): Activation {
  switch (config.activation) {
    case 'relu':
      return (x) => tf.relu(x);
    case 'leakyRelu':
      return leakyRelu(config.leakySlope);
    case 'tanh':
      return (x) => tf.tanh(x);
    case 'elu':
      return (x) => tf.elu(x);
  }
}
