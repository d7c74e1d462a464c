/** Applies live hyper-parameter edits to the running config, optimizers and schedule. */
import type { Experiment } from '../shared/experiment/schema';
import { HYPERPARAMETERS, type Hyperparameter, type HyperparameterChanges } from '../shared/hyperparameterTable';
import { appliedName, hyperparameterValue, setHyperparameter } from '../shared/hyperparameterValues';
import type { Gan } from './gan';
import type { OptimizerSettings } from './optimizers/optimizer';

export interface AppliedChanges {
  /** What changed, by the name of `appliedName` (`generator.lr`, `steps`): the run's acknowledgement. */
  changes: Record<string, { from: number; to: number }>;
  summary: string;
}

const settingOf = (h: Hyperparameter) => h.path[2] as keyof OptimizerSettings;

/**
 * Applies `changes` after `completedSteps` steps. Integers are rounded into the schema's range, and
 * total steps never drop below the next step; `changes` of the result holds what the run now uses.
 */
export function applyHyperparameters(config: Experiment, gan: Gan, changes: HyperparameterChanges, completedSteps: number): AppliedChanges {
  const applied: AppliedChanges['changes'] = {};
  const record = (h: Hyperparameter, from: number | undefined, to: number | undefined) => {
    if (to !== undefined && from !== undefined && from !== to) applied[appliedName(h.key)] = { from, to };
  };
  for (const network of ['generator', 'discriminator'] as const) {
    const optimizer = network === 'generator' ? gan.generatorOptimizer : gan.discriminatorOptimizer;
    const settings = HYPERPARAMETERS.filter((h) => h.optimizerKinds !== undefined && h.path[1] === network);
    const update: Partial<OptimizerSettings> = {};
    for (const h of settings) if (changes[h.key] !== undefined) update[settingOf(h)] = changes[h.key];
    const before = optimizer.settings();
    optimizer.update(update);
    const after = optimizer.settings();
    for (const h of settings) record(h, before[settingOf(h)], after[settingOf(h)]);
    Object.assign(config.optimizer[network], after);
    // The mutual-information network trains with G, on G's optimizer settings.
    if (network === 'generator') gan.mutualInformation?.optimizer.update(after);
  }
  for (const h of HYPERPARAMETERS.filter((h) => h.optimizerKinds === undefined)) {
    const value = changes[h.key];
    if (value === undefined) continue;
    const lowest = h.key === 'steps' ? Math.max(h.min, completedSteps + 1) : h.min;
    const to = Math.min(h.max, Math.max(lowest, h.integer ? Math.round(value) : value));
    record(h, hyperparameterValue(config, h.key), to);
    setHyperparameter(config, h.key, to);
  }
  const summary = Object.entries(applied)
    .map(([k, { from, to }]) => `${k} ${from} → ${to}`)
    .join(', ');
  return { changes: applied, summary: summary || 'no change' };
}
