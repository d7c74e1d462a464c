import * as tf from '@tensorflow/tfjs';
import { createVariable, logicalName } from '../models/variables';

/** Hyper-parameters an optimizer exposes for live edits. */
export interface OptimizerSettings {
  lr: number;
  beta1?: number;
  beta2?: number;
}

/**
 * Updates a fixed list of variables from their gradients. Written here (not tf.train) so that
 * learning rates and betas can change mid-run and the full state can be checkpointed.
 */
export interface Optimizer {
  readonly kind: string;
  /** Number of updates applied so far. */
  readonly iterations: number;
  apply(gradients: tf.Tensor[]): void;
  update(settings: Partial<OptimizerSettings>): void;
  settings(): OptimizerSettings;
  /** Slot variables (moments, velocities), named, for checkpoints. */
  readonly state: tf.Variable[];
  /** Restores `iterations` after a checkpoint load (slot values are assigned by the caller). */
  restoreIterations(iterations: number): void;
  dispose(): void;
}

/** A zero-initialised slot variable shaped like `v`. */
export function slotFor(v: tf.Variable, slot: string): tf.Variable {
  return createVariable(tf.zerosLike(v), false, `${logicalName(v)}/${slot}`);
}
