/**
 * The samples export's animated GIF, on gifenc (MIT; pure JavaScript, no workers, no eval: the
 * webview's CSP allows neither): one global palette for every frame (gifenc's pairwise-nearest-
 * neighbour quantizer over a sample of all frames' pixels, with the theme's colours reserved as
 * exact entries), gifenc's palette mapping and LZW, looping forever. Frames after the first store
 * only what changed: an unchanged pixel is the transparent entry (the last one) over the previous
 * frame, which is left in place (disposal 1), so a still background costs a few bytes a frame.
 *
 *   const builder = new PaletteBuilder(reserved); for (const f of frames) builder.add(f);
 *   const encoder = new GifEncoder(width, height, builder.build());
 *   for (const f of frames) encoder.addFrame(f, 12); const bytes = encoder.finish();
 *
 * Frames are RGBA (ImageData.data), opaque: alpha is ignored.
 */
import { applyPalette, GIFEncoder, quantize, type Encoder } from 'gifenc';

export type Rgb = readonly [number, number, number];

/** Palette entries a GifEncoder takes: one of GIF's 256 is its "unchanged" (transparent) entry. */
export const MAX_PALETTE = 255;
/** Pixels the palette sample holds at most (16 MiB); beyond it, every other one is dropped. */
const MAX_SAMPLE = 1 << 22;

const clampByte = (v: number) => Math.min(255, Math.max(0, Math.round(v)));
const rgbKey = (r: number, g: number, b: number) => (r << 16) | (g << 8) | b;

/**
 * Collects a sample of the frames' pixels and makes the palette: the reserved colours (the theme's
 * background and text) as they are, then gifenc's quantization of the other pixels (pixels of
 * exactly a reserved colour are left out of the sample). The sample is every `stride`-th pixel of
 * each frame, thinned evenly when it outgrows MAX_SAMPLE pixels.
 */
export class PaletteBuilder {
  private sample = new Uint8Array(1 << 16);
  private length = 0;
  /** Of the pixels offered, every `keepEvery`-th goes into the sample (doubles at each thinning). */
  private keepEvery = 1;
  private offered = 0;
  private readonly reserved: Rgb[];
  private readonly reservedKeys: Set<number>;

  constructor(reserved: readonly Rgb[] = []) {
    const unique = new Map(reserved.map((c): [number, Rgb] => [rgbKey(clampByte(c[0]), clampByte(c[1]), clampByte(c[2])), c]));
    this.reservedKeys = new Set(unique.keys());
    this.reserved = [...unique.values()].map((c) => [clampByte(c[0]), clampByte(c[1]), clampByte(c[2])]);
  }

  /** Adds a frame's pixels (every `stride`-th pixel: 1 for all). */
  add(rgba: ArrayLike<number>, stride = 1): void {
    const step = Math.max(1, Math.floor(stride)) * 4;
    for (let p = 0; p + 2 < rgba.length; p += step) {
      const r = rgba[p]!;
      const g = rgba[p + 1]!;
      const b = rgba[p + 2]!;
      if (this.reservedKeys.has(rgbKey(r, g, b))) continue;
      if (this.offered++ % this.keepEvery !== 0) continue;
      if (this.length * 4 === this.sample.length) this.grow();
      const at = this.length++ * 4;
      this.sample[at] = r;
      this.sample[at + 1] = g;
      this.sample[at + 2] = b;
      this.sample[at + 3] = 255;
    }
  }

  /** The palette: the reserved colours, then up to `size` − reserved entries for the rest. */
  build(size = MAX_PALETTE): Rgb[] {
    const colors: Rgb[] = this.reserved.slice(0, size);
    const room = size - colors.length;
    if (room > 0 && this.length > 0) {
      // quantize reads its argument's whole buffer: give it a buffer of exactly the sample.
      for (const c of quantize(this.sample.slice(0, this.length * 4), room, { format: 'rgb565' }))
        colors.push([clampByte(c[0]!), clampByte(c[1]!), clampByte(c[2]!)]);
    }
    if (colors.length === 0) colors.push([0, 0, 0]);
    return colors;
  }

  private grow(): void {
    if (this.sample.length < MAX_SAMPLE * 4) {
      const next = new Uint8Array(this.sample.length * 2);
      next.set(this.sample);
      this.sample = next;
      return;
    }
    // Full: keep every other pixel, and from now on take half as many.
    const words = new Uint32Array(this.sample.buffer);
    for (let i = 0; i * 2 < this.length; i++) words[i] = words[i * 2]!;
    this.length = Math.ceil(this.length / 2);
    this.keepEvery *= 2;
  }
}

export interface GifOptions {
  /** Times to play (0: forever, the default). */
  loop?: number;
}

/** Writes a GIF89a with one global palette: header, palette, loop extension, then frames as they are added. */
export class GifEncoder {
  private readonly gif: Encoder = GIFEncoder();
  /** The palette as written: the colours, then the transparent entry. */
  private readonly table: number[][];
  /** The colours pixels are mapped to (the table without its transparent entry). */
  private readonly colors: number[][];
  private readonly transparent: number;
  private previous: Uint8Array | null = null;
  private finished = false;
  frames = 0;

  constructor(
    readonly width: number,
    readonly height: number,
    palette: readonly Rgb[],
    private readonly options: GifOptions = {},
  ) {
    if (!(width >= 1 && height >= 1 && width <= 0xffff && height <= 0xffff)) throw new Error(`bad GIF size ${width}×${height}`);
    if (palette.length === 0 || palette.length > MAX_PALETTE)
      throw new Error(`a GIF palette here has 1 to ${MAX_PALETTE} colours, not ${palette.length}`);
    this.transparent = palette.length;
    this.colors = palette.map((c) => [...c]);
    this.table = [...this.colors, [0, 0, 0]];
  }

  /** Adds a frame (RGBA, width × height) shown for `delayCs` hundredths of a second. */
  addFrame(rgba: Uint8Array | Uint8ClampedArray, delayCs: number): void {
    if (this.finished) throw new Error('the GIF is finished');
    const { width, height } = this;
    const bytes = width * height * 4;
    if (rgba.length < bytes) throw new Error(`a frame needs ${bytes} bytes, got ${rgba.length}`);
    // applyPalette reads its argument's whole buffer: copy a view of part of one.
    const own = rgba.byteOffset === 0 && rgba.buffer.byteLength === bytes ? rgba : rgba.slice(0, bytes);
    const indexed = applyPalette(own, this.colors, 'rgb565');
    const previous = this.previous;
    this.previous = indexed;
    const delay = Math.max(0, Math.min(0xffff, Math.round(delayCs))) * 10;
    const first = previous === null;
    let written = indexed;
    if (!first) {
      written = indexed.slice();
      for (let i = 0; i < written.length; i++) if (written[i] === previous[i]) written[i] = this.transparent;
    }
    this.gif.writeFrame(written, width, height, {
      ...(first ? { palette: this.table, repeat: this.options.loop ?? 0 } : { transparent: true, transparentIndex: this.transparent }),
      delay,
      dispose: 1,
    });
    this.frames++;
  }

  /** Writes the trailer; returns the file. */
  finish(): Uint8Array {
    if (!this.finished) {
      this.gif.finish();
      this.finished = true;
    }
    return this.gif.bytes();
  }
}
