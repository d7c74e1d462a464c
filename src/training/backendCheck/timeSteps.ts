/**
 * Times training steps of an experiment's own model on the active backend: the trainer's step
 * sequence (k discriminator steps, then one generator step) without its recording. A few warm-up
 * steps go first (webgpu compiles its shaders, every backend allocates), then steps are timed until
 * at least MIN_TIMED_STEPS and MIN_SECONDS, reading the losses every SYNC_EVERY steps and at the
 * end so that a GPU's queued work is inside the time. Real batches are drawn before the timing into a small pool: data
 * is drawn on the CPU alike for every backend, and the check compares the backends.
 */
import * as tf from '@tensorflow/tfjs';
import type { Experiment } from '../../shared/experiment/schema';
import type { Dataset } from '../data/dataset';
import { createGan } from '../gan';
import { oneHot, sampleLabels } from '../labels';
import { sampleLatent } from '../latent';
import { Rng } from '../random';
import { discriminatorStep, disposeStep, generatorStep, readStepAsync, type StepResult } from '../steps';

export const WARMUP_STEPS = 3;
export const MIN_TIMED_STEPS = 5;
export const MIN_SECONDS = 1;
export const MAX_TIMED_STEPS = 500;
const POOL = 4;
const SYNC_EVERY = 10;

export interface StepTiming {
  stepsPerSecond: number;
  timedSteps: number;
  warmupSteps: number;
}

interface Batch {
  x: Float32Array;
  labels?: Int32Array;
}

export async function timeTrainingSteps(
  config: Experiment,
  dataset: Dataset,
  now: () => number = () => performance.now(),
): Promise<StepTiming> {
  const rng = new Rng(config.seed);
  const gan = createGan(config, dataset, rng);
  const { batchSize, dStepsPerGStep: k } = config.schedule;
  const classes = gan.classes;
  const pool: Batch[] = Array.from({ length: POOL }, () => {
    if (classes === undefined) return { x: dataset.sample(batchSize, rng) };
    if (!dataset.sampleLabeled) throw new Error(`"conditional" needs labelled data, and this ${dataset.kind} data has no labels`);
    return dataset.sampleLabeled(batchSize, rng);
  });
  let drawn = 0;
  const latent = () => tf.tensor2d(sampleLatent(rng, batchSize, config.latent), [batchSize, config.latent.dim]);
  const step = (): StepResult => {
    let d: StepResult | undefined;
    for (let j = 0; j < k; j++) {
      if (d) disposeStep(d);
      const batch = pool[drawn++ % POOL]!;
      const real = tf.tensor2d(batch.x, [batchSize, dataset.dim]);
      const z = latent();
      const labels = batch.labels && {
        real: oneHot(batch.labels, classes!),
        fake: oneHot(sampleLabels(rng, batchSize, classes!), classes!),
      };
      d = discriminatorStep(gan, real, z, {}, labels);
      tf.dispose([real, z, ...(labels ? [labels.real, labels.fake] : [])]);
    }
    disposeStep(d!);
    const z = latent();
    const fakeLabels = classes === undefined ? undefined : oneHot(sampleLabels(rng, batchSize, classes), classes);
    const g = generatorStep(gan, z, {}, fakeLabels);
    tf.dispose([z, ...(fakeLabels ? [fakeLabels] : [])]);
    return g;
  };
  try {
    for (let i = 0; i < WARMUP_STEPS; i++) await readStepAsync(step());
    const start = now();
    let timed = 0;
    let pending: StepResult | undefined;
    while (timed < MAX_TIMED_STEPS && (timed < MIN_TIMED_STEPS || now() - start < MIN_SECONDS * 1000)) {
      if (pending) disposeStep(pending);
      pending = step();
      timed++;
      // A GPU backend queues work: reading now and then keeps the clock on what was computed.
      if (timed % SYNC_EVERY === 0) {
        await readStepAsync(pending);
        pending = undefined;
      }
    }
    if (pending) await readStepAsync(pending);
    const seconds = (now() - start) / 1000;
    return { stepsPerSecond: timed / seconds, timedSteps: timed, warmupSteps: WARMUP_STEPS };
  } finally {
    gan.dispose();
  }
}
