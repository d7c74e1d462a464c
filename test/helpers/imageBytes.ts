/**
 * Writes small image files byte by byte for the image data tests: PNGs of every colour type and
 * bit depth (pngjs cannot write palette or low-depth PNGs), grayscale baseline JPEGs (jpeg-js
 * writes colour only), a CMYK JPEG frame header, and IDX files.
 */
import { deflateSync } from 'node:zlib';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

export function chunk(type: string, data: Uint8Array): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const out = Buffer.alloc(body.length + 8);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), body.length + 4);
  return out;
}

const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

export interface PngSpec {
  width: number;
  height: number;
  /** 0 gray, 2 RGB, 3 palette, 4 gray + alpha, 6 RGBA. */
  colorType: 0 | 2 | 3 | 4 | 6;
  depth: 1 | 2 | 4 | 8 | 16;
  /** Row-major samples, channels interleaved, each on 0 … 2^depth − 1 (palette: indices). */
  samples: readonly number[];
  /** colorType 3: RGB entries. */
  palette?: readonly (readonly [number, number, number])[];
  /** colorType 3: alpha of the first entries (tRNS). */
  paletteAlpha?: readonly number[];
}

export function pngBytes(spec: PngSpec): Buffer {
  const { width, height, colorType, depth, samples } = spec;
  const perPixel = CHANNELS[colorType]!;
  const rowBytes = Math.ceil((width * perPixel * depth) / 8);
  const raw = Buffer.alloc((rowBytes + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (rowBytes + 1) + 1; // filter byte 0 (none) first
    for (let i = 0; i < width * perPixel; i++) {
      const value = samples[y * width * perPixel + i]!;
      if (depth === 16) raw.writeUInt16BE(value, row + 2 * i);
      else if (depth === 8) raw[row + i] = value;
      else {
        const bit = i * depth;
        raw[row + (bit >> 3)]! |= value << (8 - depth - (bit & 7));
      }
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = depth;
  header[9] = colorType;
  const parts = [Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header)];
  if (spec.palette) parts.push(chunk('PLTE', Uint8Array.from(spec.palette.flat())));
  if (spec.paletteAlpha) parts.push(chunk('tRNS', Uint8Array.from(spec.paletteAlpha)));
  parts.push(chunk('IDAT', deflateSync(raw)), chunk('IEND', new Uint8Array(0)));
  return Buffer.concat(parts);
}

/** Bits written MSB first, with JPEG byte stuffing (0x00 after every 0xFF) and 1-padding at the end. */
class BitWriter {
  private readonly bytes: number[] = [];
  private current = 0;
  private used = 0;
  write(value: number, length: number): void {
    for (let i = length - 1; i >= 0; i--) {
      this.current = (this.current << 1) | ((value >> i) & 1);
      if (++this.used === 8) this.flushByte();
    }
  }
  finish(): number[] {
    while (this.used !== 0) this.write(1, 1);
    return this.bytes;
  }
  private flushByte(): void {
    this.bytes.push(this.current);
    if (this.current === 0xff) this.bytes.push(0);
    this.current = 0;
    this.used = 0;
  }
}

const segment = (marker: number, body: number[]) => [0xff, marker, (body.length + 2) >> 8, (body.length + 2) & 0xff, ...body];

/**
 * A baseline grayscale (1-component) JPEG of one flat `value` (0–255): DC-only blocks with
 * quantiser 8, so it decodes to exactly `value`. Sides need not be multiples of 8.
 */
export function grayJpegBytes(width: number, height: number, value: number): Buffer {
  const level = Math.round(value) - 128; // DC coefficient / 8 = the level-shifted sample
  const magnitude = Math.abs(level);
  const category = magnitude === 0 ? 0 : Math.floor(Math.log2(magnitude)) + 1;
  const bits = new Array<number>(16).fill(0);
  let dcValues: number[];
  if (category === 0) {
    bits[0] = 1; // symbol 0: code 0
    dcValues = [0];
  } else {
    bits[0] = 1; // symbol 0: code 0
    bits[1] = 1; // symbol `category`: code 10
    dcValues = [0, category];
  }
  const blocks = Math.ceil(width / 8) * Math.ceil(height / 8);
  const writer = new BitWriter();
  for (let b = 0; b < blocks; b++) {
    if (b === 0 && category > 0) {
      writer.write(0b10, 2);
      writer.write(level > 0 ? level : level + (1 << category) - 1, category);
    } else writer.write(0, 1); // DC difference 0
    writer.write(0, 1); // AC: end of block
  }
  return Buffer.from([
    0xff,
    0xd8,
    ...segment(0xdb, [0x00, ...new Array<number>(64).fill(8)]),
    ...segment(0xc0, [8, height >> 8, height & 0xff, width >> 8, width & 0xff, 1, 1, 0x11, 0]),
    ...segment(0xc4, [0x00, ...bits, ...dcValues]),
    ...segment(0xc4, [0x10, 1, ...new Array<number>(15).fill(0), 0x00]),
    ...segment(0xda, [1, 1, 0x00, 0, 63, 0]),
    ...writer.finish(),
    0xff,
    0xd9,
  ]);
}

/** The start of a JPEG whose frame header declares `components` components (4: CMYK) and `precision` bits. */
export function jpegFrameOnly(components: number, precision = 8, sof = 0xc0): Buffer {
  const body = [precision, 0, 8, 0, 8, components];
  for (let c = 1; c <= components; c++) body.push(c, 0x11, 0);
  return Buffer.from([0xff, 0xd8, ...segment(0xe0, [0x4a, 0x46, 0x49, 0x46, 0]), ...segment(sof, body), 0xff, 0xd9]);
}

/** An IDX file: `magic` (default 0x00000803), the sizes, then the bytes. */
export function idxBytes(sizes: readonly number[], values: Uint8Array, magic = 0x00000800 | sizes.length): Buffer {
  const header = Buffer.alloc(4 + 4 * sizes.length);
  header.writeUInt32BE(magic, 0);
  sizes.forEach((s, i) => header.writeUInt32BE(s, 4 + 4 * i));
  return Buffer.concat([header, values]);
}
