/**
 * Scales an image so that it covers a size × size square, then crops the centre: the shorter side
 * becomes `size` and the longer one is cut evenly on both sides (to the sub-pixel, no rounding of the
 * crop). Shrinking averages the exact area each output pixel covers (a box filter with fractional
 * edge weights); enlarging interpolates bilinearly between pixel centres, clamped at the edges. The
 * two axes are resampled one after the other.
 */
import type { Pixels } from './pixels';

/** For each output position, the source positions it reads and their weights (summing to 1). */
interface Taps {
  /** Output j reads taps starts[j] … starts[j+1]−1. */
  starts: Int32Array;
  sources: Int32Array;
  weights: Float32Array;
}

/** Taps along one axis of `length` pixels, of which the span [offset, offset + span) maps onto `out` pixels. */
export function axisTaps(length: number, offset: number, span: number, out: number): Taps {
  const scale = span / out;
  const starts = new Int32Array(out + 1);
  const sources: number[] = [];
  const weights: number[] = [];
  for (let j = 0; j < out; j++) {
    starts[j] = sources.length;
    if (scale >= 1) {
      const a = offset + j * scale;
      const b = a + scale;
      for (let i = Math.floor(a); i < Math.ceil(b); i++) {
        const overlap = Math.min(b, i + 1) - Math.max(a, i);
        if (overlap > 1e-9) {
          sources.push(Math.min(i, length - 1));
          weights.push(overlap / scale);
        }
      }
    } else {
      const centre = offset + (j + 0.5) * scale - 0.5;
      const i0 = Math.floor(centre);
      const t = centre - i0;
      sources.push(Math.min(Math.max(i0, 0), length - 1), Math.min(Math.max(i0 + 1, 0), length - 1));
      weights.push(1 - t, t);
    }
  }
  starts[out] = sources.length;
  return { starts, sources: Int32Array.from(sources), weights: Float32Array.from(weights) };
}

/** `image` scaled to cover size × size and centre-cropped; the same channels, values in the same range. */
export function resizeCoverCrop(image: Pixels, size: number): Pixels {
  const { width, height, channels, data } = image;
  const span = Math.min(width, height);
  const xTaps = axisTaps(width, (width - span) / 2, span, size);
  const yTaps = axisTaps(height, (height - span) / 2, span, size);

  // Horizontal pass, only over the rows the vertical pass reads.
  const firstRow = yTaps.sources.reduce((m, v) => Math.min(m, v), height);
  const lastRow = yTaps.sources.reduce((m, v) => Math.max(m, v), 0);
  const rowStride = size * channels;
  const rows = new Float32Array((lastRow - firstRow + 1) * rowStride);
  for (let y = firstRow; y <= lastRow; y++) {
    const src = y * width * channels;
    const dst = (y - firstRow) * rowStride;
    for (let j = 0; j < size; j++) {
      for (let c = 0; c < channels; c++) {
        let sum = 0;
        for (let t = xTaps.starts[j]!; t < xTaps.starts[j + 1]!; t++)
          sum += xTaps.weights[t]! * data[src + xTaps.sources[t]! * channels + c]!;
        rows[dst + j * channels + c] = sum;
      }
    }
  }

  const out = new Float32Array(size * rowStride);
  for (let i = 0; i < size; i++) {
    const dst = i * rowStride;
    for (let t = yTaps.starts[i]!; t < yTaps.starts[i + 1]!; t++) {
      const w = yTaps.weights[t]!;
      const src = (yTaps.sources[t]! - firstRow) * rowStride;
      for (let k = 0; k < rowStride; k++) out[dst + k] = out[dst + k]! + w * rows[src + k]!;
    }
  }
  return { width: size, height: size, channels, data: out };
}
