/**
 * The energy objective's mutual-information term over steps: which estimator the run uses (from its
 * config) and the series of its `mi.*` metric components — the encoder's reconstruction error, or
 * the statistics network's cross-entropy and the JSD-based estimate 2·log 2 − 2·BCE (nats).
 */
import type { Experiment, MutualInformationConfig } from '../../../src/shared/experiment/schema';
import type { MetricColumns } from './metricColumns';

export type MutualInformationKind = MutualInformationConfig['kind'];

export interface MutualInformationVariant {
  kind: MutualInformationKind;
  /** The card's title. */
  title: string;
  /** One line on what is plotted (or why nothing is). */
  description: string;
}

export interface MutualInformationSeries {
  /** The metric component (also the series id). */
  id: string;
  label: string;
  /** Solid: the estimate itself; dashed: a loss term. */
  dashed: boolean;
}

/** Upper bound of the JSD-based estimate (nats): T separates the pairs perfectly. */
export const JSD_ESTIMATE_MAX = 2 * Math.LN2;

/** The MI term of an energy run, or null for other losses (and runs without a config). */
export function mutualInformationVariant(config: Pick<Experiment, 'loss'> | null | undefined): MutualInformationVariant | null {
  if (config?.loss.kind !== 'energy') return null;
  switch (config.loss.mutualInformation.kind) {
    case 'encoder':
      return {
        kind: 'encoder',
        title: 'Mutual information · encoder',
        description: "Su's lower bound through an encoder E(x): how well E recovers z from G(z); lower keeps more of z in the sample.",
      };
    case 'statisticsNetwork':
      return {
        kind: 'statisticsNetwork',
        title: 'Mutual information · statistics network',
        description: "Kumar et al.'s JSD estimate from the cross-entropy of T(x, z): I ≈ 2·log 2 − 2·BCE, between 0 and 2·log 2 nats.",
      };
    case 'none':
      return {
        kind: 'none',
        title: 'Mutual information · none',
        description: 'This run has no mutual-information term (mutualInformation "none"): G minimises E[U(G(z))] alone.',
      };
  }
}

const SERIES: Record<MutualInformationKind, MutualInformationSeries[]> = {
  encoder: [{ id: 'mi.reconstruction', label: '‖z − E(G(z))‖² (reconstruction)', dashed: false }],
  statisticsNetwork: [
    { id: 'mi.estimate', label: 'I estimate (nats)', dashed: false },
    { id: 'mi.bce', label: "T's cross-entropy", dashed: true },
  ],
  none: [],
};

/** The variant's series that the metrics hold, with their values (aligned with `columns.steps`). */
export function mutualInformationSeries(
  columns: MetricColumns,
  kind: MutualInformationKind,
): (MutualInformationSeries & { values: number[] })[] {
  return SERIES[kind].flatMap((s) => {
    const values = columns.components.get(s.id);
    return values ? [{ ...s, values }] : [];
  });
}
