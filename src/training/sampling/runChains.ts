/**
 * Runs Langevin or MALA chains in latent space (gan-theory.md §2, "Sampling in latent space after
 * training"), one chain per row of the start, all chains advancing together as tensors. The noise
 * and the uniforms come from the caller's Rng, so a seed fixes the chains, and a run continued
 * from its final z with the same Rng is the same as one longer run.
 */
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../random';
import { chainStep, type ChainState, type SamplingMethod } from './chainStep';
import { TraceRecorder, type ChainTrace, type RecordOptions } from './chainTrace';
import type { LatentEnergy } from './latentEnergy';

export interface ChainOptions {
  energy: LatentEnergy;
  method: SamplingMethod;
  /** ε in z̃ = z − ε·∇E(z) + sqrt(2ε)·ξ. */
  stepSize: number;
  steps: number;
  chains: number;
  /** The starting points, [chains × latentDim] row-major. */
  start: Float32Array;
  rng: Rng;
  record?: RecordOptions;
  /** Called after each transition (progress; the chains run synchronously). */
  onStep?: (step: number) => void;
}

export interface ChainRun {
  method: SamplingMethod;
  stepSize: number;
  steps: number;
  chains: number;
  latentDim: number;
  /** E at the start, per chain. */
  startEnergies: Float32Array;
  trace: ChainTrace;
  /** [chains × latentDim] row-major. */
  finalZ: Float32Array;
  finalEnergies: Float32Array;
  /** Accepted proposals over all proposals, every step counted (1 for Langevin). */
  acceptanceRate: number;
}

export function runChains(options: ChainOptions): ChainRun {
  const { energy, method, stepSize, steps, chains, start, rng } = options;
  const latentDim = checkShape(options);
  const recorder = new TraceRecorder(chains, latentDim, steps, options.record ?? {});

  let state = startState(energy, start, chains, latentDim);
  const startEnergies = state.energy.dataSync().slice() as Float32Array;
  const badChain = startEnergies.findIndex((e) => !Number.isFinite(e));
  if (badChain >= 0) {
    disposeState(state);
    throw new RangeError(`the energy at the start of chain ${badChain} is ${startEnergies[badChain]}; start every chain where E is finite`);
  }
  recorder.recordStart(state.z);

  let acceptedTotal = tf.scalar(0, 'int32');
  try {
    const inputs = { noise: new Float32Array(chains * latentDim), logUniform: new Float32Array(chains) };
    for (let step = 1; step <= steps; step++) {
      rng.fillNormal(inputs.noise);
      if (method === 'mala') for (let i = 0; i < chains; i++) inputs.logUniform[i] = Math.log(rng.next());
      const next = chainStep(method, energy, state, stepSize, inputs);
      disposeState(state);
      state = next;
      const total = tf.tidy(() => tf.add(acceptedTotal, tf.sum(tf.cast(next.accepted, 'int32'))) as tf.Scalar);
      acceptedTotal.dispose();
      acceptedTotal = total;
      if (recorder.wants(step)) recorder.record(step, next.z, next.energy, next.accepted);
      next.accepted.dispose();
      options.onStep?.(step);
    }
    return {
      method,
      stepSize,
      steps,
      chains,
      latentDim,
      startEnergies,
      trace: recorder.finish(),
      finalZ: state.z.dataSync().slice() as Float32Array,
      finalEnergies: state.energy.dataSync().slice() as Float32Array,
      acceptanceRate: steps === 0 ? 1 : acceptedTotal.dataSync()[0]! / (steps * chains),
    };
  } finally {
    disposeState(state);
    acceptedTotal.dispose();
  }
}

function startState(energy: LatentEnergy, start: Float32Array, chains: number, latentDim: number): ChainState {
  const z = tf.tensor2d(start, [chains, latentDim]);
  try {
    return { z, ...energy.valueAndGrad(z) };
  } catch (e) {
    z.dispose();
    throw e;
  }
}

function disposeState(state: ChainState): void {
  tf.dispose([state.z, state.energy, state.grad]);
}

/** Validates the options and returns the latent dimension. */
function checkShape({ stepSize, steps, chains, start }: ChainOptions): number {
  if (!(stepSize > 0 && Number.isFinite(stepSize))) throw new RangeError(`stepSize must be a positive number, got ${stepSize}`);
  if (!(Number.isInteger(steps) && steps >= 0)) throw new RangeError(`steps must be a non-negative integer, got ${steps}`);
  if (!(Number.isInteger(chains) && chains >= 1)) throw new RangeError(`chains must be a positive integer, got ${chains}`);
  if (start.length === 0 || start.length % chains !== 0) {
    throw new RangeError(`start has ${start.length} values, not a whole number of rows for ${chains} chains`);
  }
  return start.length / chains;
}
