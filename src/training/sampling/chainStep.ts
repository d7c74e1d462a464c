/**
 * One transition of every chain at once: an unadjusted Langevin step, or MALA (the same proposal
 * followed by the Metropolis–Hastings test). Each step costs one forward and backward pass, at
 * the proposal; the current point's energy and gradient are carried over from the step before.
 */
import * as tf from '@tensorflow/tfjs';
import type { SamplingMethod } from '../../shared/runFormat';
import type { EnergyAndGradient, LatentEnergy } from './latentEnergy';
import { langevinProposal } from './langevinProposal';
import { acceptMask, logAcceptance } from './metropolisHastings';

export type { SamplingMethod };

/** A chain's position with its energy and gradient there. */
export interface ChainState extends EnergyAndGradient {
  z: tf.Tensor2D;
}

export interface StepResult extends ChainState {
  /** [chains] bool: which chains took their proposal (all, for Langevin). */
  accepted: tf.Tensor1D;
}

export interface StepInputs {
  /** ξ ~ N(0, I), [chains × latentDim] row-major. */
  noise: Float32Array;
  /** log u, u ~ U[0, 1), one per chain; MALA only. */
  logUniform: Float32Array;
}

export function chainStep(
  method: SamplingMethod,
  energy: LatentEnergy,
  state: ChainState,
  stepSize: number,
  inputs: StepInputs,
): StepResult {
  return tf.tidy(() => {
    const proposal = langevinProposal(state.z, state.grad, stepSize, tf.tensor2d(inputs.noise, state.z.shape));
    const proposed = energy.valueAndGrad(proposal);
    if (method === 'langevin') return { z: proposal, ...proposed, accepted: tf.onesLike(proposed.energy).cast('bool') as tf.Tensor1D };
    const accepted = acceptMask(logAcceptance(state.z, state, proposal, proposed, stepSize), tf.tensor1d(inputs.logUniform));
    const acceptedRows = tf.expandDims(accepted, 1);
    return {
      z: tf.where(acceptedRows, proposal, state.z) as tf.Tensor2D,
      energy: tf.where(accepted, proposed.energy, state.energy) as tf.Tensor1D,
      grad: tf.where(acceptedRows, proposed.grad, state.grad) as tf.Tensor2D,
      accepted,
    };
  });
}
