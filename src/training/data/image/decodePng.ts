/**
 * PNG → Pixels with pngjs (pure JS). Every PNG colour type is read: grayscale, RGB, palette (its
 * colours, with tRNS transparency), with or without alpha, at every bit depth (1–16; 16-bit keeps
 * its precision until the image is resized). Alpha is composited on black. Gamma chunks are ignored.
 */
import { PNG } from 'pngjs';
import { toPixels, type Pixels } from './pixels';

export function decodePng(bytes: Buffer, channels: 1 | 3): Pixels {
  // pngjs reports a cut-off file as "read requests waiting on finished stream"; say it plainly.
  if (bytes.lastIndexOf('IEND', undefined, 'latin1') < 0) throw new Error('no IEND chunk at the end: the file is cut short');
  const png = PNG.sync.read(bytes, { skipRescale: true });
  // pngjs gives RGBA in every case: palette entries as 8-bit values, other images at their own depth.
  const max = png.palette ? 255 : 2 ** png.depth - 1;
  return toPixels(png.data, png.width, png.height, { stride: 4, max }, channels);
}
