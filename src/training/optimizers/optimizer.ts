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

type Hyperparameters = { lr: number; beta1?: number; beta2?: number };

/** What every optimizer here shares: step counting, live settings, slot lifetime. */
export abstract class SlotOptimizer<H extends Hyperparameters> implements Optimizer {
  abstract readonly kind: string;
  iterations = 0;
  abstract readonly state: tf.Variable[];

  constructor(
    protected readonly params: tf.Variable[],
    protected readonly hp: H,
  ) {}

  /** Updates one parameter from its gradient (inside a tidy; `iterations` already counts this step). */
  protected abstract updateParameter(parameter: tf.Variable, gradient: tf.Tensor, index: number): void;

  apply(gradients: tf.Tensor[]): void {
    this.iterations++;
    tf.tidy(() => this.params.forEach((p, i) => this.updateParameter(p, gradients[i]!, i)));
  }

  update(settings: Partial<OptimizerSettings>): void {
    for (const key of ['lr', 'beta1', 'beta2'] as const) {
      const value = settings[key];
      if (value !== undefined && key in this.hp) (this.hp as Hyperparameters)[key] = value;
    }
  }

  settings(): OptimizerSettings {
    const { lr, beta1, beta2 }: Hyperparameters = this.hp;
    return { lr, ...(beta1 !== undefined && { beta1 }), ...(beta2 !== undefined && { beta2 }) };
  }

  restoreIterations(iterations: number): void {
    this.iterations = iterations;
  }

  dispose(): void {
    for (const s of this.state) s.dispose();
  }
}

/** PyTorch's momentum: buf = μ·buf + step, used as the step; no buffer means plain `step`. */
export function withMomentum(step: tf.Tensor, buffer: tf.Variable | undefined, momentum: number): tf.Tensor {
  if (!buffer) return step;
  const next = tf.add(tf.mul(buffer, momentum), step);
  buffer.assign(next);
  return next;
}
