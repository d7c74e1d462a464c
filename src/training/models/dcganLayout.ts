/** How a DCGAN network is sized from the image shape. */
import { DCGAN_IMAGE_SIZES } from '../../shared/experiment/schema';
import type { ImageShape } from '../../shared/runFormat';

export interface DcganLayout {
  readonly image: ImageShape;
  /** Side of the smallest feature map (7 for 28-pixel images, 4 for 32 and 64). */
  readonly smallest: number;
  /** Stride-2 blocks between the smallest map and the image: log₂(image side / smallest). */
  readonly blocks: number;
}

/**
 * The layout for `image`, or an error that names the config field when the data are not images of
 * a size dcgan supports (validation reports the same; this guards callers that skip it).
 */
export function dcganLayout(image: ImageShape | undefined, role: 'generator' | 'discriminator'): DcganLayout {
  const sizes = Object.keys(DCGAN_IMAGE_SIZES).join(', ');
  if (!image) throw new Error(`${role}.kind "dcgan" needs image data, and this data gives flat vectors: use "kind": "mlp", or image data`);
  const smallest = image.height === image.width ? DCGAN_IMAGE_SIZES[image.height] : undefined;
  if (smallest === undefined)
    throw new Error(`${role}.kind "dcgan" is built for square images of ${sizes} pixels; these are ${image.height}×${image.width}`);
  return { image, smallest, blocks: Math.round(Math.log2(image.height / smallest)) };
}

/** Channels of block i (0: the smallest map's side for G, the image side for D): base·2^(blocks−1−i) for G, base·2^i for D. */
export function blockWidths(layout: DcganLayout, base: number, role: 'generator' | 'discriminator'): number[] {
  return Array.from({ length: layout.blocks }, (_, i) => base * 2 ** (role === 'generator' ? layout.blocks - 1 - i : i));
}
