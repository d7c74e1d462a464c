import { EigenvalueDecomposition, Matrix } from 'ml-matrix';

// Square dim × dim matrices, row-major in a Float64Array.

/** Eigenvalues and eigenvectors (columns of `vectors`, row-major) of the symmetric part (M + Mᵀ)/2. */
export function symmetricEigen(matrix: Float64Array, dim: number): { values: Float64Array; vectors: Float64Array } {
  const symmetric = new Matrix(dim, dim);
  for (let i = 0; i < dim; i++) {
    for (let j = 0; j < dim; j++) symmetric.set(i, j, 0.5 * (matrix[i * dim + j]! + matrix[j * dim + i]!));
  }
  const decomposition = new EigenvalueDecomposition(symmetric, { assumeSymmetric: true });
  return {
    values: Float64Array.from(decomposition.realEigenvalues),
    vectors: Float64Array.from(decomposition.eigenvectorMatrix.to1DArray()),
  };
}

/**
 * The symmetric square root of a positive semi-definite matrix, V diag(√λ) Vᵀ. Eigenvalues that
 * rounding pushed slightly below 0 (a singular covariance, fewer samples than dimensions) count as 0.
 */
export function psdSquareRoot(matrix: Float64Array, dim: number): Float64Array {
  const { values, vectors } = symmetricEigen(matrix, dim);
  const roots = values.map((value) => Math.sqrt(Math.max(0, value)));
  const out = new Float64Array(dim * dim);
  for (let i = 0; i < dim; i++) {
    for (let j = i; j < dim; j++) {
      let sum = 0;
      for (let k = 0; k < dim; k++) sum += vectors[i * dim + k]! * roots[k]! * vectors[j * dim + k]!;
      out[i * dim + j] = sum;
      out[j * dim + i] = sum;
    }
  }
  return out;
}

export function multiply(a: Float64Array, b: Float64Array, dim: number): Float64Array {
  const out = new Float64Array(dim * dim);
  for (let i = 0; i < dim; i++) {
    for (let k = 0; k < dim; k++) {
      const aik = a[i * dim + k]!;
      if (aik === 0) continue;
      for (let j = 0; j < dim; j++) out[i * dim + j] += aik * b[k * dim + j]!;
    }
  }
  return out;
}

export function trace(matrix: Float64Array, dim: number): number {
  let sum = 0;
  for (let i = 0; i < dim; i++) sum += matrix[i * dim + i]!;
  return sum;
}
