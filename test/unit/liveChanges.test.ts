import assert from 'node:assert/strict';
import { classifyChanges, describeLiveChanges } from '../../src/shared/experiment/liveChanges';
import type { Experiment } from '../../src/shared/experiment/schema';
import { validateExperiment } from '../../src/shared/experiment/validate';
import { ringExperiment, type Json } from '../helpers/experiments';

/** The resolved config of the test ring experiment with top-level sections replaced. */
function resolved(overrides: Json = {}): Experiment {
  const result = validateExperiment(JSON.stringify(ringExperiment(overrides)));
  assert.ok(result.ok, JSON.stringify(result.problems));
  return result.config;
}

const adam = (settings: Json = {}) => ({ kind: 'adam', lr: 0.0002, beta1: 0.5, beta2: 0.999, ...settings });

describe('live changes', () => {
  it('finds nothing between equal configs', () => {
    assert.deepEqual(classifyChanges(resolved(), resolved()), { live: {}, restart: [] });
  });

  it('puts learning rates, Adam betas, k, steps and logging intervals in live', () => {
    const before = resolved({ optimizer: { generator: adam(), discriminator: adam() } });
    const after = resolved({
      optimizer: { generator: adam({ lr: 0.0005, beta1: 0.6 }), discriminator: adam({ beta2: 0.99 }) },
      schedule: { steps: 80, batchSize: 32, dStepsPerGStep: 3 },
      logging: { metricsEvery: 1, histogramsEvery: 2, samplesEvery: 3, checkpointEvery: 0, sampleCount: 64, gridResolution: 8 },
    });
    assert.deepEqual(classifyChanges(before, after), {
      live: {
        generatorLr: 0.0005,
        generatorBeta1: 0.6,
        discriminatorBeta2: 0.99,
        dStepsPerGStep: 3,
        steps: 80,
        metricsEvery: 1,
        histogramsEvery: 2,
        samplesEvery: 3,
        checkpointEvery: 0,
      },
      restart: [],
    });
  });

  it('lists every other difference once, as sorted JSON paths', () => {
    const before = resolved();
    const after = resolved({
      seed: 8,
      data: { kind: 'ring', modes: 8, radius: 3, std: 0.02 },
      latent: { dim: 3 },
      generator: { kind: 'mlp', hidden: [32, 32, 8] },
      discriminator: { kind: 'mlp', hidden: [16, 16], normalization: 'layer' },
      schedule: { steps: 40, batchSize: 64 },
      logging: { metricsEvery: 5, histogramsEvery: 10, samplesEvery: 20, checkpointEvery: 20, sampleCount: 64, gridResolution: 9 },
      backend: 'cpu',
      name: 'renamed',
    });
    assert.deepEqual(classifyChanges(before, after), {
      live: {},
      restart: [
        'backend',
        'data.radius',
        'discriminator.normalization',
        'generator.hidden',
        'latent.dim',
        'logging.gridResolution',
        'name',
        'schedule.batchSize',
        'seed',
      ],
    });
  });

  it('ignores description and $schema', () => {
    const after = resolved({ description: 'new words', $schema: './other.json' });
    assert.deepEqual(classifyChanges(resolved(), after), { live: {}, restart: [] });
  });

  it('makes lr and betas restart-only when the optimizer kind changes', () => {
    const before = resolved({ optimizer: { generator: adam(), discriminator: adam() } });
    const after = resolved({
      optimizer: { generator: { kind: 'sgd', lr: 0.01 }, discriminator: adam({ lr: 0.001 }) },
    });
    assert.deepEqual(classifyChanges(before, after), {
      live: { discriminatorLr: 0.001 },
      restart: ['optimizer.generator.kind', 'optimizer.generator.lr'],
    });
  });

  it('keeps the lr of a non-Adam optimizer live, and reports its other settings as restart', () => {
    const before = resolved({ optimizer: { generator: { kind: 'rmsprop', lr: 0.001 } } });
    const after = resolved({ optimizer: { generator: { kind: 'rmsprop', lr: 0.002, momentum: 0.5 } } });
    assert.deepEqual(classifyChanges(before, after), { live: { generatorLr: 0.002 }, restart: ['optimizer.generator.momentum'] });
  });

  it('reports a changed data kind by its kind, not by every property of the other variant', () => {
    const after = resolved({ data: { kind: 'grid', size: 3 } });
    const { restart } = classifyChanges(resolved(), after);
    assert.deepEqual(restart, ['data.kind', 'data.std']);
  });

  it('describes live changes with their old values', () => {
    const before = resolved({ optimizer: { generator: adam(), discriminator: { kind: 'sgd', lr: 0.01 } } });
    const lines = describeLiveChanges(before, { steps: 100, generatorLr: 0.0005, discriminatorBeta1: 0.7, checkpointEvery: 0 });
    assert.deepEqual(lines, [
      'generator learning rate 0.0002 → 0.0005',
      'discriminator β1 → 0.7',
      'total steps 40 → 100',
      'checkpoint every 20 → 0',
    ]);
    assert.deepEqual(describeLiveChanges(before, {}), []);
  });
});
