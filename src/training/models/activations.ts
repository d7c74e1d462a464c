import * as tf from '@tensorflow/tfjs';
import type { NetworkConfig } from '../../shared/experiment/schema';

export type Activation = (x: tf.Tensor) => tf.Tensor;

/*
 * Gradient penalties differentiate D's gradient, so every activation's gradient must itself be
 * differentiable, correctly, on every backend. tfjs (4.22) gets two things wrong there:
 * - tf.leakyRelu's gradient uses `Greater` and tf.elu's uses the `EluGrad` kernel; neither has a
 *   gradient, so a second-order gradient through them throws;
 * - a gradient written with the op's saved *output* (tanh: dy·(1 − y²), elu, exp, sigmoid) gives a
 *   wrong second-order gradient without any error: tfjs records the copy of the output it saves
 *   before the op that makes it, so the outer gradient treats y as a constant.
 * The activations below are written so that their gradients use only their input.
 */

/**
 * Leaky ReLU written as 0.5·(1+α)·x + 0.5·(1−α)·|x|: tf.leakyRelu's gradient uses `Greater`,
 * which has no gradient, so nested gradients (gradient penalties) through it fail.
 */
export function leakyRelu(alpha: number): Activation {
  const a = 0.5 * (1 + alpha);
  const b = 0.5 * (1 - alpha);
  return (x) => tf.add(tf.mul(x, a), tf.mul(tf.abs(x), b));
}

/**
 * An activation whose gradient is `derivative(x)·dy`, computed from the input x, so that
 * differentiating the gradient again (gradient penalties) follows x correctly.
 */
function withInputGradient(value: (x: tf.Tensor) => tf.Tensor, derivative: (x: tf.Tensor) => tf.Tensor): Activation {
  return tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [x, save] = args as [tf.Tensor, tf.GradSaveFunc];
    save([x]);
    return { value: value(x), gradFunc: (dy: tf.Tensor, [input]: tf.Tensor[]) => tf.mul(dy, derivative(input!)) };
  }) as Activation;
}

/** tanh, with gradient dy·(1 − tanh²(x)). */
export const tanh = withInputGradient(
  (x) => tf.tanh(x),
  (x) => tf.sub(1, tf.square(tf.tanh(x))),
);

/** ELU (α = 1), with gradient dy·exp(min(x, 0)) (1 for x > 0). */
export const elu = withInputGradient(
  (x) => tf.elu(x),
  (x) => tf.exp(tf.neg(tf.relu(tf.neg(x)))),
);

export function activationFor(config: Pick<NetworkConfig, 'activation' | 'leakySlope'>): Activation {
  switch (config.activation) {
    case 'relu':
      return (x) => tf.relu(x);
    case 'leakyRelu':
      return leakyRelu(config.leakySlope);
    case 'tanh':
      return tanh;
    case 'elu':
      return elu;
  }
}
