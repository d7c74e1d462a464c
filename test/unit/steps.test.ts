import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../src/training/backend';
import { validateExperiment } from '../../src/shared/experiment/validate';
import type { Experiment } from '../../src/shared/experiment/schema';
import { createGan, type Gan } from '../../src/training/gan';
import { Rng } from '../../src/training/random';
import { discriminatorStep, generatorStep, readStep } from '../../src/training/steps';
import { gradientPenalty, r1Penalty } from '../../src/training/penalties';
import { uniformColumn } from '../../src/training/regularizers';
import type { LossKind } from '../../src/shared/experiment/schema';
import { ringExperiment, type Json } from '../helpers/experiments';

function config(overrides: Json = {}): Experiment {
  const result = validateExperiment(JSON.stringify(ringExperiment(overrides)));
  assert.ok(result.ok, JSON.stringify(result.problems));
  return result.config;
}

const snapshot = (vars: tf.Variable[]) => vars.map((v) => Array.from(v.dataSync()));

describe('step functions', () => {
  let gan: Gan;
  before(async () => {
    await selectBackend('wasm');
  });
  beforeEach(() => {
    gan = createGan(config(), { dim: 2 }, new Rng(3));
  });
  afterEach(() => gan.dispose());

  const batch = (seed: number, n = 32) => {
    const rng = new Rng(seed);
    return tf.tensor2d(rng.fillNormal(new Float32Array(n * 2)), [n, 2]);
  };

  it('a discriminator step updates D only and reports loss, components, scores and gradient norm', () => {
    const gBefore = snapshot(gan.generator.trainable);
    const dBefore = snapshot(gan.discriminator.trainable);
    const real = batch(1);
    const z = batch(2);
    const values = readStep(discriminatorStep(gan, real, z));
    tf.dispose([real, z]);
    assert.deepEqual(snapshot(gan.generator.trainable), gBefore);
    assert.notDeepEqual(snapshot(gan.discriminator.trainable), dBefore);
    assert.ok(Math.abs(values.loss - (values.components['d.real']! + values.components['d.fake']!)) < 1e-5);
    assert.ok(values.dReal! > 0 && values.dReal! < 1 && values.dFake! > 0 && values.dFake! < 1);
    assert.ok(values.gradNorm > 0);
  });

  it('a generator step updates G only', () => {
    const gBefore = snapshot(gan.generator.trainable);
    const dBefore = snapshot(gan.discriminator.trainable);
    const z = batch(2);
    const values = readStep(generatorStep(gan, z));
    z.dispose();
    assert.notDeepEqual(snapshot(gan.generator.trainable), gBefore);
    assert.deepEqual(snapshot(gan.discriminator.trainable), dBefore);
    assert.ok(Number.isFinite(values.loss) && values.gradNorm > 0);
  });

  it('repeated D steps on a fixed batch lower the D loss (D learns)', () => {
    gan.dispose();
    gan = createGan(config({ optimizer: { discriminator: { kind: 'adam', lr: 0.01 } } }), { dim: 2 }, new Rng(3));
    const real = tf.add(batch(1), 3) as tf.Tensor2D;
    const z = batch(2);
    const first = readStep(discriminatorStep(gan, real, z)).loss;
    let last = first;
    for (let i = 0; i < 50; i++) last = readStep(discriminatorStep(gan, real, z)).loss;
    tf.dispose([real, z]);
    assert.ok(last < first * 0.5, `D loss ${first} → ${last}`);
  });

  it('steps leak no tensors', () => {
    const real = batch(1);
    const z = batch(2);
    readStep(discriminatorStep(gan, real, z));
    readStep(generatorStep(gan, z));
    const before = tf.memory().numTensors;
    for (let i = 0; i < 20; i++) {
      readStep(discriminatorStep(gan, real, z));
      readStep(generatorStep(gan, z));
    }
    assert.equal(tf.memory().numTensors, before);
    tf.dispose([real, z]);
  });

  for (const normalization of ['batch', 'layer'] as const) {
    it(`trains with ${normalization} normalization and every activation without leaking`, () => {
      for (const activation of ['relu', 'leakyRelu', 'tanh', 'elu'] as const) {
        const g = createGan(
          config({
            generator: { kind: 'mlp', hidden: [8], activation, normalization, outputActivation: 'tanh' },
            discriminator: { kind: 'mlp', hidden: [8], activation, normalization },
          }),
          { dim: 2 },
          new Rng(1),
        );
        const real = batch(1);
        const z = batch(2);
        const before = tf.memory().numTensors;
        const d = readStep(discriminatorStep(g, real, z));
        const gv = readStep(generatorStep(g, z));
        assert.equal(tf.memory().numTensors, before, `${activation}/${normalization} leaked`);
        assert.ok(Number.isFinite(d.loss) && Number.isFinite(gv.loss), `${activation}/${normalization}`);
        tf.dispose([real, z]);
        g.dispose();
      }
    });
  }
});

const LOSSES: LossKind[] = ['minimax', 'nonSaturating', 'wgan', 'wganGp', 'hinge', 'lsgan', 'neuralDistance', 'energy'];
const SIGMOID = new Set<LossKind>(['minimax', 'nonSaturating']);

/** Every regularizer combination a loss allows (label smoothing only for the sigmoid losses). */
function regularizerSets(kind: LossKind): Json[][] {
  const r1 = { kind: 'r1', weight: 1 };
  const noise = { kind: 'instanceNoise', std: 0.1, annealSteps: 100 };
  const smoothing = { kind: 'labelSmoothing', real: 0.9 };
  const sets: Json[][] = [[], [r1], [noise], [r1, noise]];
  if (SIGMOID.has(kind)) sets.push([smoothing], [r1, smoothing, noise]);
  return sets;
}

/** A small GAN for `loss` and `regularizers` (tiny networks keep these tests fast). */
function smallGan(loss: Json, regularizers: Json[] = [], extra: Json = {}): Gan {
  return createGan(
    config({
      loss,
      regularizers,
      generator: { kind: 'mlp', hidden: [8, 8] },
      discriminator: { kind: 'mlp', hidden: [8, 8] },
      ...extra,
    }),
    { dim: 2 },
    new Rng(3),
  );
}

describe('step functions for every objective', () => {
  before(async () => {
    await selectBackend('wasm');
  });

  const batch = (seed: number, n = 16, shift = 0) => {
    const rng = new Rng(seed);
    return tf.tensor2d(
      rng.fillNormal(new Float32Array(n * 2)).map((v) => v + shift),
      [n, 2],
    );
  };

  for (const kind of LOSSES) {
    it(`${kind}: no tensor leaks with any combination of regularizers (numTensors flat over steps)`, () => {
      for (const regularizers of regularizerSets(kind)) {
        const gan = smallGan({ kind }, regularizers);
        const real = batch(1);
        const z = batch(2);
        const context = { completedSteps: 0, rng: new Rng(9) };
        readStep(discriminatorStep(gan, real, z, context));
        readStep(generatorStep(gan, z, context));
        const before = tf.memory().numTensors;
        for (let i = 1; i <= 5; i++) {
          const at = { completedSteps: i, rng: context.rng };
          readStep(discriminatorStep(gan, real, z, at));
          readStep(discriminatorStep(gan, real, z, at));
          readStep(generatorStep(gan, z, at));
        }
        assert.equal(tf.memory().numTensors, before, `${kind} with ${JSON.stringify(regularizers)} leaked`);
        tf.dispose([real, z]);
        gan.dispose();
      }
    });
  }

  it('every D step logs d.real and d.fake, the critics their estimate, the penalties their terms; the D loss is the total', () => {
    const expectedNames: Record<LossKind, string[]> = {
      minimax: ['d.real', 'd.fake'],
      nonSaturating: ['d.real', 'd.fake'],
      hinge: ['d.real', 'd.fake'],
      lsgan: ['d.real', 'd.fake'],
      wgan: ['d.real', 'd.fake', 'critic.wassersteinEstimate'],
      neuralDistance: ['d.real', 'd.fake', 'critic.wassersteinEstimate'],
      wganGp: ['d.real', 'd.fake', 'critic.wassersteinEstimate', 'd.gradientPenalty'],
      energy: ['d.real', 'd.fake', 'd.gradientPenalty'],
    };
    for (const kind of LOSSES) {
      for (const withR1 of [false, true]) {
        const gan = smallGan({ kind }, withR1 ? [{ kind: 'r1', weight: 5 }] : []);
        const real = batch(1, 16, 1);
        const z = batch(2);
        const d = readStep(discriminatorStep(gan, real, z));
        const g = readStep(generatorStep(gan, z));
        const names = [...expectedNames[kind], ...(withR1 ? ['d.r1'] : [])];
        assert.deepEqual(Object.keys(d.components).sort(), [...names].sort(), kind);
        const encoder = kind === 'energy' ? g.components['mi.reconstruction']! : 0;
        assert.deepEqual(Object.keys(g.components), kind === 'energy' ? ['g.adversarial', 'mi.reconstruction'] : ['g.adversarial']);
        const c = d.components;
        const total = c['d.real']! + c['d.fake']! + (c['d.gradientPenalty'] ?? 0) + (c['d.r1'] ?? 0);
        assert.ok(Math.abs(d.loss - total) < 1e-5, `${kind}: D loss ${d.loss} vs the sum of its terms ${total}`);
        if (c['critic.wassersteinEstimate'] !== undefined)
          assert.ok(Math.abs(c['critic.wassersteinEstimate'] + c['d.real']! + c['d.fake']!) < 1e-6, `${kind} estimate`);
        if (withR1) assert.ok(c['d.r1']! > 0, `${kind}: R1 ${c['d.r1']}`);
        // The energy objective's default MI term: the encoder's reconstruction with weight 1.
        assert.ok(Math.abs(g.loss - (g.components['g.adversarial']! + encoder)) < 1e-5, `${kind}: G loss ${g.loss}`);
        tf.dispose([real, z]);
        gan.dispose();
      }
    }
  });

  it('dReal and dFake are probabilities for minimax/nonSaturating and the raw mean score otherwise', () => {
    for (const kind of LOSSES) {
      const gan = smallGan({ kind });
      const real = batch(1, 16, 1);
      const z = batch(2);
      const rawReal = tf.tidy(() => tf.mean(gan.discriminator.apply(real, 'train')).dataSync()[0]!);
      const d = readStep(discriminatorStep(gan, real, z));
      const expected = SIGMOID.has(kind) ? undefined : rawReal;
      if (expected === undefined) assert.ok(d.dReal! > 0 && d.dReal! < 1 && d.dFake! > 0 && d.dFake! < 1, kind);
      else assert.ok(Math.abs(d.dReal! - expected) < 1e-5, `${kind}: dReal ${d.dReal} vs mean D(real) ${expected}`);
      tf.dispose([real, z]);
      gan.dispose();
    }
  });

  it('weight clipping: after a wgan or neuralDistance D step every D weight is within ±clip; other losses do not clip', () => {
    for (const [loss, clip] of [
      [{ kind: 'wgan' }, 0.01],
      [{ kind: 'wgan', clip: 0.05 }, 0.05],
      [{ kind: 'neuralDistance' }, 0.01],
      [{ kind: 'neuralDistance', clip: 0.2 }, 0.2],
    ] as const) {
      // Layer normalisation: its gain (initially 1) is a weight too and is clipped like the others.
      const gan = smallGan(loss, [], { discriminator: { kind: 'mlp', hidden: [8, 8], normalization: 'layer' } });
      const real = batch(1);
      const z = batch(2);
      const largest = () => Math.max(...gan.discriminator.trainable.map((v) => Math.max(...Array.from(v.dataSync(), Math.abs))));
      assert.ok(largest() > clip, `${JSON.stringify(loss)}: the initial weights reach ${largest()}`);
      for (let i = 0; i < 3; i++) {
        readStep(discriminatorStep(gan, real, z));
        assert.ok(largest() <= clip + 1e-7, `${JSON.stringify(loss)} step ${i}: a D weight reaches ${largest()}`);
      }
      readStep(generatorStep(gan, z));
      assert.ok(largest() <= clip + 1e-7);
      tf.dispose([real, z]);
      gan.dispose();
    }
    for (const kind of ['wganGp', 'hinge', 'lsgan', 'nonSaturating'] as const) {
      const gan = smallGan({ kind });
      const real = batch(1);
      const z = batch(2);
      readStep(discriminatorStep(gan, real, z));
      assert.ok(
        gan.discriminator.trainable.some((v) => Array.from(v.dataSync()).some((w) => Math.abs(w) > 0.01)),
        kind,
      );
      tf.dispose([real, z]);
      gan.dispose();
    }
  });

  it('the logged penalties are the penalties of D before the update, with the step’s own ε (WGAN-GP) and on real data (R1)', () => {
    const gan = smallGan({ kind: 'wganGp', lambda: 7 }, [{ kind: 'r1', weight: 3 }]);
    const real = batch(1, 16, 1);
    const z = batch(2);
    const critic = (x: tf.Tensor2D) => gan.discriminator.apply(x, 'train');
    const [gp, r1] = tf.tidy(() => {
      const fake = gan.generator.apply(z, 'train');
      const epsilon = uniformColumn(16, new Rng(42)); // the step's first draw (no instance noise)
      return [gradientPenalty(critic, real, fake, epsilon, 7).dataSync()[0]!, r1Penalty(critic, real, 3).dataSync()[0]!];
    });
    const d = readStep(discriminatorStep(gan, real, z, { rng: new Rng(42) }));
    assert.ok(
      Math.abs(d.components['d.gradientPenalty']! - gp!) < 1e-5 * Math.max(1, gp!),
      `GP ${d.components['d.gradientPenalty']} vs ${gp}`,
    );
    assert.ok(Math.abs(d.components['d.r1']! - r1!) < 1e-5 * Math.max(1, r1!), `R1 ${d.components['d.r1']} vs ${r1}`);
    tf.dispose([real, z]);
    gan.dispose();
  });

  it('instance noise changes D’s inputs until it is annealed away; after annealSteps the step equals the noiseless one', () => {
    const run = (regularizers: Json[], completedSteps: number) => {
      const gan = smallGan({ kind: 'nonSaturating' }, regularizers);
      const real = batch(1);
      const z = batch(2);
      const d = readStep(discriminatorStep(gan, real, z, { completedSteps, rng: new Rng(5) }));
      const g = readStep(generatorStep(gan, z, { completedSteps, rng: new Rng(6) }));
      tf.dispose([real, z]);
      gan.dispose();
      return [d.loss, d.dReal, g.loss];
    };
    const noise = [{ kind: 'instanceNoise', std: 0.5, annealSteps: 10 }];
    const clean = run([], 0);
    assert.deepEqual(run(noise, 10), clean);
    assert.deepEqual(run(noise, 50), clean);
    const noisy = run(noise, 0);
    assert.notDeepEqual(noisy, clean);
    assert.deepEqual(run(noise, 0), noisy, 'the same stream gives the same noise');
    assert.notDeepEqual(run(noise, 5), noisy);
  });
});
