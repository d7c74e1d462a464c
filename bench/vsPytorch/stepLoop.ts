/**
 * The trainer's step sequence without its recording ("bare"): per iteration k discriminator steps on
 * fresh real and latent batches, then one generator step, reading the losses every metricsEvery
 * steps as the trainer does — the project's own createGan and step functions, on the active backend.
 */
import * as tf from '@tensorflow/tfjs';
import type { Experiment } from '../../src/shared/experiment/schema';
import { createDataset } from '../../src/training/data/createDataset';
import type { Dataset } from '../../src/training/data/dataset';
import { createGan, type Gan } from '../../src/training/gan';
import { sampleLatent } from '../../src/training/latent';
import { Rng } from '../../src/training/random';
import { discriminatorStep, disposeStep, generatorStep, readStep } from '../../src/training/steps';
import { TrainingStreams } from '../../src/training/streams';
import { EXAMPLES } from './benchModels';

/** Image batches are drawn once into a pool: drawing shapes costs more than a step of a small net, and PyTorch's side uses a pool too. */
const IMAGE_POOL = 8;

/** Steps per second of wall-clock time and of the process's CPU time. */
export interface Rate {
  wall: number;
  cpu: number;
}

export class StepLoop {
  readonly gan: Gan;
  private readonly streams: TrainingStreams;
  private readonly dataset: Dataset;
  private readonly pool: Float32Array[] | undefined;
  step = 0;

  constructor(
    readonly config: Experiment,
    seed = config.seed,
  ) {
    const rng = new Rng(seed);
    this.dataset = createDataset(config.data, EXAMPLES);
    this.streams = new TrainingStreams(rng);
    this.gan = createGan(config, this.dataset, rng);
    const { batchSize } = config.schedule;
    this.pool = this.dataset.image
      ? Array.from({ length: IMAGE_POOL }, () => this.dataset.sample(batchSize, this.streams.data))
      : undefined;
  }

  private realBatch(): tf.Tensor2D {
    const { batchSize } = this.config.schedule;
    const values = this.pool ? this.pool[this.step % this.pool.length]! : this.dataset.sample(batchSize, this.streams.data);
    return tf.tensor2d(values, [batchSize, this.dataset.dim]);
  }

  private latentBatch(): tf.Tensor2D {
    const { batchSize } = this.config.schedule;
    const { latent } = this.config;
    return tf.tensor2d(sampleLatent(this.streams.noise, batchSize, latent), [batchSize, latent.dim]);
  }

  /** One iteration (k D steps, one G step), as Trainer.loop runs it minus the recording. */
  runStep(): void {
    this.step++;
    const context = { completedSteps: this.step - 1, rng: this.streams.regularization };
    let dResult: ReturnType<typeof discriminatorStep> | undefined;
    for (let j = 0; j < this.config.schedule.dStepsPerGStep; j++) {
      if (dResult) disposeStep(dResult);
      const real = this.realBatch();
      const z = this.latentBatch();
      dResult = discriminatorStep(this.gan, real, z, context);
      tf.dispose([real, z]);
    }
    const z = this.latentBatch();
    const gResult = generatorStep(this.gan, z, context);
    z.dispose();
    if (this.step % this.config.logging.metricsEvery === 0) {
      readStep(dResult!);
      readStep(gResult);
    } else {
      disposeStep(dResult!);
      disposeStep(gResult);
    }
  }

  /**
   * Steps per second over about `seconds` of wall time (at least `minSteps`), after `warmup`
   * untimed steps; also per second of this process's CPU time, which other jobs on a shared machine
   * disturb far less.
   */
  stepsPerSecond(seconds: number, warmup: number, minSteps = 3): Rate {
    for (let i = 0; i < warmup; i++) this.runStep();
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    const deadline = start + seconds * 1000;
    let steps = 0;
    let now = start;
    while (now < deadline || steps < minSteps) {
      this.runStep();
      steps++;
      now = performance.now();
    }
    const cpu = process.cpuUsage(cpuStart);
    return { wall: steps / ((now - start) / 1000), cpu: steps / ((cpu.user + cpu.system) / 1e6) };
  }

  dispose(): void {
    this.gan.dispose();
  }
}

/** `steps` iterations from a fresh GAN; returns the seconds they took (the trainer's loop, bare). */
export function timeSteps(config: Experiment, steps: number): number {
  const loop = new StepLoop(config);
  const start = performance.now();
  for (let i = 0; i < steps; i++) loop.runStep();
  const seconds = (performance.now() - start) / 1000;
  loop.dispose();
  return seconds;
}
