/**
 * Quality records → small multiples: whatever keys the records have, each on the panel of its unit,
 * so no axis mixes units. Counts are drawn as counts of their total ("modes covered (of 8)", ticks
 * 0…8, "6 of 8"), shares in % (0–100 %), divergences in bits, and every distance on its own scale
 * (Fréchet on a log axis with the real images' floor and noise's level, the kernel distance, the
 * Wasserstein-1 distance in data units, the KS distance); the classifier score on its 1 … classes
 * scale. A shapes run's shape mix (squares, ellipses, triangles) has a panel of its own beside the
 * shares it sums to. Unknown keys get a panel each.
 */
import type { QualityMetrics, QualityRecord } from '../../../src/shared/runFormat';
import { formatInteger, formatValue } from './format';

/** How a panel's values read: its ticks, tooltip text and bounds. */
export type QualityUnit = 'count' | 'share' | 'bits' | 'distance' | 'score' | 'value';

/** One small multiple: one unit, one left axis. */
export interface QualityPanel {
  id: string;
  /** The heading above it. */
  caption: string;
  /** Its y axis's title (the unit). */
  axisTitle: string;
  unit: QualityUnit;
  /** A logarithmic y axis (the Fréchet distance spans noise's level down to real data's). */
  log: boolean;
  /** Counts and scores: the total (the axis runs 0 … total, or 1 … total for the score). */
  total?: number;
}

export interface QualitySeries {
  id: string;
  label: string;
  /** The panel's id. */
  panel: string;
  steps: number[];
  /** In the panel's unit: counts as counts, shares as fractions (the axis writes them in %). */
  values: number[];
  /** Text of a value in the tooltip ("6 of 8", "42.5%", "0.253 bit"). */
  format: (value: number, index: number) => string;
  /** For a reference level (real data, or noise): the id of the generated series it is the level for. */
  referenceFor?: string;
  /** What the reference level is: real data (the floor to reach) or noise (the level of a useless generator). */
  referenceKind?: 'real' | 'noise';
}

export interface QualityPanels {
  /** The panels with at least one series, in display order. */
  panels: QualityPanel[];
  series: QualitySeries[];
}

/** Keys that are the denominators or spreads of other keys, not series of their own. */
type CompanionKey = 'modesTotal' | 'classesTotal' | 'stackedModesTotal' | 'kernelDistanceStd';
type NumericKey = Exclude<keyof QualityMetrics, CompanionKey>;

type PanelId =
  | 'modes'
  | 'stackedModes'
  | 'classes'
  | 'shares'
  | 'precisionRecall'
  | 'shapes'
  | 'bits'
  | 'frechet'
  | 'kid'
  | 'wasserstein'
  | 'ks'
  | 'score';

interface PanelSpec {
  caption: string;
  unit: QualityUnit;
  /** The axis title; counts and scores name their total. */
  axisTitle: (total: number | null) => string;
  log?: boolean;
  /** The key of the panel's total (counts). */
  totalKey?: CompanionKey;
}

const of = (what: string) => (total: number | null) => (total ? `${what} (of ${formatInteger(total)})` : what);

/** The panels in display order: counts first (the headline), then shares, divergences, distances, the score. */
const PANELS: Record<PanelId, PanelSpec> = {
  modes: { caption: 'Modes covered', unit: 'count', axisTitle: of('modes covered'), totalKey: 'modesTotal' },
  stackedModes: { caption: 'Modes covered', unit: 'count', axisTitle: of('modes covered'), totalKey: 'stackedModesTotal' },
  classes: { caption: 'Classes covered', unit: 'count', axisTitle: of('classes covered'), totalKey: 'classesTotal' },
  shares: { caption: 'Shares of generated samples', unit: 'share', axisTitle: () => 'share (%)' },
  precisionRecall: { caption: 'Precision and recall', unit: 'share', axisTitle: () => 'share (%)' },
  shapes: { caption: 'Shape mix', unit: 'share', axisTitle: () => '% of generated images' },
  bits: { caption: 'Divergences · lower is better', unit: 'bits', axisTitle: () => 'bits' },
  frechet: { caption: 'Fréchet distance · lower is better', unit: 'distance', axisTitle: () => 'Fréchet distance (log)', log: true },
  kid: { caption: 'Kernel distance · lower is better', unit: 'distance', axisTitle: () => 'KID' },
  wasserstein: { caption: 'Wasserstein-1 distance · lower is better', unit: 'distance', axisTitle: () => 'data units' },
  ks: { caption: 'KS distance of the fitted a · lower is better', unit: 'distance', axisTitle: () => 'KS distance (0–1)' },
  score: { caption: 'Classifier score', unit: 'score', axisTitle: of('classifier score') },
};
const PANEL_ORDER = Object.keys(PANELS) as PanelId[];

interface MetricInfo {
  label: string;
  panel: PanelId;
  reference?: { for: NumericKey; kind: 'real' | 'noise' };
}

/** A reference level (real data's floor, or noise's level) for a generated series, labelled "… (real)". */
const level = (label: string, panel: PanelId, of: NumericKey, kind: 'real' | 'noise'): MetricInfo => ({
  label: `${label} (${kind})`,
  panel,
  reference: { for: of, kind },
});

const KNOWN: Record<NumericKey, MetricInfo> = {
  modesCovered: { label: 'modes covered', panel: 'modes' },
  highQualityShare: { label: 'high-quality share', panel: 'shares' },
  curveFitShare: { label: 'curve-fit share', panel: 'shares' },
  singleBlobShare: { label: 'single-blob share', panel: 'shares' },
  realSingleBlobShare: level('single-blob share', 'shares', 'singleBlobShare', 'real'),
  meanInk: { label: 'mean ink', panel: 'shares' },
  realMeanInk: level('mean ink', 'shares', 'meanInk', 'real'),
  shapeFitShare: { label: 'recognised shapes', panel: 'shares' },
  realShapeFitShare: level('recognised shapes', 'shares', 'shapeFitShare', 'real'),
  labelAgreement: { label: 'label agreement', panel: 'shares' },
  squareShare: { label: 'squares', panel: 'shapes' },
  ellipseShare: { label: 'ellipses', panel: 'shapes' },
  triangleShare: { label: 'triangles', panel: 'shapes' },
  precision: { label: 'precision', panel: 'precisionRecall' },
  realPrecision: level('precision', 'precisionRecall', 'precision', 'real'),
  recall: { label: 'recall', panel: 'precisionRecall' },
  realRecall: level('recall', 'precisionRecall', 'recall', 'real'),
  js: { label: 'JS divergence', panel: 'bits' },
  kl: { label: 'KL(real‖gen)', panel: 'bits' },
  classKl: { label: 'KL(classes‖uniform)', panel: 'bits' },
  stackedKl: { label: 'KL(modes‖uniform)', panel: 'bits' },
  frechetDistance: { label: 'Fréchet distance', panel: 'frechet' },
  realFrechetDistance: level('Fréchet distance', 'frechet', 'frechetDistance', 'real'),
  noiseFrechetDistance: level('Fréchet distance', 'frechet', 'frechetDistance', 'noise'),
  kernelDistance: { label: 'kernel distance (KID)', panel: 'kid' },
  realKernelDistance: level('kernel distance', 'kid', 'kernelDistance', 'real'),
  wasserstein: { label: 'Wasserstein-1', panel: 'wasserstein' },
  curveKs: { label: 'curve KS distance', panel: 'ks' },
  classesCovered: { label: 'classes covered', panel: 'classes' },
  stackedModesCovered: { label: 'modes covered', panel: 'stackedModes' },
  realStackedModesCovered: level('modes covered', 'stackedModes', 'stackedModesCovered', 'real'),
  classifierScore: { label: 'classifier score', panel: 'score' },
  realClassifierScore: level('classifier score', 'score', 'classifierScore', 'real'),
};

/** Series order within a panel: each measure followed by its reference levels. */
const ORDER: string[] = Object.keys(KNOWN).sort((a, b) => orderOf(a) - orderOf(b));
function orderOf(key: string): number {
  const keys = Object.keys(KNOWN);
  const info = KNOWN[key as NumericKey];
  const measure = info.reference ? info.reference.for : key;
  return keys.indexOf(measure) * 10 + (info.reference ? (info.reference.kind === 'real' ? 1 : 2) : 0);
}

const COMPANIONS: ReadonlySet<string> = new Set<CompanionKey>(['modesTotal', 'classesTotal', 'stackedModesTotal', 'kernelDistanceStd']);

const significant = (v: number) => (Number.isFinite(v) ? formatValue(v) : '—');
const percent = (v: number) => (Number.isFinite(v) ? `${String(Math.round(v * 1000) / 10)}%` : '—');

/** Tick text of a panel's axis. */
export function unitTick(unit: QualityUnit): (value: number) => string {
  if (unit === 'share') return (v) => `${String(Math.round(v * 100))}%`;
  if (unit === 'count') return (v) => formatInteger(v);
  return (v) => formatValue(v);
}

/** The panels and series of quality records. */
export function buildQualityPanels(records: readonly QualityRecord[]): QualityPanels {
  const keys = new Set<string>();
  for (const r of records) for (const k of Object.keys(r.metrics ?? {})) if (!COMPANIONS.has(k)) keys.add(k);
  const sorted = [...keys].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  const steps = records.map((r) => r.step);
  const panels = new Map<string, QualityPanel>();
  const series: QualitySeries[] = [];
  for (const key of sorted) {
    const values = records.map((r) => metric(r, key));
    const known = KNOWN[key as NumericKey] as MetricInfo | undefined;
    if (!known) {
      // An unknown measure: a panel of its own, in % when every value is a share.
      const share = values.every((v) => !Number.isFinite(v) || (v >= 0 && v <= 1));
      const unit: QualityUnit = share ? 'share' : 'value';
      const panel = { id: `other:${key}`, caption: key, axisTitle: share ? `${key} (%)` : key, unit, log: false };
      panels.set(panel.id, panel);
      series.push({ id: key, label: key, panel: panel.id, steps, values, format: share ? percent : significant });
      continue;
    }
    const spec = PANELS[known.panel];
    let panel = panels.get(known.panel);
    if (!panel) {
      const total = spec.totalKey ? lastTotal(records, spec.totalKey) : known.panel === 'score' ? classCount(records) : null;
      panel = {
        id: known.panel,
        caption: spec.caption,
        axisTitle: spec.axisTitle(total),
        unit: spec.unit,
        log: spec.log === true,
        ...(total !== null && { total }),
      };
      panels.set(known.panel, panel);
    }
    const reference = known.reference && keys.has(known.reference.for) ? known.reference : undefined;
    series.push({
      id: key,
      // A count's or score's generated series names its total; its reference level says what it is.
      label:
        panel.total && !known.reference && (spec.unit === 'count' || spec.unit === 'score')
          ? `${known.label} (of ${formatInteger(panel.total)})`
          : known.label,
      panel: known.panel,
      steps,
      values,
      format: valueFormat(spec.unit, key, records, panel.total),
      ...(reference && { referenceFor: reference.for, referenceKind: reference.kind }),
    });
  }
  const order = (id: string) => {
    const i = PANEL_ORDER.indexOf(id as PanelId);
    return i < 0 ? PANEL_ORDER.length : i;
  };
  return { panels: [...panels.values()].sort((a, b) => order(a.id) - order(b.id) || a.id.localeCompare(b.id)), series };
}

function valueFormat(
  unit: QualityUnit,
  key: string,
  records: readonly QualityRecord[],
  total: number | undefined,
): QualitySeries['format'] {
  if (unit === 'count') {
    const spec = PANELS[(KNOWN[key as NumericKey] as MetricInfo).panel];
    const totals = records.map((r) => metric(r, spec.totalKey!));
    return (v, i) =>
      Number.isFinite(v) ? `${formatInteger(v)} of ${formatInteger(Number.isFinite(totals[i]!) ? totals[i]! : (total ?? NaN))}` : '—';
  }
  if (unit === 'share') return percent;
  if (unit === 'bits') return (v) => (Number.isFinite(v) ? `${formatValue(v)} bit` : '—');
  if (unit === 'score') return (v) => (Number.isFinite(v) && total ? `${formatValue(v)} of ${total}` : significant(v));
  if (key === 'kernelDistance') {
    const spreads = records.map((r) => metric(r, 'kernelDistanceStd'));
    return (v, i) => (Number.isFinite(spreads[i]!) ? `${significant(v)} ± ${significant(spreads[i]!)}` : significant(v));
  }
  return significant;
}

/** The class count of the records' classifier (classesTotal), or null when none says. */
export function classCount(records: readonly QualityRecord[]): number | null {
  return lastTotal(records, 'classesTotal');
}

function lastTotal(records: readonly QualityRecord[], key: CompanionKey): number | null {
  for (let i = records.length - 1; i >= 0; i--) {
    const total = metric(records[i]!, key);
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
