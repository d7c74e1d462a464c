import assert from 'node:assert/strict';
import type { Experiment } from '../../src/shared/experiment/schema';
import { isWebviewToHost } from '../../src/shared/protocol';
import { hyperparameterFields, validateField } from '../../webview/src/logic/hyperparameterFields';

const config = {
  optimizer: {
    generator: { kind: 'adam', lr: 1e-4, beta1: 0.5, beta2: 0.999, epsilon: 1e-8 },
    discriminator: { kind: 'sgd', lr: 0.01, momentum: 0 },
  },
  schedule: { steps: 5000, batchSize: 64, dStepsPerGStep: 1 },
  logging: {
    metricsEvery: 10,
    histogramsEvery: 100,
    samplesEvery: 250,
    checkpointEvery: 2000,
    sampleCount: 512,
    histogramBins: 64,
    gridResolution: 48,
  },
} as unknown as Experiment;

describe('webview hyper-parameter fields', () => {
  it('prefills from the config; betas only for Adam', () => {
    const fields = hyperparameterFields(config, 1200);
    const keys = fields.map((f) => f.key);
    assert.deepEqual(keys, [
      'generatorLr',
      'generatorBeta1',
      'generatorBeta2',
      'discriminatorLr',
      'dStepsPerGStep',
      'steps',
      'metricsEvery',
      'histogramsEvery',
      'samplesEvery',
      'checkpointEvery',
    ]);
    const byKey = Object.fromEntries(fields.map((f) => [f.key, f]));
    assert.equal(byKey.generatorLr!.value, 1e-4);
    assert.equal(byKey.discriminatorLr!.value, 0.01);
    assert.equal(byKey.steps!.min, 1201, 'total steps stay above the current step');
    assert.equal(byKey.checkpointEvery!.min, 0);
    assert.equal(byKey.samplesEvery!.min, 1);
    assert.ok(
      fields
        .filter((f) => f.integer)
        .every((f) => ['dStepsPerGStep', 'steps', 'metricsEvery', 'histogramsEvery', 'samplesEvery', 'checkpointEvery'].includes(f.key)),
    );
  });

  it('validates: finite, not negative, whole numbers where needed, within bounds', () => {
    const lr = { integer: false, min: 0, max: 10 };
    const k = { integer: true, min: 1, max: 100 };
    const beta = hyperparameterFields(config, 0).find((f) => f.key === 'generatorBeta1')!;
    assert.deepEqual(validateField(lr, ' 2e-4 '), { ok: true, value: 2e-4 });
    assert.deepEqual(validateField(lr, '.5'), { ok: true, value: 0.5 });
    assert.deepEqual(validateField(lr, '0'), { ok: true, value: 0 });
    for (const bad of ['', 'abc', '1e', '0x10', 'Infinity', 'NaN', '1,5']) assert.equal(validateField(lr, bad).ok, false, bad);
    assert.equal(validateField(lr, '1e999').ok, false);
    assert.deepEqual(validateField(lr, '-1'), { ok: false, message: 'must not be negative' });
    assert.deepEqual(validateField(lr, '11'), { ok: false, message: 'must be at most 10' });
    assert.deepEqual(validateField(k, '1.5'), { ok: false, message: 'must be a whole number' });
    assert.deepEqual(validateField(k, '0'), { ok: false, message: 'must be at least 1' });
    assert.deepEqual(validateField(k, '3'), { ok: true, value: 3 });
    assert.deepEqual(validateField(beta, '1'), { ok: false, message: 'must be at most 0.999999' });
    assert.deepEqual(validateField(beta, '0.9'), { ok: true, value: 0.9 });
  });

  it('accepts exactly what the host accepts, so no value it sends is dropped (β between 0.999999 and 1 included)', () => {
    const hostAccepts = (key: string, value: number) => isWebviewToHost({ type: 'setHyperparameter', payload: { key, value } });
    for (const field of hyperparameterFields(config, 0)) {
      const near = field.integer
        ? [field.min - 1, field.min, field.max, field.max + 1]
        : [field.min, field.max, field.max + 5e-7, field.max * 1.01];
      for (const value of near)
        assert.equal(validateField(field, String(value)).ok, hostAccepts(field.key, value), `${field.key} = ${value}`);
    }
    const beta = hyperparameterFields(config, 0).find((f) => f.key === 'generatorBeta2')!;
    assert.equal(validateField(beta, '0.9999995').ok, false);
  });
});
