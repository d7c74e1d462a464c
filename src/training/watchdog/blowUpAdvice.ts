/**
 * What to try after a blow-up, from the run's config as it is now (live edits included): the
 * learning rates, the gradient penalty, and for a saturated D what weakens it. Pure.
 */
import { findRegularizer, usesSigmoid } from '../../shared/experiment/objective';
import type { Experiment } from '../../shared/experiment/schema';
import { formatMagnitude } from '../../shared/runEvents';
import type { BlowUpFinding } from './blowUp';

/** A gradient-penalty weight above this is far past the usual ones (WGAN-GP and R1: 10; energy: 0.1 to 10). */
const LARGE_PENALTY = 100;

const lrs = (config: Experiment) => ({ g: config.optimizer.generator.lr, d: config.optimizer.discriminator.lr });

function learningRate(config: Experiment): string {
  const { g, d } = lrs(config);
  const now = g === d ? `${formatMagnitude(g)} for G and D` : `G ${formatMagnitude(g)}, D ${formatMagnitude(d)}`;
  return `lower the learning rate (now ${now}; the examples train with 1e-4 to 1e-3)`;
}

/** About the gradient penalty: lower one that is far too heavy, or add one where there is none. */
function penalty(config: Experiment): string | undefined {
  const { loss } = config;
  const r1 = findRegularizer(config.regularizers, 'r1');
  if (loss.kind === 'wganGp' && loss.lambda > LARGE_PENALTY)
    return `lower WGAN-GP's λ (now ${formatMagnitude(loss.lambda)}; the paper uses 10)`;
  if (loss.kind === 'energy' && loss.lambda > LARGE_PENALTY)
    return `lower the energy penalty's λ (now ${formatMagnitude(loss.lambda)}; Kumar et al. use 0.1 on toys, 10 on images)`;
  if (r1 && r1.weight > LARGE_PENALTY) return `lower the r1 weight (now ${formatMagnitude(r1.weight)}; 10 is usual)`;
  if (loss.kind === 'wganGp' || loss.kind === 'energy' || r1) return undefined;
  if (loss.kind === 'wgan' || loss.kind === 'neuralDistance') return 'try the "wganGp" loss: a gradient penalty instead of weight clipping';
  return 'add a gradient penalty: regularizers [{ "kind": "r1", "weight": 10 }]';
}

/** For a saturated or winning D: weaken D, or (sigmoid losses) let G learn while D wins. Also the discriminatorWins alarm's advice. */
export function weakenDiscriminator(config: Experiment): string[] {
  const advice: string[] = [];
  const k = config.schedule.dStepsPerGStep;
  const { d } = lrs(config);
  advice.push(`lower D's learning rate (now ${formatMagnitude(d)})${k > 1 ? ` or its steps per G step (now ${k})` : ''}`);
  if (config.loss.kind === 'minimax') advice.push('use the "nonSaturating" loss: G keeps a gradient when D wins');
  const missing = (['labelSmoothing', 'instanceNoise'] as const).filter((kind) => !findRegularizer(config.regularizers, kind));
  if (missing.length > 0) advice.push(`add ${missing.map((m) => `a "${m}"`).join(' or ')} regularizer`);
  return advice;
}

export function blowUpAdvice(config: Experiment, finding: BlowUpFinding): string[] {
  const { g, d } = lrs(config);
  const highLr = Math.max(g, d) > 1e-2;
  const advice: string[] = [];
  // Units left dead with no gradient are what a blow-up leaves behind: the rate is the likely cause there too.
  const dead = finding.kind === 'saturation' && finding.flat === 'gradients';
  if (finding.kind === 'scale' || highLr || dead) advice.push(learningRate(config));
  if (finding.kind === 'saturation' && usesSigmoid(config.loss.kind)) advice.push(...weakenDiscriminator(config));
  const p = penalty(config);
  // A penalty far too heavy is the likelier cause: first.
  if (p?.startsWith('lower')) advice.unshift(p);
  else if (p) advice.push(p);
  return advice;
}
