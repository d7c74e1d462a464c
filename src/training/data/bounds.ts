import type { Dataset } from './dataset';

export type Bounds = Dataset['bounds'];

/**
 * Widens every dimension by `fraction` of its span on each side. A dimension with zero span (a
 * constant coordinate) gets `fraction` of max(|value|, 1) instead, so bins over it keep a width.
 */
export function padBounds(min: number[], max: number[], fraction = 0.1): Bounds {
  const paddedMin: number[] = [];
  const paddedMax: number[] = [];
  for (let d = 0; d < min.length; d++) {
    const lo = min[d]!;
    const hi = max[d]!;
    const span = hi - lo;
    const margin = span > 0 ? span * fraction : Math.max(Math.abs(lo), 1) * fraction;
    paddedMin.push(lo - margin);
    paddedMax.push(hi + margin);
  }
  return { min: paddedMin, max: paddedMax };
}

/** Per-dimension min and max of row-major `values` (rows × dim). */
export function dataExtent(values: Float32Array, dim: number): Bounds {
  const min = new Array<number>(dim).fill(Infinity);
  const max = new Array<number>(dim).fill(-Infinity);
  for (let i = 0; i < values.length; i++) {
    const d = i % dim;
    const v = values[i]!;
    if (v < min[d]!) min[d] = v;
    if (v > max[d]!) max[d] = v;
  }
  return { min, max };
}

export function layoutForDim(dim: number): Dataset['layout'] {
  if (dim === 1) return 'points1d';
  if (dim === 2) return 'points2d';
  return 'vectors';
}
