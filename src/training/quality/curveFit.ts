/**
 * Quality of generated parabola curves: fit a in y = a·x² + (a − 1) to each curve by least squares.
 * With u = x² + 1 and v = y + 1 the model is v = a·u, so a = Σuv / Σu².
 */

export interface CurveFit {
  /** Share of curves whose shape fits (small residual) with a in range. */
  curveFitShare: number;
  /** Kolmogorov–Smirnov distance between the fitted a of all curves and U[aMin, aMax]. */
  curveKs: number;
}

/**
 * A curve fits when (1) its RMS residual is at most 10% of the band's mean height,
 * 0.1 · (aMax − aMin) · mean(x² + 1) — the height floored at a range of 0.1 so a degenerate band
 * (aMin = aMax) still has a tolerance — and (2) its a lies in the range widened by 5% on each side.
 */
export function curveFit(curves: Float32Array, curveX: number[], aMin: number, aMax: number): CurveFit {
  const dim = curveX.length;
  const n = Math.floor(curves.length / dim);
  const u = curveX.map((x) => x * x + 1);
  const sumUU = u.reduce((s, v) => s + v * v, 0);
  const range = Math.max(aMax - aMin, 0.1);
  const residualTolerance = 0.1 * range * (u.reduce((s, v) => s + v, 0) / dim);
  const aLow = aMin - 0.05 * range;
  const aHigh = aMax + 0.05 * range;

  const fitted = new Float64Array(n);
  let fits = 0;
  for (let i = 0; i < n; i++) {
    let sumUV = 0;
    for (let d = 0; d < dim; d++) sumUV += u[d]! * (curves[i * dim + d]! + 1);
    const a = sumUV / sumUU;
    let squaredResidual = 0;
    for (let d = 0; d < dim; d++) {
      const r = curves[i * dim + d]! + 1 - a * u[d]!;
      squaredResidual += r * r;
    }
    fitted[i] = a;
    if (Math.sqrt(squaredResidual / dim) <= residualTolerance && a >= aLow && a <= aHigh) fits++;
  }
  return { curveFitShare: n > 0 ? fits / n : 0, curveKs: ksAgainstUniform(fitted, aMin, aMax) };
}

/** sup |F_empirical − F_uniform|; U[a, a] is the point mass at a. NaN values count as above every a. */
export function ksAgainstUniform(values: Float64Array, lo: number, hi: number): number {
  const n = values.length;
  if (n === 0) return 1;
  if (!(hi > lo)) {
    // Against a point mass the supremum is reached just below or at the jump.
    const below = values.filter((v) => v < lo).length;
    const above = values.filter((v) => !(v <= lo)).length;
    return Math.max(below, above) / n;
  }
  const sorted = Float64Array.from(values).sort();
  const cdf = (v: number) => (Number.isNaN(v) ? 1 : Math.min(1, Math.max(0, (v - lo) / (hi - lo))));
  let distance = 0;
  for (let i = 0; i < n; i++) {
    const f = cdf(sorted[i]!);
    distance = Math.max(distance, f - i / n, (i + 1) / n - f);
  }
  return distance;
}
