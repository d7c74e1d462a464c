/**
 * PNG files from a run folder, which may come from anywhere (a colleague, a cluster, a download):
 * nothing is decoded before its size is known to be within bounds, and nothing blocks the
 * extension host's main thread for long.
 *
 * `readPngHeader` reads IHDR (size, bit depth, colour type, interlace) from the first 33 bytes.
 * `readBoundedPng` refuses, before decoding, a path that is not a regular file (a FIFO, a device),
 * a file over `maxFileBytes`, a header that declares more than `maxSide` a side, `maxPixels` in all
 * or more image bytes than `maxPixels` 8-bit RGBA pixels take, and a file cut short. It then
 * inflates the image data on libuv's thread pool, stopping past the size the header declares (a
 * decompression bomb costs no more than a valid file), and undoes the row filters and converts to
 * RGBA here in slices of about 64 KiB, yielding to the event loop between them. The output is
 * pngjs's (every colour type and bit depth, Adam7, palette and tRNS transparency, 16 bits rounded
 * to 8); ancillary chunks and CRCs are not read (zlib's own checksum covers the image data). A
 * refusal is one sentence that names the file and says why. Pure Node (no `vscode`).
 */
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { promisify } from 'node:util';
import { inflate } from 'node:zlib';
import { MAX_GRID_PIXELS, MAX_GRID_SIDE } from '../../shared/protocol';

const inflateAsync = promisify(inflate);

export interface PngHeader {
  width: number;
  height: number;
  /** Bits per sample: 1, 2, 4, 8 or 16. */
  bitDepth: number;
  /** 0 grey, 2 RGB, 3 palette, 4 grey + alpha, 6 RGBA. */
  colourType: number;
  interlaced: boolean;
}

export interface PngBounds {
  /** Largest width or height (pixels). */
  maxSide: number;
  /** Largest width × height; the image data may hold at most 4 bytes for each of `maxPixels` (8-bit RGBA), plus the rows' filter bytes. */
  maxPixels: number;
  /** Largest file (bytes). */
  maxFileBytes: number;
  /** What the file is, for messages ("a sample grid"). */
  what: string;
}

/**
 * Sample grids (`samples/*.png`, `sampling/<id>/*.png`). The largest grid the trainer writes is the
 * nearest training images of 64-px MNIST, 324 × 4,159 px (its samples grids: 64 tiles in 8 × 8, at
 * most 519 × 519), about 5.4 MB even uncompressed: MAX_GRID_SIDE and MAX_GRID_PIXELS leave 2× and
 * 3× room, and a file may hold the bound's 16 MiB of RGBA stored uncompressed, with room to spare.
 */
export const GRID_PNG_BOUNDS: PngBounds = {
  maxSide: MAX_GRID_SIDE,
  maxPixels: MAX_GRID_PIXELS,
  maxFileBytes: 24 * 1024 * 1024,
  what: 'a sample grid',
};

/** The decoded image: 8-bit RGBA, row-major (as pngjs gives it). */
export interface DecodedPng {
  width: number;
  height: number;
  data: Buffer;
}

export type PngRead = { ok: true; header: PngHeader; png: DecodedPng } | { ok: false; problem: string };

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** Signature, IHDR's length and type, its 13 bytes and CRC. */
export const PNG_HEADER_BYTES = 33;
/** Bit depths each colour type allows (PNG spec, 11.2.2). */
const DEPTHS: Record<number, readonly number[]> = { 0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16] };
const SAMPLES_PER_PIXEL: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
const COLOUR_NAMES: Record<number, string> = { 0: 'grey', 2: 'RGB', 3: 'palette', 4: 'grey + alpha', 6: 'RGBA' };
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
/** Bytes of image data converted between two yields to the event loop. */
const SLICE_BYTES = 64 * 1024;

const n = (v: number) => v.toLocaleString('en-US');

/**
 * The header of a PNG from its first bytes (at least PNG_HEADER_BYTES), or why it is not one: a
 * missing signature, a file that ends inside the header, a first chunk that is not IHDR, or values
 * the PNG specification does not allow. The text is a clause to follow the file's name.
 */
export function readPngHeader(bytes: Uint8Array): { header: PngHeader } | { problem: string } {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, PNG_HEADER_BYTES));
  const signed = head.subarray(0, Math.min(8, head.length)).equals(SIGNATURE.subarray(0, Math.min(8, head.length)));
  if (head.length === 0) return { problem: 'is empty' };
  if (!signed) return { problem: 'is not a PNG file (it does not start with the PNG signature)' };
  if (head.length < PNG_HEADER_BYTES) return { problem: `is cut short: it ends inside the PNG header (${n(head.length)} bytes)` };
  const length = head.readUInt32BE(8);
  const type = head.toString('latin1', 12, 16);
  if (type !== 'IHDR' || length !== 13) return { problem: 'is not a valid PNG file: its first chunk is not a 13-byte IHDR' };
  const width = head.readUInt32BE(16);
  const height = head.readUInt32BE(20);
  const bitDepth = head[24]!;
  const colourType = head[25]!;
  const [compression, filter, interlace] = [head[26]!, head[27]!, head[28]!];
  if (width === 0 || height === 0 || width > 0x7fffffff || height > 0x7fffffff)
    return { problem: `is not a valid PNG file: it declares ${n(width)} × ${n(height)} pixels` };
  if (!DEPTHS[colourType]?.includes(bitDepth))
    return { problem: `is not a valid PNG file: colour type ${colourType} with bit depth ${bitDepth}` };
  if (compression !== 0 || filter !== 0 || interlace > 1)
    return { problem: 'is not a valid PNG file: unknown compression, filter or interlace method' };
  return { header: { width, height, bitDepth, colourType, interlaced: interlace === 1 } };
}

/** The rows of the image data (of every Adam7 pass), each with its filter byte, and their bytes. */
function rowsOf(h: PngHeader): { rows: number; bytes: number } {
  const bitsPerPixel = SAMPLES_PER_PIXEL[h.colourType]! * h.bitDepth;
  const passes = h.interlaced ? ADAM7 : ([[0, 0, 1, 1]] as const);
  let rows = 0;
  let bytes = 0;
  for (const [x0, y0, dx, dy] of passes) {
    const width = Math.ceil((h.width - x0) / dx);
    const height = Math.ceil((h.height - y0) / dy);
    if (width <= 0 || height <= 0) continue;
    rows += height;
    bytes += height * (1 + Math.ceil((width * bitsPerPixel) / 8));
  }
  return { rows, bytes };
}

/** Bytes of image data the header implies once inflated: each (pass's) row, its filter byte first. */
export function inflatedBytes(h: PngHeader): number {
  return rowsOf(h).bytes;
}

/** Why the header is beyond `bounds`, or undefined. The text is a clause to follow the file's name. */
export function headerBeyondBounds(h: PngHeader, bounds: PngBounds): string | undefined {
  const pixels = h.width * h.height;
  if (h.width > bounds.maxSide || h.height > bounds.maxSide || pixels > bounds.maxPixels)
    return (
      `declares ${n(h.width)} × ${n(h.height)} pixels; ${bounds.what} has at most ${n(bounds.maxSide)} a side ` +
      `and ${n(bounds.maxPixels)} in all`
    );
  const { rows, bytes } = rowsOf(h);
  const most = 4 * bounds.maxPixels + rows;
  if (bytes > most)
    return (
      `declares ${n(h.width)} × ${n(h.height)} pixels of ${h.bitDepth}-bit ${COLOUR_NAMES[h.colourType]}: ` +
      `${n(bytes)} bytes of image data, more than the ${n(most)} ${bounds.what} may have`
    );
  return undefined;
}

/** What the decoder needs of the chunks after IHDR. */
interface PngBody {
  /** The IDAT chunks' data, joined (one zlib stream). */
  idat: Buffer;
  /** PLTE: RGB triples. */
  palette?: Buffer;
  /** tRNS: palette alphas, or the transparent grey / RGB sample values (16 bits each). */
  transparency?: Buffer;
}

/** The chunks up to IEND, or why they do not add up. */
function readBody(bytes: Buffer, h: PngHeader): PngBody | { problem: string } {
  const parts: Buffer[] = [];
  let palette: Buffer | undefined;
  let transparency: Buffer | undefined;
  for (let at = SIGNATURE.length + 25; ;) {
    if (at + 8 > bytes.length) return { problem: 'is cut short: it has no IEND chunk' };
    const length = bytes.readUInt32BE(at);
    const type = bytes.toString('latin1', at + 4, at + 8);
    const name = JSON.stringify(type);
    if (length > 0x7fffffff) return { problem: `is not a valid PNG file: its ${name} chunk declares ${n(length)} bytes` };
    const end = at + 12 + length;
    if (end > bytes.length) return { problem: `is cut short: its ${name} chunk ends past the end of the file` };
    const data = bytes.subarray(at + 8, at + 8 + length);
    if (type === 'IDAT') parts.push(data);
    else if (type === 'PLTE') {
      if (length % 3 !== 0 || length === 0 || length > 768)
        return { problem: `is not a valid PNG file: its palette has ${n(length)} bytes` };
      palette = data;
    } else if (type === 'tRNS') {
      if (h.colourType === 3 && (!palette || length > palette.length / 3))
        return { problem: 'is not a valid PNG file: its transparency chunk does not fit its palette' };
      if ((h.colourType === 0 && length < 2) || (h.colourType === 2 && length < 6))
        return { problem: 'is not a valid PNG file: its transparency chunk is too short' };
      transparency = data;
    } else if (type === 'IEND') {
      if (parts.length === 0) return { problem: 'has no image data (no IDAT chunk)' };
      if (h.colourType === 3 && !palette) return { problem: 'is not a valid PNG file: a palette image without a palette (PLTE)' };
      return { idat: Buffer.concat(parts), ...(palette && { palette }), ...(transparency && { transparency }) };
    } else if (type === 'IHDR' || !/^[a-z]/.test(type))
      // A critical chunk this reader does not know (or a second IHDR): the image would not be what it says.
      return { problem: `is not a valid PNG file: it has a ${name} chunk` };
    at = end;
  }
}

/**
 * Inflates `idat` on the thread pool, stopping past `expected` bytes: the image data, or why it is
 * not exactly what the header declares.
 */
async function inflateBounded(idat: Buffer, expected: number, h: PngHeader): Promise<Buffer | { problem: string }> {
  let inflated: Buffer;
  try {
    inflated = await inflateAsync(idat, { maxOutputLength: Math.max(1, expected), chunkSize: 64 * 1024 });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE')
      return {
        problem:
          `has image data that inflates to more than the ${n(expected)} bytes its ${n(h.width)} × ${n(h.height)} header ` +
          'declares (a decompression bomb?); it was not decoded',
      };
    return { problem: `has image data that is not valid zlib data (${(e as Error).message})` };
  }
  if (inflated.length < expected)
    return { problem: `is cut short: its image data inflates to ${n(inflated.length)} of the ${n(expected)} bytes its header declares` };
  return inflated;
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Undoes row `at`'s filter in place (`prior`: the unfiltered row above in this pass, or -1). */
function unfilterRow(raw: Buffer, at: number, rowBytes: number, prior: number, bpp: number): void {
  const filter = raw[at]!;
  const row = at + 1;
  const up = prior + 1;
  switch (filter) {
    case 0:
      return;
    case 1:
      for (let i = bpp; i < rowBytes; i++) raw[row + i] = (raw[row + i]! + raw[row + i - bpp]!) & 0xff;
      return;
    case 2:
      if (prior >= 0) for (let i = 0; i < rowBytes; i++) raw[row + i] = (raw[row + i]! + raw[up + i]!) & 0xff;
      return;
    case 3:
      for (let i = 0; i < rowBytes; i++) {
        const left = i >= bpp ? raw[row + i - bpp]! : 0;
        const above = prior >= 0 ? raw[up + i]! : 0;
        raw[row + i] = (raw[row + i]! + ((left + above) >> 1)) & 0xff;
      }
      return;
    case 4:
      for (let i = 0; i < rowBytes; i++) {
        const a = i >= bpp ? raw[row + i - bpp]! : 0;
        const b = prior >= 0 ? raw[up + i]! : 0;
        const c = i >= bpp && prior >= 0 ? raw[up + i - bpp]! : 0;
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        raw[row + i] = (raw[row + i]! + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c)) & 0xff;
      }
      return;
    default:
      throw new Error(`a row has filter type ${filter}, which PNG does not define`);
  }
}

/** One unfiltered row of 8-bit grey, RGB, grey + alpha or RGBA pixels into RGBA (`step`: bytes between output pixels). */
function convert8(raw: Buffer, row: number, out: Buffer, o: number, pixels: number, step: number, colourType: number): void {
  if (colourType === 6 && step === 4) {
    raw.copy(out, o, row, row + pixels * 4);
    return;
  }
  for (let i = 0, p = row; i < pixels; i++, o += step) {
    if (colourType === 6) {
      out[o] = raw[p]!;
      out[o + 1] = raw[p + 1]!;
      out[o + 2] = raw[p + 2]!;
      out[o + 3] = raw[p + 3]!;
      p += 4;
    } else if (colourType === 4) {
      out[o] = out[o + 1] = out[o + 2] = raw[p]!;
      out[o + 3] = raw[p + 1]!;
      p += 2;
    } else if (colourType === 2) {
      out[o] = raw[p]!;
      out[o + 1] = raw[p + 1]!;
      out[o + 2] = raw[p + 2]!;
      out[o + 3] = 255;
      p += 3;
    } else {
      out[o] = out[o + 1] = out[o + 2] = raw[p]!;
      out[o + 3] = 255;
      p += 1;
    }
  }
}

/**
 * The image data (inflated, filtered) as 8-bit RGBA: filters undone in place, samples unpacked,
 * palette and tRNS applied, other depths scaled to 8 bits as pngjs does (round(v · 255 / max)).
 * Yields to the event loop every SLICE_BYTES of image data.
 */
async function decodeImageData(raw: Buffer, h: PngHeader, body: PngBody): Promise<Buffer> {
  const { width, height, bitDepth: depth, colourType } = h;
  const channels = SAMPLES_PER_PIXEL[colourType]!;
  const bitsPerPixel = channels * depth;
  const bpp = Math.max(1, bitsPerPixel >> 3);
  const max = (1 << depth) - 1;
  const scale =
    depth === 8 || colourType === 3 ? undefined : Uint8Array.from({ length: max + 1 }, (_, v) => Math.floor((v * 255) / max + 0.5));
  const sample = (row: number, index: number): number => {
    if (depth === 8) return raw[row + index]!;
    if (depth === 16) return (raw[row + 2 * index]! << 8) | raw[row + 2 * index + 1]!;
    const bit = index * depth;
    return (raw[row + (bit >> 3)]! >> (8 - depth - (bit & 7))) & max;
  };
  const s = (v: number) => (scale ? scale[v]! : v);
  const t = body.transparency;
  const transparent =
    t && colourType === 0
      ? [t.readUInt16BE(0)]
      : t && colourType === 2
        ? [t.readUInt16BE(0), t.readUInt16BE(2), t.readUInt16BE(4)]
        : undefined;
  const palette = body.palette;
  const entries = palette ? palette.length / 3 : 0;
  const out = Buffer.alloc(width * height * 4);
  const passes = h.interlaced ? ADAM7 : ([[0, 0, 1, 1]] as const);
  let at = 0;
  let sinceYield = 0;
  for (const [x0, y0, dx, dy] of passes) {
    const passWidth = Math.ceil((width - x0) / dx);
    const passHeight = Math.ceil((height - y0) / dy);
    if (passWidth <= 0 || passHeight <= 0) continue;
    const rowBytes = Math.ceil((passWidth * bitsPerPixel) / 8);
    let prior = -1;
    for (let y = y0; y < height; y += dy) {
      unfilterRow(raw, at, rowBytes, prior, bpp);
      const row = at + 1;
      if (depth === 8 && colourType !== 3 && !transparent) {
        convert8(raw, row, out, (y * width + x0) * 4, passWidth, dx * 4, colourType);
      } else {
        for (let i = 0, x = x0; i < passWidth; i++, x += dx) {
          const o = (y * width + x) * 4;
          if (colourType === 3) {
            const index = sample(row, i);
            if (index >= entries) throw new Error(`a pixel names palette entry ${index} of ${entries}`);
            out[o] = palette![index * 3]!;
            out[o + 1] = palette![index * 3 + 1]!;
            out[o + 2] = palette![index * 3 + 2]!;
            out[o + 3] = t && index < t.length ? t[index]! : 255;
            continue;
          }
          const first = sample(row, i * channels);
          const grey = colourType === 0 || colourType === 4;
          const g = grey ? first : sample(row, i * channels + 1);
          const b = grey ? first : sample(row, i * channels + 2);
          if (transparent && (grey ? first === transparent[0] : first === transparent[0] && g === transparent[1] && b === transparent[2]))
            continue;
          out[o] = s(first);
          out[o + 1] = s(g);
          out[o + 2] = s(b);
          out[o + 3] = colourType === 4 ? s(sample(row, i * 2 + 1)) : colourType === 6 ? s(sample(row, i * 4 + 3)) : 255;
        }
      }
      prior = at;
      at += rowBytes + 1;
      sinceYield += rowBytes + 1;
      if (sinceYield >= SLICE_BYTES) {
        sinceYield = 0;
        await yieldToEventLoop();
      }
    }
  }
  return out;
}

/** Reads at most `size` bytes of an open file from its start. */
async function readAll(handle: Awaited<ReturnType<typeof open>>, size: number): Promise<Buffer> {
  const buffer = Buffer.alloc(size);
  let filled = 0;
  while (filled < size) {
    const { bytesRead } = await handle.read(buffer, filled, size - filled, filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return buffer.subarray(0, filled);
}

export interface BoundedPngOptions {
  bounds?: PngBounds;
  /** A further check of the header before decoding (e.g. the size a grid must have); the text follows the file's name. */
  accept?: (header: PngHeader) => string | undefined;
}

/**
 * Reads and decodes the PNG at `path` within `bounds` (default GRID_PNG_BOUNDS); `name` is how
 * messages call the file (e.g. its path in the run folder). Never throws: a refusal says why.
 */
export async function readBoundedPng(path: string, name: string, options: BoundedPngOptions = {}): Promise<PngRead> {
  const bounds = options.bounds ?? GRID_PNG_BOUNDS;
  const refuse = (problem: string): PngRead => ({ ok: false, problem: `${name} ${problem}.` });
  let bytes: Buffer;
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    // Non-blocking, so that a FIFO opens at once (and is then refused) instead of waiting for a writer.
    handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    const info = await handle.stat();
    if (!info.isFile()) return refuse('is not a regular file');
    if (info.size > bounds.maxFileBytes)
      return refuse(`is ${n(info.size)} bytes; ${bounds.what} is at most ${n(bounds.maxFileBytes)} bytes`);
    const head = await readAll(handle, Math.min(info.size, PNG_HEADER_BYTES));
    const parsed = readPngHeader(head);
    if ('problem' in parsed) return refuse(parsed.problem);
    const beyond = headerBeyondBounds(parsed.header, bounds) ?? options.accept?.(parsed.header);
    if (beyond) return refuse(beyond);
    bytes = await readAll(handle, info.size);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return refuse(code === 'ENOENT' ? 'is missing' : `cannot be read: ${(e as Error).message}`);
  } finally {
    await handle?.close().catch(() => undefined);
  }
  // Checked again on the bytes decoded: the file may have changed between the two reads.
  const parsed = readPngHeader(bytes);
  if ('problem' in parsed) return refuse(parsed.problem);
  const header = parsed.header;
  const beyond = headerBeyondBounds(header, bounds) ?? options.accept?.(header);
  if (beyond) return refuse(beyond);
  const body = readBody(bytes, header);
  if ('problem' in body) return refuse(body.problem);
  const raw = await inflateBounded(body.idat, inflatedBytes(header), header);
  if ('problem' in raw) return refuse(raw.problem);
  try {
    return { ok: true, header, png: { width: header.width, height: header.height, data: await decodeImageData(raw, header, body) } };
  } catch (e) {
    return refuse(`cannot be decoded: ${(e as Error).message}`);
  }
}
