/**
 * Image samples as one PNG grid: tile i of the batch at column i mod `columns`, row ⌊i / columns⌋,
 * each at its exact pixel size (one generated pixel is one PNG pixel), GRID_GUTTER transparent
 * pixels between tiles. Values in [−1, 1] map to [0, 255] (−1 black, 1 white), clamped; NaN is
 * black. Greyscale images are written as grey + alpha, colour images as RGBA.
 */
import { PNG } from 'pngjs';
import type { ImageShape } from '../../shared/runFormat';

/** Transparent pixels between tiles (none around the grid). */
export const GRID_GUTTER = 1;
/** Tiles per grid at most: the first samples of the batch (a grid the views can still show). */
export const MAX_GRID_TILES = 64;

export interface GridGeometry {
  columns: number;
  rows: number;
  /** PNG size in pixels. */
  width: number;
  height: number;
}

/** Columns default to a square-ish grid: ⌈√count⌉. */
export function gridGeometry(count: number, shape: ImageShape, columns = Math.max(1, Math.ceil(Math.sqrt(count)))): GridGeometry {
  const rows = Math.max(1, Math.ceil(count / columns));
  return {
    columns,
    rows,
    width: columns * shape.width + (columns - 1) * GRID_GUTTER,
    height: rows * shape.height + (rows - 1) * GRID_GUTTER,
  };
}

/** Top-left pixel of tile `index`. */
export function tileOrigin(index: number, shape: ImageShape, columns: number): { x: number; y: number } {
  return {
    x: (index % columns) * (shape.width + GRID_GUTTER),
    y: Math.floor(index / columns) * (shape.height + GRID_GUTTER),
  };
}

/** A value in [−1, 1] as a byte: round((v + 1)/2 · 255), clamped to [0, 255]; NaN → 0. */
export function toByte(v: number): number {
  if (!(v > -1)) return 0;
  if (v >= 1) return 255;
  return Math.round(((v + 1) / 2) * 255);
}

/**
 * Encodes the first `count` samples of `samples` (rows of height·width·channels values, HWC) as a
 * PNG grid with `columns` tiles per row.
 */
export function encodeImageGrid(samples: Float32Array, count: number, shape: ImageShape, columns: number): Buffer {
  const dim = shape.height * shape.width * shape.channels;
  if (samples.length < count * dim) throw new Error(`image grid: ${samples.length} values for ${count} samples of ${dim}`);
  const { width, height } = gridGeometry(count, shape, columns);
  const bpp = shape.channels + 1; // colour channels, then alpha
  const data = Buffer.alloc(width * height * bpp); // all transparent: the gutters and empty cells
  for (let i = 0; i < count; i++) {
    const origin = tileOrigin(i, shape, columns);
    for (let y = 0; y < shape.height; y++) {
      for (let x = 0; x < shape.width; x++) {
        const source = i * dim + (y * shape.width + x) * shape.channels;
        const target = ((origin.y + y) * width + origin.x + x) * bpp;
        for (let c = 0; c < shape.channels; c++) data[target + c] = toByte(samples[source + c]!);
        data[target + shape.channels] = 255;
      }
    }
  }
  const colorType = shape.channels === 1 ? 4 : 6;
  const png = new PNG({ width, height, colorType, inputColorType: colorType, inputHasAlpha: true, bitDepth: 8 });
  png.data = data;
  return PNG.sync.write(png, { colorType, inputColorType: colorType, inputHasAlpha: true, bitDepth: 8 });
}
