/**
 * A small animated-GIF (GIF89a) encoder for the samples export, written for the webview (no
 * workers, no eval: the CSP allows neither): one global palette of up to 256 colours made by
 * median cut over every frame's pixels, with the theme's colours reserved exactly; LZW with
 * variable code sizes up to 12 bits; the NETSCAPE2.0 extension for looping; and frames after the
 * first stored as the rectangle that changed (disposal "leave in place").
 *
 *   const builder = new PaletteBuilder(); for (const f of frames) builder.add(f);
 *   const encoder = new GifEncoder(width, height, builder.build(reserved));
 *   for (const f of frames) encoder.addFrame(f, 12); const bytes = encoder.finish();
 *
 * Frames are RGBA (ImageData.data), opaque: alpha is ignored.
 */

export type Rgb = readonly [number, number, number];

const MAX_CODE = 4096;

/** A growable byte buffer. */
class ByteWriter {
  private buffer = new Uint8Array(1 << 16);
  length = 0;

  byte(b: number): void {
    if (this.length === this.buffer.length) this.grow(1);
    this.buffer[this.length++] = b & 0xff;
  }

  word(w: number): void {
    this.byte(w & 0xff);
    this.byte((w >> 8) & 0xff);
  }

  bytes(data: ArrayLike<number>): void {
    if (this.length + data.length > this.buffer.length) this.grow(data.length);
    this.buffer.set(data, this.length);
    this.length += data.length;
  }

  text(s: string): void {
    for (let i = 0; i < s.length; i++) this.byte(s.charCodeAt(i));
  }

  result(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }

  private grow(extra: number): void {
    let size = this.buffer.length * 2;
    while (size < this.length + extra) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buffer.subarray(0, this.length));
    this.buffer = next;
  }
}

/** Colours of a palette and the nearest entry of any colour (looked up once per 6-bit-per-channel cell, then cached). */
export class Palette {
  /** r, g, b of each entry. */
  readonly colors: Uint8Array;
  readonly size: number;
  private readonly cache = new Int16Array(1 << 18).fill(-1);

  constructor(colors: readonly Rgb[]) {
    if (colors.length === 0 || colors.length > 256) throw new Error(`a GIF palette has 1 to 256 colours, not ${colors.length}`);
    this.size = colors.length;
    this.colors = new Uint8Array(colors.length * 3);
    colors.forEach((c, i) => this.colors.set([clampByte(c[0]), clampByte(c[1]), clampByte(c[2])], i * 3));
  }

  /** Index of the entry nearest to (r, g, b). */
  indexOf(r: number, g: number, b: number): number {
    const key = ((r >> 2) << 12) | ((g >> 2) << 6) | (b >> 2);
    const cached = this.cache[key]!;
    if (cached >= 0) return cached;
    const found = this.nearest(r, g, b);
    this.cache[key] = found;
    return found;
  }

  private nearest(r: number, g: number, b: number): number {
    const c = this.colors;
    let best = 0;
    let bestDistance = Infinity;
    for (let i = 0; i < this.size; i++) {
      const dr = c[i * 3]! - r;
      const dg = c[i * 3 + 1]! - g;
      const db = c[i * 3 + 2]! - b;
      // Weighted towards green, as the eye is (a cheap perceptual distance).
      const d = 2 * dr * dr + 4 * dg * dg + 3 * db * db;
      if (d < bestDistance) {
        bestDistance = d;
        best = i;
        if (d === 0) break;
      }
    }
    return best;
  }
}

const clampByte = (v: number) => Math.min(255, Math.max(0, Math.round(v)));

/** Histogram cells: 5 bits per channel. */
const CELLS = 1 << 15;

interface Box {
  cells: number[];
  count: number;
  /** Channel with the widest range, and that range. */
  axis: 0 | 1 | 2;
  range: number;
}

/**
 * Collects the colours of the frames (a histogram of 5-bit-per-channel cells) and makes a palette
 * by median cut. Colours given as reserved are palette entries as they are (the theme's background
 * and text), and pixels of exactly those colours are left out of the cut.
 */
export class PaletteBuilder {
  private readonly counts = new Float64Array(CELLS);
  private readonly sums = new Float64Array(CELLS * 3);
  private reservedKeys = new Set<number>();

  constructor(private readonly reserved: readonly Rgb[] = []) {
    this.reservedKeys = new Set(reserved.map((c) => (clampByte(c[0]) << 16) | (clampByte(c[1]) << 8) | clampByte(c[2])));
  }

  /** Adds a frame's pixels (every `stride`-th pixel: 1 for all). */
  add(rgba: ArrayLike<number>, stride = 1): void {
    const step = Math.max(1, Math.floor(stride)) * 4;
    for (let p = 0; p + 2 < rgba.length; p += step) {
      const r = rgba[p]!;
      const g = rgba[p + 1]!;
      const b = rgba[p + 2]!;
      if (this.reservedKeys.size > 0 && this.reservedKeys.has((r << 16) | (g << 8) | b)) continue;
      const cell = ((r >> 3) << 10) | ((g >> 3) << 5) | (b >> 3);
      this.counts[cell]!++;
      this.sums[cell * 3] += r;
      this.sums[cell * 3 + 1] += g;
      this.sums[cell * 3 + 2] += b;
    }
  }

  /** The palette: the reserved colours, then up to `size` − reserved entries from median cut. */
  build(size = 256): Palette {
    const reserved = [...new Map(this.reserved.map((c) => [`${c[0]},${c[1]},${c[2]}`, c])).values()].slice(0, size);
    const room = size - reserved.length;
    const used: number[] = [];
    for (let cell = 0; cell < CELLS; cell++) if (this.counts[cell]! > 0) used.push(cell);
    const colors: Rgb[] = [...reserved];
    if (room > 0 && used.length > 0) {
      const boxes = [this.box(used)];
      while (boxes.length < room) {
        // Split the box with the most pixels times spread (big, varied regions get more colours).
        let pick = -1;
        let score = 0;
        boxes.forEach((b, i) => {
          const s = b.cells.length > 1 ? b.count * b.range : 0;
          if (s > score) {
            score = s;
            pick = i;
          }
        });
        if (pick < 0) break;
        const [a, b] = this.split(boxes[pick]!);
        boxes.splice(pick, 1, a, b);
      }
      for (const b of boxes) colors.push(this.average(b));
    }
    if (colors.length === 0) colors.push([0, 0, 0]);
    return new Palette(colors);
  }

  private channel(cell: number, axis: number): number {
    return axis === 0 ? cell >> 10 : axis === 1 ? (cell >> 5) & 31 : cell & 31;
  }

  private box(cells: number[]): Box {
    let count = 0;
    const lo = [31, 31, 31];
    const hi = [0, 0, 0];
    for (const cell of cells) {
      count += this.counts[cell]!;
      for (let a = 0; a < 3; a++) {
        const v = this.channel(cell, a);
        if (v < lo[a]!) lo[a] = v;
        if (v > hi[a]!) hi[a] = v;
      }
    }
    const ranges = [hi[0]! - lo[0]!, hi[1]! - lo[1]!, hi[2]! - lo[2]!];
    const axis = (ranges[1]! >= ranges[0]! && ranges[1]! >= ranges[2]! ? 1 : ranges[0]! >= ranges[2]! ? 0 : 2) as 0 | 1 | 2;
    return { cells, count, axis, range: ranges[axis]! + 1 };
  }

  /** Splits at the pixel-weighted median along the widest channel. */
  private split(box: Box): [Box, Box] {
    const sorted = [...box.cells].sort((p, q) => this.channel(p, box.axis) - this.channel(q, box.axis));
    let seen = 0;
    let at = 1;
    for (let i = 0; i < sorted.length - 1; i++) {
      seen += this.counts[sorted[i]!]!;
      at = i + 1;
      if (seen >= box.count / 2) break;
    }
    return [this.box(sorted.slice(0, at)), this.box(sorted.slice(at))];
  }

  private average(box: Box): Rgb {
    let r = 0;
    let g = 0;
    let b = 0;
    for (const cell of box.cells) {
      r += this.sums[cell * 3]!;
      g += this.sums[cell * 3 + 1]!;
      b += this.sums[cell * 3 + 2]!;
    }
    return [clampByte(r / box.count), clampByte(g / box.count), clampByte(b / box.count)];
  }
}

/**
 * The LZW table, shared by every call (6 MB, allocated once): entry (prefix code, next index) → code,
 * valid while its stamp is the current generation, so clearing the table is one increment.
 */
let lzwTables: { stamps: Int32Array; codes: Int16Array } | null = null;
let lzwGeneration = 0;
function lzwTable(): { stamps: Int32Array; codes: Int16Array } {
  lzwTables ??= { stamps: new Int32Array(MAX_CODE * 256), codes: new Int16Array(MAX_CODE * 256) };
  return lzwTables;
}

/**
 * GIF's LZW: codes of `minCodeSize + 1` bits growing to 12, a clear code first and whenever the
 * table is full, the end code last; packed least-significant bit first into sub-blocks of at most
 * 255 bytes, ending with an empty one.
 */
export function lzwEncode(indices: ArrayLike<number>, minCodeSize: number, out?: ByteWriter): Uint8Array {
  const writer = out ?? new ByteWriter();
  const clear = 1 << minCodeSize;
  const end = clear + 1;
  let codeSize = minCodeSize + 1;
  let next = end + 1;
  const { stamps, codes } = lzwTable();
  let generation = ++lzwGeneration;

  const block = new Uint8Array(255);
  let blockLength = 0;
  let bits = 0;
  let bitCount = 0;
  const flushByte = (b: number) => {
    block[blockLength++] = b;
    if (blockLength === 255) {
      writer.byte(255);
      writer.bytes(block);
      blockLength = 0;
    }
  };
  const emit = (code: number) => {
    bits |= code << bitCount;
    bitCount += codeSize;
    while (bitCount >= 8) {
      flushByte(bits & 0xff);
      bits >>>= 8;
      bitCount -= 8;
    }
  };

  emit(clear);
  if (indices.length > 0) {
    let prefix = indices[0]!;
    for (let i = 1; i < indices.length; i++) {
      const k = indices[i]!;
      const key = (prefix << 8) | k;
      if (stamps[key] === generation) {
        prefix = codes[key]!;
        continue;
      }
      emit(prefix);
      if (next < MAX_CODE) {
        stamps[key] = generation;
        codes[key] = next;
        // The decoder adds this entry one code later, then reads wider codes once its table needs them.
        if (next === 1 << codeSize && codeSize < 12) codeSize++;
        next++;
      } else {
        emit(clear);
        generation = ++lzwGeneration;
        codeSize = minCodeSize + 1;
        next = end + 1;
      }
      prefix = k;
    }
    emit(prefix);
  }
  emit(end);
  if (bitCount > 0) flushByte(bits & 0xff);
  if (blockLength > 0) {
    writer.byte(blockLength);
    writer.bytes(block.subarray(0, blockLength));
  }
  writer.byte(0);
  return out ? new Uint8Array(0) : writer.result();
}

export interface GifOptions {
  /** Times to play (0: forever, the default). */
  loop?: number;
}

/** Writes a GIF89a: header, global palette, loop extension, then frames as they are added. */
export class GifEncoder {
  private readonly out = new ByteWriter();
  private previous: Uint8Array | null = null;
  private finished = false;
  frames = 0;

  constructor(
    readonly width: number,
    readonly height: number,
    private readonly palette: Palette,
    options: GifOptions = {},
  ) {
    if (!(width >= 1 && height >= 1 && width <= 0xffff && height <= 0xffff)) throw new Error(`bad GIF size ${width}×${height}`);
    const o = this.out;
    o.text('GIF89a');
    o.word(width);
    o.word(height);
    // Global colour table of 2^(n+1) entries, colour resolution 8 bits.
    const tableBits = tableSizeBits(palette.size);
    o.byte(0x80 | (7 << 4) | tableBits);
    o.byte(0); // background colour index
    o.byte(0); // pixel aspect ratio: none given
    const table = new Uint8Array(3 << (tableBits + 1));
    table.set(palette.colors);
    o.bytes(table);
    // NETSCAPE2.0: loop count.
    o.bytes([0x21, 0xff, 0x0b]);
    o.text('NETSCAPE2.0');
    o.bytes([0x03, 0x01]);
    o.word(options.loop ?? 0);
    o.byte(0);
  }

  /** Adds a frame (RGBA, width × height) shown for `delayCs` hundredths of a second. */
  addFrame(rgba: ArrayLike<number>, delayCs: number): void {
    if (this.finished) throw new Error('the GIF is finished');
    const { width, height } = this;
    if (rgba.length < width * height * 4) throw new Error(`a frame needs ${width * height * 4} bytes, got ${rgba.length}`);
    const indexed = new Uint8Array(width * height);
    const palette = this.palette;
    for (let i = 0, p = 0; i < indexed.length; i++, p += 4) indexed[i] = palette.indexOf(rgba[p]!, rgba[p + 1]!, rgba[p + 2]!);
    // After the first frame only the rectangle that changed is stored; the rest stays from before.
    const rect = this.previous ? changedRect(this.previous, indexed, width, height) : { left: 0, top: 0, width, height };
    this.previous = indexed;
    const o = this.out;
    // Graphic control extension: disposal 1 (leave in place), no transparency, the delay.
    o.bytes([0x21, 0xf9, 0x04, 1 << 2]);
    o.word(Math.max(0, Math.min(0xffff, Math.round(delayCs))));
    o.byte(0);
    o.byte(0);
    // Image descriptor: no local colour table, not interlaced.
    o.byte(0x2c);
    o.word(rect.left);
    o.word(rect.top);
    o.word(rect.width);
    o.word(rect.height);
    o.byte(0);
    const minCodeSize = Math.max(2, tableSizeBits(palette.size) + 1);
    o.byte(minCodeSize);
    lzwEncode(crop(indexed, width, rect), minCodeSize, o);
    this.frames++;
  }

  /** Writes the trailer; returns the file. */
  finish(): Uint8Array {
    if (!this.finished) {
      this.out.byte(0x3b);
      this.finished = true;
    }
    return this.out.result();
  }
}

/** n such that 2^(n+1) ≥ colours (the size field of a colour table). */
function tableSizeBits(colors: number): number {
  let n = 0;
  while (1 << (n + 1) < colors) n++;
  return n;
}

interface Rect {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** Bounding box of the pixels that differ (1×1 at the origin when none do: a frame has at least a pixel). */
function changedRect(before: Uint8Array, after: Uint8Array, width: number, height: number): Rect {
  let top = -1;
  let bottom = -1;
  let left = width;
  let right = -1;
  for (let y = 0; y < height; y++) {
    const row = y * width;
    let first = -1;
    let last = -1;
    for (let x = 0; x < width; x++) {
      if (before[row + x] !== after[row + x]) {
        if (first < 0) first = x;
        last = x;
      }
    }
    if (first < 0) continue;
    if (top < 0) top = y;
    bottom = y;
    if (first < left) left = first;
    if (last > right) right = last;
  }
  if (top < 0) return { left: 0, top: 0, width: 1, height: 1 };
  return { left, top, width: right - left + 1, height: bottom - top + 1 };
}

function crop(indexed: Uint8Array, width: number, rect: Rect): Uint8Array {
  if (rect.left === 0 && rect.width === width) return indexed.subarray(rect.top * width, (rect.top + rect.height) * width);
  const out = new Uint8Array(rect.width * rect.height);
  for (let y = 0; y < rect.height; y++) {
    const from = (rect.top + y) * width + rect.left;
    out.set(indexed.subarray(from, from + rect.width), y * rect.width);
  }
  return out;
}
