/**
 * What a training step's speed depends on in an experiment: the networks, the latent size, the
 * loss and regularizers (which add passes: a gradient penalty differentiates twice), the optimizer
 * kinds, the batch, k, a conditional model, and the data's shape. Not the seed, the step count,
 * learning rates, logging, or the data's continuous parameters (a ring's radius, a mixture's
 * means): changing those keeps a measurement.
 */
import type { Experiment } from '../../shared/experiment/schema';

/** Data fields that set where samples lie, not their shape. */
const CONTINUOUS_DATA_FIELDS = new Set([
  'xMin',
  'xMax',
  'aMin',
  'aMax',
  'means',
  'stds',
  'weights',
  'radius',
  'std',
  'spacing',
  'noise',
  'scale',
  'minScale',
  'maxScale',
  'shapes',
]);

export type ModelShape = Record<string, unknown>;

export function modelShape(config: Experiment): ModelShape {
  const data = Object.fromEntries(Object.entries(config.data).filter(([key]) => !CONTINUOUS_DATA_FIELDS.has(key)));
  const loss = config.loss as { kind: string; mutualInformation?: { kind: string } };
  return {
    data,
    latentDim: config.latent.dim,
    generator: config.generator,
    discriminator: config.discriminator,
    conditional: config.conditional ?? null,
    loss: loss.mutualInformation ? `${loss.kind}/${loss.mutualInformation.kind}` : loss.kind,
    regularizers: config.regularizers.map((r) => r.kind).sort(),
    optimizers: [config.optimizer.generator.kind, config.optimizer.discriminator.kind],
    batchSize: config.schedule.batchSize,
    dStepsPerGStep: config.schedule.dStepsPerGStep,
  };
}
