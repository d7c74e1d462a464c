/**
 * Quality metrics for image data (layout "images"), defined so that they can be computed for any
 * image set and mean the most for shapes and digits: one bright object on a dark background.
 *
 * - Ink: a pixel whose brightest channel is above mid-grey (value > 0 on the [−1, 1] scale).
 * - Components: of the ink 8-connected (touching by an edge or a corner), of the background
 *   4-connected (the pairing under which an ink outline encloses a hole).
 * - Specks: components smaller than max(4, ⌈h·w/500⌉) pixels (4 up to 44×44, 9 at 64×64).
 * - An image is a single blob when its ink has exactly one component that is not a speck (the
 *   blob), the blob covers between 0.5% and 75% of the image, the ink specks together hold at
 *   most 10% as many pixels as the blob, and the background has at most 3 components that are not
 *   specks (what surrounds the blob and up to two holes, as in an 8). Random noise fails the last
 *   rule (its background breaks into many pieces) even where its ink percolates into one piece.
 * - singleBlobShare: the share of generated images that are single blobs; realSingleBlobShare the
 *   same for real images (1 for shapes), the level a good generator approaches on other data.
 * - meanInk / realMeanInk: the mean share of ink pixels per image, generated and real.
 */
import type { ImageShape, QualityMetrics } from '../../shared/runFormat';
import { componentScratch, componentSizes, type ComponentScratch } from './connectedComponents';

export const INK_THRESHOLD = 0;
export const MIN_BLOB_SHARE = 0.005;
export const MAX_BLOB_SHARE = 0.75;
export const MAX_SPECK_RATIO = 0.1;
export const MAX_BACKGROUND_REGIONS = 3;

export function speckLimit(shape: ImageShape): number {
  return Math.max(4, Math.ceil((shape.height * shape.width) / 500));
}

/** Marks the ink pixels of image `index` of `images` (row-major n × h·w·c) in `mask`; returns how many. */
export function inkMask(images: Float32Array, index: number, shape: ImageShape, mask: Uint8Array): number {
  const pixels = shape.height * shape.width;
  const c = shape.channels;
  const offset = index * pixels * c;
  let ink = 0;
  for (let p = 0; p < pixels; p++) {
    let brightest = images[offset + p * c]!;
    for (let k = 1; k < c; k++) brightest = Math.max(brightest, images[offset + p * c + k]!);
    // NaN compares false: a diverged pixel is not ink.
    const set = brightest > INK_THRESHOLD ? 1 : 0;
    mask[p] = set;
    ink += set;
  }
  return ink;
}

/** Whether the ink marked in `mask` (1 ink, 0 background) is a single blob (see the file comment). */
export function isSingleBlob(mask: Uint8Array, shape: ImageShape, scratch?: ComponentScratch): boolean {
  const { width, height } = shape;
  const pixels = width * height;
  const limit = speckLimit(shape);
  let blob = 0;
  let blobs = 0;
  let specks = 0;
  for (const size of componentSizes(mask, 1, width, height, 8, scratch)) {
    if (size < limit) specks += size;
    else {
      blobs++;
      blob = size;
    }
  }
  if (blobs !== 1 || blob < MIN_BLOB_SHARE * pixels || blob > MAX_BLOB_SHARE * pixels || specks > MAX_SPECK_RATIO * blob) return false;
  const regions = componentSizes(mask, 0, width, height, 4, scratch).filter((size) => size >= limit).length;
  return regions <= MAX_BACKGROUND_REGIONS;
}

/** Single-blob share and mean ink share of `images` (row-major n × h·w·c); both 0 for no images. */
export function blobStatistics(images: Float32Array, shape: ImageShape): { singleBlobShare: number; meanInk: number } {
  const pixels = shape.height * shape.width;
  const n = Math.floor(images.length / (pixels * shape.channels));
  if (n === 0) return { singleBlobShare: 0, meanInk: 0 };
  const mask = new Uint8Array(pixels);
  const scratch = componentScratch(pixels);
  let single = 0;
  let ink = 0;
  for (let i = 0; i < n; i++) {
    ink += inkMask(images, i, shape, mask) / pixels;
    if (isSingleBlob(mask, shape, scratch)) single++;
  }
  return { singleBlobShare: single / n, meanInk: ink / n };
}

export function imageQuality(real: Float32Array, fake: Float32Array, shape: ImageShape): QualityMetrics {
  const generated = blobStatistics(fake, shape);
  const reference = blobStatistics(real, shape);
  return {
    singleBlobShare: generated.singleBlobShare,
    realSingleBlobShare: reference.singleBlobShare,
    meanInk: generated.meanInk,
    realMeanInk: reference.meanInk,
  };
}
