/**
 * GAN objectives on D's raw outputs (logits for the sigmoid losses, scores for the others). Every
 * log-probability is a softplus of a logit (−log σ(l) = softplus(−l), −log(1 − σ(l)) = softplus(l)),
 * so saturated logits give finite losses and gradients, never NaN. Penalties that need ∇ₓD are in
 * `penalties.ts`; weight clipping is applied by the step.
 */
import * as tf from '@tensorflow/tfjs';
import { isCritic, usesSigmoid } from '../shared/experiment/objective';
import type { LossKind } from '../shared/experiment/schema';

export { usesSigmoid };

export interface LossTerms {
  /** The scalar the network minimises. */
  total: tf.Scalar;
  /** Named parts of it, and named diagnostics (`critic.wassersteinEstimate`), for the metrics (each a scalar). */
  components: Record<string, tf.Scalar>;
}

export interface DiscriminatorLossOptions {
  /** Target of real samples in the binary cross-entropy (one-sided label smoothing); 1 by default. */
  realLabel?: number;
}

const mean = (x: tf.Tensor) => tf.mean(x) as tf.Scalar;

/**
 * D's loss as its two terms, `d.real` (on the real batch) and `d.fake` (on G(z)):
 * - minimax, nonSaturating: BCE, −E[s·log D(x) + (1−s)·log(1 − D(x))] − E[log(1 − D(G(z)))], s the real label;
 * - wgan, wganGp: E[D(G(z))] − E[D(x)] (d.real = −E[D(x)], d.fake = E[D(G(z))]);
 * - neuralDistance, energy: E[D(x)] − E[D(G(z))] (the seed's sign: a low score on real data; for energy,
 *   D is the energy U and its penalty on real samples is added by the step);
 * - hinge: E[relu(1 − D(x))] + E[relu(1 + D(G(z)))];
 * - lsgan: ½E[(D(x) − 1)²] + ½E[D(G(z))²].
 * Critics also report `critic.wassersteinEstimate` = −(d.real + d.fake): the distance the critic
 * estimates (not part of the total).
 */
export function discriminatorLoss(kind: LossKind, real: tf.Tensor, fake: tf.Tensor, options: DiscriminatorLossOptions = {}): LossTerms {
  let realTerm: tf.Scalar;
  let fakeTerm: tf.Scalar;
  switch (kind) {
    case 'minimax':
    case 'nonSaturating': {
      const s = options.realLabel ?? 1;
      realTerm =
        s === 1 ? mean(tf.softplus(tf.neg(real))) : mean(tf.add(tf.mul(tf.softplus(tf.neg(real)), s), tf.mul(tf.softplus(real), 1 - s)));
      fakeTerm = mean(tf.softplus(fake));
      break;
    }
    case 'wgan':
    case 'wganGp':
      realTerm = tf.neg(mean(real));
      fakeTerm = mean(fake);
      break;
    case 'neuralDistance':
    case 'energy':
      realTerm = mean(real);
      fakeTerm = tf.neg(mean(fake));
      break;
    case 'hinge':
      realTerm = mean(tf.relu(tf.sub(1, real)));
      fakeTerm = mean(tf.relu(tf.add(1, fake)));
      break;
    case 'lsgan':
      realTerm = tf.mul(mean(tf.square(tf.sub(real, 1))), 0.5);
      fakeTerm = tf.mul(mean(tf.square(fake)), 0.5);
      break;
  }
  const total: tf.Scalar = tf.add(realTerm, fakeTerm);
  const components: Record<string, tf.Scalar> = { 'd.real': realTerm, 'd.fake': fakeTerm };
  if (isCritic(kind)) components['critic.wassersteinEstimate'] = tf.neg(total);
  return { total, components };
}

/**
 * G's loss on D(G(z)):
 * - minimax: E[log(1 − D(G(z)))] = −E[softplus(l)] (saturates when D wins);
 * - nonSaturating: −E[log D(G(z))] = E[softplus(−l)];
 * - wgan, wganGp, hinge: −E[D(G(z))];
 * - lsgan: ½E[(D(G(z)) − 1)²];
 * - neuralDistance, energy: E[D(G(z))] (energy: the step adds the mutual-information term).
 */
export function generatorLoss(kind: LossKind, fake: tf.Tensor): LossTerms {
  let adversarial: tf.Scalar;
  switch (kind) {
    case 'minimax':
      adversarial = tf.neg(mean(tf.softplus(fake)));
      break;
    case 'nonSaturating':
      adversarial = mean(tf.softplus(tf.neg(fake)));
      break;
    case 'wgan':
    case 'wganGp':
    case 'hinge':
      adversarial = tf.neg(mean(fake));
      break;
    case 'lsgan':
      adversarial = tf.mul(mean(tf.square(tf.sub(fake, 1))), 0.5);
      break;
    case 'neuralDistance':
    case 'energy':
      adversarial = mean(fake);
      break;
  }
  return { total: adversarial, components: { 'g.adversarial': adversarial } };
}

/**
 * The AC-GAN auxiliary classifier's loss: softmax cross-entropy of class logits [n, classes]
 * against one-hot labels, E[logΣⱼexp(lⱼ) − l_y] (written with logSumExp: finite for any logits).
 */
export function classCrossEntropy(logits: tf.Tensor2D, labels: tf.Tensor2D): tf.Scalar {
  return mean(tf.sub(tf.logSumExp(logits, 1), tf.sum(tf.mul(logits, labels), 1)));
}
