/** Types of the parts of gifenc (MIT, github.com/mattdesl/gifenc; it ships none) the samples GIF uses. */
declare module 'gifenc' {
  export type Format = 'rgb565' | 'rgb444' | 'rgba4444';
  /** [r, g, b] (or [r, g, b, a] in rgba4444) per entry. */
  export type GifPalette = number[][];

  export interface FrameOptions {
    palette?: GifPalette;
    /** Milliseconds (stored in hundredths). */
    delay?: number;
    /** Loop count, written with the first frame: 0 forever, -1 no loop extension. */
    repeat?: number;
    transparent?: boolean;
    transparentIndex?: number;
    /** Disposal method (0–7); −1: 0, or 2 with transparency. */
    dispose?: number;
  }

  export interface Encoder {
    writeFrame(index: Uint8Array, width: number, height: number, options?: FrameOptions): void;
    finish(): void;
    /** A copy of the bytes written. */
    bytes(): Uint8Array;
  }

  export function GIFEncoder(options?: { auto?: boolean; initialCapacity?: number }): Encoder;
  /** A palette of at most `maxColors` for the pixels (pairwise nearest neighbour clustering). Reads `rgba.buffer` whole. */
  export function quantize(rgba: Uint8Array | Uint8ClampedArray, maxColors: number, options?: { format?: Format }): GifPalette;
  /** Index of the nearest entry per pixel (cached per rgb565 cell). Reads `rgba.buffer` whole. */
  export function applyPalette(rgba: Uint8Array | Uint8ClampedArray, palette: GifPalette, format?: Format): Uint8Array;
}
