import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { join } from 'node:path';
import { validateExperiment } from '../../src/shared/experiment/validate';
import type { Experiment } from '../../src/shared/experiment/schema';
import { selectBackend } from '../../src/training/backend';
import { createGan, type Gan } from '../../src/training/gan';
import { permutation } from '../../src/training/mutualInformation';
import { Rng } from '../../src/training/random';
import { loadCheckpoint, saveCheckpoint } from '../../src/training/run/checkpoint';
import { discriminatorStep, generatorStep, readStep } from '../../src/training/steps';
import { TrainingStreams } from '../../src/training/streams';
import { ringExperiment, tempDir, type Json } from '../helpers/experiments';

function energyConfig(loss: Json, extra: Json = {}): Experiment {
  const result = validateExperiment(
    JSON.stringify(
      ringExperiment({
        generator: { kind: 'mlp', hidden: [8] },
        discriminator: { kind: 'mlp', hidden: [8] },
        loss: { kind: 'energy', ...loss },
        ...extra,
      }),
    ),
  );
  assert.ok(result.ok, JSON.stringify(result.ok ? [] : result.problems));
  return result.config;
}

const rows = (seed: number, n: number, dim = 2) => tf.tensor2d(new Rng(seed).fillNormal(new Float32Array(n * dim)), [n, dim]);
const values = (vars: tf.Variable[]) => vars.map((v) => Array.from(v.dataSync()));

describe('energy objective', () => {
  before(async () => {
    await selectBackend('wasm');
  });

  it("defaults follow Kumar et al.'s code: Adam 1e-4 (0.5, 0.9), k = 5, λ 0.1 on vectors and 10 on images, an encoder of D's kind", () => {
    const toy = validateExperiment(JSON.stringify(ringExperiment({ loss: { kind: 'energy' }, schedule: {}, optimizer: undefined })));
    assert.ok(toy.ok);
    assert.equal(toy.config.loss.kind, 'energy');
    if (toy.config.loss.kind !== 'energy') return;
    assert.equal(toy.config.loss.lambda, 0.1);
    assert.equal(toy.config.schedule.dStepsPerGStep, 5);
    for (const network of ['generator', 'discriminator'] as const)
      assert.deepEqual(toy.config.optimizer[network], { kind: 'adam', lr: 1e-4, beta1: 0.5, beta2: 0.9, epsilon: 1e-8 });
    assert.equal(toy.config.loss.mutualInformation.kind, 'encoder');
    if (toy.config.loss.mutualInformation.kind === 'encoder') {
      assert.equal(toy.config.loss.mutualInformation.weight, 1);
      assert.equal(toy.config.loss.mutualInformation.network.kind, 'mlp');
    }

    const images = validateExperiment(
      JSON.stringify({
        name: 'e',
        data: { kind: 'shapes', size: 28 },
        generator: { kind: 'dcgan', channels: 4 },
        discriminator: { kind: 'dcgan', channels: 4 },
        loss: { kind: 'energy', mutualInformation: { kind: 'statisticsNetwork' } },
      }),
    );
    assert.ok(images.ok, JSON.stringify(images.ok ? [] : images.problems));
    if (images.config.loss.kind !== 'energy') return assert.fail('energy');
    assert.equal(images.config.loss.lambda, 10);
    const mi = images.config.loss.mutualInformation;
    assert.ok(mi.kind === 'statisticsNetwork' && mi.network.kind === 'dcgan', JSON.stringify(mi));
  });

  it('never overrides what the file gives (λ, k, optimizers, the MI network)', () => {
    const config = energyConfig(
      { lambda: 3, mutualInformation: { kind: 'encoder', weight: 0.5, network: { kind: 'mlp', hidden: [4] } } },
      { schedule: { dStepsPerGStep: 2 }, optimizer: { generator: { kind: 'sgd', lr: 0.1 } } },
    );
    if (config.loss.kind !== 'energy') return assert.fail('energy');
    assert.equal(config.loss.lambda, 3);
    assert.equal(config.schedule.dStepsPerGStep, 2);
    assert.deepEqual(config.optimizer.generator, { kind: 'sgd', lr: 0.1, momentum: 0 });
    assert.deepEqual(config.optimizer.discriminator, { kind: 'adam', lr: 1e-4, beta1: 0.5, beta2: 0.9, epsilon: 1e-8 });
    assert.deepEqual(config.loss.mutualInformation, {
      kind: 'encoder',
      weight: 0.5,
      network: { kind: 'mlp', hidden: [4], activation: 'leakyRelu', leakySlope: 0.2, normalization: 'none' },
    });
  });

  it('a dcgan MI network on vector data is an error at loss.mutualInformation.network.kind', () => {
    const result = validateExperiment(
      JSON.stringify(ringExperiment({ loss: { kind: 'energy', mutualInformation: { kind: 'encoder', network: { kind: 'dcgan' } } } })),
    );
    assert.ok(!result.ok);
    assert.deepEqual(
      result.problems.map((p) => p.path),
      ['loss.mutualInformation.network.kind'],
    );
    assert.match(result.problems[0]!.message, /"dcgan" is a convolutional network for image data/);
  });

  it('D loss is E[U(real)] − E[U(fake)] + λ·E‖∇U(real)‖², exactly, on a linear energy U(x) = w·x + b', () => {
    const lambda = 0.7;
    const gan = createGan(
      energyConfig({ lambda, mutualInformation: { kind: 'none' } }, { discriminator: { kind: 'mlp', hidden: [] } }),
      { dim: 2 },
      new Rng(1),
    );
    const [w, bias] = gan.discriminator.trainable.map((v) => Array.from(v.dataSync()));
    const real = rows(1, 16);
    const z = rows(2, 16);
    const fake = tf.tidy(() => gan.generator.apply(z, 'train'));
    const meanRows = (x: tf.Tensor2D) => Array.from(tf.tidy(() => tf.mean(x, 0).dataSync()));
    const [r0, r1] = meanRows(real);
    const [f0, f1] = meanRows(fake);
    const uReal = w![0]! * r0! + w![1]! * r1! + bias![0]!;
    const uFake = w![0]! * f0! + w![1]! * f1! + bias![0]!;
    const penalty = lambda * (w![0]! ** 2 + w![1]! ** 2);
    const d = readStep(discriminatorStep(gan, real, z));
    const close = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) < 1e-5, `${what}: ${a} vs ${b}`);
    close(d.components['d.real']!, uReal, 'd.real = E[U(real)]');
    close(d.components['d.fake']!, -uFake, 'd.fake = −E[U(fake)]');
    close(d.components['d.gradientPenalty']!, penalty, 'λ‖w‖²');
    close(d.loss, uReal - uFake + penalty, 'D loss');
    // A raw score, not a probability: dReal is the mean energy of the real batch.
    close(d.dReal! - d.dFake!, uReal - uFake, 'dReal − dFake');
    tf.dispose([real, z, fake]);
    gan.dispose();
  });

  it("encoder: G's loss is E[U(G(z))] + λ₂·E‖z − E(G(z))‖²; the step trains G and E, not D", () => {
    const weight = 0.3;
    const gan = createGan(
      energyConfig({ mutualInformation: { kind: 'encoder', weight, network: { kind: 'mlp', hidden: [8] } } }),
      { dim: 2 },
      new Rng(2),
    );
    const mi = gan.mutualInformation!;
    assert.equal(mi.kind, 'encoder');
    const z = rows(3, 32);
    const encoderOutput = (x: tf.Tensor2D) => {
      const [w1, b1, w2, b2] = mi.trainable;
      return tf.add(tf.matMul(tf.leakyRelu(tf.add(tf.matMul(x, w1!), b1!), 0.2), w2!), b2!);
    };
    const expected = tf.tidy(() => {
      const fake = gan.generator.apply(z, 'train');
      const u = tf.mean(gan.discriminator.apply(fake, 'train'));
      // By hand: the encoder is dense → leakyRelu(0.2) → dense.
      const rec = tf.mean(tf.sum(tf.square(tf.sub(z, encoderOutput(fake))), 1));
      const viaTerm = mi.loss(fake, z, new Rng(0));
      assert.ok(Math.abs(viaTerm.total.dataSync()[0]! - weight * rec.dataSync()[0]!) < 1e-5, 'weighted reconstruction');
      return [u.dataSync()[0]!, rec.dataSync()[0]!];
    });
    const before = { g: values(gan.generator.trainable), d: values(gan.discriminator.trainable), e: values(mi.trainable) };
    const g = readStep(generatorStep(gan, z));
    assert.ok(Math.abs(g.components['g.adversarial']! - expected[0]!) < 1e-5);
    assert.ok(Math.abs(g.components['mi.reconstruction']! - expected[1]!) < 1e-5);
    assert.ok(Math.abs(g.loss - (expected[0]! + weight * expected[1]!)) < 1e-5, `G loss ${g.loss}`);
    assert.notDeepEqual(values(gan.generator.trainable), before.g);
    assert.notDeepEqual(values(mi.trainable), before.e);
    assert.deepEqual(values(gan.discriminator.trainable), before.d);
    assert.equal(mi.optimizer.iterations, 1);
    z.dispose();
    gan.dispose();
  });

  it('encoder: trained alone on a fixed G, it learns to invert G (the reconstruction falls by 10×)', () => {
    const gan = createGan(
      energyConfig(
        { mutualInformation: { kind: 'encoder', weight: 1, network: { kind: 'mlp', hidden: [32, 32] } } },
        // tanh keeps the random G injective (a relu layer can fold the plane), so an inverse exists.
        { optimizer: { generator: { kind: 'adam', lr: 0.01 } }, generator: { kind: 'mlp', hidden: [16], activation: 'tanh' } },
      ),
      { dim: 2 },
      new Rng(4),
    );
    const mi = gan.mutualInformation!;
    const z = rows(5, 128);
    const reconstruction = () =>
      tf.tidy(() => mi.loss(gan.generator.apply(z, 'eval'), z, new Rng(0)).components['mi.reconstruction']!.dataSync()[0]!);
    const first = reconstruction();
    for (let i = 0; i < 300; i++) {
      const { grads } = tf.variableGrads(() => tf.tidy(() => mi.loss(gan.generator.apply(z, 'eval'), z, new Rng(0)).total), mi.trainable);
      mi.optimizer.apply(mi.trainable.map((v) => grads[v.name]!));
      tf.dispose(grads);
    }
    const last = reconstruction();
    assert.ok(last < first / 10, `‖z − E(G(z))‖²: ${first} → ${last}`);
    z.dispose();
    gan.dispose();
  });

  it('statistics network: mi.estimate = 2·log 2 − 2·BCE; training T on an injective G raises the estimate towards 2·log 2', () => {
    const gan = createGan(
      energyConfig(
        { mutualInformation: { kind: 'statisticsNetwork', weight: 2, network: { kind: 'mlp', hidden: [32, 32] } } },
        { optimizer: { generator: { kind: 'adam', lr: 0.005 } } },
      ),
      { dim: 2 },
      new Rng(6),
    );
    const mi = gan.mutualInformation!;
    assert.equal(mi.kind, 'statisticsNetwork');
    const z = rows(7, 128);
    const estimate = (rng: Rng) =>
      tf.tidy(() => {
        const terms = mi.loss(gan.generator.apply(z, 'eval'), z, rng);
        const bce = terms.components['mi.bce']!.dataSync()[0]!;
        const value = terms.components['mi.estimate']!.dataSync()[0]!;
        assert.ok(Math.abs(value - (2 * Math.LN2 - 2 * bce)) < 1e-5, `estimate ${value} vs BCE ${bce}`);
        assert.ok(Math.abs(terms.total.dataSync()[0]! - 2 * bce) < 1e-5, 'weighted by 2');
        return value;
      });
    const first = estimate(new Rng(1));
    assert.ok(Math.abs(first) < 0.2, `an untrained T estimates about 0, got ${first}`);
    const rng = new Rng(8);
    for (let i = 0; i < 400; i++) {
      const { grads } = tf.variableGrads(() => tf.tidy(() => mi.loss(gan.generator.apply(z, 'eval'), z, rng).total), mi.trainable);
      mi.optimizer.apply(mi.trainable.map((v) => grads[v.name]!));
      tf.dispose(grads);
    }
    const last = estimate(new Rng(2));
    assert.ok(last > 0.6 && last <= 2 * Math.LN2 + 1e-6, `estimate after training T: ${first} → ${last} (max ${2 * Math.LN2})`);
    z.dispose();
    gan.dispose();
  });

  it('permutation draws every ordering of 0..n−1, reproducibly per seed', () => {
    const seen = new Set<string>();
    const rng = new Rng(3);
    for (let i = 0; i < 600; i++) {
      const p = permutation(3, rng);
      assert.deepEqual([...p].sort(), [0, 1, 2]);
      seen.add(p.join(''));
    }
    assert.equal(seen.size, 6);
    assert.deepEqual(permutation(50, new Rng(9)), permutation(50, new Rng(9)));
  });

  for (const kind of ['encoder', 'statisticsNetwork'] as const) {
    it(`${kind}: checkpoints hold the MI network and its optimizer; a restored GAN takes the same next step`, async () => {
      const config = energyConfig({ mutualInformation: { kind, network: { kind: 'mlp', hidden: [8] } } });
      const a = createGan(config, { dim: 2 }, new Rng(1));
      const real = rows(1, 16);
      const z = rows(2, 16);
      const step = (gan: Gan, seed: number) => {
        readStep(discriminatorStep(gan, real, z, { rng: new Rng(seed) }));
        return readStep(generatorStep(gan, z, { rng: new Rng(seed) }));
      };
      for (let i = 0; i < 3; i++) step(a, i);
      const dir = tempDir();
      await saveCheckpoint(dir, 3, a, new TrainingStreams(new Rng(5)).states());
      const b = createGan(config, { dim: 2 }, new Rng(77));
      assert.notDeepEqual(values(b.mutualInformation!.trainable), values(a.mutualInformation!.trainable));
      loadCheckpoint(join(dir, 'step-00000003'), b);
      assert.deepEqual(values(b.mutualInformation!.variables), values(a.mutualInformation!.variables));
      assert.equal(b.mutualInformation!.optimizer.iterations, 3);
      assert.deepEqual(step(b, 9), step(a, 9));
      assert.deepEqual(values(b.mutualInformation!.trainable), values(a.mutualInformation!.trainable));

      const without = createGan(energyConfig({ mutualInformation: { kind: 'none' } }), { dim: 2 }, new Rng(1));
      assert.throws(() => loadCheckpoint(join(dir, 'step-00000003'), without), /does not match the experiment's networks/);
      tf.dispose([real, z]);
      [a, b, without].forEach((g) => g.dispose());
    });
  }

  it('dcgan MI networks train on images: an encoder and a statistics network, no tensor leaks', () => {
    for (const kind of ['encoder', 'statisticsNetwork'] as const) {
      const result = validateExperiment(
        JSON.stringify({
          name: 'e',
          data: { kind: 'shapes', size: 28 },
          generator: { kind: 'dcgan', channels: 4 },
          discriminator: { kind: 'dcgan', channels: 4, normalization: 'none' },
          loss: { kind: 'energy', mutualInformation: { kind, network: { kind: 'dcgan', channels: 4, normalization: 'none' } } },
          latent: { dim: 6 },
        }),
      );
      assert.ok(result.ok, JSON.stringify(result.ok ? [] : result.problems));
      const gan = createGan(result.config, { dim: 784, image: { height: 28, width: 28, channels: 1 } }, new Rng(1));
      const real = tf.tidy(() => tf.tanh(rows(1, 4, 784)));
      const z = rows(2, 4, 6);
      readStep(discriminatorStep(gan, real, z));
      readStep(generatorStep(gan, z));
      const before = tf.memory().numTensors;
      const miBefore = values(gan.mutualInformation!.trainable);
      const d = readStep(discriminatorStep(gan, real, z));
      const g = readStep(generatorStep(gan, z));
      assert.equal(tf.memory().numTensors, before, `${kind} leaked`);
      assert.ok([d.loss, g.loss, ...Object.values(g.components)].every(Number.isFinite), kind);
      assert.notDeepEqual(values(gan.mutualInformation!.trainable), miBefore, `${kind} trains`);
      tf.dispose([real, z]);
      gan.dispose();
    }
  });
});
