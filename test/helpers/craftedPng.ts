/**
 * Crafted PNG files for the tests of what the host does with run folders from anywhere: headers
 * that declare any size over any body, decompression bombs (zeros deflated as a stream, so making
 * one costs no memory), Adam7-interlaced images written by hand (pngjs writes none), and files cut
 * short.
 */
import { createDeflate, deflateSync } from 'node:zlib';
import { chunk } from './imageBytes';

export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export interface CraftedPng {
  width: number;
  height: number;
  /** 0 grey, 2 RGB, 3 palette, 4 grey + alpha, 6 RGBA (default 6). */
  colourType?: number;
  bitDepth?: number;
  interlace?: 0 | 1;
  /** The zlib stream, split over several IDAT chunks when a list. */
  idat: Buffer | Buffer[];
  /** Chunks between IHDR and IDAT (e.g. a palette). */
  before?: Buffer[];
  /** Leave IEND out. */
  noEnd?: boolean;
}

export function ihdr(width: number, height: number, colourType = 6, bitDepth = 8, interlace = 0): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = bitDepth;
  header[9] = colourType;
  header[12] = interlace;
  return chunk('IHDR', header);
}

export function craftPng(spec: CraftedPng): Buffer {
  const idats = Array.isArray(spec.idat) ? spec.idat : [spec.idat];
  return Buffer.concat([
    PNG_SIGNATURE,
    ihdr(spec.width, spec.height, spec.colourType ?? 6, spec.bitDepth ?? 8, spec.interlace ?? 0),
    ...(spec.before ?? []),
    ...idats.map((d) => chunk('IDAT', d)),
    ...(spec.noEnd ? [] : [chunk('IEND', new Uint8Array(0))]),
  ]);
}

/** `bytes` zero bytes as one zlib stream, deflated 1 MiB at a time (about 1 KiB per MiB). */
export async function deflatedZeros(bytes: number): Promise<Buffer> {
  const deflate = createDeflate({ level: 9, memLevel: 9 });
  const out: Buffer[] = [];
  deflate.on('data', (c: Buffer) => out.push(c));
  const zeros = Buffer.alloc(Math.min(bytes, 1 << 20));
  for (let left = bytes; left > 0; left -= zeros.length) {
    if (!deflate.write(left >= zeros.length ? zeros : zeros.subarray(0, left))) await new Promise((r) => deflate.once('drain', r));
  }
  await new Promise<void>((resolve) => deflate.end(() => resolve()));
  return Buffer.concat(out);
}

/** Adam7 passes: x start, y start, x step, y step. */
const ADAM7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
] as const;

/** An interlaced 8-bit RGBA PNG of `rgba` (width·height·4 bytes, row-major). */
export function interlacedRgbaPng(width: number, height: number, rgba: Uint8Array): Buffer {
  const rows: number[] = [];
  for (const [x0, y0, dx, dy] of ADAM7) {
    const passWidth = Math.ceil((width - x0) / dx);
    if (passWidth <= 0) continue;
    for (let y = y0; y < height; y += dy) {
      rows.push(0); // filter: none
      for (let x = x0; x < width; x += dx) rows.push(...rgba.subarray((y * width + x) * 4, (y * width + x) * 4 + 4));
    }
  }
  return craftPng({ width, height, interlace: 1, idat: deflateSync(Buffer.from(rows)) });
}

/** Image data of `width` × `height` 8-bit RGBA, all filter 0 and zero bytes, deflated. */
export function zeroRgbaIdat(width: number, height: number): Buffer {
  return deflateSync(Buffer.alloc((width * 4 + 1) * height));
}
