/**
 * JPEG → Pixels with jpeg-js (pure JS): baseline and progressive, grayscale or YCbCr/RGB, 8 bits
 * per sample. Other kinds are refused before decoding (see jpegHeader). EXIF orientation is not
 * applied: the pixels are used as stored.
 */
import { decode } from 'jpeg-js';
import { inspectJpeg } from './jpegHeader';
import { toPixels, type Pixels } from './pixels';

/** Large enough for any photo a GAN data set would hold; a bigger file is refused with the decoder's message. */
const MAX_MEGAPIXELS = 100;
const MAX_MEMORY_MB = 1024;

export function decodeJpeg(bytes: Buffer, channels: 1 | 3): Pixels {
  inspectJpeg(bytes);
  const image = decode(bytes, {
    useTArray: true,
    formatAsRGBA: false,
    tolerantDecoding: true,
    maxResolutionInMP: MAX_MEGAPIXELS,
    maxMemoryUsageInMB: MAX_MEMORY_MB,
  });
  // jpeg-js gives RGB for every accepted JPEG (grayscale repeated in each channel).
  return toPixels(image.data, image.width, image.height, { stride: 3, max: 255 }, channels);
}
