/**
 * Quality records → chart series: whatever keys the records have. Quantities in [0, 1] (shares, JS in
 * bits, KS distance, modes covered as a share of modes) go on the left axis, unbounded ones (KL,
 * Wasserstein) on the right.
 */
import type { QualityMetrics, QualityRecord } from '../../../src/shared/runFormat';

export interface QualitySeries {
  id: string;
  label: string;
  axis: 'unit' | 'free';
  steps: number[];
  values: number[];
  /** Text of a value in the tooltip (modes covered shows "6/8"). */
  format: (value: number, index: number) => string;
  /** For a real-data reference (e.g. single-blob share of real images): the id of the generated series it is the level for. */
  referenceFor?: string;
}

type NumericKey = Exclude<keyof QualityMetrics, 'modesTotal'>;

/** Real-data references: the level their generated counterpart should approach. */
const REFERENCE_FOR: Partial<Record<NumericKey, NumericKey>> = {
  realSingleBlobShare: 'singleBlobShare',
  realMeanInk: 'meanInk',
  realShapeFitShare: 'shapeFitShare',
};

const KNOWN: Record<NumericKey, { label: string; axis: 'unit' | 'free' }> = {
  js: { label: 'JS divergence (bits)', axis: 'unit' },
  kl: { label: 'KL(real‖gen) (bits)', axis: 'free' },
  wasserstein: { label: 'Wasserstein-1', axis: 'free' },
  modesCovered: { label: 'modes covered', axis: 'unit' },
  highQualityShare: { label: 'high-quality share', axis: 'unit' },
  curveFitShare: { label: 'curve-fit share', axis: 'unit' },
  curveKs: { label: 'curve KS distance', axis: 'unit' },
  singleBlobShare: { label: 'single-blob share', axis: 'unit' },
  realSingleBlobShare: { label: 'single-blob share (real)', axis: 'unit' },
  meanInk: { label: 'mean ink', axis: 'unit' },
  realMeanInk: { label: 'mean ink (real)', axis: 'unit' },
  shapeFitShare: { label: 'recognised shapes', axis: 'unit' },
  realShapeFitShare: { label: 'recognised shapes (real)', axis: 'unit' },
  squareShare: { label: 'squares', axis: 'unit' },
  ellipseShare: { label: 'ellipses', axis: 'unit' },
  triangleShare: { label: 'triangles', axis: 'unit' },
};

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
];

const fixed3 = (v: number) => (Number.isFinite(v) ? String(Math.round(v * 1000) / 1000) : '—');

export function buildQualitySeries(records: readonly QualityRecord[]): QualitySeries[] {
  const keys = new Set<string>();
  for (const r of records) for (const k of Object.keys(r.metrics ?? {})) if (k !== 'modesTotal') keys.add(k);
  const sorted = [...keys].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  const steps = records.map((r) => r.step);
  return sorted.map((key) => {
    const raw = records.map((r) => metric(r, key));
    if (key === 'modesCovered') {
      const totals = records.map((r) => metric(r, 'modesTotal'));
      const values = raw.map((v, i) => (totals[i]! > 0 ? v / totals[i]! : NaN));
      const total = totals.find((t) => t > 0);
      return {
        id: key,
        label: total ? `modes covered (of ${total})` : 'modes covered',
        axis: 'unit',
        steps,
        values,
        format: (_v: number, i: number) => `${fixed3(raw[i]!)}/${fixed3(totals[i]!)}`,
      };
    }
    const known = KNOWN[key as NumericKey];
    const referenceFor = REFERENCE_FOR[key as NumericKey];
    return {
      id: key,
      label: known?.label ?? key,
      axis: known?.axis ?? guessAxis(raw),
      steps,
      values: raw,
      format: fixed3,
      ...(referenceFor && keys.has(referenceFor) && { referenceFor }),
    };
  });
}

const rank = (key: string) => {
  const i = ORDER.indexOf(key);
  return i < 0 ? ORDER.length : i;
};

function metric(record: QualityRecord, key: string): number {
  const v = (record.metrics as Record<string, unknown> | undefined)?.[key];
  return typeof v === 'number' ? v : NaN;
}

function guessAxis(values: readonly number[]): 'unit' | 'free' {
  return values.every((v) => !Number.isFinite(v) || (v >= 0 && v <= 1)) ? 'unit' : 'free';
}
