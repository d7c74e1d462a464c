/** Row-major n × dim feature matrices, as the statistics of this folder take them. */
export type FeatureMatrix = Float32Array | Float64Array;

/** Rows of a row-major matrix of `dim` columns (a trailing partial row is ignored). */
export function rowCount(features: FeatureMatrix, dim: number): number {
  if (!Number.isInteger(dim) || dim < 1) throw new Error(`feature dimension must be a positive integer, got ${dim}`);
  return Math.floor(features.length / dim);
}

/** A float64 copy of the first `rows` rows, each shifted by −`centre` when given. */
export function float64Rows(features: FeatureMatrix, dim: number, rows: number, centre?: Float64Array): Float64Array {
  const out = new Float64Array(rows * dim);
  for (let i = 0; i < rows; i++) {
    for (let d = 0; d < dim; d++) out[i * dim + d] = features[i * dim + d]! - (centre?.[d] ?? 0);
  }
  return out;
}

/**
 * Dot product of row `i` of `a` and row `j` of `b`, summed in index order. `rowDots` sums every
 * pair in this same order, so a row's dot product with an identical row equals its squared norm bit
 * for bit, and the squared distance ‖a‖² + ‖b‖² − 2aᵀb between identical points is exactly 0.
 */
export function rowDot(a: Float64Array, i: number, b: Float64Array, j: number, dim: number): number {
  const aOffset = i * dim;
  const bOffset = j * dim;
  let sum = 0;
  for (let d = 0; d < dim; d++) sum += a[aOffset + d]! * b[bOffset + d]!;
  return sum;
}

/** Squared norm of every row. */
export function rowSquaredNorms(rows: Float64Array, dim: number): Float64Array {
  const n = rows.length / dim;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = rowDot(rows, i, rows, i, dim);
  return out;
}

/**
 * The dot products of rows i0 … i1−1 of `a` with rows j0 … j1−1 of `b`, into
 * out[(i − i0) · (j1 − j0) + (j − j0)]. Tiles of 2 × 4 pairs share their loads (about twice as fast
 * as pair by pair); keep a block's rows few enough to stay in cache.
 */
export function rowDots(
  a: Float64Array,
  i0: number,
  i1: number,
  b: Float64Array,
  j0: number,
  j1: number,
  dim: number,
  out: Float64Array,
): void {
  const width = j1 - j0;
  const tileEnd = j0 + (width - (width % 4));
  let i = i0;
  for (; i + 1 < i1; i += 2) {
    const a0 = i * dim;
    const a1 = a0 + dim;
    const row0 = (i - i0) * width - j0;
    const row1 = row0 + width;
    for (let j = j0; j < tileEnd; j += 4) {
      const b0 = j * dim;
      const b1 = b0 + dim;
      const b2 = b1 + dim;
      const b3 = b2 + dim;
      let s00 = 0;
      let s01 = 0;
      let s02 = 0;
      let s03 = 0;
      let s10 = 0;
      let s11 = 0;
      let s12 = 0;
      let s13 = 0;
      for (let d = 0; d < dim; d++) {
        const x0 = a[a0 + d]!;
        const x1 = a[a1 + d]!;
        const y0 = b[b0 + d]!;
        const y1 = b[b1 + d]!;
        const y2 = b[b2 + d]!;
        const y3 = b[b3 + d]!;
        s00 += x0 * y0;
        s01 += x0 * y1;
        s02 += x0 * y2;
        s03 += x0 * y3;
        s10 += x1 * y0;
        s11 += x1 * y1;
        s12 += x1 * y2;
        s13 += x1 * y3;
      }
      out[row0 + j] = s00;
      out[row0 + j + 1] = s01;
      out[row0 + j + 2] = s02;
      out[row0 + j + 3] = s03;
      out[row1 + j] = s10;
      out[row1 + j + 1] = s11;
      out[row1 + j + 2] = s12;
      out[row1 + j + 3] = s13;
    }
    for (let j = tileEnd; j < j1; j++) {
      out[row0 + j] = rowDot(a, i, b, j, dim);
      out[row1 + j] = rowDot(a, i + 1, b, j, dim);
    }
  }
  if (i < i1) {
    const row = (i - i0) * width - j0;
    for (let j = j0; j < j1; j++) out[row + j] = rowDot(a, i, b, j, dim);
  }
}
