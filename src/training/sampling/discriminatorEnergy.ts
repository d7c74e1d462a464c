/**
 * The data-space energy U(x) of a trained discriminator, low where D finds data real, read from
 * D's raw output d(x) with the sign its loss gives it:
 *   energy, neuralDistance            U = d       (trained low on real data)
 *   minimax, nonSaturating            U = −d      (d is the logit: Che et al. 2020, "discriminator
 *                                                  driven latent sampling", E(z) = −logit D(G(z)) + ‖z‖²/2)
 *   wgan, wganGp, hinge, lsgan        U = −d      (trained high on real data)
 * The network runs in eval mode (running statistics), so each row's energy depends on that row only.
 */
import * as tf from '@tensorflow/tfjs';
import type { LossKind } from '../../shared/experiment/schema';
import type { Network } from '../models/network';
import type { DataEnergy } from './latentEnergy';

/** +1 when D's raw output is already low on real data, −1 when it is high there. */
export function energySign(loss: LossKind): 1 | -1 {
  switch (loss) {
    case 'energy':
    case 'neuralDistance':
      return 1;
    case 'minimax':
    case 'nonSaturating':
    case 'wgan':
    case 'wganGp':
    case 'hinge':
    case 'lsgan':
      return -1;
  }
}

/** The formula, for the record and the views. */
export function energyFormula(loss: LossKind): string {
  switch (loss) {
    case 'energy':
      return 'U(x) = D(x) (the energy D learns, low on real data)';
    case 'neuralDistance':
      return 'U(x) = D(x) (the critic scores real data low)';
    case 'minimax':
    case 'nonSaturating':
      return 'U(x) = −logit D(x) (Che et al. 2020: E(z) = −logit D(G(z)) + ‖z‖²/2 at T = 1)';
    case 'wgan':
    case 'wganGp':
    case 'hinge':
    case 'lsgan':
      return 'U(x) = −D(x) (D scores real data high)';
  }
}

/** U(x) of `discriminator`; a conditional one judges every row with its fixed one-hot label in `labels`. */
export function discriminatorEnergy(discriminator: Network, loss: LossKind, labels?: tf.Tensor2D): DataEnergy {
  const sign = energySign(loss);
  return (x) => {
    const score = discriminator.apply(x, 'eval', labels);
    return sign === 1 ? score : tf.neg(score);
  };
}
