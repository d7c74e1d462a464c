/**
 * Conditional networks (issue 17): G takes [z | one-hot(y)], D judges (x, y) by projection or
 * concatenation, an AC-GAN head classifies; the steps' auxiliary terms, gradient penalties with
 * labels and checkpoints, each checked against values computed by hand.
 */
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Experiment } from '../../src/shared/experiment/schema';
import { validateExperiment } from '../../src/shared/experiment/validate';
import type { DataShape } from '../../src/shared/runFormat';
import { selectBackend } from '../../src/training/backend';
import { createGan, type Gan } from '../../src/training/gan';
import { oneHot } from '../../src/training/labels';
import { classCrossEntropy } from '../../src/training/losses';
import { labelMaps } from '../../src/training/models/conditionalDiscriminator';
import { logicalName } from '../../src/training/models/variables';
import { Rng } from '../../src/training/random';
import { discriminate, generate } from '../../src/training/recording/evaluate';
import { loadCheckpoint, saveCheckpoint, type CheckpointManifest } from '../../src/training/run/checkpoint';
import { discriminatorStep, generatorStep, readStep } from '../../src/training/steps';
import { TrainingStreams } from '../../src/training/streams';
import { ringExperiment, tempDir, type Json } from '../helpers/experiments';

function config(overrides: Json): Experiment {
  const result = validateExperiment(JSON.stringify(ringExperiment(overrides)));
  assert.ok(result.ok, JSON.stringify(result.problems));
  return result.config;
}

/**
 * A resolved image experiment (shapes data, 28 pixels) made conditional: the networks see the
 * labels through the DataShape, whichever labelled image kind provides them.
 */
function imageConfig(overrides: Json, conditional: Partial<NonNullable<Experiment['conditional']>> = {}): Experiment {
  return {
    ...config({ data: { kind: 'shapes', size: 28 }, generator: dcgan, discriminator: dcgan, ...overrides }),
    conditional: { discriminator: 'projection', auxiliaryClassifier: 0, ...conditional },
  };
}

const names = (n: number) => Array.from({ length: n }, (_, i) => String(i));
const vectorData = (classes: number, dim = 2): DataShape => ({ dim, classes: { names: names(classes) } });
const imageData = (classes: number): DataShape => ({
  dim: 28 * 28,
  image: { height: 28, width: 28, channels: 1 },
  classes: { names: names(classes) },
});
const dcgan = { kind: 'dcgan', channels: 4 };

/** The variable of `network` with this logical name, read back. */
function weights(variables: tf.Variable[], name: string): { values: Float32Array; shape: number[] } {
  const variable = variables.find((v) => logicalName(v) === name);
  assert.ok(variable, `no variable ${name} among ${variables.map(logicalName).join(', ')}`);
  return { values: variable.dataSync() as Float32Array, shape: variable.shape };
}

const shapeOf = (gan: Gan, network: 'generator' | 'discriminator', name: string) => weights(gan[network].variables, name).shape;
const close = (a: number, b: number, tolerance = 1e-4) => Math.abs(a - b) <= tolerance * Math.max(1, Math.abs(b));
const labels = (...classes: number[]) => Int32Array.from(classes);

describe('conditional networks', () => {
  before(async () => {
    await selectBackend('wasm');
  });

  it('one-hot rows: float 0/1 rows of the class count; an index outside the classes is an error', () => {
    const rows = oneHot(labels(2, 0, 1), 3);
    assert.deepEqual(rows.shape, [3, 3]);
    assert.deepEqual(Array.from(rows.dataSync()), [0, 0, 1, 1, 0, 0, 0, 1, 0]);
    rows.dispose();
    assert.throws(() => oneHot(labels(3), 3), /label 3 of row 0 is not a class index in \[0, 3\)/);
    assert.throws(() => oneHot(labels(-1), 3), /label -1/);
  });

  it('an mlp G takes [z | one-hot]: its first layer is latent + classes wide, and its layers model takes that row', () => {
    const gan = createGan(config({ conditional: {}, latent: { dim: 3 } }), vectorData(4), new Rng(1));
    assert.equal(gan.classes, 4);
    assert.equal(gan.generator.classes, 4);
    assert.equal(gan.generator.inputDim, 3, 'apply takes z; the labels come beside it');
    assert.deepEqual(shapeOf(gan, 'generator', 'generator/dense0/kernel'), [3 + 4, 16]);
    const z = new Rng(2).fillNormal(new Float32Array(4 * 3));
    const asked = labels(0, 1, 2, 3);
    const samples = generate(gan, z, asked);
    assert.equal(samples.length, 4 * 2);
    assert.notDeepEqual(generate(gan, z, labels(1, 2, 3, 0)), samples, 'the label changes the sample');
    assert.deepEqual(generate(gan, z, asked), samples);
    const model = gan.generator.toLayersModel();
    const input = tf.concat([tf.tensor2d(z, [4, 3]), oneHot(asked, 4)], 1);
    const exported = model.predict(input) as tf.Tensor;
    assert.ok(
      Array.from(exported.dataSync()).every((v, i) => close(v, samples[i]!, 1e-5)),
      'the layers model on [z | one-hot] gives the same samples',
    );
    tf.dispose([input, exported]);
    model.dispose();
    assert.throws(() => generate(gan, z), /conditional \(4 classes\): give the class of each of the 4 rows, got none/);
    assert.throws(() => generate(gan, z, labels(0, 1)), /got 2/);
    assert.throws(() => gan.generator.apply(tf.zeros([2, 3]), 'eval'), /the generator is conditional: it needs the class of every row/);
    gan.dispose();
  });

  it('a dcgan G projects [z | one-hot] to its smallest map and draws a 28×28 image per row', () => {
    const gan = createGan(imageConfig({ latent: { dim: 5 } }), imageData(10), new Rng(1));
    assert.deepEqual(shapeOf(gan, 'generator', 'generator/project/kernel'), [5 + 10, 7 * 7 * 8]);
    const z = new Rng(2).fillNormal(new Float32Array(2 * 5));
    const images = generate(gan, z, labels(3, 7));
    assert.equal(images.length, 2 * 28 * 28);
    assert.notDeepEqual(generate(gan, z, labels(4, 7)).subarray(0, 784), images.subarray(0, 784));
    assert.deepEqual(generate(gan, z, labels(4, 7)).subarray(784), images.subarray(784), 'rows are independent in eval mode');
    gan.dispose();
  });

  for (const kind of ['mlp', 'dcgan'] as const) {
    const network = kind === 'mlp' ? { kind: 'mlp', hidden: [8] } : dcgan;
    const data = kind === 'mlp' ? vectorData(3) : imageData(3);
    const experiment = (conditional: Json) =>
      kind === 'mlp'
        ? config({ conditional, discriminator: network, generator: network, loss: { kind: 'wgan' } })
        : imageConfig({ loss: { kind: 'wgan' } }, conditional);
    const rows = 2;
    const x = () => new Rng(5).fillUniform(new Float32Array(rows * data.dim), -1, 1);

    it(`${kind} D, projection: one output per row that depends on the label, a [classes, features] embedding, no wider input`, () => {
      const gan = createGan(experiment({}), data, new Rng(1));
      const features = kind === 'mlp' ? 8 : 7 * 7 * 8;
      assert.deepEqual(shapeOf(gan, 'discriminator', 'discriminator/embedding'), [3, features]);
      const first = kind === 'mlp' ? 'discriminator/dense0/kernel' : 'discriminator/conv0/kernel';
      assert.deepEqual(shapeOf(gan, 'discriminator', first), kind === 'mlp' ? [2, 8] : [4, 4, 1, 4]);
      const scores = discriminate(gan, x(), data.dim, labels(0, 1));
      assert.equal(scores.length, rows);
      assert.notDeepEqual(discriminate(gan, x(), data.dim, labels(2, 1))[0], scores[0]);
      assert.equal(discriminate(gan, x(), data.dim, labels(2, 1))[1], scores[1]);
      assert.throws(() => discriminate(gan, x(), data.dim), /conditional/);
      gan.dispose();
    });

    it(`${kind} D, concat: the one-hot label widens the input (${kind === 'mlp' ? 'the vector' : 'one map per class'})`, () => {
      const gan = createGan(experiment({ discriminator: 'concat' }), data, new Rng(1));
      assert.ok(!gan.discriminator.variables.some((v) => logicalName(v) === 'discriminator/embedding'));
      const first = kind === 'mlp' ? 'discriminator/dense0/kernel' : 'discriminator/conv0/kernel';
      assert.deepEqual(shapeOf(gan, 'discriminator', first), kind === 'mlp' ? [2 + 3, 8] : [4, 4, 1 + 3, 4]);
      const scores = discriminate(gan, x(), data.dim, labels(0, 1));
      assert.equal(scores.length, rows);
      assert.notDeepEqual(discriminate(gan, x(), data.dim, labels(2, 1))[0], scores[0]);
      gan.dispose();
    });
  }

  it('concat label maps: every pixel carries its image channels, then the one-hot label', () => {
    const join = labelMaps({ height: 2, width: 2, channels: 1 });
    const x = tf.tensor2d([
      [1, 2, 3, 4],
      [5, 6, 7, 8],
    ]);
    const y = oneHot(labels(1, 0), 2);
    const joined = join(x, y);
    assert.deepEqual(joined.shape, [2, 2 * 2 * 3]);
    assert.deepEqual(Array.from(joined.dataSync()), [1, 0, 1, 2, 0, 1, 3, 0, 1, 4, 0, 1, 5, 1, 0, 6, 1, 0, 7, 1, 0, 8, 1, 0]);
    tf.dispose([x, y, joined]);
  });

  it('projection: D(x, y) = ψ(φ(x)) + e(y)ᵀφ(x) and the AC-GAN logits = φ(x)W + b, computed by hand on a tiny network', () => {
    const gan = createGan(
      config({
        conditional: { auxiliaryClassifier: 1 },
        discriminator: { kind: 'mlp', hidden: [3], activation: 'relu' },
        loss: { kind: 'wgan' },
      }),
      vectorData(3),
      new Rng(4),
    );
    const vars = gan.discriminator.variables;
    const w0 = weights(vars, 'discriminator/dense0/kernel').values; // [2, 3]
    const b0 = weights(vars, 'discriminator/dense0/bias').values;
    const w1 = weights(vars, 'discriminator/output/kernel').values; // [3, 1]
    const b1 = weights(vars, 'discriminator/output/bias').values;
    const e = weights(vars, 'discriminator/embedding').values; // [3 classes, 3 features]
    const wc = weights(vars, 'discriminator/classifier/kernel').values; // [3 features, 3 classes]
    const bc = weights(vars, 'discriminator/classifier/bias').values;
    const xs = [
      [0.3, -0.7],
      [-1.2, 0.4],
      [0.9, 0.8],
    ];
    const ys = labels(2, 0, 1);
    const phi = xs.map(([a, b]) => [0, 1, 2].map((j) => Math.max(0, a! * w0[j]! + b! * w0[3 + j]! + b0[j]!)));
    const expected = phi.map((f, i) => f.reduce((s, v, j) => s + v * (w1[j]! + e[ys[i]! * 3 + j]!), b1[0]!));
    const actual = discriminate(gan, Float32Array.from(xs.flat()), 2, ys);
    expected.forEach((v, i) => assert.ok(close(actual[i]!, v, 1e-5), `row ${i}: ${actual[i]} vs ${v}`));

    const expectedLogits = phi.flatMap((f) => [0, 1, 2].map((c) => f.reduce((s, v, j) => s + v * wc[j * 3 + c]!, bc[c]!)));
    const x = tf.tensor2d(xs);
    const y = oneHot(ys, 3);
    const { output, classLogits } = gan.auxiliaryClassifier!.scoreAndClassify(x, 'eval', y);
    assert.ok(Array.from(classLogits.dataSync()).every((v, i) => close(v, expectedLogits[i]!, 1e-5)));
    assert.ok(Array.from(output.dataSync()).every((v, i) => close(v, expected[i]!, 1e-5)));
    tf.dispose([x, y, output, classLogits]);
    gan.dispose();
  });

  it('the auxiliary cross-entropy on hand values: E[log Σ exp(l) − l_y]', () => {
    const logits = tf.tensor2d([
      [1, 2, 3],
      [0, 0, 0],
      [-50, 50, 0],
    ]);
    const y = oneHot(labels(2, 0, 0), 3);
    const expected = (Math.log(Math.E + Math.E ** 2 + Math.E ** 3) - 3 + Math.log(3) + 100) / 3;
    const value = classCrossEntropy(logits, y);
    assert.ok(close(value.dataSync()[0]!, expected, 1e-5), `${value.dataSync()[0]} vs ${expected}`);
    tf.dispose([logits, y, value]);
  });

  describe('steps', () => {
    const real = () => tf.tensor2d(new Rng(1).fillNormal(new Float32Array(8 * 2)), [8, 2]);
    const z = () => tf.tensor2d(new Rng(2).fillNormal(new Float32Array(8 * 2)), [8, 2]);
    const realLabels = labels(0, 1, 2, 0, 1, 2, 0, 1);
    const fakeLabels = labels(2, 2, 1, 1, 0, 0, 2, 1);

    /** The mean cross-entropy of D's classifier on x for `ys`, with the current weights (train mode, no batch statistics). */
    function crossEntropy(gan: Gan, x: tf.Tensor2D, ys: Int32Array): number {
      return tf.tidy(() => {
        const y = oneHot(ys, 3);
        return classCrossEntropy(gan.auxiliaryClassifier!.scoreAndClassify(x, 'train', y).classLogits, y).dataSync()[0]!;
      });
    }

    it('AC-GAN: D minimises weight·(CE on real + CE on fake), G weight·(CE on its fakes), logged as d.auxiliary and g.auxiliary', () => {
      const gan = createGan(config({ conditional: { auxiliaryClassifier: 0.5 } }), vectorData(3), new Rng(3));
      const [x, noise] = [real(), z()];
      const step = { real: oneHot(realLabels, 3), fake: oneHot(fakeLabels, 3) };
      const fake = gan.generator.apply(noise, 'train', step.fake);
      const expectedD = 0.5 * (crossEntropy(gan, x, realLabels) + crossEntropy(gan, fake, fakeLabels));
      const d = readStep(discriminatorStep(gan, x, noise, {}, step));
      assert.ok(close(d.components['d.auxiliary']!, expectedD, 1e-5), `${d.components['d.auxiliary']} vs ${expectedD}`);
      assert.ok(close(d.loss, d.components['d.real']! + d.components['d.fake']! + expectedD, 1e-5));

      // G's term is on D after its update.
      const expectedG = 0.5 * crossEntropy(gan, fake, fakeLabels);
      const g = readStep(generatorStep(gan, noise, {}, step.fake));
      assert.ok(close(g.components['g.auxiliary']!, expectedG, 1e-5), `${g.components['g.auxiliary']} vs ${expectedG}`);
      assert.ok(close(g.loss, g.components['g.adversarial']! + expectedG, 1e-5));
      tf.dispose([x, noise, fake, step.real, step.fake]);
      gan.dispose();
    });

    it('a conditional step without labels is an error that says so', () => {
      const gan = createGan(config({ conditional: {} }), vectorData(3), new Rng(3));
      const [x, noise] = [real(), z()];
      assert.throws(() => discriminatorStep(gan, x, noise), /the generator is conditional/);
      tf.dispose([x, noise]);
      gan.dispose();
    });

    /**
     * ∇ₓ D(x, y) for the tiny projection D (hidden [3], relu), by hand: Σⱼ W0[:, j]·1[hⱼ > 0]·(w1ⱼ + Σ_c y_c E[c, j]),
     * y possibly a soft label (interpolated).
     */
    function handGradient(gan: Gan, x: number[], y: number[]): number[] {
      const vars = gan.discriminator.variables;
      const w0 = weights(vars, 'discriminator/dense0/kernel').values;
      const b0 = weights(vars, 'discriminator/dense0/bias').values;
      const w1 = weights(vars, 'discriminator/output/kernel').values;
      const e = weights(vars, 'discriminator/embedding').values;
      const grad = [0, 0];
      for (let j = 0; j < 3; j++) {
        const h = x[0]! * w0[j]! + x[1]! * w0[3 + j]! + b0[j]!;
        if (h <= 0) continue;
        const outer = w1[j]! + y.reduce((s, yc, c) => s + yc * e[c * 3 + j]!, 0);
        grad[0] += w0[j]! * outer;
        grad[1] += w0[3 + j]! * outer;
      }
      return grad;
    }

    const rowsOf = (t: tf.Tensor2D) => {
      const values = Array.from(t.dataSync());
      return Array.from({ length: t.shape[0] }, (_, i) => values.slice(i * t.shape[1], (i + 1) * t.shape[1]));
    };
    const tinyProjection = (loss: Json, regularizers: Json[] = []) =>
      config({ conditional: {}, discriminator: { kind: 'mlp', hidden: [3], activation: 'relu' }, loss, regularizers });

    it('R1 with labels: (γ/2)·E‖∇ₓD(x, y)‖² at the real samples with their own labels (y held fixed)', () => {
      const gan = createGan(tinyProjection({ kind: 'nonSaturating' }, [{ kind: 'r1', weight: 4 }]), vectorData(3), new Rng(6));
      const [x, noise] = [real(), z()];
      const step = { real: oneHot(realLabels, 3), fake: oneHot(fakeLabels, 3) };
      const ys = rowsOf(step.real);
      const expected =
        ((4 / 2) * rowsOf(x).reduce((s, row, i) => s + handGradient(gan, row, ys[i]!).reduce((a, g) => a + g * g, 0), 0)) / 8;
      const d = readStep(discriminatorStep(gan, x, noise, {}, step));
      assert.ok(expected > 1e-4, 'the penalty is not trivially zero');
      assert.ok(close(d.components['d.r1']!, expected, 1e-4), `${d.components['d.r1']} vs ${expected}`);
      tf.dispose([x, noise, step.real, step.fake]);
      gan.dispose();
    });

    it('WGAN-GP with labels: the penalty at x̂ = εx + (1−ε)G(z) judges it with ŷ = εy + (1−ε)y_fake', () => {
      const gan = createGan(tinyProjection({ kind: 'wganGp', lambda: 10 }), vectorData(3), new Rng(6));
      const [x, noise] = [real(), z()];
      const step = { real: oneHot(realLabels, 3), fake: oneHot(fakeLabels, 3) };
      const fake = rowsOf(tf.tidy(() => gan.generator.apply(noise, 'train', step.fake)));
      // The step's first draw from its stream is ε (no instance noise).
      const epsilon = new Rng(8).fillUniform(new Float32Array(8), 0, 1);
      const [reals, yr, yf] = [rowsOf(x), rowsOf(step.real), rowsOf(step.fake)];
      let expected = 0;
      for (let i = 0; i < 8; i++) {
        const e = epsilon[i]!;
        const mix = (a: number[], b: number[]) => a.map((v, k) => e * v + (1 - e) * b[k]!);
        const g = handGradient(gan, mix(reals[i]!, fake[i]!), mix(yr[i]!, yf[i]!));
        expected += (10 * (Math.sqrt(g[0]! ** 2 + g[1]! ** 2) - 1) ** 2) / 8;
      }
      const d = readStep(discriminatorStep(gan, x, noise, { rng: new Rng(8) }, step));
      assert.ok(close(d.components['d.gradientPenalty']!, expected, 1e-4), `${d.components['d.gradientPenalty']} vs ${expected}`);
      tf.dispose([x, noise, step.real, step.fake]);
      gan.dispose();
    });

    it('conditional steps leak no tensors (projection, concat on images, AC-GAN, WGAN-GP)', () => {
      const cases = [
        {
          title: 'mlp, projection, AC-GAN',
          experiment: config({ conditional: { auxiliaryClassifier: 1 }, loss: { kind: 'wganGp' } }),
          data: vectorData(3),
        },
        {
          title: 'dcgan, concat',
          experiment: imageConfig(
            { discriminator: { ...dcgan, normalization: 'layer' }, loss: { kind: 'wganGp' } },
            { discriminator: 'concat' },
          ),
          data: imageData(3),
        },
      ];
      for (const { title, experiment, data } of cases) {
        const gan = createGan(experiment, data, new Rng(1));
        const x = tf.tensor2d(new Rng(1).fillUniform(new Float32Array(8 * data.dim), -1, 1), [8, data.dim]);
        const noise = tf.tensor2d(new Rng(2).fillNormal(new Float32Array(8 * 2)), [8, 2]);
        const step = { real: oneHot(realLabels, 3), fake: oneHot(fakeLabels, 3) };
        readStep(discriminatorStep(gan, x, noise, {}, step));
        readStep(generatorStep(gan, noise, {}, step.fake));
        const before = tf.memory().numTensors;
        const d = readStep(discriminatorStep(gan, x, noise, {}, step));
        const g = readStep(generatorStep(gan, noise, {}, step.fake));
        assert.equal(tf.memory().numTensors, before, title);
        assert.ok(Number.isFinite(d.loss) && Number.isFinite(g.loss) && d.components['d.gradientPenalty']! > 0);
        tf.dispose([x, noise, step.real, step.fake]);
        gan.dispose();
      }
    });
  });

  it('a checkpoint round-trips a conditional GAN: the class embedding and the auxiliary classifier too', async () => {
    const experiment = config({ conditional: { auxiliaryClassifier: 1 } });
    const a = createGan(experiment, vectorData(3), new Rng(1));
    const x = tf.tensor2d(new Rng(1).fillNormal(new Float32Array(8 * 2)), [8, 2]);
    const noise = tf.tensor2d(new Rng(2).fillNormal(new Float32Array(8 * 2)), [8, 2]);
    const step = { real: oneHot(labels(0, 1, 2, 0, 1, 2, 0, 1), 3), fake: oneHot(labels(1, 2, 0, 1, 2, 0, 1, 2), 3) };
    for (let i = 0; i < 3; i++) {
      readStep(discriminatorStep(a, x, noise, {}, step));
      readStep(generatorStep(a, noise, {}, step.fake));
    }
    const dir = tempDir();
    const name = await saveCheckpoint(dir, 3, a, new TrainingStreams(new Rng(5)).states());
    const manifest = JSON.parse(readFileSync(join(dir, name, 'checkpoint.json'), 'utf8')) as CheckpointManifest;
    const saved = manifest.weightsManifest[0]!.weights.map((w) => `${w.name} [${w.shape.join(', ')}]`);
    for (const expected of [
      'discriminator/embedding [3, 16]',
      'discriminator/classifier/kernel [16, 3]',
      'generator/dense0/kernel [5, 16]',
    ])
      assert.ok(saved.includes(expected), `${expected} not among ${saved.join(', ')}`);

    const b = createGan(experiment, vectorData(3), new Rng(99));
    const classify = (gan: Gan) =>
      tf.tidy(() => {
        const { output, classLogits } = gan.auxiliaryClassifier!.scoreAndClassify(x, 'eval', step.real);
        return [Array.from(output.dataSync()), Array.from(classLogits.dataSync())];
      });
    assert.notDeepEqual(classify(b), classify(a));
    loadCheckpoint(join(dir, name), b);
    assert.deepEqual(classify(b), classify(a));
    const zs = new Rng(4).fillNormal(new Float32Array(6 * 2));
    assert.deepEqual(generate(b, zs, labels(0, 1, 2, 2, 1, 0)), generate(a, zs, labels(0, 1, 2, 2, 1, 0)));
    assert.deepEqual(readStep(generatorStep(a, noise, {}, step.fake)).loss, readStep(generatorStep(b, noise, {}, step.fake)).loss);

    const unconditional = createGan(config({}), { dim: 2 }, new Rng(1));
    assert.throws(() => loadCheckpoint(join(dir, name), unconditional), /does not match the experiment's networks/);
    tf.dispose([x, noise, step.real, step.fake]);
    [a, b, unconditional].forEach((g) => g.dispose());
  });

  it('a conditional experiment on data without labels fails when the networks are built, naming the fix', () => {
    assert.throws(() => createGan(config({ conditional: {} }), { dim: 2 }, new Rng(1)), /"conditional" needs labelled data/);
  });
});
