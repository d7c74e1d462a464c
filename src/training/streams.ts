/**
 * The random streams a training loop draws from after the networks are built. Their states go into
 * every checkpoint, so a resumed run draws exactly what the uninterrupted run would have drawn.
 */
import { CHECKPOINT_STREAMS } from '../shared/runDirectory/checkpointManifestCheck';
import { Rng, type RngState } from './random';

/** The streams, as checkpoint.json names them (checked there field by field). */
export const STREAM_NAMES = CHECKPOINT_STREAMS;
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
