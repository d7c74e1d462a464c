/**
 * Image grids in the views: the host's decoded PNG pixels as RGBA, and how large to draw a grid —
 * a whole number of screen pixels per image pixel when it fits (nearest neighbour, so every
 * generated pixel stays a crisp square), shrunk only when even one pixel each is too large.
 */
import { isGridPixels } from '../../../src/shared/protocol';
import { base64ToBytes } from '../export/base64';

/** RGBA pixels of a grid (grey repeated in R, G and B); null when it is not well-formed GridPixels. */
export function gridRgba(grid: unknown): Uint8ClampedArray<ArrayBuffer> | null {
  if (!isGridPixels(grid)) return null;
  const bytes = base64ToBytes(grid.data);
  const n = grid.width * grid.height;
  const bpp = grid.channels + 1;
  if (bytes.length !== n * bpp) return null;
  const rgba = new Uint8ClampedArray(n * 4);
  for (let p = 0; p < n; p++) {
    const q = p * bpp;
    const r = bytes[q]!;
    rgba[p * 4] = r;
    rgba[p * 4 + 1] = grid.channels === 3 ? bytes[q + 1]! : r;
    rgba[p * 4 + 2] = grid.channels === 3 ? bytes[q + 2]! : r;
    rgba[p * 4 + 3] = bytes[q + grid.channels]!;
  }
  return rgba;
}

/** Largest scale at which `size` fits in `available`: a whole number ≥ 1 (at most `max`), else the fraction that fits. */
export function pixelScale(available: number, size: number, max = 16): number {
  if (!(size > 0) || !(available > 0)) return 1;
  const fit = available / size;
  return fit >= 1 ? Math.min(max, Math.floor(fit)) : fit;
}

export interface GridPlacement {
  /** Side by side (generated left, real right), else generated above real. */
  sideBySide: boolean;
  scale: number;
}

/**
 * Where two grids of `width` px go in `available` px with `gap` between: side by side unless that
 * would shrink them below one pixel each while one above the other would not.
 */
export function placeGrids(available: number, width: number, gap: number, max = 16): GridPlacement {
  const side = pixelScale((available - gap) / 2, width, max);
  const stacked = pixelScale(available, width, max);
  return side >= 1 || stacked < 1 ? { sideBySide: true, scale: side } : { sideBySide: false, scale: stacked };
}
