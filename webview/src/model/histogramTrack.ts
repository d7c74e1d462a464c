/**
 * Every histogram record of a run, kept compactly (issue 24: no thinning, so a long run's
 * thousands of records must not cost an object and two arrays each): steps, ranges and scales in
 * typed columns, the real and fake counts of all records in two growing Float32Array buffers with
 * each record's offset. `at(i)` gives a record whose counts are views into the buffers (no copy).
 */
import type { HistogramRecord } from '../../../src/shared/runFormat';

/** A record as the views read it: counts as Float32Array views into the track's buffers. */
export interface HistogramAt {
  step: number;
  min: number;
  max: number;
  scale: HistogramRecord['scale'];
  real: Float32Array;
  fake: Float32Array;
}

const grow = <T extends Float64Array | Float32Array | Uint32Array | Uint8Array>(a: T, needed: number, make: (n: number) => T): T => {
  if (needed <= a.length) return a;
  const next = make(Math.max(needed, Math.ceil(a.length * 1.5), 16));
  next.set(a);
  return next;
};

export class HistogramTrack {
  private count = 0;
  private stepColumn = new Float64Array(0);
  private minColumn = new Float64Array(0);
  private maxColumn = new Float64Array(0);
  private scaleColumn = new Uint8Array(0);
  /** Record i's counts are [offsets[i], offsets[i] + bins[i]) of both buffers. */
  private offsets = new Uint32Array(0);
  private bins = new Uint32Array(0);
  private real = new Float32Array(0);
  private fake = new Float32Array(0);
  private used = 0;

  get length(): number {
    return this.count;
  }

  /** Steps of the records, ascending (a view: valid until the next change). */
  get steps(): Float64Array {
    return this.stepColumn.subarray(0, this.count);
  }

  /** Bytes the track's buffers take (what the bench reports). */
  get bytes(): number {
    return (
      this.stepColumn.byteLength +
      this.minColumn.byteLength +
      this.maxColumn.byteLength +
      this.scaleColumn.byteLength +
      this.offsets.byteLength +
      this.bins.byteLength +
      this.real.byteLength +
      this.fake.byteLength
    );
  }

  clear(): void {
    this.count = 0;
    this.used = 0;
  }

  /** Replaces everything with `records` (any order). */
  replace(records: readonly HistogramRecord[]): void {
    this.clear();
    const sorted = [...records].sort((a, b) => a.step - b.step);
    for (const r of sorted) this.insert(r);
  }

  /** Adds a record keeping ascending steps; one for a step already present replaces it. */
  insert(record: HistogramRecord): void {
    let i = this.count;
    while (i > 0 && this.stepColumn[i - 1]! > record.step) i--;
    const replacing = i > 0 && this.stepColumn[i - 1] === record.step;
    const at = replacing ? i - 1 : i;
    const n = Math.min(record.real.length, record.fake.length);
    this.real = grow(this.real, this.used + n, (k) => new Float32Array(k));
    this.fake = grow(this.fake, this.used + n, (k) => new Float32Array(k));
    this.real.set(record.real.slice(0, n), this.used);
    this.fake.set(record.fake.slice(0, n), this.used);
    if (!replacing) {
      const size = this.count + 1;
      this.stepColumn = grow(this.stepColumn, size, (k) => new Float64Array(k));
      this.minColumn = grow(this.minColumn, size, (k) => new Float64Array(k));
      this.maxColumn = grow(this.maxColumn, size, (k) => new Float64Array(k));
      this.scaleColumn = grow(this.scaleColumn, size, (k) => new Uint8Array(k));
      this.offsets = grow(this.offsets, size, (k) => new Uint32Array(k));
      this.bins = grow(this.bins, size, (k) => new Uint32Array(k));
      for (const column of [this.stepColumn, this.minColumn, this.maxColumn, this.scaleColumn, this.offsets, this.bins])
        column.copyWithin(at + 1, at, this.count);
      this.count = size;
    }
    this.stepColumn[at] = record.step;
    this.minColumn[at] = record.min;
    this.maxColumn[at] = record.max;
    this.scaleColumn[at] = record.scale === 'score' ? 1 : 0;
    this.offsets[at] = this.used;
    this.bins[at] = n;
    this.used += n;
  }

  at(i: number): HistogramAt | undefined {
    if (i < 0 || i >= this.count) return undefined;
    const from = this.offsets[i]!;
    const to = from + this.bins[i]!;
    return {
      step: this.stepColumn[i]!,
      min: this.minColumn[i]!,
      max: this.maxColumn[i]!,
      scale: this.scaleColumn[i] === 1 ? 'score' : 'probability',
      real: this.real.subarray(from, to),
      fake: this.fake.subarray(from, to),
    };
  }
}
