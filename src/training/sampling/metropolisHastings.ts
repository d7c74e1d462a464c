/**
 * MALA's accept/reject test (gan-theory.md §2): accept z̃ with probability
 * min{1, π(z̃)·q(z | z̃) / (π(z)·q(z̃ | z))}, π ∝ exp(−E), so per chain
 *   log α = −E(z̃) + E(z) + log q(z | z̃) − log q(z̃ | z).
 * (001 writes q(z̃ₜ) in the denominator; gan-theory.md corrects it to q(z̃ | z), as here.)
 */
import * as tf from '@tensorflow/tfjs';
import type { EnergyAndGradient } from './latentEnergy';
import { logProposalDensity } from './langevinProposal';

/** log α per chain, [chains]. Can be ±∞ or NaN where an energy is not finite. */
export function logAcceptance(
  z: tf.Tensor2D,
  current: EnergyAndGradient,
  proposal: tf.Tensor2D,
  proposed: EnergyAndGradient,
  stepSize: number,
): tf.Tensor1D {
  return tf.tidy(() => {
    // The energy difference and the two log densities are each O(latentDim) for a sane ε; summing
    // differences (never exponentiating) keeps float32 far from overflow.
    const energyDrop = tf.sub(current.energy, proposed.energy);
    const reverse = logProposalDensity(z, proposal, proposed.grad, stepSize);
    const forward = logProposalDensity(proposal, z, current.grad, stepSize);
    return tf.add(energyDrop, tf.sub(reverse, forward)) as tf.Tensor1D;
  });
}

/**
 * Which chains accept, [chains] bool: log u < log α with u uniform on [0, 1). A NaN log α (an
 * infinite or NaN energy on either side) compares false, so such a proposal is always rejected.
 */
export function acceptMask(logAlpha: tf.Tensor1D, logUniform: tf.Tensor1D): tf.Tensor1D {
  return tf.less(logUniform, logAlpha);
}
