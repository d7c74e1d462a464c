import * as fs from 'node:fs';
import * as path from 'node:path';
import { idxLabelCountMismatch } from '../../shared/experiment/dataFileChecks';
import type { DataConfig, DataKind } from '../../shared/experiment/schema';
import type { ImageShape } from '../../shared/runFormat';
import { parseIdxImages, parseIdxLabels, type IdxImages } from './image/idxFile';
import { toPixels } from './image/pixels';
import { resizeCoverCrop } from './image/resize';
import { toByte } from './imageLayout';
import { imageSetDataset, type ImageSetDataset } from './imageSet';

export type IdxConfig = Extract<DataConfig, { kind: 'idx' }>;

/** The content of an IDX images file and, when labelled, of its labels file; the names are as errors show them. */
export interface IdxSource {
  images: IdxImages;
  imagesName: string;
  labels?: { values: Uint8Array; name: string };
}

const relative = (field: string) => `"${field}" is relative to the experiment file`;

/**
 * Grayscale images from an IDX file (MNIST, Fashion-MNIST), read and checked now, with their labels
 * file when "labels" names one. `config.path` and `config.labels` are relative to `experimentDir`.
 */
export function createIdxDataset(config: IdxConfig, experimentDir: string): ImageSetDataset {
  const source: IdxSource = {
    images: parseIdxImages(readIdxFile(path.resolve(experimentDir, config.path), config.path, relative('path')), config.path),
    imagesName: config.path,
  };
  if (config.labels !== '') {
    const raw = readIdxFile(path.resolve(experimentDir, config.labels), config.labels, relative('labels'));
    source.labels = { values: parseIdxLabels(raw, config.labels), name: config.labels };
  }
  return idxImageSet('idx', source, config);
}

/** A file's bytes; `shown` names it in errors, `fix` says what to do when it cannot be read. */
export function readIdxFile(file: string, shown: string, fix: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`${shown}: cannot read the file (${reason}) — ${fix}`);
  }
}

/**
 * The first `limit` images (0: all) of an IDX source; those whose side is not `size` are scaled to
 * cover size × size (bilinear up, area-averaged down) and centre-cropped on first use. Labelled:
 * the labels file must hold one label per image of the images file, and the classes are "0" … the
 * largest label among the images used (or `classCount` classes, when the labels are known, as MNIST's).
 */
export function idxImageSet(
  kind: DataKind,
  source: IdxSource,
  options: { size: number; limit: number; classCount?: number },
): ImageSetDataset {
  const { count, rows, columns, pixels } = source.images;
  const used = options.limit > 0 ? Math.min(options.limit, count) : count;
  const labels = source.labels;
  if (labels && labels.values.length !== count)
    throw new Error(idxLabelCountMismatch(labels.name, labels.values.length, source.imagesName, count));
  const area = rows * columns;
  const { size } = options;
  const asIs = rows === size && columns === size;
  const load = (index: number) => {
    const image = pixels.subarray(index * area, (index + 1) * area);
    if (asIs) return image;
    const resized = resizeCoverCrop(toPixels(image, columns, rows, { stride: 1, max: 255 }, 1), size).data;
    return Uint8Array.from(resized, toByte);
  };
  const shape: ImageShape = { height: size, width: size, channels: 1 };
  if (!labels) return imageSetDataset(kind, shape, used, load);
  const of = labels.values.subarray(0, used);
  const largest = of.reduce((a, b) => Math.max(a, b), 0);
  const names = Array.from({ length: Math.max(largest + 1, options.classCount ?? 0) }, (_, v) => String(v));
  return imageSetDataset(kind, shape, used, load, { classes: { names }, of });
}
