/**
 * The generated class histogram of a quality record as bars against uniform: each class's share of
 * the generated images, the uniform level 1/classes, KL against uniform and the classes covered
 * (the record's own figures where it has them). With many classes (Stacked MNIST's 1,000 modes)
 * the bars are the shares sorted from the most generated mode down: collapse shows as a tall head
 * and a tail of empty modes, whatever modes they are.
 */
import type { ClassHistogram, QualityMetrics, QualityRecord } from '../../../src/shared/runFormat';
import { isClassHistogram } from '../../../src/shared/runFormatGuards';

/** More classes than this are drawn as sorted shares. */
export const SORTED_ABOVE = 50;

export interface ClassBars {
  /** Bar labels: the class names, or ranks (1 = most generated) when sorted. */
  labels: string[];
  shares: number[];
  /** 1 / classes. */
  uniform: number;
  sorted: boolean;
  /** Images the histogram counts. */
  total: number;
  covered: number;
  classes: number;
  /** KL(generated ‖ uniform) in bits. */
  kl: number;
  /** 'classes' or 'modes' (Stacked MNIST). */
  noun: string;
}

/** KL(counts/total ‖ uniform) in bits: log₂ C − H(p). 0 when every class is as frequent; NaN when nothing is counted. */
export function klToUniformBits(counts: readonly number[]): number {
  const total = counts.reduce((a, b) => a + b, 0);
  if (!(total > 0)) return NaN;
  let kl = 0;
  for (const c of counts) if (c > 0) kl += (c / total) * Math.log2((c / total) * counts.length);
  return kl;
}

/** Classes with at least max(1, 0.2·n/classes) of the n images (the trainer's rule for "covered"). */
export function coveredClasses(counts: readonly number[]): number {
  const total = counts.reduce((a, b) => a + b, 0);
  const threshold = Math.max(1, (0.2 * total) / Math.max(1, counts.length));
  return counts.filter((c) => c >= threshold).length;
}

export function classBars(histogram: ClassHistogram, metrics: QualityMetrics = {}): ClassBars {
  const { names, counts } = histogram;
  const total = counts.reduce((a, b) => a + b, 0);
  const shares = counts.map((c) => (total > 0 ? c / total : 0));
  const sorted = names.length > SORTED_ABOVE;
  const stacked = metrics.stackedModesTotal !== undefined && metrics.stackedModesTotal === names.length;
  const covered = (stacked ? metrics.stackedModesCovered : metrics.classesCovered) ?? coveredClasses(counts);
  const kl = (stacked ? metrics.stackedKl : metrics.classKl) ?? klToUniformBits(counts);
  return {
    labels: sorted ? shares.map((_, i) => String(i + 1)) : [...names],
    shares: sorted ? [...shares].sort((a, b) => b - a) : shares,
    uniform: 1 / names.length,
    sorted,
    total,
    covered,
    classes: names.length,
    kl,
    noun: stacked || sorted ? 'modes' : 'classes',
  };
}

/**
 * The record with a class histogram to show for a samples step: the one at that step, else the
 * last before it, else the first after it; with `step` null (following the newest), the newest.
 */
export function histogramRecordAt(records: readonly QualityRecord[], step: number | null): QualityRecord | null {
  const withClasses = records.filter((r) => isClassHistogram(r.classes));
  if (withClasses.length === 0) return null;
  if (step === null) return withClasses[withClasses.length - 1]!;
  let best: QualityRecord | null = null;
  for (const r of withClasses) if (r.step <= step && (!best || r.step > best.step)) best = r;
  return best ?? withClasses[0]!;
}
