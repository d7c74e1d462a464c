/**
 * The loss chart's series: D loss, G loss and every loss component (terms, penalties, the critic's
 * distance estimate), each with a colour role so terms about real data share the real hue and terms
 * about fakes the fake hue.
 */
import type { MetricColumns } from './metricColumns';

export type ColorRole = 'real' | 'fake' | 'dLoss' | 'gLoss' | 'other';

export interface SeriesSpec {
  /** Stable id (persisted when the user hides a series). */
  id: string;
  label: string;
  role: ColorRole;
  values: number[];
  /** Drawn dashed (loss terms) rather than solid (totals, estimates). */
  dashed: boolean;
  /** Hidden until the user shows it (a term identical to a total, e.g. G's only term). */
  hiddenByDefault: boolean;
}

/** The colour role of a loss component name such as `d.real`, `d.fake`, `g.adversarial`. */
export function componentRole(name: string): ColorRole {
  const n = name.toLowerCase();
  if (n.includes('real')) return 'real';
  if (n.includes('fake') || n.includes('gen')) return 'fake';
  return 'other';
}

/** Names of the terms and diagnostics the trainer records (metrics `components`), for the legend. */
const COMPONENT_LABELS: Record<string, string> = {
  'critic.wassersteinEstimate': 'W estimate',
  'd.gradientPenalty': 'gradient penalty',
  'd.r1': 'R1 penalty',
  'mi.reconstruction': 'MI: ‖z − E(G(z))‖²',
  'mi.bce': "MI: T's cross-entropy",
  'mi.estimate': 'MI estimate',
};

/** The legend label of a loss component: a readable name for the known diagnostics and penalties, else its own name. */
export function componentLabel(name: string): string {
  return COMPONENT_LABELS[name] ?? name;
}

/** Components that are not terms of a loss but what the objective estimates: drawn solid, like the totals. */
const ESTIMATES = new Set(['critic.wassersteinEstimate', 'mi.estimate']);

/**
 * D loss, G loss, then every component (terms dashed, estimates solid); one equal to a total
 * everywhere (G's only term) starts hidden.
 */
export function buildLossSeries(columns: MetricColumns): SeriesSpec[] {
  const dLoss = columns.scalars.dLoss;
  const gLoss = columns.scalars.gLoss;
  const series: SeriesSpec[] = [
    { id: 'dLoss', label: 'D loss', role: 'dLoss', values: dLoss, dashed: false, hiddenByDefault: false },
    { id: 'gLoss', label: 'G loss', role: 'gLoss', values: gLoss, dashed: false, hiddenByDefault: false },
  ];
  for (const [name, values] of columns.components) {
    const duplicate = sameValues(values, gLoss) || sameValues(values, dLoss);
    series.push({
      id: `component:${name}`,
      label: componentLabel(name),
      role: componentRole(name),
      values,
      dashed: !ESTIMATES.has(name),
      hiddenByDefault: duplicate,
    });
  }
  return series;
}

function sameValues(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length || a.length === 0) return false;
  for (let i = 0; i < a.length; i++) if (!(a[i] === b[i] || (Number.isNaN(a[i]) && Number.isNaN(b[i])))) return false;
  return true;
}
