import type { DataConfig } from '../../shared/experiment/schema';
import type { ImageShape } from '../../shared/runFormat';
import type { Rng } from '../random';
import type { ClassInfo, Dataset, LabeledBatch } from './dataset';
import { idxImageSet } from './idx';
import { BYTE_TO_UNIT, imageFields } from './imageLayout';
import type { ImageSetDataset } from './imageSet';
import { MNIST_DIGITS, readMnistSplit } from './mnist';
import { lookUpMnist } from './mnistFiles';

export type StackedMnistConfig = Extract<DataConfig, { kind: 'stackedMnist' }>;

export interface StackedMnistDataset extends Dataset {
  readonly image: ImageShape;
  readonly classes: ClassInfo;
  /** The grayscale digits the channels are drawn from (the split's first `limit` images). */
  readonly digits: ImageSetDataset;
  sampleLabeled(n: number, rng: Rng): LabeledBatch;
}

/** 10³ classes "000" … "999": the red, green and blue digit. */
const STACKED_CLASSES: ClassInfo = {
  names: Array.from({ length: MNIST_DIGITS ** 3 }, (_, label) => String(label).padStart(3, '0')),
};

/**
 * Stacked MNIST (VEEGAN, Srivastava et al. 2017; PacGAN, Lin et al. 2018): each sample draws three
 * MNIST images independently and uniformly, in the order red, green, blue, and puts them in its
 * three channels; its class is 100·red + 10·green + blue digit. The digits are read once (and each
 * scaled once, on first use); the stacks are composed at draw time.
 */
export function createStackedMnistDataset(config: StackedMnistConfig, experimentDir: string, lookUp = lookUpMnist): StackedMnistDataset {
  const source = readMnistSplit('stackedMnist', config.split, true, experimentDir, lookUp);
  const digits = idxImageSet('stackedMnist', source, { size: config.size, limit: config.limit, classCount: MNIST_DIGITS });
  const digitOf = source.labels!.values;
  const shape: ImageShape = { height: config.size, width: config.size, channels: 3 };
  const fields = imageFields(shape);
  const { dim } = fields;
  const area = config.size * config.size;
  const unit = BYTE_TO_UNIT;

  const draw = (n: number, rng: Rng, labels?: Int32Array): Float32Array => {
    const out = new Float32Array(n * dim);
    for (let i = 0; i < n; i++) {
      let label = 0;
      for (let channel = 0; channel < 3; channel++) {
        const index = rng.int(digits.count);
        const bytes = digits.imageBytes(index);
        const offset = i * dim + channel;
        for (let p = 0; p < area; p++) out[offset + 3 * p] = unit[bytes[p]!]!;
        label = label * MNIST_DIGITS + digitOf[index]!;
      }
      if (labels) labels[i] = label;
    }
    return out;
  };

  return {
    kind: 'stackedMnist',
    ...fields,
    digits,
    classes: STACKED_CLASSES,
    sample: (n: number, rng: Rng) => draw(n, rng),
    sampleLabeled(n: number, rng: Rng): LabeledBatch {
      const labels = new Int32Array(n);
      return { x: draw(n, rng, labels), labels };
    },
  };
}
