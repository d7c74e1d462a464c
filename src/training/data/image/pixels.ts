/** A decoded image in memory: HWC floats in [0, 1] (0 black, 1 white), alpha already composited. */
export interface Pixels {
  width: number;
  height: number;
  channels: 1 | 3;
  data: Float32Array;
}

/** Rec. 601 luma, as PIL's "L" mode and most grayscale conversions use. */
export const LUMA = [0.299, 0.587, 0.114] as const;

/**
 * Interleaved samples (`stride` values per pixel: gray, gray+alpha, RGB or RGBA, in that channel
 * order, each on 0…`max`) → Pixels with `channels` channels. Alpha is composited on black (each
 * colour value is multiplied by its opacity), so transparent areas become black.
 */
export function toPixels(
  source: ArrayLike<number>,
  width: number,
  height: number,
  layout: { stride: 1 | 2 | 3 | 4; max: number },
  channels: 1 | 3,
): Pixels {
  const { stride, max } = layout;
  const colour = stride >= 3;
  const alpha = stride === 2 || stride === 4;
  const count = width * height;
  const data = new Float32Array(count * channels);
  const scale = 1 / max;
  for (let p = 0, s = 0; p < count; p++, s += stride) {
    const opacity = alpha ? source[s + stride - 1]! * scale : 1;
    const k = scale * opacity;
    if (!colour) {
      const g = source[s]! * k;
      if (channels === 1) data[p] = g;
      else data[3 * p] = data[3 * p + 1] = data[3 * p + 2] = g;
    } else if (channels === 3) {
      data[3 * p] = source[s]! * k;
      data[3 * p + 1] = source[s + 1]! * k;
      data[3 * p + 2] = source[s + 2]! * k;
    } else {
      data[p] = (LUMA[0] * source[s]! + LUMA[1] * source[s + 1]! + LUMA[2] * source[s + 2]!) * k;
    }
  }
  return { width, height, channels, data };
}

/** A valid file of a kind this reader does not handle; its message says what to do. */
export class UnsupportedImageError extends Error {}
