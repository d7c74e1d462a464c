/** The objective's settings: validation of losses and regularizers, the noise schedule, reference values. */
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { describeObjective, referenceValues, usesSigmoid } from '../../src/shared/experiment/objective';
import type { Experiment } from '../../src/shared/experiment/schema';
import { validateExperiment, type ConfigProblem } from '../../src/shared/experiment/validate';
import { selectBackend } from '../../src/training/backend';
import { Rng } from '../../src/training/random';
import { addNoise, instanceNoiseStd } from '../../src/training/regularizers';
import { ringExperiment, type Json } from '../helpers/experiments';

const text = (overrides: Json) => JSON.stringify(ringExperiment(overrides), null, 2);

function accepted(overrides: Json): Experiment {
  const result = validateExperiment(text(overrides));
  assert.deepEqual(result.problems, []);
  assert.ok(result.ok);
  return result.config;
}

function problems(overrides: Json): ConfigProblem[] {
  const result = validateExperiment(text(overrides));
  assert.equal(result.ok, false, 'expected the file to be rejected');
  return result.problems;
}

describe('objective settings in the experiment file', () => {
  it('each loss kind has its own fields with defaults: clip for wgan and neuralDistance, lambda for wganGp', () => {
    assert.deepEqual(accepted({ loss: { kind: 'wgan' } }).loss, { kind: 'wgan', clip: 0.01 });
    assert.deepEqual(accepted({ loss: { kind: 'neuralDistance' } }).loss, { kind: 'neuralDistance', clip: 0.01 });
    assert.deepEqual(accepted({ loss: { kind: 'wganGp' } }).loss, { kind: 'wganGp', lambda: 10 });
    for (const kind of ['minimax', 'nonSaturating', 'hinge', 'lsgan']) assert.deepEqual(accepted({ loss: { kind } }).loss, { kind });
  });

  it('a field of another loss kind is an unknown property; bounds are checked', () => {
    const [clip] = problems({ loss: { kind: 'hinge', clip: 0.01 } });
    assert.equal(clip!.path, 'loss.clip');
    assert.match(clip!.message, /unknown property "clip"/);
    const [lambda] = problems({ loss: { kind: 'wganGp', lambda: -1 } });
    assert.equal(lambda!.path, 'loss.lambda');
    assert.match(lambda!.message, /out of range/);
    assert.equal(problems({ loss: { kind: 'wgan', clip: 0 } })[0]!.path, 'loss.clip');
  });

  it('regularizers default to none and each kind fills its defaults', () => {
    assert.deepEqual(accepted({}).regularizers, []);
    const config = accepted({ regularizers: [{ kind: 'r1' }, { kind: 'labelSmoothing' }, { kind: 'instanceNoise' }] });
    assert.deepEqual(config.regularizers, [
      { kind: 'r1', weight: 10 },
      { kind: 'labelSmoothing', real: 0.9 },
      { kind: 'instanceNoise', std: 0.1, annealSteps: 5000 },
    ]);
    assert.ok(accepted({ loss: { kind: 'wganGp' }, regularizers: [{ kind: 'r1', weight: 0.1 }, { kind: 'instanceNoise' }] }));
  });

  it('a regularizer given twice is a semantic problem at the second one', () => {
    const overrides = { regularizers: [{ kind: 'r1' }, { kind: 'instanceNoise' }, { kind: 'r1', weight: 2 }] };
    const [problem, ...rest] = problems(overrides);
    assert.deepEqual(rest, []);
    assert.equal(problem!.kind, 'semantic');
    assert.equal(problem!.path, 'regularizers[2].kind');
    assert.equal(problem!.message, '"r1" is given twice (also at regularizers[0]); each regularizer may appear once');
    const lines = text(overrides).split('\n');
    assert.match(lines[problem!.line - 1]!, /"kind": "r1"/);
    assert.ok(problem!.line > lines.findIndex((l) => l.includes('"instanceNoise"')) + 1, 'at the second r1, not the first');
  });

  it('label smoothing with a loss that has no binary cross-entropy is a semantic problem at that regularizer', () => {
    for (const kind of ['wgan', 'wganGp', 'hinge', 'lsgan', 'neuralDistance']) {
      const [problem, ...rest] = problems({ loss: { kind }, regularizers: [{ kind: 'r1' }, { kind: 'labelSmoothing', real: 0.8 }] });
      assert.deepEqual(rest, []);
      assert.equal(problem!.kind, 'semantic');
      assert.equal(problem!.path, 'regularizers[1].kind');
      assert.equal(
        problem!.message,
        `labelSmoothing smooths the binary cross-entropy of minimax and nonSaturating; loss "${kind}" has none`,
      );
      assert.equal(problem!.expected, 'loss.kind "minimax" or "nonSaturating"');
      assert.equal(problem!.found, `loss.kind "${kind}"`);
    }
    for (const kind of ['minimax', 'nonSaturating']) assert.ok(accepted({ loss: { kind }, regularizers: [{ kind: 'labelSmoothing' }] }));
  });

  it('schema problems in a regularizer: unknown kind, bounds, more than three', () => {
    const [unknown] = problems({ regularizers: [{ kind: 'r2' }] });
    assert.equal(unknown!.path, 'regularizers[0].kind');
    assert.match(unknown!.message, /unknown kind "r2"; did you mean "r1"\?/);
    const [bound] = problems({ regularizers: [{ kind: 'labelSmoothing', real: 1.5 }] });
    assert.equal(bound!.path, 'regularizers[0].real');
    const [many] = problems({ regularizers: [{ kind: 'r1' }, { kind: 'r1' }, { kind: 'r1' }, { kind: 'r1' }] });
    assert.equal(many!.path, 'regularizers');
    assert.match(many!.message, /at most 3/);
  });
});

describe('instance noise', () => {
  before(async () => {
    await selectBackend('cpu');
  });

  const objective = (regularizers: Experiment['regularizers']) => ({ loss: { kind: 'nonSaturating' as const }, regularizers });

  it('the std falls linearly from std at the first step to 0 after annealSteps and stays 0', () => {
    const o = objective([{ kind: 'instanceNoise', std: 0.4, annealSteps: 1000 }]);
    const schedule = [0, 1, 250, 500, 999, 1000, 1001, 5000].map((t) => instanceNoiseStd(o, t));
    const expected = [0.4, 0.4 * 0.999, 0.3, 0.2, 0.4 * 0.001, 0, 0, 0];
    schedule.forEach((s, i) => assert.ok(Math.abs(s - expected[i]!) < 1e-12, `step ${i}: ${s} vs ${expected[i]}`));
    assert.equal(instanceNoiseStd(objective([]), 0), 0);
    assert.equal(instanceNoiseStd(objective([{ kind: 'r1', weight: 1 }]), 0), 0);
  });

  it('adds seeded Gaussian noise of the given std (a copy when std is 0)', () => {
    const x = tf.zeros([4000, 2]) as tf.Tensor2D;
    const noisy = addNoise(x, 0.3, new Rng(1));
    const values = Array.from(noisy.dataSync());
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const std = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
    assert.ok(Math.abs(mean) < 0.01 && Math.abs(std - 0.3) < 0.01, `mean ${mean}, std ${std}`);
    assert.deepEqual(Array.from(addNoise(x, 0.3, new Rng(1)).dataSync()), values, 'seeded');
    const copy = addNoise(x, 0, new Rng(1));
    assert.notEqual(copy, x);
    assert.deepEqual(Array.from(copy.dataSync()), Array.from(x.dataSync()));
    tf.dispose([x, noisy, copy]);
  });
});

describe('reference values (the dashboard’s reference lines)', () => {
  const config = (loss: Json, regularizers: Json[] = []) => accepted({ loss, regularizers });

  it('sigmoid losses: D = 0.5 and a D loss of 2·log 2; with label smoothing s, D = s/2 and the BCE at that point', () => {
    for (const kind of ['minimax', 'nonSaturating']) {
      const plain = referenceValues(config({ kind }));
      assert.equal(plain.scale, 'probability');
      assert.equal(plain.dScore, 0.5);
      assert.ok(Math.abs(plain.dLoss! - 2 * Math.log(2)) < 1e-12);
      assert.deepEqual(referenceValues(config({ kind }, [{ kind: 'r1' }, { kind: 'instanceNoise' }])), plain);
    }
    const smoothed = referenceValues(config({ kind: 'minimax' }, [{ kind: 'labelSmoothing', real: 0.9 }]));
    assert.ok(Math.abs(smoothed.dScore! - 0.45) < 1e-12);
    const byHand = -(0.9 * Math.log(0.45) + 0.1 * Math.log(0.55)) - Math.log(0.55);
    assert.ok(Math.abs(smoothed.dLoss! - byHand) < 1e-12, `${smoothed.dLoss} vs ${byHand}`);
  });

  it('score losses: LSGAN D = 0.5 and loss 0.25; hinge loss 2; critics an estimate and loss of 0; energy a loss of 0', () => {
    assert.deepEqual(referenceValues(config({ kind: 'lsgan' })), { scale: 'score', real: 'high', dScore: 0.5, dLoss: 0.25 });
    assert.deepEqual(referenceValues(config({ kind: 'hinge' })), { scale: 'score', real: 'high', dLoss: 2 });
    for (const kind of ['wgan', 'wganGp'])
      assert.deepEqual(referenceValues(config({ kind })), { scale: 'score', real: 'high', dLoss: 0, wassersteinEstimate: 0 });
    assert.deepEqual(referenceValues(config({ kind: 'neuralDistance' })), {
      scale: 'score',
      real: 'low',
      dLoss: 0,
      wassersteinEstimate: 0,
    });
    // Energy: E[U(x)] − E[U(G(z))] is 0 at equilibrium; no distance estimate is logged.
    assert.deepEqual(referenceValues(config({ kind: 'energy' })), { scale: 'score', real: 'low', dLoss: 0 });
  });

  it('usesSigmoid is true only for minimax and nonSaturating', () => {
    const kinds = ['minimax', 'nonSaturating', 'wgan', 'wganGp', 'hinge', 'lsgan', 'neuralDistance'] as const;
    assert.deepEqual(
      kinds.filter((k) => usesSigmoid(k)),
      ['minimax', 'nonSaturating'],
    );
  });
});

describe('loss-dependent defaults', () => {
  it('gives a wgan run RMSprop (lr 5e-5) where no optimizer is named, and keeps one the user named', () => {
    const base = { name: 'w', data: { kind: 'ring' }, generator: { kind: 'mlp' }, discriminator: { kind: 'mlp' }, loss: { kind: 'wgan' } };
    const none = validateExperiment(JSON.stringify(base));
    assert.ok(none.ok);
    assert.equal(none.config.optimizer.generator.kind, 'rmsprop');
    assert.equal(none.config.optimizer.generator.lr, 5e-5);
    assert.equal(none.config.optimizer.discriminator.kind, 'rmsprop');
    const mixed = validateExperiment(JSON.stringify({ ...base, optimizer: { generator: { kind: 'adam', lr: 0.001 } } }));
    assert.ok(mixed.ok);
    assert.equal(mixed.config.optimizer.generator.kind, 'adam');
    assert.equal(mixed.config.optimizer.discriminator.kind, 'rmsprop');
    const other = validateExperiment(JSON.stringify({ ...base, loss: { kind: 'wganGp' } }));
    assert.ok(other.ok);
    assert.equal(other.config.optimizer.generator.kind, 'adam');
  });

  it('describeObjective names the loss, and for energy runs which mutual-information variant they train with', () => {
    assert.equal(describeObjective(accepted({ loss: { kind: 'hinge' } }).loss), 'hinge');
    assert.equal(
      describeObjective(accepted({ loss: { kind: 'energy', mutualInformation: { kind: 'statisticsNetwork', weight: 2 } } }).loss),
      'energy, MI: statistics network ×2, λ 0.1',
    );
    assert.equal(describeObjective(accepted({ loss: { kind: 'energy' } }).loss), 'energy, MI: encoder ×1, λ 0.1');
    assert.equal(
      describeObjective(accepted({ loss: { kind: 'energy', lambda: 3, mutualInformation: { kind: 'none' } } }).loss),
      'energy, no MI term, λ 3',
    );
  });

  it('says which end of D means real: low for the energy and the seed critic, high for the rest', () => {
    const real = (loss: Json) => referenceValues(accepted({ loss })).real;
    for (const kind of ['minimax', 'nonSaturating', 'wgan', 'wganGp', 'hinge', 'lsgan']) assert.equal(real({ kind }), 'high', kind);
    for (const kind of ['neuralDistance', 'energy']) assert.equal(real({ kind }), 'low', kind);
  });
});
