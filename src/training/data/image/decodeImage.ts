/** Image file bytes → Pixels, choosing the decoder by the file's signature (not its name). */
import { decodeJpeg } from './decodeJpeg';
import { decodePng } from './decodePng';
import { UnsupportedImageError, type Pixels } from './pixels';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

const startsWith = (bytes: Uint8Array, prefix: readonly number[], at = 0) => prefix.every((b, i) => bytes[at + i] === b);
const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

/** Names formats that are recognisable but not read, so the error can say what the file is. */
function otherFormat(bytes: Uint8Array): string | undefined {
  if (startsWith(bytes, ascii('GIF8'))) return 'a GIF image';
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return 'a WebP image';
  if (startsWith(bytes, ascii('BM'))) return 'a BMP image';
  if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a])) return 'a TIFF image';
  if (startsWith(bytes, ascii('ftyp'), 4)) return 'a HEIC/AVIF (ISO media) file';
  return undefined;
}

/**
 * Decodes a PNG or JPEG into `channels` channels (1: luma, 3: RGB) with values in [0, 1]. Throws
 * an Error whose message says what is wrong with the bytes and what to do; the caller adds the file.
 */
export function decodeImage(bytes: Buffer, channels: 1 | 3): Pixels {
  if (bytes.length === 0) throw new Error('the file is empty');
  if (startsWith(bytes, PNG_SIGNATURE)) return withReason('PNG', () => decodePng(bytes, channels));
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return withReason('JPEG', () => decodeJpeg(bytes, channels));
  const other = otherFormat(bytes);
  const head = [...bytes.subarray(0, 8)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
  throw new Error(
    other !== undefined
      ? `${other}, not PNG or JPEG — convert it to PNG`
      : `not a PNG or JPEG file (it starts with bytes ${head}) — convert it to PNG, or remove it`,
  );
}

function withReason(format: string, run: () => Pixels): Pixels {
  let pixels: Pixels;
  try {
    pixels = run();
  } catch (error) {
    if (error instanceof UnsupportedImageError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`corrupt or truncated ${format} (${reason}) — re-save the file, or remove it`);
  }
  if (pixels.width === 0 || pixels.height === 0) throw new Error(`${format} with no pixels (${pixels.width}×${pixels.height})`);
  return pixels;
}
