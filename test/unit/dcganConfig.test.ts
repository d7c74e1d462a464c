/** The dcgan network kinds in experiment files: defaults, the image-data check and the batch-norm warning. */
import assert from 'node:assert/strict';
import { configWarnings } from '../../src/shared/experiment/semantics';
import { validateExperiment } from '../../src/shared/experiment/validate';
import type { Experiment } from '../../src/shared/experiment/schema';
import { ringExperiment, type Json } from '../helpers/experiments';
import { prepareRun } from '../helpers/runTrainer';

const SHAPES = { kind: 'shapes', size: 32, channels: 3 };

function accepted(overrides: Json): Experiment {
  const result = validateExperiment(JSON.stringify(ringExperiment(overrides)));
  assert.ok(result.ok, JSON.stringify(result.problems));
  return result.config;
}

describe('dcgan networks in the experiment file', () => {
  it('a dcgan G and D on image data get the DCGAN defaults', () => {
    const config = accepted({ data: SHAPES, generator: { kind: 'dcgan' }, discriminator: { kind: 'dcgan' } });
    assert.deepEqual(config.generator, {
      kind: 'dcgan',
      channels: 64,
      kernelSize: 4,
      normalization: 'batch',
      activation: 'relu',
      leakySlope: 0.2,
    });
    assert.deepEqual(config.discriminator, {
      kind: 'dcgan',
      channels: 64,
      kernelSize: 4,
      normalization: 'batch',
      activation: 'leakyRelu',
      leakySlope: 0.2,
    });
  });

  it('mlp networks stay allowed on image data (flat rows)', () => {
    accepted({ data: SHAPES });
    accepted({ data: SHAPES, generator: { kind: 'dcgan', channels: 8 } });
  });

  for (const role of ['generator', 'discriminator'] as const) {
    it(`${role}.kind "dcgan" on flat data is refused at ${role}.kind, with the fix`, () => {
      const result = validateExperiment(JSON.stringify(ringExperiment({ [role]: { kind: 'dcgan' } })));
      assert.ok(!result.ok);
      assert.equal(result.problems.length, 1);
      const [problem] = result.problems;
      assert.equal(problem!.kind, 'semantic');
      assert.equal(problem!.path, `${role}.kind`);
      assert.match(
        problem!.message,
        /"dcgan" is a convolutional network for image data, and data "ring" gives flat vectors: use "kind": "mlp"/,
      );
      assert.equal(problem!.found, '"dcgan" with data.kind "ring"');
    });
  }

  it('an mlp option on a dcgan network is refused (each kind has its own options)', () => {
    const result = validateExperiment(JSON.stringify(ringExperiment({ data: SHAPES, generator: { kind: 'dcgan', hidden: [64] } })));
    assert.ok(!result.ok);
    assert.equal(result.problems[0]!.path, 'generator.hidden');
  });

  it('warns when a gradient penalty (wganGp, r1) meets batch normalisation in D, whatever its kind', () => {
    const dcgan = { kind: 'dcgan', channels: 8 };
    const warned = (overrides: Json) => configWarnings(accepted({ data: SHAPES, ...overrides }));
    const [wganGp] = warned({ loss: { kind: 'wganGp' }, discriminator: dcgan });
    assert.deepEqual(wganGp!.path, ['discriminator', 'normalization']);
    assert.match(wganGp!.message, /^wganGp's gradient penalty is per sample, but batch normalisation .* use "layer" or "none"$/);
    const [r1] = warned({ regularizers: [{ kind: 'r1', weight: 1 }], discriminator: { kind: 'mlp', normalization: 'batch' } });
    assert.match(r1!.message, /^r1's gradient penalty/);
    assert.deepEqual(warned({ loss: { kind: 'wganGp' }, discriminator: { ...dcgan, normalization: 'layer' } }), []);
    assert.deepEqual(warned({ discriminator: dcgan }), [], 'no penalty, no warning');
  });

  it('the trainer records the warning as an event of the run', async () => {
    const run = prepareRun(
      ringExperiment({
        loss: { kind: 'wganGp' },
        discriminator: { kind: 'mlp', hidden: [8], normalization: 'batch' },
        schedule: { steps: 2, batchSize: 8 },
      }),
    );
    assert.equal(await run.trainer.run(), 'completed');
    const warnings = run.of('event').filter((e) => e.payload.kind === 'warning');
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!.payload.message, /^discriminator\.normalization: wganGp's gradient penalty is per sample/);
  });
});
