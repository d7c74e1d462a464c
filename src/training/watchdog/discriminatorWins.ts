/**
 * The detector of a discriminator that wins (issue 24). Pure: it reads the metrics records and says
 * when, for `steps` steps from the first such record, either
 *
 * - separated (minimax and nonSaturating, where D is a probability): D(real) ≥ 1 − margin and
 *   D(fake) ≤ margin: D tells every fake from every real sample, or
 * - vanishing (any loss): G's gradient norm is at most `vanishing` times its usual size, the largest
 *   running median of its last REFERENCE_WINDOW records: G gets no signal to learn from.
 *
 * D winning for a while early on is normal (shapes-dcgan separates for 210 steps, then G catches
 * up), hence `steps`. A D at exactly 0 and 1 with no gradient at all is also a blow-up of the
 * divergence watch (blowUp.ts), which watches a far tighter band. Raised once, and again only after
 * the condition has been clear for `steps` steps.
 */
import { median, type WatchedValues } from './blowUp';

export interface DiscriminatorWinsSettings {
  margin: number;
  vanishing: number;
  steps: number;
}

/** Records in G's gradient norm's running median. */
export const REFERENCE_WINDOW = 20;
/** Records before the running median is a reference (one record of a fresh network says little). */
export const REFERENCE_MIN = 5;

export interface DiscriminatorWinsFinding {
  alarm: 'discriminatorWins';
  signal: 'separated' | 'vanishing';
  step: number;
  since: number;
  values: Record<string, number>;
}

export class DiscriminatorWinsDetector {
  private readonly recent: number[] = [];
  private reference = 0;
  private since: number | undefined;
  private lastStep: number | undefined;
  private raised = false;
  private clearSince: number | undefined;

  /** @param sigmoid whether D is a probability (minimax, nonSaturating): `separated` is watched only then. */
  constructor(
    private readonly settings: DiscriminatorWinsSettings,
    private readonly sigmoid: boolean,
  ) {}

  /** The values at the session's first step, before its first update: G's gradient norm there counts towards its reference. */
  start(values: WatchedValues): void {
    this.remember(values.gradNormG);
  }

  /** The stretch D has won so far, in steps (0: it is not winning at the last record). */
  get winningSteps(): number {
    return this.since === undefined || this.lastStep === undefined ? 0 : this.lastStep - this.since;
  }

  private separated(v: WatchedValues): boolean {
    const { margin } = this.settings;
    return this.sigmoid && margin > 0 && v.dReal >= 1 - margin && v.dFake <= margin;
  }

  private vanished(v: WatchedValues): boolean {
    const { vanishing } = this.settings;
    return vanishing > 0 && this.reference > 0 && Number.isFinite(v.gradNormG) && Math.abs(v.gradNormG) <= vanishing * this.reference;
  }

  observe(v: WatchedValues): DiscriminatorWinsFinding | undefined {
    const separated = this.separated(v);
    const vanished = this.vanished(v);
    this.lastStep = v.step;
    if (!vanished) this.remember(v.gradNormG);
    if (!separated && !vanished) {
      this.since = undefined;
      if (this.raised) {
        this.clearSince ??= v.step;
        if (v.step - this.clearSince >= this.settings.steps) this.raised = false;
      }
      return undefined;
    }
    this.clearSince = undefined;
    this.since ??= v.step;
    const steps = v.step - this.since;
    if (this.raised || steps < this.settings.steps) return undefined;
    this.raised = true;
    return {
      alarm: 'discriminatorWins',
      signal: separated ? 'separated' : 'vanishing',
      step: v.step,
      since: this.since,
      values: { dReal: v.dReal, dFake: v.dFake, gradNormG: v.gradNormG, reference: this.reference, steps },
    };
  }

  private remember(gradNormG: number): void {
    if (!Number.isFinite(gradNormG)) return;
    this.recent.push(Math.abs(gradNormG));
    if (this.recent.length > REFERENCE_WINDOW) this.recent.shift();
    if (this.recent.length >= REFERENCE_MIN) this.reference = Math.max(this.reference, median(this.recent));
  }
}

const fixed3 = (v: number | undefined) => (v ?? NaN).toFixed(3);

/** The finding in words, without the step. */
export function discriminatorWinsWords(f: DiscriminatorWinsFinding, magnitude: (v: number) => string): string {
  const v = f.values;
  const g = `G's gradient norm ${magnitude(v.gradNormG ?? NaN)}, ${magnitude((v.gradNormG ?? NaN) / (v.reference || NaN))}× its usual ${magnitude(v.reference ?? NaN)}`;
  if (f.signal === 'separated')
    return `D(real) ${fixed3(v.dReal)} and D(fake) ${fixed3(v.dFake)} for ${v.steps} steps since step ${f.since} (${g})`;
  return `${g} for ${v.steps} steps since step ${f.since}: G gets almost no gradient from D`;
}
