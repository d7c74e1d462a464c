/**
 * TensorBoard's debiased exponential moving average: `last = w·last + (1−w)·y`, divided by
 * `1 − w^n` so the first points are not pulled towards zero. Non-finite values pass through (they
 * draw as gaps) and do not advance the average; a constant series is returned unchanged.
 */
export function debiasedEma(values: ArrayLike<number>, weight: number): number[] {
  const w = Math.min(Math.max(Number.isFinite(weight) ? weight : 0, 0), 0.999);
  const out = new Array<number>(values.length);
  if (w === 0 || isConstant(values)) {
    for (let i = 0; i < values.length; i++) out[i] = values[i]!;
    return out;
  }
  let last = 0;
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    const y = values[i]!;
    if (!Number.isFinite(y)) {
      out[i] = y;
      continue;
    }
    last = last * w + (1 - w) * y;
    count++;
    out[i] = last / (1 - Math.pow(w, count));
  }
  return out;
}

function isConstant(values: ArrayLike<number>): boolean {
  for (let i = 1; i < values.length; i++) if (values[i] !== values[0]) return false;
  return true;
}
