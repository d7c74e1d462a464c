/**
 * The images the learned metric compares against, for the data kinds it applies to: `mnist` and
 * `stackedMnist` (the classifier knows MNIST digits only; other image data keeps the blob and ink
 * measures). The reference is the split the run does not train on, whole.
 */
import type { DataConfig } from '../../../shared/experiment/schema';
import type { Dataset } from '../../data/dataset';
import type { ImageSetDataset } from '../../data/imageSet';
import { createMnistDataset } from '../../data/mnist';
import { createStackedMnistDataset } from '../../data/stackedMnist';
import { BYTE_TO_UNIT } from '../../data/imageLayout';
import { Rng } from '../../random';
import { LEARNED_SAMPLES, type LearnedImageSources } from './learnedImageQuality';

/** Stacked MNIST's reference: this many triples of the other split, drawn once with a fixed seed. */
const STACKED_REFERENCE = 10_000;
/** The nearest-neighbour search covers the first this many training images (embedding all 60,000 would add about a minute to every run's start on two CPU cores). */
export const NEIGHBOUR_IMAGES = 10_000;

export function learnedSources(config: DataConfig, dataset: Dataset, experimentDir: string): LearnedImageSources | undefined {
  if (dataset.image === undefined) return undefined;
  const rng = new Rng(0x5eed).fork('learned-sources');
  const other = (split: 'train' | 'test') => (split === 'train' ? 'test' : 'train');
  switch (config.kind) {
    case 'mnist': {
      const reference = createMnistDataset({ ...config, split: other(config.split), limit: 0, labels: false }, experimentDir);
      const training = dataset as ImageSetDataset;
      return {
        shape: dataset.image,
        layout: 'digits',
        reference: allImages(reference, reference.count),
        training: dataset.sample(LEARNED_SAMPLES, rng),
        neighbours: {
          images: allImages(training, Math.min(training.count, NEIGHBOUR_IMAGES)),
          count: Math.min(training.count, NEIGHBOUR_IMAGES),
        },
      };
    }
    case 'stackedMnist': {
      const reference = createStackedMnistDataset({ ...config, split: other(config.split), limit: 0 }, experimentDir);
      return {
        shape: dataset.image,
        layout: 'stacked',
        reference: reference.sample(STACKED_REFERENCE, rng.fork('reference')),
        training: dataset.sample(LEARNED_SAMPLES, rng.fork('training')),
      };
    }
    default:
      return undefined;
  }
}

/** The first `count` images of a set, in order, as [−1, 1] values. */
function allImages(set: ImageSetDataset, count: number): Float32Array {
  const out = new Float32Array(count * set.dim);
  for (let i = 0; i < count; i++) {
    const bytes = set.imageBytes(i);
    for (let k = 0; k < set.dim; k++) out[i * set.dim + k] = BYTE_TO_UNIT[bytes[k]!]!;
  }
  return out;
}
