/**
 * Gradient penalties of the discriminator. Each needs ∇ₓD inside D's loss, and then the gradient
 * of that with respect to D's weights: a second-order gradient. The inner gradient is taken with
 * tf.grad inside the caller's tf.variableGrads, which records it on the outer tape (this works on
 * the cpu and wasm backends through every activation the project has: its leaky ReLU is written
 * without tf.leakyRelu, whose gradient has no gradient).
 */
import * as tf from '@tensorflow/tfjs';

/** D as a function of its input: one raw output (logit or score) per row. */
export type Critic = (x: tf.Tensor2D) => tf.Tensor;

/** Keeps ‖g‖ differentiable where g = 0 (the square root's derivative is infinite at 0). */
const NORM_EPSILON = 1e-12;

/** ∇ₓ Σᵢ D(xᵢ): row i is ∇ₓD at xᵢ (rows of D are independent unless D uses batch statistics). */
export function inputGradient(critic: Critic, x: tf.Tensor2D): tf.Tensor2D {
  return tf.grad((input: tf.Tensor) => tf.sum(critic(input as tf.Tensor2D)))(x) as tf.Tensor2D;
}

/** Squared L2 norm of each row. */
const rowSquaredNorms = (g: tf.Tensor2D) => tf.sum(tf.square(g), 1);

/**
 * WGAN-GP: λ·E[(‖∇ₓD(x̂)‖ − 1)²] at x̂ = ε·real + (1 − ε)·fake, with `epsilon` one value in [0, 1]
 * per row (shape [n, 1]).
 */
export function gradientPenalty(critic: Critic, real: tf.Tensor2D, fake: tf.Tensor2D, epsilon: tf.Tensor2D, lambda: number): tf.Scalar {
  const interpolates = tf.add(tf.mul(epsilon, real), tf.mul(tf.sub(1, epsilon), fake)) as tf.Tensor2D;
  const norms = tf.sqrt(tf.add(rowSquaredNorms(inputGradient(critic, interpolates)), NORM_EPSILON));
  return tf.mul(tf.mean(tf.square(tf.sub(norms, 1))), lambda) as tf.Scalar;
}

/** Zero-centred penalty on real samples, λ·E[‖∇ₓD(x)‖²] (the energy objective's, gan-theory.md §2). */
export function realGradientPenalty(critic: Critic, real: tf.Tensor2D, lambda: number): tf.Scalar {
  return tf.mul(tf.mean(rowSquaredNorms(inputGradient(critic, real))), lambda) as tf.Scalar;
}

/** R1 (Mescheder et al. 2018): (weight/2)·E[‖∇ₓD(x)‖²] on real samples. */
export function r1Penalty(critic: Critic, real: tf.Tensor2D, weight: number): tf.Scalar {
  return realGradientPenalty(critic, real, weight / 2);
}
