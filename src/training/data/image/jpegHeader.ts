/**
 * Reads a JPEG's marker segments without decoding it: to refuse what the decoder cannot read right,
 * with a message that says what to do (CMYK/YCCK, 12-bit samples, lossless, hierarchical and
 * arithmetic-coded JPEGs), and to notice a file that is cut short.
 */
import { UnsupportedImageError } from './pixels';

export interface JpegFrame {
  /** SOF marker number n of SOFn: 0 baseline, 1 extended, 2 progressive. */
  process: number;
  precision: number;
  width: number;
  height: number;
  components: number;
}

const PROCESS_NAMES: Record<number, string> = {
  3: 'lossless',
  5: 'hierarchical',
  6: 'hierarchical',
  7: 'hierarchical lossless',
  9: 'arithmetic-coded',
  10: 'arithmetic-coded progressive',
  11: 'arithmetic-coded lossless',
  13: 'hierarchical arithmetic-coded',
  14: 'hierarchical arithmetic-coded',
  15: 'hierarchical arithmetic-coded lossless',
};

/**
 * Walks the JPEG's marker segments up to its first scan: checks the frame header (checkJpegFrame)
 * as soon as it is found, then that the file goes on to an end-of-image marker after the scan
 * (a cut-off file does not, and the decoder would not always notice).
 */
export function inspectJpeg(bytes: Uint8Array): JpegFrame {
  let frame: JpegFrame | undefined;
  let at = 2; // after SOI
  while (at + 4 <= bytes.length) {
    if (bytes[at] !== 0xff) throw new Error(`no marker at byte ${at}`);
    const marker = bytes[at + 1]!;
    if (marker === 0xff) {
      at++; // fill byte
      continue;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      at += 2; // markers without a length
      continue;
    }
    if (marker === 0xd9) break;
    if (marker === 0xda) {
      if (frame === undefined) throw new Error('no frame header (SOF) before the image data');
      if (!hasEndMarker(bytes, at + 2)) throw new Error('no end-of-image marker after the image data: the file is cut short');
      return frame;
    }
    const isFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isFrame && frame === undefined && at + 10 <= bytes.length) {
      frame = {
        process: marker - 0xc0,
        precision: bytes[at + 4]!,
        height: (bytes[at + 5]! << 8) | bytes[at + 6]!,
        width: (bytes[at + 7]! << 8) | bytes[at + 8]!,
        components: bytes[at + 9]!,
      };
      checkJpegFrame(frame);
    }
    at += 2 + ((bytes[at + 2]! << 8) | bytes[at + 3]!);
  }
  throw new Error(
    frame === undefined ? 'no frame header (SOF) found' : 'no image data (SOS) after the frame header: the file is cut short',
  );
}

/** In entropy-coded data 0xFF is always followed by 0x00 or a restart marker, so FF D9 is the end of the image. */
function hasEndMarker(bytes: Uint8Array, from: number): boolean {
  for (let i = from; i + 1 < bytes.length; i++) if (bytes[i] === 0xff && bytes[i + 1] === 0xd9) return true;
  return false;
}

/** Throws, saying what to do, when the frame is one the decoder cannot read correctly. */
export function checkJpegFrame(frame: JpegFrame): void {
  const name = PROCESS_NAMES[frame.process];
  if (name !== undefined)
    throw new UnsupportedImageError(
      `${name} JPEG (SOF${frame.process}) is not supported — re-save it as a baseline or progressive JPEG, or as PNG`,
    );
  if (frame.precision !== 8)
    throw new UnsupportedImageError(
      `${frame.precision}-bit JPEG is not supported (only 8 bits per sample) — re-save it as an 8-bit JPEG, or as PNG (16-bit PNG is fine)`,
    );
  if (frame.components === 4)
    throw new UnsupportedImageError(
      'CMYK JPEG (4 components) is not supported — convert it to RGB, e.g. `magick in.jpg -colorspace sRGB out.jpg`',
    );
  if (frame.components !== 1 && frame.components !== 3)
    throw new UnsupportedImageError(
      `JPEG with ${frame.components} colour components is not supported (only grayscale or RGB) — re-save it as an RGB JPEG or PNG`,
    );
  if (frame.width === 0 || frame.height === 0)
    throw new UnsupportedImageError('JPEG with a width or height of 0 (or set later by a DNL marker) is not supported');
}
