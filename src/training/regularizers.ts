/**
 * The parts of the objective that act outside the loss formulas: instance noise on D's inputs,
 * weight clipping after D's update, and the random draws they and WGAN-GP need (from a seeded
 * stream, so the same seed gives the same run).
 */
import * as tf from '@tensorflow/tfjs';
import { findRegularizer } from '../shared/experiment/objective';
import type { Objective } from './gan';
import type { Rng } from './random';

/**
 * Instance noise std for the step after `completedSteps` generator steps: `std` at the first step,
 * falling linearly to 0 at step annealSteps + 1 and staying there; 0 without instance noise.
 */
export function instanceNoiseStd(objective: Objective, completedSteps: number): number {
  const noise = findRegularizer(objective.regularizers, 'instanceNoise');
  if (!noise) return 0;
  return noise.std * Math.max(0, 1 - completedSteps / noise.annealSteps);
}

/** `x` plus N(0, std²) noise drawn from `rng` (a new tensor; a copy of `x` when std is 0). */
export function addNoise(x: tf.Tensor2D, std: number, rng: Rng): tf.Tensor2D {
  if (std <= 0) return x.clone();
  const noise = rng.fillNormal(new Float32Array(x.size));
  return tf.tidy(() => tf.add(x, tf.mul(tf.tensor2d(noise, x.shape), std)));
}

/** One value of U[0, 1] per row, shape [n, 1] (WGAN-GP's interpolation weights). */
export function uniformColumn(n: number, rng: Rng): tf.Tensor2D {
  return tf.tensor2d(rng.fillUniform(new Float32Array(n), 0, 1), [n, 1]);
}

/** The weight-clipping bound of the objective's loss, if it clips (wgan, neuralDistance). */
export function clipBound(objective: Objective): number | undefined {
  const loss = objective.loss;
  return loss.kind === 'wgan' || loss.kind === 'neuralDistance' ? loss.clip : undefined;
}

/** Clips every variable to [−clip, clip] in place. */
export function clipWeights(variables: readonly tf.Variable[], clip: number): void {
  tf.tidy(() => {
    for (const v of variables) v.assign(tf.clipByValue(v, -clip, clip));
  });
}
