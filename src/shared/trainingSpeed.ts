/**
 * The one definition of a run's training speed, shown by the status bar and the dashboard header:
 * steps per second of wall-clock time over the last SPEED_WINDOW metric intervals (so the time the
 * trainer spends recording samples, quality and checkpoints between records counts, as it does for
 * the ETA); with a single record, the trainer's own figure for its last interval. Written
 * "12.5 steps/s" below 10, "75 steps/s" above.
 */

/** Metric intervals the speed is averaged over (the last SPEED_WINDOW + 1 records). */
export const SPEED_WINDOW = 10;

/** What a speed is computed from: a metric record's step, time (epoch ms) and the trainer's own speed figure. */
export interface SpeedSample {
  step: number;
  time: number;
  stepsPerSecond?: number;
}

/**
 * Steps per second from the newest records: `steps[i]` and `times[i]` (epoch ms) in record order,
 * `own` the trainer's figure of the newest record. Null when there is nothing to tell.
 */
export function trainingSpeed(steps: ArrayLike<number>, times: ArrayLike<number>, own?: number): number | null {
  const n = Math.min(steps.length, times.length);
  if (n === 0) return null;
  const first = Math.max(0, n - 1 - SPEED_WINDOW);
  const seconds = (times[n - 1]! - times[first]!) / 1000;
  const advanced = steps[n - 1]! - steps[first]!;
  if (n > 1 && seconds > 0 && advanced > 0) return advanced / seconds;
  return own !== undefined && Number.isFinite(own) && own > 0 ? own : null;
}

/** "12.5 steps/s", "75 steps/s"; "—" for no speed. */
export function formatSpeed(stepsPerSecond: number | null): string {
  if (stepsPerSecond === null || !Number.isFinite(stepsPerSecond) || stepsPerSecond <= 0) return '—';
  return `${stepsPerSecond.toFixed(stepsPerSecond < 10 ? 1 : 0)} steps/s`;
}

/**
 * The newest SPEED_WINDOW + 1 records of a live run, fed one record at a time (the status bar sees
 * a run's newest metrics only): the same speed as trainingSpeed over the whole record list.
 */
export class SpeedWindow {
  private readonly samples: SpeedSample[] = [];

  /** Adds a record; one already seen (same step) or older is ignored; a step back (a resumed run) starts over. */
  add(sample: SpeedSample): void {
    const last = this.samples.at(-1);
    if (last && sample.step === last.step) return;
    if (last && sample.step < last.step) this.samples.length = 0;
    this.samples.push(sample);
    if (this.samples.length > SPEED_WINDOW + 1) this.samples.shift();
  }

  speed(): number | null {
    const steps = this.samples.map((s) => s.step);
    const times = this.samples.map((s) => s.time);
    return trainingSpeed(steps, times, this.samples.at(-1)?.stepsPerSecond);
  }
}
