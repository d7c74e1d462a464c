/**
 * The one table of live hyper-parameters: bounds come from the schema, every guard uses them, and
 * the host's copy of a run's config takes the values the trainer acknowledged, after its clamping.
 */
import assert from 'node:assert/strict';
import { AdamOptimizer, type Experiment } from '../../src/shared/experiment/schema';
import { validateExperiment } from '../../src/shared/experiment/validate';
import { HYPERPARAMETERS, hyperparameter, type HyperparameterChanges } from '../../src/shared/hyperparameterTable';
import { appliedChanges, withHyperparameters } from '../../src/shared/hyperparameterValues';
import { isHostToTrainer } from '../../src/shared/protocol';
import type { RunEvent } from '../../src/shared/runFormat';
import type { Gan } from '../../src/training/gan';
import { applyHyperparameters } from '../../src/training/hyperparameters';
import type { OptimizerSettings } from '../../src/training/optimizers/optimizer';
import { ringExperiment } from '../helpers/experiments';

function resolved(overrides: Record<string, unknown> = {}): Experiment {
  const result = validateExperiment(JSON.stringify(ringExperiment(overrides)));
  assert.ok(result.ok, JSON.stringify(!result.ok && result.problems));
  return result.config;
}

/** A stand-in for the trainer's networks: only the optimizers' live settings matter here. */
function ganOf(config: Experiment): Gan {
  const optimizer = (settings: OptimizerSettings) => ({
    settings: () => ({ ...settings }),
    update: (next: Partial<OptimizerSettings>) => {
      for (const [key, value] of Object.entries(next)) if (key in settings) settings[key as keyof OptimizerSettings] = value;
    },
  });
  const settingsOf = ({ lr, ...rest }: Experiment['optimizer']['generator']): OptimizerSettings =>
    'beta1' in rest ? { lr, beta1: rest.beta1, beta2: rest.beta2 } : { lr };
  return {
    generatorOptimizer: optimizer(settingsOf(config.optimizer.generator)),
    discriminatorOptimizer: optimizer(settingsOf(config.optimizer.discriminator)),
  } as unknown as Gan;
}

const eventOf = (changes: Record<string, unknown>): RunEvent => ({
  step: 50,
  time: 0,
  kind: 'hyperparameters',
  message: '',
  data: { changes },
});

describe('the hyper-parameter table', () => {
  it('reads each bound from the schema node at its path', () => {
    const beta1 = hyperparameter('generatorBeta1');
    assert.deepEqual(
      { min: beta1.min, max: beta1.max, integer: beta1.integer },
      { min: AdamOptimizer.properties.beta1.minimum, max: AdamOptimizer.properties.beta1.maximum, integer: false },
    );
    assert.deepEqual(hyperparameter('discriminatorLr').optimizerKinds, ['adam', 'rmsprop', 'sgd']);
    assert.deepEqual(hyperparameter('discriminatorBeta2').optimizerKinds, ['adam']);
    assert.deepEqual(hyperparameter('checkpointEvery'), { ...hyperparameter('checkpointEvery'), integer: true, min: 0 });
    assert.equal(hyperparameter('steps').optimizerKinds, undefined);
  });

  it('is the trainer’s guard on host messages: in range only', () => {
    const update = (payload: unknown) => isHostToTrainer({ type: 'updateHyperparameters', payload });
    for (const { key, min, max } of HYPERPARAMETERS) {
      assert.ok(update({ [key]: min }) && update({ [key]: max }), key);
      assert.ok(!update({ [key]: max * 1.5 + 1 }) && !update({ [key]: -1 }), key);
    }
    assert.ok(!update({ generatorBeta1: 0.9999995 }), 'β between the schema maximum and 1');
    assert.ok(!update({ steps: 10.5 }), 'integers');
    assert.ok(!update({ path: 1 }), 'unknown keys');
  });
});

describe('the host’s copy of a live run’s config', () => {
  it('takes the values the trainer acknowledged, after its clamping', () => {
    const host = resolved({ schedule: { steps: 100, batchSize: 32 } });
    const trainer = structuredClone(host);
    const sent: HyperparameterChanges = { steps: 5, generatorLr: 3e-4, dStepsPerGStep: 2, discriminatorBeta1: 0.8 };
    const { changes } = applyHyperparameters(trainer, ganOf(trainer), sent, 50);
    assert.equal(trainer.schedule.steps, 51, 'total steps never drop below the next step');
    const updated = withHyperparameters(host, appliedChanges(eventOf(changes)));
    assert.deepEqual(updated, trainer);
    assert.equal(updated.schedule.steps, 51, 'not the 5 that was sent');
  });

  it('ignores what an acknowledgement cannot mean: unknown names, values out of range, other events', () => {
    assert.deepEqual(
      appliedChanges(eventOf({ 'generator.lr': { from: 1, to: 2e-4 }, 'generator.decay': { to: 0.5 }, steps: { to: -3 }, k: { to: 2 } })),
      { generatorLr: 2e-4 },
    );
    assert.deepEqual(appliedChanges({ ...eventOf({ steps: { to: 3 } }), kind: 'info' }), {});
    assert.deepEqual(appliedChanges({ step: 1, time: 0, kind: 'hyperparameters', message: 'no data' }), {});
  });

  it('sets a β only where the network uses Adam', () => {
    const config = resolved({ optimizer: { generator: { kind: 'sgd' } } });
    assert.deepEqual(withHyperparameters(config, { generatorBeta1: 0.7 }), config);
  });
});
