/**
 * Exact Wasserstein-1 distance between two 1-D empirical distributions of any sizes: the integral
 * of |F_real − F_fake| over the merged sorted support, where both CDFs are step functions.
 */
export function wasserstein1d(real: Float32Array, fake: Float32Array): number {
  if (real.length === 0 || fake.length === 0) return NaN;
  // Non-finite values (a diverged generator) have no meaningful distance, and NaN would stall the merge.
  if (!real.every(Number.isFinite) || !fake.every(Number.isFinite)) return NaN;
  const a = Float64Array.from(real).sort();
  const b = Float64Array.from(fake).sort();
  let i = 0;
  let j = 0;
  let distance = 0;
  let position = Math.min(a[0]!, b[0]!);
  while (i < a.length || j < b.length) {
    const next = j >= b.length || (i < a.length && a[i]! <= b[j]!) ? a[i]! : b[j]!;
    distance += Math.abs(i / a.length - j / b.length) * (next - position);
    position = next;
    while (i < a.length && a[i] === next) i++;
    while (j < b.length && b[j] === next) j++;
  }
  return distance;
}
