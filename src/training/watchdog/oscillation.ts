/**
 * The oscillation detector (issue 24): D's or G's loss swinging with growing amplitude. Pure: it
 * reads the metrics records in windows of `window` records. A window's swing is the standard
 * deviation of the loss about the window's least-squares line (a trend is not a swing), and the
 * window swings when the loss crosses that line at least twice. The alarm: `windows` windows in a
 * row that swing, each swinging more than the one before, the last at least `growth` times the
 * window before them. A loss that settles, drifts or swings steadily (a limit cycle) does not raise
 * it; one whose swings keep growing (simultaneous gradient play spiralling out, Mescheder et al.
 * 2018) does, usually well before it blows up. Raised once per loss, and again only after
 * `windows` + 1 windows without the condition.
 */
import type { WatchedValues } from './blowUp';

export interface OscillationSettings {
  window: number;
  windows: number;
  growth: number;
}

export const OSCILLATION_SIGNALS = ['dLoss', 'gLoss'] as const;
export type OscillationSignal = (typeof OSCILLATION_SIGNALS)[number];

export interface OscillationFinding {
  alarm: 'oscillation';
  signal: OscillationSignal;
  step: number;
  /** The first step of the first growing window. */
  since: number;
  values: Record<string, number>;
}

/** One window: its swing about its trend and how often it crosses the trend. */
export interface Swing {
  amplitude: number;
  crossings: number;
  /** Its first and last step. */
  from: number;
  to: number;
}

/** The swing of `values` (taken at equal intervals) about their least-squares line. */
export function swing(values: readonly number[]): Pick<Swing, 'amplitude' | 'crossings'> {
  const n = values.length;
  const meanX = (n - 1) / 2;
  const meanY = values.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  values.forEach((y, x) => {
    sxy += (x - meanX) * (y - meanY);
    sxx += (x - meanX) ** 2;
  });
  const slope = sxx > 0 ? sxy / sxx : 0;
  let squares = 0;
  let crossings = 0;
  let lastSign = 0;
  values.forEach((y, x) => {
    const r = y - (meanY + slope * (x - meanX));
    squares += r * r;
    const sign = Math.sign(r);
    if (sign !== 0 && lastSign !== 0 && sign !== lastSign) crossings++;
    if (sign !== 0) lastSign = sign;
  });
  return { amplitude: Math.sqrt(squares / n), crossings };
}

/** A window swings when its loss crosses the trend at least this often (a full swing up and down). */
export const MIN_CROSSINGS = 2;

class SignalWatch {
  private values: number[] = [];
  private from = 0;
  readonly swings: Swing[] = [];
  raised = false;
  private clear = 0;

  constructor(private readonly settings: OscillationSettings) {}

  /** Adds a value; returns the growing windows when this one completes them. */
  add(step: number, value: number): Swing[] | undefined {
    if (!Number.isFinite(value)) return undefined;
    if (this.values.length === 0) this.from = step;
    this.values.push(value);
    if (this.values.length < this.settings.window) return undefined;
    this.swings.push({ ...swing(this.values), from: this.from, to: step });
    this.values = [];
    const { windows, growth } = this.settings;
    if (this.swings.length > windows + 1) this.swings.shift();
    const growing = this.growing();
    if (!growing) {
      if (this.raised && ++this.clear > windows) this.raised = false;
      return undefined;
    }
    this.clear = 0;
    if (this.raised || growth <= 0) return undefined;
    this.raised = true;
    return growing;
  }

  private growing(): Swing[] | undefined {
    const { windows, growth } = this.settings;
    if (this.swings.length < windows + 1) return undefined;
    const chain = this.swings;
    for (let i = 1; i < chain.length; i++) {
      if (chain[i]!.crossings < MIN_CROSSINGS || !(chain[i]!.amplitude > chain[i - 1]!.amplitude)) return undefined;
    }
    const first = chain[0]!.amplitude;
    return first > 0 && chain.at(-1)!.amplitude >= growth * first ? [...chain] : undefined;
  }
}

export class OscillationDetector {
  private readonly watches: Map<OscillationSignal, SignalWatch>;

  constructor(settings: OscillationSettings) {
    this.watches = new Map(OSCILLATION_SIGNALS.map((s) => [s, new SignalWatch(settings)]));
  }

  observe(v: WatchedValues): OscillationFinding | undefined {
    let finding: OscillationFinding | undefined;
    for (const signal of OSCILLATION_SIGNALS) {
      const growing = this.watches.get(signal)!.add(v.step, v[signal]);
      if (!growing || finding) continue;
      const first = growing[0]!;
      const last = growing.at(-1)!;
      finding = {
        alarm: 'oscillation',
        signal,
        step: v.step,
        since: growing[1]!.from,
        values: {
          amplitude: last.amplitude,
          before: first.amplitude,
          growth: last.amplitude / first.amplitude,
          windows: growing.length - 1,
        },
      };
    }
    return finding;
  }
}

/** The finding in words, without the step. */
export function oscillationWords(f: OscillationFinding, magnitude: (v: number) => string): string {
  const name = f.signal === 'dLoss' ? 'D loss' : 'G loss';
  const v = f.values;
  return `${name} swings with growing amplitude since step ${f.since}: its swing grew ${magnitude(v.growth!)}× over ${v.windows} windows, to ${magnitude(v.amplitude!)} (from ${magnitude(v.before!)})`;
}
