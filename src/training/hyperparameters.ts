/** Applies live hyper-parameter edits to the running config, optimizers and schedule. */
import type { Experiment } from '../shared/experiment/schema';
import type { HyperparameterChanges } from '../shared/protocol';
import type { Gan } from './gan';

export interface AppliedChanges {
  changes: Record<string, { from: number; to: number }>;
  summary: string;
}

/** Applies `changes` after `completedSteps` steps; total steps never drop below the next step. */
export function applyHyperparameters(config: Experiment, gan: Gan, changes: HyperparameterChanges, completedSteps: number): AppliedChanges {
  const applied: AppliedChanges['changes'] = {};
  const record = (key: string, from: number | undefined, to: number | undefined) => {
    if (to !== undefined && from !== undefined && from !== to) applied[key] = { from, to };
  };
  const networks = [
    ['generator', gan.generatorOptimizer, changes.generatorLr, changes.generatorBeta1, changes.generatorBeta2],
    ['discriminator', gan.discriminatorOptimizer, changes.discriminatorLr, changes.discriminatorBeta1, changes.discriminatorBeta2],
  ] as const;
  for (const [network, optimizer, lr, beta1, beta2] of networks) {
    const before = optimizer.settings();
    optimizer.update({ ...(lr !== undefined && { lr }), ...(beta1 !== undefined && { beta1 }), ...(beta2 !== undefined && { beta2 }) });
    const after = optimizer.settings();
    record(`${network}.lr`, before.lr, after.lr);
    record(`${network}.beta1`, before.beta1, after.beta1);
    record(`${network}.beta2`, before.beta2, after.beta2);
    Object.assign(config.optimizer[network], after);
    // The mutual-information network trains with G, on G's optimizer settings.
    if (network === 'generator') gan.mutualInformation?.optimizer.update(after);
  }
  if (changes.dStepsPerGStep !== undefined) {
    const k = Math.max(1, Math.round(changes.dStepsPerGStep));
    record('dStepsPerGStep', config.schedule.dStepsPerGStep, k);
    config.schedule.dStepsPerGStep = k;
  }
  if (changes.steps !== undefined) {
    const steps = Math.max(completedSteps + 1, Math.round(changes.steps));
    record('steps', config.schedule.steps, steps);
    config.schedule.steps = steps;
  }
  for (const key of ['metricsEvery', 'histogramsEvery', 'samplesEvery', 'checkpointEvery'] as const) {
    const value = changes[key];
    if (value === undefined) continue;
    const interval = Math.max(key === 'checkpointEvery' ? 0 : 1, Math.round(value));
    record(key, config.logging[key], interval);
    config.logging[key] = interval;
  }
  const summary = Object.entries(applied)
    .map(([k, { from, to }]) => `${k} ${from} → ${to}`)
    .join(', ');
  return { changes: applied, summary: summary || 'no change' };
}
