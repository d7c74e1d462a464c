/**
 * The energy of a latent vector after training (gan-theory.md §2, "Sampling in latent space"):
 * E(z) = U(G(z)) / T + ‖z‖²/2, the prior's term on unless switched off. Chains are rows: every
 * function here takes z as [chains, latentDim] and returns one energy per row.
 */
import * as tf from '@tensorflow/tfjs';

/** An energy on data space, U(x): one value per row, shaped [n] or [n, 1]. Low where data is likely. */
export type DataEnergy = (x: tf.Tensor2D) => tf.Tensor;

/** The generator, G(z): one data row per latent row. */
export type Generator = (z: tf.Tensor2D) => tf.Tensor2D;

export interface LatentEnergyOptions {
  energy: DataEnergy;
  generator: Generator;
  /** T > 0; U is divided by it (the prior term is not). */
  temperature: number;
  /** Adds ‖z‖²/2, the energy of the standard normal prior. */
  prior: boolean;
}

export interface EnergyAndGradient {
  /** E(z) per chain, [chains]. */
  energy: tf.Tensor1D;
  /** ∇_z E(z), [chains, latentDim]. */
  grad: tf.Tensor2D;
}

export interface LatentEnergy {
  energy(z: tf.Tensor2D): tf.Tensor1D;
  /**
   * E and ∇E in one forward and backward pass. Row i of the gradient is ∇E(zᵢ) only when G and U
   * treat rows independently (no batch statistics: run them in inference mode).
   */
  valueAndGrad(z: tf.Tensor2D): EnergyAndGradient;
}

export function latentEnergy(options: LatentEnergyOptions): LatentEnergy {
  const { energy: dataEnergy, generator, temperature, prior } = options;
  if (!(temperature > 0 && Number.isFinite(temperature))) throw new RangeError(`temperature must be a positive number, got ${temperature}`);

  const perChain = (z: tf.Tensor2D): tf.Tensor1D =>
    tf.tidy(() => {
      const chains = z.shape[0];
      const u = dataEnergy(generator(z));
      if (u.size !== chains || (u.rank !== 1 && !(u.rank === 2 && u.shape[1] === 1))) {
        throw new Error(`the energy must give one value per row ([${chains}] or [${chains}, 1]), got shape [${u.shape.join(', ')}]`);
      }
      const scaled = tf.div(tf.reshape(u, [chains]), temperature);
      return (prior ? tf.add(scaled, tf.mul(tf.sum(tf.square(z), 1), 0.5)) : scaled) as tf.Tensor1D;
    });

  // With no dy, tfjs seeds the backward pass with ones: the gradient of Σᵢ E(zᵢ), whose row i is
  // ∇E(zᵢ), while the value stays per chain.
  const withGradient = tf.valueAndGrad(perChain);

  return {
    energy: perChain,
    valueAndGrad(z) {
      const { value, grad } = withGradient(z);
      return { energy: value, grad };
    },
  };
}
