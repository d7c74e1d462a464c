/**
 * The learned image metric in a run: LEARNED_SAMPLES generated images scored at every samples
 * interval (for a conditional run, asked for uniformly drawn classes, so label agreement is
 * measured too), and for each tile of the fixed grid its nearest training images in feature space,
 * written as `samples/step-<step>-nearest.png` (one row per tile, nearest first).
 */
import { writeFileAtomic } from '../../shared/atomicFile';
import type { Experiment } from '../../shared/experiment/schema';
import { RUN_FILES, type ClassHistogram, type ImageSamples, type QualityMetrics } from '../../shared/runFormat';
import type { Dataset } from '../data/dataset';
import type { Gan } from '../gan';
import { sampleLatent } from '../latent';
import { LEARNED_SAMPLES, LearnedImageQuality, NEAREST_COUNT } from '../quality/learned/learnedImageQuality';
import { learnedSources } from '../quality/learned/learnedSources';
import type { Rng } from '../random';
import { stepName, type RunDirectory } from '../run/runDirectory';
import { generateAsync } from './evaluate';
import { encodeImageGrid } from './imageGrid';

/** Images generated per forward pass: bounds the generator's activations. */
const GENERATE_BATCH = 250;

export const nearestGridPath = (step: number) => `${RUN_FILES.samples}/${stepName(step)}-nearest.png`;

export class LearnedQualityRecorder {
  private constructor(
    private readonly quality: LearnedImageQuality,
    private readonly latent: Experiment['latent'],
    private readonly dataset: Dataset,
  ) {}

  /** The recorder for an MNIST-like run (the classifier loaded, the references embedded), else undefined. */
  static async create(config: Experiment, dataset: Dataset, experimentDir: string): Promise<LearnedQualityRecorder | undefined> {
    const sources = learnedSources(config.data, dataset, experimentDir);
    if (sources === undefined) return undefined;
    return new LearnedQualityRecorder(await LearnedImageQuality.create(sources, config.seed), config.latent, dataset);
  }

  async score(gan: Gan, rng: Rng): Promise<{ metrics: QualityMetrics; classes: ClassHistogram }> {
    const z = sampleLatent(rng, LEARNED_SAMPLES, this.latent);
    const labels = gan.classes === undefined ? undefined : Int32Array.from({ length: LEARNED_SAMPLES }, () => rng.int(gan.classes!));
    const size = this.dataset.dim;
    const fake = new Float32Array(LEARNED_SAMPLES * size);
    for (let start = 0; start < LEARNED_SAMPLES; start += GENERATE_BATCH) {
      const end = Math.min(LEARNED_SAMPLES, start + GENERATE_BATCH);
      const images = await generateAsync(gan, z.subarray(start * gan.latentDim, end * gan.latentDim), labels?.subarray(start, end));
      fake.set(images, start * size);
    }
    const score = await this.quality.evaluate(fake, rng, labels);
    // A diverged generator (NaN images) makes measures NaN; JSON cannot hold them, so they are left out.
    const metrics = Object.fromEntries(Object.entries(score.metrics).filter(([, v]) => Number.isFinite(v))) as QualityMetrics;
    return { metrics, classes: score.classes };
  }

  /** Writes the nearest training images of each of `tiles` (the fixed grid's images) and returns what the samples record names. */
  async nearest(dir: RunDirectory, step: number, tiles: Float32Array): Promise<ImageSamples['nearest']> {
    const found = await this.quality.nearest(tiles, NEAREST_COUNT);
    if (found === undefined || this.dataset.image === undefined) return undefined;
    const count = found.distances[0]?.length ?? 0;
    const png = nearestGridPath(step);
    writeFileAtomic(dir.file(png), encodeImageGrid(found.images, found.distances.length * count, this.dataset.image, count));
    return { png, count, distances: found.distances };
  }

  dispose(): void {
    this.quality.dispose();
  }
}
