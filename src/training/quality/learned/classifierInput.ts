/**
 * Brings flattened images of the trainer's layout (HWC, values in [−1, 1]) to what the MNIST
 * classifier reads: one 28×28 channel. Other sizes (32, 64) are scaled with resize.ts (area
 * averaging when shrinking, the same as the `idx` data does); a colour image gives its Rec. 601
 * luma, or one chosen channel (Stacked MNIST: each channel is a digit).
 */
import type { ImageShape } from '../../../shared/runFormat';
import { LUMA } from '../../data/image/pixels';
import { resizeCoverCrop } from '../../data/image/resize';
import { IMAGE_SIDE, INPUT_DIM } from './mnistNetwork';

export function toClassifierImages(images: Float32Array, shape: ImageShape, channel?: number): Float32Array {
  const { height, width, channels } = shape;
  const area = height * width;
  const dim = area * channels;
  if (images.length % dim !== 0) throw new Error(`${images.length} values are not whole ${height}×${width}×${channels} images`);
  if (channel !== undefined && (!Number.isInteger(channel) || channel < 0 || channel >= channels))
    throw new Error(`channel ${channel} of ${channels}-channel images`);
  const n = images.length / dim;
  if (channels === 1 && height === IMAGE_SIDE && width === IMAGE_SIDE) return images;

  const out = new Float32Array(n * INPUT_DIM);
  const gray = new Float32Array(area);
  for (let i = 0; i < n; i++) {
    const image = images.subarray(i * dim, (i + 1) * dim);
    for (let p = 0; p < area; p++) {
      if (channel !== undefined) gray[p] = image[p * channels + channel]!;
      else if (channels === 1) gray[p] = image[p]!;
      else gray[p] = LUMA[0] * image[3 * p]! + LUMA[1] * image[3 * p + 1]! + LUMA[2] * image[3 * p + 2]!;
    }
    const resized =
      height === IMAGE_SIDE && width === IMAGE_SIDE ? gray : resizeCoverCrop({ width, height, channels: 1, data: gray }, IMAGE_SIDE).data;
    out.set(resized, i * INPUT_DIM);
  }
  return out;
}
