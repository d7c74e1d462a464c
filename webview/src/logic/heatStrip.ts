/**
 * Histogram records → heat strip: one column per record (oldest left), one row per score bin
 * (lowest score at the bottom), two intensities per cell (real and fake). Separation shows as the
 * two hues drifting apart; collapse of the fake histogram as a thin bright fake line.
 */
import type { HistogramRecord } from '../../../src/shared/runFormat';
import { blendTwo } from './colorMap';
import type { Rgba } from './colors';

export interface HeatStrip {
  columns: number;
  rows: number;
  /** Score range of the rows. */
  min: number;
  max: number;
  steps: number[];
  /** Row-major by column: index = column·rows + row (row 0 = lowest score); each 0..1. */
  real: Float32Array;
  fake: Float32Array;
}

/** Builds the strip; histograms with different ranges are re-binned onto their common range. */
export function buildHeatStrip(histograms: readonly HistogramRecord[], rows: number): HeatStrip {
  const columns = histograms.length;
  let min = Infinity;
  let max = -Infinity;
  for (const h of histograms) {
    if (Number.isFinite(h.min)) min = Math.min(min, h.min);
    if (Number.isFinite(h.max)) max = Math.max(max, h.max);
  }
  if (!(max > min)) {
    min = Number.isFinite(min) ? min : 0;
    max = min + 1;
  }
  const real = new Float32Array(columns * rows);
  const fake = new Float32Array(columns * rows);
  histograms.forEach((h, column) => {
    accumulate(real, column, rows, h.real, h.min, h.max, min, max);
    accumulate(fake, column, rows, h.fake, h.min, h.max, min, max);
  });
  normaliseColumns(real, columns, rows);
  normaliseColumns(fake, columns, rows);
  return { columns, rows, min, max, steps: histograms.map((h) => h.step), real, fake };
}

/** The row a score falls in (clamped). */
export function rowOf(value: number, min: number, max: number, rows: number): number {
  const t = (value - min) / (max - min);
  return Math.min(rows - 1, Math.max(0, Math.floor(t * rows)));
}

function accumulate(
  target: Float32Array,
  column: number,
  rows: number,
  counts: readonly number[],
  hMin: number,
  hMax: number,
  min: number,
  max: number,
) {
  const bins = counts.length;
  for (let i = 0; i < bins; i++) {
    const c = counts[i]!;
    if (!(c > 0)) continue;
    const centre = hMin + ((i + 0.5) / bins) * (hMax - hMin);
    target[column * rows + rowOf(centre, min, max, rows)]! += c;
  }
}

/** Each column scaled to its own maximum, with a square root so thin tails stay visible. */
function normaliseColumns(values: Float32Array, columns: number, rows: number) {
  for (let c = 0; c < columns; c++) {
    let peak = 0;
    for (let r = 0; r < rows; r++) peak = Math.max(peak, values[c * rows + r]!);
    for (let r = 0; r < rows; r++) values[c * rows + r] = peak > 0 ? Math.sqrt(values[c * rows + r]! / peak) : 0;
  }
}

/** RGBA pixels (width = columns, height = rows, top row = highest score) for an ImageData. */
export function heatStripPixels(strip: HeatStrip, background: Rgba, realColor: Rgba, fakeColor: Rgba): Uint8ClampedArray<ArrayBuffer> {
  const { columns, rows } = strip;
  const pixels = new Uint8ClampedArray(columns * rows * 4);
  for (let c = 0; c < columns; c++) {
    for (let r = 0; r < rows; r++) {
      const i = c * rows + r;
      const color = blendTwo(background, realColor, strip.real[i]!, fakeColor, strip.fake[i]!);
      const p = ((rows - 1 - r) * columns + c) * 4;
      pixels[p] = color.r;
      pixels[p + 1] = color.g;
      pixels[p + 2] = color.b;
      pixels[p + 3] = 255;
    }
  }
  return pixels;
}
