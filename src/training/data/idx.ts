import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DataConfig } from '../../shared/experiment/schema';
import { parseIdxImages } from './image/idxFile';
import { toPixels } from './image/pixels';
import { resizeCoverCrop } from './image/resize';
import { toByte } from './imageLayout';
import { imageSetDataset, type ImageSetDataset } from './imageSet';

export type IdxConfig = Extract<DataConfig, { kind: 'idx' }>;

/**
 * Grayscale images from an IDX file (MNIST, Fashion-MNIST), read and checked now. Images whose
 * side is not `size` are scaled to cover size × size (bilinear up, area-averaged down) and
 * centre-cropped on first use. `config.path` is relative to `experimentDir`.
 */
export function createIdxDataset(config: IdxConfig, experimentDir: string): ImageSetDataset {
  let raw: Buffer;
  try {
    raw = fs.readFileSync(path.resolve(experimentDir, config.path));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`${config.path}: cannot read the file (${reason}) — "path" is relative to the experiment file`);
  }
  const { count, rows, columns, pixels } = parseIdxImages(raw, config.path);
  const used = config.limit > 0 ? Math.min(config.limit, count) : count;
  const area = rows * columns;
  const { size } = config;
  const asIs = rows === size && columns === size;
  return imageSetDataset('idx', { height: size, width: size, channels: 1 }, used, (index) => {
    const image = pixels.subarray(index * area, (index + 1) * area);
    if (asIs) return image;
    const resized = resizeCoverCrop(toPixels(image, columns, rows, { stride: 1, max: 255 }, 1), size).data;
    return Uint8Array.from(resized, toByte);
  });
}
