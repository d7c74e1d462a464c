/**
 * The random streams a training loop draws from after the networks are built. Their states go into
 * every checkpoint, so a resumed run draws exactly what the uninterrupted run would have drawn.
 */
import { Rng, type RngState } from './random';

export const STREAM_NAMES = ['data', 'noise', 'regularization', 'evaluation'] as const;
export type StreamName = (typeof STREAM_NAMES)[number];
export type StreamStates = Record<StreamName, RngState>;

export class TrainingStreams {
  /** Real batches. */
  readonly data: Rng;
  /** Latent batches of the training steps. */
  readonly noise: Rng;
  /** WGAN-GP's interpolation weights and instance noise. */
  readonly regularization: Rng;
  /** Batches drawn for histograms, samples and quality metrics. */
  readonly evaluation: Rng;

  constructor(root: Rng) {
    this.data = root.fork('data');
    this.noise = root.fork('noise');
    this.regularization = root.fork('regularization');
    this.evaluation = root.fork('evaluation');
  }

  states(): StreamStates {
    return {
      data: this.data.getState(),
      noise: this.noise.getState(),
      regularization: this.regularization.getState(),
      evaluation: this.evaluation.getState(),
    };
  }

  restore(states: StreamStates): void {
    for (const name of STREAM_NAMES) this[name].setState(states[name]);
  }
}

/** Whether `value` (read from a checkpoint) holds a state for every stream. */
export function isStreamStates(value: unknown): value is StreamStates {
  if (typeof value !== 'object' || value === null) return false;
  return STREAM_NAMES.every((name) => {
    const state = (value as Record<string, unknown>)[name];
    if (typeof state !== 'object' || state === null) return false;
    const s = state as Record<string, unknown>;
    return ['a', 'b', 'c', 'd'].every((k) => Number.isInteger(s[k])) && (s.spareNormal === null || typeof s.spareNormal === 'number');
  });
}
