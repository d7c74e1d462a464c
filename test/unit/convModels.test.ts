/**
 * The DCGAN networks (src/training/models/dcgan*.ts): shapes for every supported image size,
 * parameter counts against a hand computation, gradients reaching every variable, the tf.layers
 * export against `apply` in eval mode, and clear errors for data they cannot take.
 */
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import type { ImageShape } from '../../src/shared/runFormat';
import { selectBackend } from '../../src/training/backend';
import { DcganDiscriminator, type DcganDiscriminatorConfig } from '../../src/training/models/dcganDiscriminator';
import { DcganGenerator, type DcganGeneratorConfig } from '../../src/training/models/dcganGenerator';
import type { Network } from '../../src/training/models/network';
import { Rng } from '../../src/training/random';

type Normalization = 'none' | 'batch' | 'layer';
type Activation = 'relu' | 'leakyRelu' | 'tanh' | 'elu';

const MNIST: ImageShape = { height: 28, width: 28, channels: 1 };

const generatorConfig = (normalization: Normalization = 'batch', activation: Activation = 'relu', channels = 4): DcganGeneratorConfig => ({
  kind: 'dcgan',
  channels,
  kernelSize: 4,
  normalization,
  activation,
  leakySlope: 0.2,
});
const discriminatorConfig = (
  normalization: Normalization = 'batch',
  activation: Activation = 'leakyRelu',
  channels = 4,
): DcganDiscriminatorConfig => ({
  kind: 'dcgan',
  channels,
  kernelSize: 4,
  normalization,
  activation,
  leakySlope: 0.2,
});

const LATENT = 8;
const uniformRows = (rng: Rng, n: number, dim: number) => tf.tensor2d(rng.fillUniform(new Float32Array(n * dim), -1, 1), [n, dim]);
const normalRows = (rng: Rng, n: number, dim: number) => tf.tensor2d(rng.fillNormal(new Float32Array(n * dim)), [n, dim]);
const parameterCount = (net: Network) => net.trainable.reduce((n, v) => n + v.size, 0);
const maxAbsDiff = (a: tf.Tensor, b: tf.Tensor) => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!);

describe('dcgan networks', () => {
  before(async () => {
    await selectBackend('cpu');
  });

  for (const size of [28, 32, 64]) {
    for (const channels of [1, 3] as const) {
      it(`${size}×${size}×${channels}: G maps [n, latent] to [n, ${size * size * channels}] in [−1, 1], D maps that to [n, 1]`, () => {
        const image: ImageShape = { height: size, width: size, channels };
        const g = new DcganGenerator('generator', LATENT, image, generatorConfig(), new Rng(1));
        const d = new DcganDiscriminator('discriminator', image, discriminatorConfig(), new Rng(2));
        assert.equal(g.outputDim, size * size * channels);
        assert.equal(d.inputDim, size * size * channels);
        const z = normalRows(new Rng(3), 3, LATENT);
        const before = tf.memory().numTensors;
        for (const mode of ['train', 'eval'] as const) {
          const x = g.apply(z, mode);
          const y = d.apply(x, mode);
          assert.deepEqual(x.shape, [3, size * size * channels]);
          assert.deepEqual(y.shape, [3, 1]);
          const values = x.dataSync();
          assert.ok(values.every((v) => v >= -1 && v <= 1 && Number.isFinite(v)));
          assert.ok(y.dataSync().every(Number.isFinite));
          tf.dispose([x, y]);
        }
        assert.equal(tf.memory().numTensors, before, 'apply leaked');
        z.dispose();
        g.dispose();
        d.dispose();
      });
    }
  }

  it('parameter counts match a hand computation (28×28×1, base channels 4, latent 8)', () => {
    // G: projection 8 → 7·7·8 (no bias before batch norm), then 8 → 4 and 4 → 1 transposed 4×4 convolutions.
    const projection = 8 * (7 * 7 * 8);
    const up1 = 4 * 4 * 4 * 8;
    const output = 4 * 4 * 1 * 4 + 1;
    const counts = (norm: Normalization) =>
      parameterCount(new DcganGenerator('generator', LATENT, MNIST, generatorConfig(norm), new Rng(1)));
    // batch: γ and β per channel (8 after the projection, 4 after up1), and no bias before them.
    assert.equal(counts('batch'), projection + 2 * 8 + up1 + 2 * 4 + output);
    // layer: γ and β per element (7·7·8, 14·14·4), biases kept.
    assert.equal(counts('layer'), projection + 7 * 7 * 8 + 2 * 7 * 7 * 8 + up1 + 4 + 2 * 14 * 14 * 4 + output);
    assert.equal(counts('none'), projection + 7 * 7 * 8 + up1 + 4 + output);
    // D: 1 → 4 (bias: never normalised), 4 → 8 (normalised), dense 7·7·8 → 1.
    const conv0 = 4 * 4 * 1 * 4 + 4;
    const conv1 = 4 * 4 * 4 * 8;
    const dense = 7 * 7 * 8 + 1;
    const dCounts = (norm: Normalization) =>
      parameterCount(new DcganDiscriminator('discriminator', MNIST, discriminatorConfig(norm), new Rng(2)));
    assert.equal(dCounts('batch'), conv0 + conv1 + 2 * 8 + dense);
    assert.equal(dCounts('layer'), conv0 + conv1 + 8 + 2 * 7 * 7 * 8 + dense);
    assert.equal(dCounts('none'), conv0 + conv1 + 8 + dense);
    // The running statistics are variables (checkpointed) but not trainable.
    const g = new DcganGenerator('generator', LATENT, MNIST, generatorConfig('batch'), new Rng(1));
    assert.equal(g.variables.length - g.trainable.length, 4);
    g.dispose();
  });

  it('base channels double per block in D and halve per block in G (64×64×3: 512, 256, 128, 64, as in DCGAN)', () => {
    const image: ImageShape = { height: 64, width: 64, channels: 3 };
    const g = new DcganGenerator('generator', 100, image, generatorConfig('batch', 'relu', 64), new Rng(1));
    const d = new DcganDiscriminator('discriminator', image, discriminatorConfig('batch', 'leakyRelu', 64), new Rng(2));
    const kernels = (net: Network) => net.trainable.filter((v) => v.shape.length === 4).map((v) => v.shape);
    assert.deepEqual(kernels(g), [
      [4, 4, 256, 512],
      [4, 4, 128, 256],
      [4, 4, 64, 128],
      [4, 4, 3, 64],
    ]);
    assert.deepEqual(g.trainable[0]!.shape, [100, 4 * 4 * 512]);
    assert.deepEqual(kernels(d), [
      [4, 4, 3, 64],
      [4, 4, 64, 128],
      [4, 4, 128, 256],
      [4, 4, 256, 512],
    ]);
    assert.deepEqual(d.trainable.at(-2)!.shape, [4 * 4 * 512, 1]);
    g.dispose();
    d.dispose();
  });

  for (const normalization of ['batch', 'layer', 'none'] as const) {
    it(`normalization ${normalization}: every trainable variable of G and D gets a non-zero gradient`, () => {
      const g = new DcganGenerator('generator', LATENT, MNIST, generatorConfig(normalization), new Rng(1));
      const d = new DcganDiscriminator('discriminator', MNIST, discriminatorConfig(normalization), new Rng(2));
      const rng = new Rng(3);
      const z = normalRows(rng, 6, LATENT);
      const real = uniformRows(rng, 6, 784);
      const nonZero = (net: Network, loss: () => tf.Scalar) =>
        tf.tidy(() => {
          const { grads } = tf.variableGrads(loss, net.trainable);
          return net.trainable.map((v) => ({ name: v.name, largest: grads[v.name] ? tf.max(tf.abs(grads[v.name]!)).dataSync()[0]! : 0 }));
        });
      // The non-saturating G loss through D, and D's BCE-like real/fake terms (softplus of ∓D).
      const gGrads = nonZero(g, () => tf.mean(tf.softplus(tf.neg(d.apply(g.apply(z, 'train'), 'train')))) as tf.Scalar);
      const dGrads = nonZero(d, () =>
        tf.tidy(() => {
          const fake = g.apply(z, 'train');
          return tf.add(tf.mean(tf.softplus(tf.neg(d.apply(real, 'train')))), tf.mean(tf.softplus(d.apply(fake, 'train')))) as tf.Scalar;
        }),
      );
      for (const { name, largest } of [...gGrads, ...dGrads]) assert.ok(largest > 1e-7, `${name}: largest |gradient| ${largest}`);
      tf.dispose([z, real]);
      g.dispose();
      d.dispose();
    });
  }

  for (const normalization of ['batch', 'layer', 'none'] as const) {
    for (const activation of ['relu', 'leakyRelu', 'tanh', 'elu'] as const) {
      it(`toLayersModel() equals apply(x, "eval") for G and D (${normalization}, ${activation}) and keeps its own copy of the weights`, () => {
        const image: ImageShape = { height: 32, width: 32, channels: 3 };
        const g = new DcganGenerator('generator', LATENT, image, generatorConfig(normalization, activation), new Rng(1));
        const d = new DcganDiscriminator('discriminator', image, discriminatorConfig(normalization, activation), new Rng(2));
        const rng = new Rng(3);
        // Train-mode passes move the running statistics away from (0, 1).
        for (let i = 0; i < 3; i++) {
          tf.tidy(() => d.apply(g.apply(tf.mul(normalRows(rng, 8, LATENT), 1 + i) as tf.Tensor2D, 'train'), 'train'));
        }
        if (normalization === 'batch') {
          const running = g.variables.slice(g.trainable.length);
          const moved = (v: tf.Variable) => tf.tidy(() => maxAbsDiff(v, v.name.includes('runningMean') ? tf.zerosLike(v) : tf.onesLike(v)));
          assert.ok(
            running.every((v) => moved(v) > 1e-4),
            running.map((v) => `${v.name}: ${moved(v)}`).join(', '),
          );
        }
        const z = normalRows(rng, 5, LATENT);
        const before = tf.memory().numTensors;
        const gModel = g.toLayersModel();
        const dModel = d.toLayersModel();
        const x = g.apply(z, 'eval');
        const gOut = gModel.predict(z) as tf.Tensor;
        const dOut = dModel.predict(x) as tf.Tensor;
        const dApplied = d.apply(x, 'eval');
        assert.deepEqual(gOut.shape, x.shape);
        assert.ok(maxAbsDiff(gOut, x) < 1e-5, `G: ${maxAbsDiff(gOut, x)}`);
        assert.ok(maxAbsDiff(dOut, dApplied) < 1e-5, `D: ${maxAbsDiff(dOut, dApplied)}`);
        // Changing the network afterwards leaves the exported model as it was.
        tf.tidy(() => {
          for (const v of [...g.trainable, ...d.trainable]) v.assign(tf.add(v, 0.5));
        });
        const gAgain = gModel.predict(z) as tf.Tensor;
        const dAgain = dModel.predict(x) as tf.Tensor;
        assert.equal(maxAbsDiff(gAgain, gOut), 0);
        assert.equal(maxAbsDiff(dAgain, dOut), 0);
        tf.dispose([x, gOut, dOut, dApplied, gAgain, dAgain]);
        gModel.dispose();
        dModel.dispose();
        assert.equal(tf.memory().numTensors, before, 'export leaked');
        z.dispose();
        g.dispose();
        d.dispose();
      });
    }
  }

  for (const normalization of ['batch', 'layer'] as const) {
    it(`the exported models (${normalization} norm) survive saving and loading in the layers-model format`, async () => {
      const image: ImageShape = { height: 28, width: 28, channels: 3 };
      const nets: Network[] = [
        new DcganGenerator('generator', LATENT, image, generatorConfig(normalization, 'elu'), new Rng(1)),
        new DcganDiscriminator('discriminator', image, discriminatorConfig(normalization), new Rng(2)),
      ];
      for (const net of nets) {
        const model = net.toLayersModel();
        let saved: tf.io.ModelArtifacts | undefined;
        await model.save(
          tf.io.withSaveHandler(async (artifacts) => {
            saved = artifacts;
            return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
          }),
        );
        const loaded = await tf.loadLayersModel(
          tf.io.fromMemory(JSON.parse(JSON.stringify(saved!.modelTopology)), saved!.weightSpecs, saved!.weightData),
        );
        const x = net === nets[0] ? normalRows(new Rng(3), 4, LATENT) : uniformRows(new Rng(3), 4, net.inputDim);
        const expected = net.apply(x, 'eval');
        const actual = loaded.predict(x) as tf.Tensor;
        assert.ok(maxAbsDiff(actual, expected) < 1e-5, `${net.name}: ${maxAbsDiff(actual, expected)}`);
        tf.dispose([x, expected, actual]);
        model.dispose();
        loaded.dispose();
        net.dispose();
      }
    });
  }

  it('flat data and unsupported image sizes are refused with the config field named', () => {
    assert.throws(
      () => new DcganGenerator('generator', LATENT, undefined, generatorConfig(), new Rng(1)),
      /generator\.kind "dcgan" needs image data.*"mlp"/,
    );
    assert.throws(
      () => new DcganDiscriminator('discriminator', undefined, discriminatorConfig(), new Rng(1)),
      /discriminator\.kind "dcgan" needs image data/,
    );
    assert.throws(
      () => new DcganDiscriminator('discriminator', { height: 48, width: 48, channels: 1 }, discriminatorConfig(), new Rng(1)),
      /discriminator\.kind "dcgan" is built for square images of 28, 32, 64 pixels; these are 48×48/,
    );
    assert.throws(
      () => new DcganGenerator('generator', LATENT, { height: 28, width: 32, channels: 3 }, generatorConfig(), new Rng(1)),
      /these are 28×32/,
    );
  });

  it('kernel size 5 (the TensorFlow DCGAN) gives the same shapes', () => {
    const g = new DcganGenerator('generator', LATENT, MNIST, { ...generatorConfig(), kernelSize: 5 }, new Rng(1));
    const d = new DcganDiscriminator('discriminator', MNIST, { ...discriminatorConfig(), kernelSize: 5 }, new Rng(2));
    const z = normalRows(new Rng(3), 2, LATENT);
    const y = tf.tidy(() => d.apply(g.apply(z, 'train'), 'train'));
    assert.deepEqual(y.shape, [2, 1]);
    assert.deepEqual(g.trainable[1]!.shape, [5, 5, 4, 8]);
    tf.dispose([z, y]);
    g.dispose();
    d.dispose();
  });
});
