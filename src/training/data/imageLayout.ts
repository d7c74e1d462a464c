/** The Dataset fields every image source shares: flat HWC samples in [−1, 1], drawn as images. */
import type { ImageShape } from '../../shared/runFormat';
import type { Dataset } from './dataset';

export type ImageFields = Pick<Dataset, 'dim' | 'layout' | 'bounds'> & { image: ImageShape };

export function imageFields(image: ImageShape): ImageFields {
  const dim = image.height * image.width * image.channels;
  return {
    dim,
    layout: 'images',
    bounds: { min: new Array<number>(dim).fill(-1), max: new Array<number>(dim).fill(1) },
    image: { ...image },
  };
}

/** 8-bit value → [−1, 1] (0 → −1 black, 255 → 1 white). */
export const BYTE_TO_UNIT: Float32Array = Float32Array.from({ length: 256 }, (_, v) => v / 127.5 - 1);

/** [0, 1] → nearest 8-bit value (clamped). */
export function toByte(value: number): number {
  return value <= 0 ? 0 : value >= 1 ? 255 : Math.round(value * 255);
}
