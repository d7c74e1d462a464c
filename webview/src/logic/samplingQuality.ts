/**
 * The quality of G(z₀) against G(z_T) of a sampling result, metric by metric: its label, both
 * values as text, and whether sampling made it better (each metric knows which way is better).
 */
import type { QualityMetrics } from '../../../src/shared/runFormat';

export interface QualityComparison {
  key: string;
  label: string;
  before: number;
  after: number;
  beforeText: string;
  afterText: string;
  /** A share of the samples, in [0, 1] (drawn as bars). */
  share: boolean;
  change: 'better' | 'worse' | 'same' | 'neutral';
}

interface MetricInfo {
  label: string;
  /** 1: higher is better, −1: lower is better, 0: descriptive (e.g. ink). */
  better: 1 | -1 | 0;
  share: boolean;
  format: (v: number, metrics: QualityMetrics) => string;
}

const percent = (v: number) => `${(v * 100).toFixed(1)}%`;
const bits = (v: number) => `${v.toFixed(3)} bit`;
const fixed3 = (v: number) => v.toFixed(3);

/** In display order; real-data references (realSingleBlobShare, realMeanInk) are not compared. */
const METRICS: Partial<Record<keyof QualityMetrics, MetricInfo>> = {
  highQualityShare: { label: 'high-quality share (within 3σ of a mode)', better: 1, share: true, format: percent },
  modesCovered: { label: 'modes covered', better: 1, share: false, format: (v, m) => `${v}/${m.modesTotal ?? '?'}` },
  js: { label: 'JS divergence', better: -1, share: false, format: bits },
  kl: { label: 'KL(real‖generated)', better: -1, share: false, format: bits },
  wasserstein: { label: 'Wasserstein-1', better: -1, share: false, format: fixed3 },
  curveFitShare: { label: 'curves in the family', better: 1, share: true, format: percent },
  curveKs: { label: 'KS distance of a', better: -1, share: false, format: fixed3 },
  singleBlobShare: { label: 'single-blob images', better: 1, share: true, format: percent },
  meanInk: { label: 'mean ink', better: 0, share: true, format: percent },
  shapeFitShare: { label: 'recognised shapes', better: 1, share: true, format: percent },
};

/** Metrics present on both sides, in display order. */
export function compareQuality(before: QualityMetrics, after: QualityMetrics): QualityComparison[] {
  const rows: QualityComparison[] = [];
  for (const [key, info] of Object.entries(METRICS) as [keyof QualityMetrics, MetricInfo][]) {
    const b = before[key];
    const a = after[key];
    if (typeof b !== 'number' || typeof a !== 'number') continue;
    const delta = (a - b) * info.better;
    rows.push({
      key,
      label: info.label,
      before: b,
      after: a,
      beforeText: info.format(b, before),
      afterText: info.format(a, after),
      share: info.share,
      change: info.better === 0 ? 'neutral' : Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)) ? 'same' : delta > 0 ? 'better' : 'worse',
    });
  }
  return rows;
}
