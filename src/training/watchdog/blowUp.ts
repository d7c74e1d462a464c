/**
 * The blow-up detector: a run that diverges without a NaN. Pure and tensor-free: it reads the
 * scalars the trainer records every metrics interval (losses, gradient norms, mean D on the real
 * and the fake batch) and says when
 *
 * - scale: a loss or gradient norm is more than `factor` times its running scale for `intervals`
 *   metrics records in a row. A signal's running scale is the median, in log₁₀, of its last
 *   SCALE_WINDOW values that were not beyond it, seeded with its value at the session's first step
 *   (the networks as initialised or resumed: an Adam learning rate of 10 has the losses at 10⁶ by
 *   the first record), and never below 1 (SCALE_FLOOR): a loss of 0.01 that grows to 5 is not a
 *   blow-up, and a value near 0 (a saturated sigmoid's gradient) has no scale to be measured against.
 *   Slow growth moves the median with it; a single spike that recovers never makes `intervals`
 *   records; a value beyond the scale does not enter it, so a lasting blow-up is not learnt as normal.
 * - saturation: D is flat for `saturatedSteps` steps from the first flat record. With a sigmoid
 *   loss (D a probability), the mean D on both batches lies within `saturation` of 0 or 1 (D(real)
 *   ≈ 1 and D(fake) ≈ 0, the reverse, or both at one end): the sigmoid is flat there. With any loss,
 *   neither network's gradient norm is above 0: a blow-up can leave every unit dead (WGAN-GP at an
 *   Adam rate of 5 has constant outputs from its third record), and then nothing trains.
 *
 * Each kind is reported once, when it starts; it is reported again only after its condition has
 * been clear for SCALE_WINDOW records (a blow-up that flickers is one blow-up) or, for saturation,
 * `saturatedSteps` steps. NaN and ±∞ are not this module's: the trainer stops
 * the run on them before a record gets here (and such a value is never counted into a scale).
 *
 * One module per detector: issue 24's collapse and oscillation detectors sit beside this one.
 */

/** The settings of the experiment file's `divergence` section that the detector uses. */
export interface BlowUpSettings {
  /** A signal this many times its running scale is beyond it. */
  factor: number;
  /** Metrics records in a row beyond the scale that make a blow-up. */
  intervals: number;
  /** ε: D within ε of 0 or 1 is saturated (0: saturation is not watched). */
  saturation: number;
  /** Steps of saturation that make a blow-up. */
  saturatedSteps: number;
}

/** The scalars one metrics record gives the detector (a MetricRecord has them all). */
export interface WatchedValues {
  step: number;
  dLoss: number;
  gLoss: number;
  gradNormD: number;
  gradNormG: number;
  /** Mean D on the real batch: a probability for the sigmoid losses, else a raw score. */
  dReal: number;
  dFake: number;
}

export const SCALE_SIGNALS = ['dLoss', 'gLoss', 'gradNormD', 'gradNormG'] as const;
export type ScaleSignal = (typeof SCALE_SIGNALS)[number];

/** How the views and messages name each signal. */
export const SIGNAL_NAMES: Record<ScaleSignal, string> = {
  dLoss: 'D loss',
  gLoss: 'G loss',
  gradNormD: "D's gradient norm",
  gradNormG: "G's gradient norm",
};

/** Values (in log₁₀) that make a signal's running scale. */
export const SCALE_WINDOW = 20;
/** No scale is below this: magnitudes under 1 count as 1. */
export const SCALE_FLOOR = 1;
/** A gradient norm below this is none: the units it flows through are dead or saturated (float32 gives exactly 0). */
export const NO_GRADIENT = 1e-12;

export interface ScaleFinding {
  kind: 'scale';
  /** The record that raised it. */
  step: number;
  /** The signal furthest beyond its scale at that record. */
  signal: ScaleSignal;
  value: number;
  /** Its running scale (≥ SCALE_FLOOR). */
  scale: number;
  /** |value| / scale. */
  ratio: number;
  /** The first record of the run of records beyond the scale. */
  since: number;
  /** Records in a row beyond the scale (the `intervals` setting when raised). */
  intervals: number;
  /** Every signal beyond its scale at that record, furthest first. */
  signals: { signal: ScaleSignal; value: number; scale: number; ratio: number }[];
}

export interface SaturationFinding {
  kind: 'saturation';
  /** sigmoid: D's mean on both batches at 0 or 1; gradients: neither network's gradient norm above 0 (any loss). */
  flat: 'sigmoid' | 'gradients';
  step: number;
  dReal: number;
  dFake: number;
  gradNormD: number;
  gradNormG: number;
  /** The first flat record of the stretch. */
  since: number;
  /** Steps from `since` to `step`. */
  steps: number;
}

export type BlowUpFinding = ScaleFinding | SaturationFinding;

const log10Magnitude = (v: number) => Math.log10(Math.max(Math.abs(v), SCALE_FLOOR));

/** The median of `values` (not empty). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** A signal's running scale: the median (log₁₀) of its recent values within the scale. */
class RunningScale {
  private readonly window: number[] = [];

  get seeded(): boolean {
    return this.window.length > 0;
  }

  /** log₁₀ of the scale. */
  get log(): number {
    return median(this.window);
  }

  add(logValue: number): void {
    this.window.push(logValue);
    if (this.window.length > SCALE_WINDOW) this.window.shift();
  }
}

/**
 * A streak of records where a condition holds: raised once it has lasted long enough, re-armed
 * only after the condition has been clear for as long.
 */
class Streak {
  /** Whether the condition holds at the last record; for how many records, and since which record. */
  active = false;
  length = 0;
  since = 0;
  /** Records (or steps) it has been clear since it was raised. */
  private clear = 0;
  raised = false;

  hold(step: number): void {
    if (!this.active) [this.active, this.length, this.since] = [true, 0, step];
    this.length++;
    this.clear = 0;
  }

  release(by: number, rearmAfter: number): void {
    [this.active, this.length] = [false, 0];
    if (!this.raised) return;
    this.clear += by;
    if (this.clear >= rearmAfter) this.raised = false;
  }
}

export class BlowUpDetector {
  private readonly scales = new Map<ScaleSignal, RunningScale>(SCALE_SIGNALS.map((s) => [s, new RunningScale()]));
  private readonly beyond = new Streak();
  private readonly saturated = new Streak();
  /** The step of the last values seen (the session's first step after `start`). */
  private lastStep: number | undefined;
  /** The step of the last values with every signal within its scale and D not saturated (`start`'s step to begin with). */
  private lastWithin: number | undefined;
  /** The last record's reading: each signal over its running scale, and the saturated stretch in steps (thresholds are set from these: bench/blowUpReplay.ts). */
  readonly reading = { ratios: {} as Partial<Record<ScaleSignal, number>>, saturatedSteps: 0 };

  /**
   * @param sigmoid whether D is a probability (minimax, nonSaturating): saturation is watched only then.
   */
  constructor(
    private readonly settings: BlowUpSettings,
    private readonly sigmoid: boolean,
  ) {}

  /**
   * The values at the session's first step (before its first update, as the networks were
   * initialised or resumed): the scales start there. Without it the first record seeds them.
   */
  start(values: WatchedValues): void {
    for (const signal of SCALE_SIGNALS) {
      const v = values[signal];
      if (Number.isFinite(v)) this.scales.get(signal)!.add(log10Magnitude(v));
    }
    this.lastStep = values.step;
    this.lastWithin = values.step;
  }

  /**
   * The step of the last record that was within every scale and not saturated (or of `start`). A
   * record measures the networks before its step's update, so the state after step − 1 is the last
   * one known to be sound.
   */
  get lastWithinStep(): number | undefined {
    return this.lastWithin;
  }

  /** Whether the last record was beyond its scale or saturated (a blow-up may be starting): no checkpoint is then a good one. */
  get suspect(): boolean {
    return this.beyond.active || this.saturated.active;
  }

  /** Reads one metrics record; returns what it raises (at most one finding of each kind). */
  observe(values: WatchedValues): BlowUpFinding[] {
    const findings: BlowUpFinding[] = [];
    const scale = this.observeScale(values);
    if (scale) findings.push(scale);
    const saturation = this.observeSaturation(values);
    if (saturation) findings.push(saturation);
    if (!this.beyond.active && !this.saturated.active) this.lastWithin = values.step;
    this.lastStep = values.step;
    return findings;
  }

  private observeScale(values: WatchedValues): ScaleFinding | undefined {
    const { factor, intervals } = this.settings;
    const limit = Math.log10(factor);
    const beyond: ScaleFinding['signals'] = [];
    for (const signal of SCALE_SIGNALS) {
      const v = values[signal];
      if (!Number.isFinite(v)) continue;
      const running = this.scales.get(signal)!;
      const log = log10Magnitude(v);
      if (!running.seeded) {
        running.add(log);
        continue;
      }
      const excess = log - running.log;
      this.reading.ratios[signal] = 10 ** excess;
      if (excess > limit) beyond.push({ signal, value: v, scale: 10 ** running.log, ratio: 10 ** excess });
      else running.add(log);
    }
    if (beyond.length === 0) {
      this.beyond.release(1, Math.max(intervals, SCALE_WINDOW));
      return undefined;
    }
    this.beyond.hold(values.step);
    if (this.beyond.raised || this.beyond.length < intervals) return undefined;
    this.beyond.raised = true;
    beyond.sort((a, b) => b.ratio - a.ratio);
    return { kind: 'scale', step: values.step, ...beyond[0]!, since: this.beyond.since, intervals: this.beyond.length, signals: beyond };
  }

  /** How D is flat in these values, if it is: its sigmoid saturated (sigmoid losses), or no gradient reaching either network. */
  private flatness(values: WatchedValues): SaturationFinding['flat'] | undefined {
    const epsilon = this.settings.saturation;
    const atAnEnd = (d: number) => Number.isFinite(d) && Math.min(d, 1 - d) < epsilon;
    if (this.sigmoid && epsilon > 0 && atAnEnd(values.dReal) && atAnEnd(values.dFake)) return 'sigmoid';
    if (Math.abs(values.gradNormD) < NO_GRADIENT && Math.abs(values.gradNormG) < NO_GRADIENT) return 'gradients';
    return undefined;
  }

  private observeSaturation(values: WatchedValues): SaturationFinding | undefined {
    const { saturatedSteps } = this.settings;
    const gap = values.step - (this.lastStep ?? 0);
    const flat = this.flatness(values);
    if (!flat) {
      this.reading.saturatedSteps = 0;
      this.saturated.release(gap, saturatedSteps);
      return undefined;
    }
    this.saturated.hold(values.step);
    // From the first flat record: a stretch that starts with the run is not counted from step 0.
    const steps = values.step - this.saturated.since;
    this.reading.saturatedSteps = steps;
    if (this.saturated.raised || steps < saturatedSteps) return undefined;
    this.saturated.raised = true;
    return {
      kind: 'saturation',
      flat,
      step: values.step,
      dReal: values.dReal,
      dFake: values.dFake,
      gradNormD: values.gradNormD,
      gradNormG: values.gradNormG,
      since: this.saturated.since,
      steps,
    };
  }
}
