/**
 * The Langevin step in gan-theory.md's parameterisation (§2, "Sampling in latent space"):
 *   z̃ = z − ε·∇E(z) + sqrt(2ε)·ξ,   ξ ~ N(0, I),
 * which has exp(−E) as its stationary density as ε → 0. The brief's z − (ε/2)·∇E + sqrt(ε)·ξ is the
 * same step with ε doubled; this module follows gan-theory.md. 001's sqrt(ε) noise with a drift of
 * ε samples exp(−2E) instead (the test suite shows its variance comes out halved).
 */
import * as tf from '@tensorflow/tfjs';

/** z̃ from z, ∇E(z) and standard normal noise ξ, all [chains, latentDim]. */
export function langevinProposal(z: tf.Tensor2D, grad: tf.Tensor2D, stepSize: number, noise: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => tf.add(tf.sub(z, tf.mul(grad, stepSize)), tf.mul(noise, Math.sqrt(2 * stepSize))) as tf.Tensor2D);
}

/**
 * log q(to | from) per chain, up to the constant that cancels in the Metropolis–Hastings ratio:
 * q(z' | z) ∝ exp(−‖z' − z + ε·∇E(z)‖² / (4ε)), the density of the proposal above.
 */
export function logProposalDensity(to: tf.Tensor2D, from: tf.Tensor2D, gradFrom: tf.Tensor2D, stepSize: number): tf.Tensor1D {
  return tf.tidy(() => {
    const residual = tf.add(tf.sub(to, from), tf.mul(gradFrom, stepSize));
    return tf.div(tf.sum(tf.square(residual), 1), -4 * stepSize) as tf.Tensor1D;
  });
}
