/**
 * The mode-collapse detector (issue 24). Pure: it reads the quality records the run writes every
 * samples interval and says when, for `records` records in a row, one of these holds:
 *
 * - modes: the share of modes covered (the toys' modesCovered, MNIST's classesCovered, Stacked
 *   MNIST's stackedModesCovered, over their totals) is at most (1 − modesDrop) × the best share the
 *   run has had;
 * - classes: KL(generated class histogram ‖ uniform) (classKl, stackedKl) is klRise bits above its
 *   lowest so far: the histogram concentrates on fewer classes (1 bit: half as many, effectively);
 * - recall: recall is at most (1 − recallDrop) × the best recall so far;
 * - precisionRecall: precision exceeds recall by precisionGap: the samples fit the data but cover
 *   only part of it (Kynkäänniemi et al. 2019: a collapsed generator keeps its precision and loses
 *   recall). This one catches a generator that collapsed before it ever covered the modes.
 *
 * One record's figures are noisy (the converging grid25 example swings from 24 of 25 modes to 5 and
 * back), hence `records`. The alarm is raised once, and again only after every sign has been clear
 * for `records` records.
 */
import type { QualityMetrics, QualityRecord } from '../../shared/runFormat';

export interface ModeCollapseSettings {
  records: number;
  modesDrop: number;
  klRise: number;
  recallDrop: number;
  precisionGap: number;
}

export const COLLAPSE_SIGNALS = ['modes', 'classes', 'recall', 'precisionRecall'] as const;
export type CollapseSignal = (typeof COLLAPSE_SIGNALS)[number];

export interface CollapseFinding {
  alarm: 'modeCollapse';
  signal: CollapseSignal;
  step: number;
  /** The first record of the streak that raised it. */
  since: number;
  values: Record<string, number>;
}

/** The share of modes covered, with the counts, from whichever count the data has. */
export function coverage(m: QualityMetrics): { covered: number; total: number } | undefined {
  const pairs: [number | undefined, number | undefined][] = [
    [m.modesCovered, m.modesTotal],
    [m.classesCovered, m.classesTotal],
    [m.stackedModesCovered, m.stackedModesTotal],
  ];
  for (const [covered, total] of pairs) if (covered !== undefined && total !== undefined && total > 0) return { covered, total };
  return undefined;
}

const finite = (v: number | undefined): v is number => v !== undefined && Number.isFinite(v);

export class ModeCollapseDetector {
  private bestShare = 0;
  private lowestKl = Infinity;
  private bestRecall = 0;
  private readonly streaks = new Map<CollapseSignal, { length: number; since: number }>();
  private raised = false;
  private clear = 0;

  constructor(private readonly settings: ModeCollapseSettings) {}

  /** Which signs of collapse this record shows, with the figures behind each (against the run's record before it). */
  signs(m: QualityMetrics): Map<CollapseSignal, Record<string, number>> {
    const { modesDrop, klRise, recallDrop, precisionGap } = this.settings;
    const signs = new Map<CollapseSignal, Record<string, number>>();
    const cover = coverage(m);
    if (cover && modesDrop > 0 && this.bestShare > 0) {
      const share = cover.covered / cover.total;
      if (share <= (1 - modesDrop) * this.bestShare)
        signs.set('modes', { covered: cover.covered, total: cover.total, peak: Math.round(this.bestShare * cover.total) });
    }
    const kl = m.classKl ?? m.stackedKl;
    if (finite(kl) && klRise > 0 && Number.isFinite(this.lowestKl) && kl >= this.lowestKl + klRise)
      signs.set('classes', { kl, lowest: this.lowestKl });
    if (finite(m.recall) && recallDrop > 0 && this.bestRecall > 0 && m.recall <= (1 - recallDrop) * this.bestRecall)
      signs.set('recall', { recall: m.recall, peak: this.bestRecall });
    if (finite(m.precision) && finite(m.recall) && precisionGap > 0 && m.precision - m.recall >= precisionGap)
      signs.set('precisionRecall', { precision: m.precision, recall: m.recall });
    return signs;
  }

  observe(record: QualityRecord): CollapseFinding | undefined {
    const m = record.metrics;
    const signs = this.signs(m);
    this.remember(m);
    for (const signal of COLLAPSE_SIGNALS) {
      if (!signs.has(signal)) this.streaks.delete(signal);
      else {
        const streak = this.streaks.get(signal) ?? { length: 0, since: record.step };
        streak.length++;
        this.streaks.set(signal, streak);
      }
    }
    if (signs.size === 0) {
      if (this.raised && ++this.clear >= this.settings.records) this.raised = false;
      return undefined;
    }
    this.clear = 0;
    if (this.raised) return undefined;
    const ready = COLLAPSE_SIGNALS.find((s) => (this.streaks.get(s)?.length ?? 0) >= this.settings.records);
    if (!ready) return undefined;
    this.raised = true;
    return { alarm: 'modeCollapse', signal: ready, step: record.step, since: this.streaks.get(ready)!.since, values: signs.get(ready)! };
  }

  private remember(m: QualityMetrics): void {
    const cover = coverage(m);
    if (cover) this.bestShare = Math.max(this.bestShare, cover.covered / cover.total);
    const kl = m.classKl ?? m.stackedKl;
    if (finite(kl)) this.lowestKl = Math.min(this.lowestKl, kl);
    if (finite(m.recall)) this.bestRecall = Math.max(this.bestRecall, m.recall);
  }
}

const pct = (v: number) => `${Math.round(100 * v)}%`;

/** The finding in words, without the step: "3 of 8 modes covered since step 1500, down from 8". */
export function collapseWords(f: CollapseFinding): string {
  const v = f.values;
  switch (f.signal) {
    case 'modes':
      return `${v.covered} of ${v.total} modes covered since step ${f.since}, down from ${v.peak}`;
    case 'classes':
      return `the class histogram concentrates: KL to uniform ${v.kl!.toFixed(2)} bits since step ${f.since}, up from ${v.lowest!.toFixed(2)}`;
    case 'recall':
      return `recall ${pct(v.recall!)} since step ${f.since}, down from ${pct(v.peak!)}`;
    case 'precisionRecall':
      return `precision ${pct(v.precision!)} but recall ${pct(v.recall!)} since step ${f.since}: the samples fit the data but cover only part of it`;
  }
}
