/**
 * Facts about a training objective that the trainer, the recorder and the views share: whether D
 * is a probability, and which values a converged run approaches (the dashboard's reference lines).
 */
import type { Experiment, LossConfig, LossKind, RegularizerConfig, RegularizerKind } from './schema';

/** Whether D's output is a probability (sigmoid of a logit) for this objective. */
export function usesSigmoid(kind: LossKind): boolean {
  return kind === 'minimax' || kind === 'nonSaturating';
}

/** Critic objectives: D's adversarial loss is a difference of means whose negative estimates a distance. */
export function isCritic(kind: LossKind): kind is 'wgan' | 'wganGp' | 'neuralDistance' {
  return kind === 'wgan' || kind === 'wganGp' || kind === 'neuralDistance';
}

/**
 * The objective in a few words for the run views: the loss, and for the energy objective which
 * mutual-information variant the run trains with ("energy, MI: statistics network ×1, λ 0.1").
 */
export function describeObjective(loss: LossConfig): string {
  if (loss.kind !== 'energy') return loss.kind;
  const mi = loss.mutualInformation;
  const variant = mi.kind === 'none' ? 'no MI term' : `MI: ${mi.kind === 'encoder' ? 'encoder' : 'statistics network'} ×${mi.weight}`;
  return `energy, ${variant}, λ ${loss.lambda}`;
}

/** The regularizer of `kind` in the list, if given. */
export function findRegularizer<K extends RegularizerKind>(
  regularizers: readonly RegularizerConfig[],
  kind: K,
): Extract<RegularizerConfig, { kind: K }> | undefined {
  return regularizers.find((r): r is Extract<RegularizerConfig, { kind: K }> => r.kind === kind);
}

/** Values a converged run approaches (when G's distribution equals the data's), for reference lines. */
export interface ReferenceValues {
  /** How D's scores (dReal, dFake, histograms) are read. */
  scale: 'probability' | 'score';
  /** Which end of D's scale means "real": high for most objectives, low where D is an energy or the seed's critic. */
  real: 'high' | 'low';
  /** D(x) on real and fake data alike at equilibrium (where the objective fixes it). */
  dScore?: number;
  /** D's total loss at equilibrium (where the objective fixes it). */
  dLoss?: number;
  /** The critic's distance estimate (component `critic.wassersteinEstimate`) at equilibrium. */
  wassersteinEstimate?: number;
}

/**
 * Equilibrium values of an objective. BCE with real target s (1 without label smoothing):
 * D* = s·p/(p + q) = s/2 where p = q, and the loss is −s·log(s/2) − (1−s)·log(1 − s/2) − log(1 − s/2)
 * (2·log 2 for s = 1). LSGAN: D* = 1/2, loss 1/4. Hinge: any |D| ≤ 1, loss 2. Critics: the
 * adversarial term E[D(G(z))] − E[D(x)] is 0 for any D, so the estimate goes to 0, and so does the
 * loss (WGAN-GP's penalty is 0 for a critic of unit slope). Energy: E[U(x)] − E[U(G(z))] is 0 when G
 * matches the data, and the penalty on real samples is 0 where U is flat there. R1 vanishes where D is flat, which every
 * equilibrium above allows; instance noise blurs both distributions alike and changes none of them.
 */
export function referenceValues(config: Pick<Experiment, 'loss' | 'regularizers'>): ReferenceValues {
  switch (config.loss.kind) {
    case 'minimax':
    case 'nonSaturating': {
      const s = findRegularizer(config.regularizers, 'labelSmoothing')?.real ?? 1;
      const d = s / 2;
      return { scale: 'probability', real: 'high', dScore: d, dLoss: -(s * Math.log(d) + (1 - s) * Math.log(1 - d)) - Math.log(1 - d) };
    }
    case 'lsgan':
      return { scale: 'score', real: 'high', dScore: 0.5, dLoss: 0.25 };
    case 'hinge':
      return { scale: 'score', real: 'high', dLoss: 2 };
    case 'wgan':
    case 'wganGp':
      return { scale: 'score', real: 'high', dLoss: 0, wassersteinEstimate: 0 };
    case 'neuralDistance':
      return { scale: 'score', real: 'low', dLoss: 0, wassersteinEstimate: 0 };
    case 'energy':
      return { scale: 'score', real: 'low', dLoss: 0 };
  }
}
