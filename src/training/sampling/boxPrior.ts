/**
 * The energy of the uniform prior on [−1, 1]^d: 0 inside the box, +∞ outside. Added to a latent
 * energy it makes MALA reject every proposal that leaves the box (log α is −∞ there); the gradient
 * is the inner energy's, as the prior is flat inside.
 */
import * as tf from '@tensorflow/tfjs';
import type { LatentEnergy } from './latentEnergy';

/** 0 for rows inside the box, +∞ for the others, [chains]. */
function boxEnergy(z: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => {
    const inside = tf.all(tf.lessEqual(tf.abs(z), 1), 1);
    return tf.where(inside, tf.zeros([z.shape[0]]), tf.fill([z.shape[0]], Infinity)) as tf.Tensor1D;
  });
}

export function withinUnitBox(inner: LatentEnergy): LatentEnergy {
  return {
    energy: (z) => tf.tidy(() => tf.add(inner.energy(z), boxEnergy(z)) as tf.Tensor1D),
    valueAndGrad(z) {
      const { energy, grad } = inner.valueAndGrad(z);
      const total = tf.tidy(() => tf.add(energy, boxEnergy(z)) as tf.Tensor1D);
      energy.dispose();
      return { energy: total, grad };
    },
  };
}
