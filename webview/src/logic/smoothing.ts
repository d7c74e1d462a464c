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

/**
 * The same smoothing, kept up to date as values are appended: only new values are smoothed.
 * Recomputes from scratch when the weight changes, earlier values were replaced (a resumed run)
 * or a constant series stops being constant.
 */
export class IncrementalEma {
  private out: number[] = [];
  private weight = -1;
  private last = 0;
  private count = 0;
  private constant = true;
  private source: ArrayLike<number> | null = null;
  private generation = 0;

  /** `generation` changes when earlier values were replaced (see MetricColumns.generation). */
  update(values: ArrayLike<number>, weight: number, generation = 0): number[] {
    const w = Math.min(Math.max(Number.isFinite(weight) ? weight : 0, 0), 0.999);
    if (w !== this.weight || values !== this.source || generation !== this.generation || values.length < this.out.length)
      this.reset(values, w, generation);
    for (let i = this.out.length; i < values.length; i++) {
      const y = values[i]!;
      if (this.constant && i > 0 && y !== values[0]) {
        this.reset(values, w, generation);
        return this.out;
      }
      if (w === 0 || !Number.isFinite(y)) {
        this.out.push(y);
        continue;
      }
      this.last = this.last * w + (1 - w) * y;
      this.count++;
      this.out.push(this.constant ? y : this.last / (1 - Math.pow(w, this.count)));
    }
    return this.out;
  }

  private reset(values: ArrayLike<number>, w: number, generation: number): void {
    this.weight = w;
    this.generation = generation;
    this.source = values;
    this.constant = isConstant(values);
    if (this.constant) {
      this.out = [];
      this.last = 0;
      this.count = 0;
      return;
    }
    this.out = debiasedEma(values, w);
    this.last = 0;
    this.count = 0;
    // Replay the accumulator so appends continue from the right state.
    for (let i = 0; i < values.length; i++) {
      const y = values[i]!;
      if (w === 0 || !Number.isFinite(y)) continue;
      this.last = this.last * w + (1 - w) * y;
      this.count++;
    }
  }
}
