/**
 * Histogram records → heat strip: one column per record (oldest left; beyond MAX_COLUMNS records,
 * each column sums a run of neighbouring records), one row per score bin
 * (lowest score at the bottom), two intensities per cell (real and fake). Separation shows as the
 * two hues drifting apart; collapse of the fake histogram as a thin bright fake line.
 */
import { blendTwo } from './colorMap';
import type { Rgba } from './colors';

/** A histogram record as the strip reads it (counts in any array). */
export interface StripHistogram {
  step: number;
  min: number;
  max: number;
  real: ArrayLike<number>;
  fake: ArrayLike<number>;
}

/** Records read one at a time (a HistogramTrack, or an array through `listOf`). */
export interface StripRecords {
  length: number;
  at(i: number): StripHistogram | undefined;
}

export const listOf = (records: readonly StripHistogram[]): StripRecords => ({ length: records.length, at: (i) => records[i] });

/** Columns of the strip at most: more records than this share columns (a canvas is not wider). */
export const MAX_COLUMNS = 2048;

/** The strip column of record `i` of `n`. */
export function columnOf(i: number, n: number): number {
  return n <= MAX_COLUMNS ? i : Math.floor((i * MAX_COLUMNS) / n);
}

export interface HeatStrip {
  columns: number;
  rows: number;
  /** Score range of the rows. */
  min: number;
  max: number;
  /** First and last step of the records. */
  firstStep: number;
  lastStep: number;
  /** Records in the strip (columns ≤ records). */
  records: number;
  /** Row-major by column: index = column·rows + row (row 0 = lowest score); each 0..1. */
  real: Float32Array;
  fake: Float32Array;
}

/** Builds the strip; histograms with different ranges are re-binned onto their common range. */
export function buildHeatStrip(histograms: StripRecords, rows: number): HeatStrip {
  const n = histograms.length;
  const columns = Math.min(n, MAX_COLUMNS);
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const h = histograms.at(i)!;
    if (Number.isFinite(h.min)) min = Math.min(min, h.min);
    if (Number.isFinite(h.max)) max = Math.max(max, h.max);
  }
  if (!(max > min)) {
    min = Number.isFinite(min) ? min : 0;
    max = min + 1;
  }
  const real = new Float32Array(columns * rows);
  const fake = new Float32Array(columns * rows);
  for (let i = 0; i < n; i++) {
    const h = histograms.at(i)!;
    const column = columnOf(i, n);
    accumulate(real, column, rows, h.real, h.min, h.max, min, max);
    accumulate(fake, column, rows, h.fake, h.min, h.max, min, max);
  }
  normaliseColumns(real, columns, rows);
  normaliseColumns(fake, columns, rows);
  return {
    columns,
    rows,
    min,
    max,
    firstStep: histograms.at(0)?.step ?? 0,
    lastStep: histograms.at(n - 1)?.step ?? 0,
    records: n,
    real,
    fake,
  };
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
  counts: ArrayLike<number>,
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
