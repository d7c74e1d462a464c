import * as tf from '@tensorflow/tfjs';
import type { NetworkConfig } from '../../shared/experiment/schema';
import { activationGradient, type FusedActivation } from '../kernels/denseKernels';

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
 * relu or leaky ReLU as the backend's own kernel, with a gradient (dy ⊙ f′(x), one kernel) that is
 * itself differentiable: tf.leakyRelu's gradient uses `Greater`, which has none, so nested
 * gradients (gradient penalties) through it fail, and tf.relu's takes three kernels.
 */
function piecewiseLinear(activation: Exclude<FusedActivation, { kind: 'linear' }>): Activation {
  const forward = (x: tf.Tensor) => (activation.kind === 'relu' ? tf.relu(x) : tf.leakyRelu(x, activation.alpha));
  return tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [x, save] = args as [tf.Tensor, tf.GradSaveFunc];
    save([x]);
    return { value: forward(x), gradFunc: (dy: tf.Tensor, [input]: tf.Tensor[]) => activationGradient(dy, input!, activation) };
  }) as Activation;
}

export const leakyRelu = (alpha: number): Activation => piecewiseLinear({ kind: 'leakyrelu', alpha });

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

/** The activation as the dense kernel can apply it in the same call, or undefined (tanh, elu). */
export function fusedActivationFor(config: Pick<NetworkConfig, 'activation' | 'leakySlope'>): FusedActivation | undefined {
  if (config.activation === 'relu') return { kind: 'relu' };
  if (config.activation === 'leakyRelu') return { kind: 'leakyrelu', alpha: config.leakySlope };
  return undefined;
}

export function activationFor(config: Pick<NetworkConfig, 'activation' | 'leakySlope'>): Activation {
  switch (config.activation) {
    case 'relu':
      return piecewiseLinear({ kind: 'relu' });
    case 'leakyRelu':
      return leakyRelu(config.leakySlope);
    case 'tanh':
      return tanh;
    case 'elu':
      return elu;
  }
}
