/**
 * D on the 2-D grid → RGBA pixels (top row = highest y), and the gradient arrows drawn from each
 * fixed fake point: the direction of ∇ₓ logit D in screen space (y points down), fixed length.
 */
import type { SampleRecord } from '../../../src/shared/runFormat';
import { diverging, divergingParameter, type DivergingColors } from './colorMap';
import type { Rgba } from './colors';

type Grid = NonNullable<SampleRecord['grid']>;

/** Pixels of a resolution × resolution image: probabilities with 0.5 at the centre colour, or scores spread over their range. */
export function heatmapPixels(
  grid: Grid,
  colors: DivergingColors,
  scale: 'probability' | 'score' = 'probability',
): Uint8ClampedArray<ArrayBuffer> {
  return gridPixels(grid.resolution, grid.values, heatmapColor(grid.values, colors, scale));
}

/** The colour of a value on the heatmap of `values` (the same mapping as heatmapPixels, e.g. for a colour bar). */
export function heatmapColor(values: readonly number[], colors: DivergingColors, scale: 'probability' | 'score'): (value: number) => Rgba {
  if (scale === 'probability') return (v) => diverging(divergingParameter(v, scale), colors);
  // A critic's scores have no fixed centre (adding a constant changes nothing): spread the grid's own
  // range over the colours, its midpoint at the centre colour.
  const finite = values.filter(Number.isFinite);
  const lo = Math.min(...finite);
  const hi = Math.max(...finite);
  const centre = finite.length > 0 ? (lo + hi) / 2 : 0;
  const halfRange = finite.length > 0 ? Math.max(1e-9, (hi - lo) / 2) : 1;
  return (v) => diverging(divergingParameter(v - centre, scale, halfRange), colors);
}

/** Pixels of a resolution × resolution image of grid values (row 0 = lowest y, drawn as the bottom row), coloured by `color`. */
export function gridPixels(n: number, values: readonly number[], color: (value: number) => Rgba): Uint8ClampedArray<ArrayBuffer> {
  const pixels = new Uint8ClampedArray(n * n * 4);
  for (let row = 0; row < n; row++) {
    for (let col = 0; col < n; col++) {
      const c = color(values[row * n + col] ?? NaN);
      const p = ((n - 1 - row) * n + col) * 4;
      pixels[p] = c.r;
      pixels[p + 1] = c.g;
      pixels[p + 2] = c.b;
      pixels[p + 3] = Math.round(c.a * 255);
    }
  }
  return pixels;
}

/** Whether the grid holds probabilities (every value in [0, 1]). */
export function gridScale(values: readonly number[]): 'probability' | 'score' {
  return values.every((v) => !Number.isFinite(v) || (v >= 0 && v <= 1)) ? 'probability' : 'score';
}

export interface Segment {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** An arrow of `length` pixels from (px, py) along the data-space gradient (gx, gy); null for a zero or non-finite gradient. */
export function arrowSegment(px: number, py: number, gx: number, gy: number, length: number): Segment | null {
  const norm = Math.hypot(gx, gy);
  if (!Number.isFinite(norm) || norm === 0) return null;
  return { x0: px, y0: py, x1: px + (gx / norm) * length, y1: py - (gy / norm) * length };
}
