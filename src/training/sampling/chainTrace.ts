/**
 * What a sampling run keeps of its chains, read back from the backend once per recorded step as
 * one packed array (every read is a sync point, so nothing else is read).
 */
import * as tf from '@tensorflow/tfjs';

export interface RecordOptions {
  /** Record every n-th step; the last step is always recorded. Default 1. */
  every?: number;
  /** Keep the paths of the first k chains (for plotting latent paths). Default 0. */
  pathChains?: number;
  /** Keep every chain's energy at each recorded step. Default false. */
  energies?: boolean;
}

export interface ChainTrace {
  /** The recorded steps, 1-based (step s is the state after s transitions). */
  steps: Int32Array;
  /** Mean energy over chains at each recorded step. */
  meanEnergy: Float64Array;
  /** Share of chains whose proposal was accepted on that step (always 1 for Langevin). */
  acceptanceRate: Float64Array;
  /** [recorded steps × chains] when `energies` was asked for, else null. */
  energies: Float32Array | null;
  pathChains: number;
  /** [(recorded steps + 1) × pathChains × latentDim]: block 0 is the start, block r + 1 is steps[r]. */
  paths: Float32Array;
}

export class TraceRecorder {
  private readonly every: number;
  private readonly pathChains: number;
  private readonly keepEnergies: boolean;
  private readonly steps: number[] = [];
  private readonly meanEnergy: number[] = [];
  private readonly acceptanceRate: number[] = [];
  private readonly energies: Float32Array[] = [];
  private readonly paths: Float32Array[] = [];

  constructor(
    private readonly chains: number,
    private readonly latentDim: number,
    private readonly totalSteps: number,
    options: RecordOptions,
  ) {
    this.every = options.every ?? 1;
    this.pathChains = options.pathChains ?? 0;
    this.keepEnergies = options.energies ?? false;
    if (!(Number.isInteger(this.every) && this.every >= 1)) {
      throw new RangeError(`record.every must be a positive integer, got ${this.every}`);
    }
    if (!(Number.isInteger(this.pathChains) && this.pathChains >= 0 && this.pathChains <= chains)) {
      throw new RangeError(`record.pathChains must be an integer from 0 to ${chains} (the chains), got ${this.pathChains}`);
    }
  }

  recordStart(z: tf.Tensor2D): void {
    if (this.pathChains === 0) return;
    const rows = this.pathRows(z);
    this.paths.push((rows.dataSync() as Float32Array).slice());
    rows.dispose();
  }

  wants(step: number): boolean {
    return step % this.every === 0 || step === this.totalSteps;
  }

  /** `accepted`: [chains] bool, which chains moved on this step. */
  record(step: number, z: tf.Tensor2D, energy: tf.Tensor1D, accepted: tf.Tensor1D): void {
    const packed = tf.tidy(() => {
      const parts: tf.Tensor1D[] = [tf.reshape(tf.mean(energy), [1]), tf.reshape(tf.mean(tf.cast(accepted, 'float32')), [1])];
      if (this.keepEnergies) parts.push(energy);
      if (this.pathChains > 0) parts.push(this.pathRows(z));
      return tf.concat(parts);
    });
    const values = packed.dataSync() as Float32Array;
    packed.dispose();
    this.steps.push(step);
    this.meanEnergy.push(values[0]!);
    this.acceptanceRate.push(values[1]!);
    let offset = 2;
    if (this.keepEnergies) {
      this.energies.push(values.slice(offset, offset + this.chains));
      offset += this.chains;
    }
    if (this.pathChains > 0) this.paths.push(values.slice(offset));
  }

  finish(): ChainTrace {
    return {
      steps: Int32Array.from(this.steps),
      meanEnergy: Float64Array.from(this.meanEnergy),
      acceptanceRate: Float64Array.from(this.acceptanceRate),
      energies: this.keepEnergies ? concatenate(this.energies) : null,
      pathChains: this.pathChains,
      paths: concatenate(this.paths),
    };
  }

  private pathRows(z: tf.Tensor2D): tf.Tensor1D {
    return tf.tidy(() => tf.reshape(tf.slice(z, [0, 0], [this.pathChains, this.latentDim]), [-1]));
  }
}

function concatenate(blocks: Float32Array[]): Float32Array {
  const out = new Float32Array(blocks.reduce((n, b) => n + b.length, 0));
  let offset = 0;
  for (const b of blocks) {
    out.set(b, offset);
    offset += b.length;
  }
  return out;
}
