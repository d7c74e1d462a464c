/**
 * A run's result in a few words: the headline of a quality record, one form per data kind. The
 * finished-run notification, the dashboard header, the Runs tree (row and tooltip) and gan-train's
 * summary all show this, so a run reads the same everywhere. The record's metrics tell the kind:
 *
 * - `stackedMnist`: modes covered of 1,000 and their KL to uniform — `modes 987/1,000, KL 0.41 bit`
 * - `mnist` (the learned metrics): Fréchet distance, classes covered, precision — `Fréchet 12.3, classes 10/10, precision 0.71`
 * - `shapes`: recognised shapes, beside the real images' share — `shapes 85% (real 99%)`
 * - `imageFolder`, `idx` without learned metrics: single blobs — `single blob 80% (real 99%)`
 * - `ring`, `grid`, `mixture1d`: modes covered and JS — `modes 8/8, JS 0.25 bit`
 * - `parabola`: curves in the band and the KS distance of `a` — `curves in band 93%, KS(a) 0.081`
 * - `swissroll`, `moons`, `csv`: JS (and W1 for 1-D data) — `JS 0.041 bit`
 *
 * Pure: no I/O.
 */
import type { QualityMetrics } from './runFormat';

const finite = (v: number | undefined): v is number => v !== undefined && Number.isFinite(v);
const count = (n: number) => n.toLocaleString('en-US');

/** Two significant digits (0.25, 0.013, 1.2), as divergences and small distances are read. */
export function twoDigits(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  return String(Number(v.toPrecision(2)));
}

const percent = (v: number) => `${Math.round(v * 100)}%`;
const withReal = (v: number, real: number | undefined) => (finite(real) ? `${percent(v)} (real ${percent(real)})` : percent(v));
const bits = (v: number | undefined) => (finite(v) ? `${twoDigits(v)} bit` : undefined);

/** The headline of a quality record's metrics, or undefined when they hold none of the headline figures. */
export function qualityHeadline(q: QualityMetrics): string | undefined {
  const parts: (string | undefined)[] = [];
  if (q.stackedModesCovered !== undefined) {
    parts.push(`modes ${count(q.stackedModesCovered)}/${count(q.stackedModesTotal ?? 1000)}`);
    if (finite(q.stackedKl)) parts.push(`KL ${bits(q.stackedKl)}`);
  } else if (q.frechetDistance !== undefined) {
    const d = q.frechetDistance;
    parts.push(`Fréchet ${finite(d) ? (Math.abs(d) >= 10 ? d.toFixed(1) : d.toFixed(2)) : String(d)}`);
    if (q.classesCovered !== undefined) parts.push(`classes ${q.classesCovered}/${q.classesTotal ?? '?'}`);
    if (finite(q.precision)) parts.push(`precision ${q.precision.toFixed(2)}`);
  } else if (q.shapeFitShare !== undefined) {
    parts.push(`shapes ${withReal(q.shapeFitShare, q.realShapeFitShare)}`);
  } else if (q.singleBlobShare !== undefined) {
    parts.push(`single blob ${withReal(q.singleBlobShare, q.realSingleBlobShare)}`);
  } else if (q.curveFitShare !== undefined) {
    parts.push(`curves in band ${percent(q.curveFitShare)}`);
    if (finite(q.curveKs)) parts.push(`KS(a) ${twoDigits(q.curveKs)}`);
  } else {
    if (q.modesCovered !== undefined) parts.push(`modes ${q.modesCovered}/${q.modesTotal ?? '?'}`);
    if (q.js !== undefined) parts.push(`JS ${bits(q.js) ?? String(q.js)}`);
    if (q.modesCovered === undefined && finite(q.wasserstein)) parts.push(`W1 ${twoDigits(q.wasserstein)}`);
  }
  const shown = parts.filter((p): p is string => p !== undefined);
  return shown.length > 0 ? shown.join(', ') : undefined;
}
