/**
 * Quality records → chart series: whatever keys the records have, each on the chart and axis that
 * fit its unit. `quality`: shares in [0, 1] (JS in bits, KS distance, modes covered as a share of
 * modes) on the left, unbounded KL bits and distances on the right. The learned image metrics of
 * MNIST-like runs have two charts of their own, so no distance shares an axis with a share:
 * `distance` (lower is better): the Fréchet distance on a log axis (from noise's level down to the
 * real images' floor), the kernel distance on the right; `coverage`: precision, recall and classes
 * covered in [0, 1], the classifier score on the right on its own 1 … classes scale. Without learned
 * metrics (the 2-D toys) precision and recall are shares on the `quality` chart.
 */
import type { QualityMetrics, QualityRecord } from '../../../src/shared/runFormat';
import { formatInteger, formatValue } from './format';

export type QualityChartId = 'quality' | 'distance' | 'coverage';

export interface QualitySeries {
  id: string;
  label: string;
  chart: QualityChartId;
  /** y: the chart's left axis, y2: its right axis. */
  axis: 'y' | 'y2';
  steps: number[];
  values: number[];
  /** Text of a value in the tooltip (modes covered shows "6/8"). */
  format: (value: number, index: number) => string;
  /** For a reference level (real data, or noise): the id of the generated series it is the level for. */
  referenceFor?: string;
  /** What the reference level is: real data (the floor to reach) or noise (the level of a useless generator). */
  referenceKind?: 'real' | 'noise';
}

/** Keys that are the denominators or spreads of other keys, not series of their own. */
type CompanionKey = 'modesTotal' | 'classesTotal' | 'stackedModesTotal' | 'kernelDistanceStd';
type NumericKey = Exclude<keyof QualityMetrics, CompanionKey>;

interface MetricInfo {
  label: string;
  chart: QualityChartId;
  axis: 'y' | 'y2';
  reference?: { for: NumericKey; kind: 'real' | 'noise' };
}

/** A reference level (real data's floor, or noise's level) for a generated series, labelled "… (real)". */
const level = (label: string, chart: QualityChartId, axis: 'y' | 'y2', of: NumericKey, kind: 'real' | 'noise'): MetricInfo => ({
  label: `${label} (${kind})`,
  chart,
  axis,
  reference: { for: of, kind },
});

const KNOWN: Record<NumericKey, MetricInfo> = {
  js: { label: 'JS divergence (bits)', chart: 'quality', axis: 'y' },
  kl: { label: 'KL(real‖gen) (bits)', chart: 'quality', axis: 'y2' },
  wasserstein: { label: 'Wasserstein-1', chart: 'quality', axis: 'y2' },
  modesCovered: { label: 'modes covered', chart: 'quality', axis: 'y' },
  highQualityShare: { label: 'high-quality share', chart: 'quality', axis: 'y' },
  curveFitShare: { label: 'curve-fit share', chart: 'quality', axis: 'y' },
  curveKs: { label: 'curve KS distance', chart: 'quality', axis: 'y' },
  singleBlobShare: { label: 'single-blob share', chart: 'quality', axis: 'y' },
  realSingleBlobShare: level('single-blob share', 'quality', 'y', 'singleBlobShare', 'real'),
  meanInk: { label: 'mean ink', chart: 'quality', axis: 'y' },
  realMeanInk: level('mean ink', 'quality', 'y', 'meanInk', 'real'),
  shapeFitShare: { label: 'recognised shapes', chart: 'quality', axis: 'y' },
  realShapeFitShare: level('recognised shapes', 'quality', 'y', 'shapeFitShare', 'real'),
  squareShare: { label: 'squares', chart: 'quality', axis: 'y' },
  ellipseShare: { label: 'ellipses', chart: 'quality', axis: 'y' },
  triangleShare: { label: 'triangles', chart: 'quality', axis: 'y' },
  classKl: { label: 'KL(classes‖uniform) (bits)', chart: 'quality', axis: 'y2' },
  stackedKl: { label: 'KL(modes‖uniform) (bits)', chart: 'quality', axis: 'y2' },
  frechetDistance: { label: 'Fréchet distance', chart: 'distance', axis: 'y' },
  realFrechetDistance: level('Fréchet distance', 'distance', 'y', 'frechetDistance', 'real'),
  noiseFrechetDistance: level('Fréchet distance', 'distance', 'y', 'frechetDistance', 'noise'),
  kernelDistance: { label: 'kernel distance (KID)', chart: 'distance', axis: 'y2' },
  realKernelDistance: level('kernel distance', 'distance', 'y2', 'kernelDistance', 'real'),
  precision: { label: 'precision', chart: 'coverage', axis: 'y' },
  recall: { label: 'recall', chart: 'coverage', axis: 'y' },
  realPrecision: level('precision', 'coverage', 'y', 'precision', 'real'),
  realRecall: level('recall', 'coverage', 'y', 'recall', 'real'),
  classesCovered: { label: 'classes covered', chart: 'coverage', axis: 'y' },
  stackedModesCovered: { label: 'modes covered', chart: 'coverage', axis: 'y' },
  realStackedModesCovered: level('modes covered', 'coverage', 'y', 'stackedModesCovered', 'real'),
  labelAgreement: { label: 'label agreement', chart: 'coverage', axis: 'y' },
  classifierScore: { label: 'classifier score', chart: 'coverage', axis: 'y2' },
  realClassifierScore: level('classifier score', 'coverage', 'y2', 'classifierScore', 'real'),
};

/** Counts drawn as a share of their total (the tooltip says "k/n"). */
const COUNTED: Partial<Record<NumericKey, CompanionKey>> = {
  modesCovered: 'modesTotal',
  classesCovered: 'classesTotal',
  stackedModesCovered: 'stackedModesTotal',
  realStackedModesCovered: 'stackedModesTotal',
};

/** Keys only the learned image metric writes: their presence moves precision and recall to the coverage chart. */
const LEARNED_ONLY: readonly string[] = ['frechetDistance', 'kernelDistance', 'classesCovered', 'stackedModesCovered', 'classifierScore'];

const ORDER: string[] = [
  'modesCovered',
  'highQualityShare',
  'js',
  'kl',
  'wasserstein',
  'curveFitShare',
  'curveKs',
  'singleBlobShare',
  'realSingleBlobShare',
  'meanInk',
  'realMeanInk',
  'shapeFitShare',
  'realShapeFitShare',
  'squareShare',
  'ellipseShare',
  'triangleShare',
  'classKl',
  'stackedKl',
  'frechetDistance',
  'realFrechetDistance',
  'noiseFrechetDistance',
  'kernelDistance',
  'realKernelDistance',
  'precision',
  'realPrecision',
  'recall',
  'realRecall',
  'classesCovered',
  'stackedModesCovered',
  'realStackedModesCovered',
  'labelAgreement',
  'classifierScore',
  'realClassifierScore',
];

const COMPANIONS: ReadonlySet<string> = new Set<CompanionKey>(['modesTotal', 'classesTotal', 'stackedModesTotal', 'kernelDistanceStd']);

const fixed3 = (v: number) => (Number.isFinite(v) ? String(Math.round(v * 1000) / 1000) : '—');
const significant = (v: number) => (Number.isFinite(v) ? formatValue(v) : '—');

export function buildQualitySeries(records: readonly QualityRecord[]): QualitySeries[] {
  const keys = new Set<string>();
  for (const r of records) for (const k of Object.keys(r.metrics ?? {})) if (!COMPANIONS.has(k)) keys.add(k);
  const learned = LEARNED_ONLY.some((k) => keys.has(k));
  const sorted = [...keys].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  const steps = records.map((r) => r.step);
  return sorted.map((key): QualitySeries => {
    const raw = records.map((r) => metric(r, key));
    const known = KNOWN[key as NumericKey] as MetricInfo | undefined;
    const reference = known?.reference && keys.has(known.reference.for) ? known.reference : undefined;
    const base = {
      id: key,
      label: known?.label ?? key,
      chart: known?.chart ?? 'quality',
      axis: known?.axis ?? guessAxis(raw),
      steps,
      values: raw,
      format: known?.chart === 'quality' || !known ? fixed3 : significant,
      ...(reference && { referenceFor: reference.for, referenceKind: reference.kind }),
    } satisfies QualitySeries;
    if (!learned && (key === 'precision' || key === 'recall' || key === 'realPrecision' || key === 'realRecall'))
      return { ...base, chart: 'quality', format: fixed3 };
    const totalKey = COUNTED[key as NumericKey];
    if (totalKey) {
      const totals = records.map((r) => metric(r, totalKey));
      const total = totals.find((t) => t > 0);
      return {
        ...base,
        // A real-data reference is labelled as such; its generated counterpart names the total.
        label: reference || !total ? base.label : `${base.label} (of ${formatInteger(total)})`,
        values: raw.map((v, i) => (totals[i]! > 0 ? v / totals[i]! : NaN)),
        format: (_v: number, i: number) => `${fixed3(raw[i]!)}/${fixed3(totals[i]!)}`,
      };
    }
    if (key === 'kernelDistance') {
      const spreads = records.map((r) => metric(r, 'kernelDistanceStd'));
      return {
        ...base,
        format: (v, i) => (Number.isFinite(spreads[i]!) ? `${significant(v)} ± ${significant(spreads[i]!)}` : significant(v)),
      };
    }
    if (key === 'classifierScore' || key === 'realClassifierScore') {
      const total = classCount(records);
      return { ...base, label: key === 'classifierScore' && total ? `${base.label} (of ${total})` : base.label };
    }
    return base;
  });
}

/** The class count of the records' classifier (classesTotal), or null when none says. */
export function classCount(records: readonly QualityRecord[]): number | null {
  for (let i = records.length - 1; i >= 0; i--) {
    const total = metric(records[i]!, 'classesTotal');
    if (total > 0) return total;
  }
  return null;
}

const rank = (key: string) => {
  const i = ORDER.indexOf(key);
  return i < 0 ? ORDER.length : i;
};

function metric(record: QualityRecord, key: string): number {
  const v = (record.metrics as Record<string, unknown> | undefined)?.[key];
  return typeof v === 'number' ? v : NaN;
}

function guessAxis(values: readonly number[]): 'y' | 'y2' {
  return values.every((v) => !Number.isFinite(v) || (v >= 0 && v <= 1)) ? 'y' : 'y2';
}
