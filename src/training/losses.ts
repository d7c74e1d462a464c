/**
 * GAN objectives on logits. Every log-probability is a softplus of a logit
 * (−log σ(l) = softplus(−l), −log(1 − σ(l)) = softplus(l)), so saturated logits give finite
 * losses and gradients, never NaN.
 */
import * as tf from '@tensorflow/tfjs';
import type { LossKind } from '../shared/experiment/schema';

export interface LossTerms {
  /** The scalar the network minimises. */
  total: tf.Scalar;
  /** Named parts of it, for the metrics (each a scalar). */
  components: Record<string, tf.Scalar>;
}

/** Discriminator: binary cross-entropy, −E[log D(x)] − E[log(1 − D(G(z)))]. */
export function discriminatorLoss(_kind: LossKind, realLogits: tf.Tensor, fakeLogits: tf.Tensor): LossTerms {
  const real = tf.mean(tf.softplus(tf.neg(realLogits))) as tf.Scalar;
  const fake = tf.mean(tf.softplus(fakeLogits)) as tf.Scalar;
  return { total: tf.add(real, fake), components: { 'd.real': real, 'd.fake': fake } };
}

/**
 * Generator: minimax minimises E[log(1 − D(G(z)))] = −E[softplus(l)] (saturates when D wins);
 * nonSaturating minimises −E[log D(G(z))] = E[softplus(−l)].
 */
export function generatorLoss(kind: LossKind, fakeLogits: tf.Tensor): LossTerms {
  switch (kind) {
    case 'minimax': {
      const adversarial = tf.neg(tf.mean(tf.softplus(fakeLogits))) as tf.Scalar;
      return { total: adversarial, components: { 'g.adversarial': adversarial } };
    }
    case 'nonSaturating': {
      const adversarial = tf.mean(tf.softplus(tf.neg(fakeLogits))) as tf.Scalar;
      return { total: adversarial, components: { 'g.adversarial': adversarial } };
    }
  }
}

/** Whether D's output is a probability (sigmoid of the logit) for this objective. */
export function usesSigmoid(kind: LossKind): boolean {
  return kind === 'minimax' || kind === 'nonSaturating';
}
