/**
 * The learned image metric of MNIST-like runs: the MNIST classifier's penultimate features and
 * class probabilities of generated images, compared with those of reference images.
 *
 * - Reference: the other split of the data (the 10,000 test images for a run on the training
 *   images), all of it; Stacked MNIST: 10,000 triples of it drawn once with a fixed seed.
 * - Every quality interval scores LEARNED_SAMPLES generated images: Fréchet distance to the
 *   reference's Gaussian fit, KID against the reference, precision and recall against the first
 *   LEARNED_SAMPLES reference images (k = 3), classes covered, class KL and the classifier score;
 *   Stacked MNIST: each channel classified, modes (triples) covered of 1,000 and their KL.
 * - Real references, computed once per run: the same measures on LEARNED_SAMPLES training images
 *   (the floor a perfect generator reaches with this many samples) and, for the Fréchet distance,
 *   on uniform noise images.
 * - Stacked MNIST's features are the three channels' features side by side (3 × FEATURE_DIM).
 */
import type { ClassHistogram, ImageShape, QualityMetrics } from '../../../shared/runFormat';
import { Rng } from '../../random';
import { classStatistics, labelAgreement, stackedModeStatistics } from '../statistics/classStatistics';
import { frechetDistance } from '../statistics/frechetDistance';
import { gaussianFit, type GaussianStatistics } from '../statistics/gaussianFit';
import { kernelDistance } from '../statistics/kernelDistance';
import { precisionRecall } from '../statistics/precisionRecall';
import { FEATURE_DIM, loadMnistClassifier, toClassifierImages, type MnistClassifier } from './mnistClassifier';

/** Generated images scored at every quality interval; the Fréchet distance and KID depend on it. */
export const LEARNED_SAMPLES = 2000;
/** Nearest neighbours of each fixed tile shown in the memorisation check. */
export const NEAREST_COUNT = 5;
const PRECISION_RECALL_K = 3;

/** What the metric needs from the data: MNIST digits (one channel) or Stacked MNIST (three). */
export interface LearnedImageSources {
  shape: ImageShape;
  /** 'digits': one MNIST digit an image; 'stacked': three, as the R, G and B channels. */
  layout: 'digits' | 'stacked';
  /** The reference images (row-major, the data's shape, values in [−1, 1]). */
  reference: Float32Array;
  /** LEARNED_SAMPLES training images for the real-data levels. */
  training: Float32Array;
  /** The training images searched for nearest neighbours, and how many there are (none for Stacked MNIST, whose stacks are drawn afresh). */
  neighbours?: { images: Float32Array; count: number };
}

export interface LearnedScore {
  metrics: QualityMetrics;
  classes: ClassHistogram;
}

interface Embedded {
  features: Float32Array;
  /** One n × 10 matrix per channel (one for digits, three for Stacked MNIST). */
  probabilities: Float32Array[];
}

export class LearnedImageQuality {
  private constructor(
    private readonly classifier: MnistClassifier,
    private readonly sources: LearnedImageSources,
    private readonly reference: { statistics: GaussianStatistics; features: Float32Array; subset: Float32Array },
    private readonly neighbours: Float32Array | undefined,
    private readonly realLevels: QualityMetrics,
  ) {}

  /** Loads the classifier and embeds the reference, training and noise images (seconds on a CPU). */
  static async create(sources: LearnedImageSources, seed: number): Promise<LearnedImageQuality> {
    const classifier = await loadMnistClassifier();
    try {
      const dim = featureDim(sources);
      const reference = await embed(classifier, sources, sources.reference);
      const statistics = gaussianFit(reference.features, dim);
      const subsetRows = Math.min(LEARNED_SAMPLES, reference.features.length / dim);
      const subset = reference.features.subarray(0, subsetRows * dim);
      const neighbours = sources.neighbours && (await embed(classifier, sources, sources.neighbours.images)).features;
      const quality = new LearnedImageQuality(classifier, sources, { statistics, features: reference.features, subset }, neighbours, {});
      const training = await embed(classifier, sources, sources.training);
      const real = quality.score(training, new Rng(seed).fork('learned-real'));
      const noise = await embed(
        classifier,
        sources,
        noiseImages(sources, training.features.length / dim, new Rng(seed).fork('learned-noise')),
      );
      const levels: QualityMetrics = {
        realFrechetDistance: frechetDistance(gaussianFit(training.features, dim), statistics),
        noiseFrechetDistance: frechetDistance(gaussianFit(noise.features, dim), statistics),
        realKernelDistance: real.metrics.kernelDistance!,
        realPrecision: real.metrics.precision!,
        realRecall: real.metrics.recall!,
        ...(real.metrics.classifierScore !== undefined && { realClassifierScore: real.metrics.classifierScore }),
        ...(real.metrics.stackedModesCovered !== undefined && { realStackedModesCovered: real.metrics.stackedModesCovered }),
      };
      Object.assign(quality.realLevels, levels);
      return quality;
    } catch (error) {
      classifier.dispose();
      throw error;
    }
  }

  /**
   * The learned measures of `fake` (row-major images of the data's shape); with `requested`, the
   * class each image was generated for (conditional runs), also the label agreement.
   */
  async evaluate(fake: Float32Array, seed: Rng, requested?: Int32Array): Promise<LearnedScore> {
    const embedded = await embed(this.classifier, this.sources, fake);
    const score = this.score(embedded, seed);
    const dim = featureDim(this.sources);
    score.metrics.frechetDistance = frechetDistance(gaussianFit(embedded.features, dim), this.reference.statistics);
    if (requested !== undefined && this.sources.layout === 'digits')
      score.metrics.labelAgreement = labelAgreement(embedded.probabilities[0]!, 10, requested);
    Object.assign(score.metrics, this.realLevels);
    return score;
  }

  /**
   * The `count` nearest training images of each image in feature space, nearest first, as images
   * (row-major, the data's shape) with their distances; undefined where there are no neighbours.
   */
  async nearest(images: Float32Array, count = NEAREST_COUNT): Promise<{ images: Float32Array; distances: number[][] } | undefined> {
    const pool = this.sources.neighbours;
    if (pool === undefined || this.neighbours === undefined) return undefined;
    const dim = featureDim(this.sources);
    const query = (await embed(this.classifier, this.sources, images)).features;
    const k = Math.min(count, pool.count);
    const found = nearestRows(query, this.neighbours, dim, k);
    const { height, width, channels } = this.sources.shape;
    const size = height * width * channels;
    const out = new Float32Array(found.indices.length * k * size);
    found.indices.flat().forEach((index, i) => out.set(pool.images.subarray(index * size, (index + 1) * size), i * size));
    return { images: out, distances: found.distances };
  }

  dispose(): void {
    this.classifier.dispose();
  }

  private score(embedded: Embedded, rng: Rng): LearnedScore {
    const dim = featureDim(this.sources);
    const kid = kernelDistance(embedded.features, this.reference.features, dim, { rng });
    const { precision, recall } = precisionRecall(this.reference.subset, embedded.features, dim, PRECISION_RECALL_K);
    const metrics: QualityMetrics = { kernelDistance: kid.mean, kernelDistanceStd: kid.std, precision, recall };
    if (this.sources.layout === 'stacked') {
      const [r, g, b] = embedded.probabilities as [Float32Array, Float32Array, Float32Array];
      const modes = stackedModeStatistics(r, g, b);
      Object.assign(metrics, { stackedModesCovered: modes.covered, stackedModesTotal: modes.total, stackedKl: modes.kl });
      return { metrics, classes: { names: modeNames(1000, 3), counts: modes.histogram } };
    }
    const classes = classStatistics(embedded.probabilities[0]!, 10);
    Object.assign(metrics, { classesCovered: classes.covered, classesTotal: 10, classKl: classes.kl, classifierScore: classes.score });
    return { metrics, classes: { names: modeNames(10, 1), counts: classes.histogram } };
  }
}

function featureDim(sources: LearnedImageSources): number {
  return sources.layout === 'stacked' ? 3 * FEATURE_DIM : FEATURE_DIM;
}

const modeNames = (count: number, digits: number) => Array.from({ length: count }, (_, i) => String(i).padStart(digits, '0'));

/** The classifier's view of images of the data's shape: each channel a digit for Stacked MNIST. */
async function embed(classifier: MnistClassifier, sources: LearnedImageSources, images: Float32Array): Promise<Embedded> {
  const { shape } = sources;
  if (sources.layout === 'digits') {
    const out = await classifier.embed(toClassifierImages(images, shape));
    return { features: out.features, probabilities: [out.probabilities] };
  }
  const channels = shape.channels;
  const parts = [];
  for (let c = 0; c < channels; c++) parts.push(await classifier.embed(toClassifierImages(images, shape, c)));
  const n = parts[0]!.features.length / FEATURE_DIM;
  const features = new Float32Array(n * channels * FEATURE_DIM);
  for (let i = 0; i < n; i++)
    parts.forEach((part, c) =>
      features.set(part.features.subarray(i * FEATURE_DIM, (i + 1) * FEATURE_DIM), (i * channels + c) * FEATURE_DIM),
    );
  return { features, probabilities: parts.map((p) => p.probabilities) };
}

/** Uniform noise images on [−1, 1], the level of a generator that learned nothing. */
function noiseImages(sources: LearnedImageSources, count: number, rng: Rng): Float32Array {
  const { height, width, channels } = sources.shape;
  return rng.fillUniform(new Float32Array(count * height * width * channels), -1, 1);
}

/** For each query row, the `k` nearest rows of `base` (Euclidean), nearest first. */
export function nearestRows(
  query: Float32Array,
  base: Float32Array,
  dim: number,
  k: number,
): { indices: number[][]; distances: number[][] } {
  const nq = query.length / dim;
  const nb = base.length / dim;
  const indices: number[][] = [];
  const distances: number[][] = [];
  for (let q = 0; q < nq; q++) {
    const best: { index: number; d: number }[] = [];
    for (let b = 0; b < nb; b++) {
      let d = 0;
      for (let j = 0; j < dim; j++) {
        const diff = query[q * dim + j]! - base[b * dim + j]!;
        d += diff * diff;
      }
      if (best.length < k || d < best[best.length - 1]!.d) {
        best.push({ index: b, d });
        best.sort((x, y) => x.d - y.d);
        if (best.length > k) best.pop();
      }
    }
    indices.push(best.map((x) => x.index));
    distances.push(best.map((x) => Math.round(Math.sqrt(x.d) * 1000) / 1000));
  }
  return { indices, distances };
}
