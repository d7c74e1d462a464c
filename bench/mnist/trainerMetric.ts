/**
 * The trainer's learned MNIST metric (src/training/quality/learned/) as bench/mnistScore.ts applies
 * it to sample files: built from an experiment's data as a run of that experiment builds it
 * (learnedSources, LearnedImageQuality.create with the run's seed), so images from PyTorch and a
 * run's quality.jsonl are scored against the same reference images with the same levels.
 */
import { dirname } from 'node:path';
import type { Experiment } from '../../src/shared/experiment/schema';
import { createDataset } from '../../src/training/data/createDataset';
import { loadExperiment } from '../../src/training/loadExperiment';
import { LearnedImageQuality, type LearnedScore } from '../../src/training/quality/learned/learnedImageQuality';
import { learnedSources } from '../../src/training/quality/learned/learnedSources';
import { Rng } from '../../src/training/random';

export interface SampleScorer {
  /** The seed the real-data levels were computed with (a run's `seed`). */
  readonly seed: number;
  /** Generated images (row-major, the data's shape, values in [−1, 1]) scored as at one quality interval of a run. */
  score(images: Float32Array): Promise<LearnedScore>;
  dispose(): void;
}

/** The metric of `experimentFile` (MNIST or Stacked MNIST data), for a run with `seed` (default: the experiment's). */
export async function createSampleScorer(experimentFile: string, seed?: number): Promise<SampleScorer> {
  const config: Experiment = loadExperiment(experimentFile);
  const runSeed = seed ?? config.seed;
  const experimentDir = dirname(experimentFile);
  const sources = learnedSources(config.data, createDataset(config.data, experimentDir), experimentDir);
  if (sources === undefined) throw new Error(`${experimentFile}: the learned metric applies to mnist and stackedMnist data only`);
  // The nearest-neighbour search is for the dashboard's tiles; scoring does not need its embeddings.
  const quality = await LearnedImageQuality.create({ ...sources, neighbours: undefined }, runSeed);
  // KID's subsets are drawn from this stream (a run draws them from its evaluation stream).
  const rng = new Rng(runSeed).fork('mnist-score');
  return {
    seed: runSeed,
    score: (images) => quality.evaluate(images, rng),
    dispose: () => quality.dispose(),
  };
}
