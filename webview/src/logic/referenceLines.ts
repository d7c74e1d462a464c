/**
 * The dashboard's reference lines, all from the objective of the run's experiment config
 * (`referenceValues`): where D's scores and D's loss settle when G's distribution equals the data's
 * — 0.5 and 2·log 2 for the sigmoid losses (s/2 and the matching BCE under label smoothing s),
 * 0.5 and 0.25 for LSGAN, a loss of 2 for hinge, 0 for a critic's loss and distance estimate.
 * Without a config (a run directory without experiment.json) there are none.
 */
import { findRegularizer, referenceValues } from '../../../src/shared/experiment/objective';
import type { Experiment } from '../../../src/shared/experiment/schema';
import type { AxisBounds } from '../charts/seriesChart';
import { formatValue } from './format';

export interface ReferenceLine {
  y: number;
  label: string;
  /** `dLoss`: drawn in D loss's colour (it is D loss's value); `reference`: the neutral reference colour. */
  role: 'dLoss' | 'reference';
}

export interface ObjectiveReferences {
  /** How D's scores read: probabilities in [0, 1], raw scores, or unknown (no config). */
  scale: 'probability' | 'score' | null;
  /** Lines of the D-scores chart (mean D on real and fake batches). */
  scores: ReferenceLine[];
  /** Lines of the loss chart (D loss, and the critic's estimate drawn there as a component). */
  loss: ReferenceLine[];
}

type Objective = Pick<Experiment, 'loss' | 'regularizers'>;

const LN2 = Math.log(2);

/** A value as the label shows it: 2·log 2 by name, others to 4 significant digits. */
function valueText(v: number): string {
  return Math.abs(v - 2 * LN2) < 1e-12 ? '2·log 2' : formatValue(v);
}

/** What shifts the equilibrium, for the label: label smoothing. */
function note(config: Objective): string {
  const smoothing = findRegularizer(config.regularizers, 'labelSmoothing');
  return smoothing && smoothing.real !== 1 ? ` (label smoothing ${formatValue(smoothing.real)})` : '';
}

export function objectiveReferences(config: Objective | null | undefined): ObjectiveReferences {
  if (!config) return { scale: null, scores: [], loss: [] };
  const ref = referenceValues(config);
  const suffix = note(config);
  const scores: ReferenceLine[] =
    ref.dScore === undefined ? [] : [{ y: ref.dScore, label: `equilibrium D = ${valueText(ref.dScore)}${suffix}`, role: 'reference' }];
  // D loss and the critic's estimate share the loss chart; equal values share one line.
  const values: { y: number; what: string }[] = [];
  if (ref.dLoss !== undefined) values.push({ y: ref.dLoss, what: 'D loss' });
  if (ref.wassersteinEstimate !== undefined) values.push({ y: ref.wassersteinEstimate, what: 'W estimate' });
  const loss: ReferenceLine[] = [];
  for (const v of values) {
    const same = values.filter((w) => w.y === v.y);
    if (same[0] !== v) continue;
    loss.push({
      y: v.y,
      label: `equilibrium ${same.map((w) => w.what).join(' = ')} = ${valueText(v.y)}${suffix}`,
      role: same.length === 1 && v.what === 'D loss' ? 'dLoss' : 'reference',
    });
  }
  return { scale: ref.scale, scores, loss };
}

/** y bounds that keep every line in view (data may widen them). */
export function boundsWith(lines: readonly ReferenceLine[]): AxisBounds {
  if (lines.length === 0) return {};
  const ys = lines.map((l) => l.y);
  const max = Math.max(...ys);
  return { suggestedMin: Math.min(...ys), suggestedMax: max > 0 ? max * 1.04 : max };
}

/** The D-scores chart's y bounds: [0, 1] for probabilities, else room for the lines. */
export function scoreBounds(refs: ObjectiveReferences): AxisBounds {
  return refs.scale === 'probability' ? { min: 0, max: 1 } : boundsWith(refs.scores);
}
