/**
 * The learned image metric end to end on real MNIST images standing in for a generator: real
 * training digits score near the real level; a generator collapsed onto one digit, noise, and
 * wrong labels score as they must; the nearest training image of a training image is itself.
 */
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { join } from 'node:path';
import type { DataConfig } from '../../src/shared/experiment/schema';
import { selectBackend } from '../../src/training/backend';
import { createDataset } from '../../src/training/data/createDataset';
import type { Dataset } from '../../src/training/data/dataset';
import { LEARNED_SAMPLES, LearnedImageQuality, type LearnedImageSources } from '../../src/training/quality/learned/learnedImageQuality';
import { learnedSources } from '../../src/training/quality/learned/learnedSources';
import { Rng } from '../../src/training/random';

const EXAMPLES = join(__dirname, '..', '..', 'examples');
const DIGIT = 28 * 28;

/** `count` training digits of class `digit` (drawn from the data set with a fixed seed). */
function digitsOf(dataset: Dataset, digit: number, count: number): Float32Array {
  const batch = dataset.sampleLabeled!(count * 20, new Rng(7));
  const out = new Float32Array(count * DIGIT);
  let found = 0;
  for (let i = 0; i < batch.labels.length && found < count; i++)
    if (batch.labels[i] === digit) out.set(batch.x.subarray(i * DIGIT, (i + 1) * DIGIT), found++ * DIGIT);
  assert.equal(found, count);
  return out;
}

describe('learned image metric (MNIST classifier features)', function () {
  this.timeout(240_000);
  const config: DataConfig = { kind: 'mnist', split: 'train', size: 28, limit: 0, labels: true };
  let dataset: Dataset;
  let sources: LearnedImageSources;
  let quality: LearnedImageQuality;
  let tensorsBefore: number;

  before(async () => {
    await selectBackend('wasm');
    tensorsBefore = tf.memory().numTensors;
    dataset = createDataset(config, EXAMPLES);
    const full = learnedSources(config, dataset, EXAMPLES)!;
    // A smaller neighbour pool keeps the test fast; the search is the same.
    sources = { ...full, neighbours: { images: full.neighbours!.images.subarray(0, 2000 * DIGIT), count: 2000 } };
    quality = await LearnedImageQuality.create(sources, 1);
  });

  after(() => {
    quality.dispose();
    assert.equal(tf.memory().numTensors, tensorsBefore, 'tensors left behind by the metric');
  });

  it('real training digits score at the real level: all classes, precision and recall near the real ones', async () => {
    const { metrics, classes } = await quality.evaluate(dataset.sample(LEARNED_SAMPLES, new Rng(11)), new Rng(3));
    assert.equal(metrics.classesCovered, 10);
    assert.equal(metrics.classesTotal, 10);
    assert.ok(metrics.classKl! < 0.05, `class KL ${metrics.classKl}`);
    assert.ok(metrics.classifierScore! > 9, `classifier score ${metrics.classifierScore}`);
    assert.ok(
      metrics.frechetDistance! < 2 * metrics.realFrechetDistance! + 2,
      `FD ${metrics.frechetDistance} vs real ${metrics.realFrechetDistance}`,
    );
    assert.ok(metrics.noiseFrechetDistance! > 100 * metrics.realFrechetDistance!, `noise FD ${metrics.noiseFrechetDistance}`);
    assert.ok(Math.abs(metrics.precision! - metrics.realPrecision!) < 0.05 && Math.abs(metrics.recall! - metrics.realRecall!) < 0.05);
    assert.deepEqual(classes.names, ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    assert.equal(
      classes.counts.reduce((a, b) => a + b, 0),
      LEARNED_SAMPLES,
    );
  });

  it('a generator collapsed onto the digit 1 covers one class, loses recall and is far in Fréchet distance', async () => {
    const { metrics, classes } = await quality.evaluate(digitsOf(dataset, 1, 1000), new Rng(3));
    assert.equal(metrics.classesCovered, 1);
    assert.ok(classes.counts[1]! > 990, JSON.stringify(classes.counts));
    assert.ok(metrics.classKl! > 3, `class KL ${metrics.classKl} (log2 10 = 3.32 for one class)`);
    assert.ok(metrics.classifierScore! < 1.2, `classifier score ${metrics.classifierScore}`);
    assert.ok(metrics.recall! < 0.3, `recall ${metrics.recall}`);
    assert.ok(metrics.precision! > 0.8, `precision ${metrics.precision}: real ones are on the manifold`);
    assert.ok(metrics.frechetDistance! > 50 * metrics.realFrechetDistance!, `FD ${metrics.frechetDistance}`);
    assert.ok(
      metrics.kernelDistance! > 10 * Math.max(metrics.realKernelDistance!, metrics.kernelDistanceStd!),
      `KID ${metrics.kernelDistance}`,
    );
  });

  it('label agreement: the digits asked for get ~1, shuffled requests get the chance level', async () => {
    const batch = dataset.sampleLabeled!(LEARNED_SAMPLES, new Rng(21));
    const right = await quality.evaluate(batch.x, new Rng(3), batch.labels);
    assert.ok(right.metrics.labelAgreement! > 0.98, `agreement ${right.metrics.labelAgreement}`);
    const wrong = Int32Array.from(batch.labels, (label) => (label + 1) % 10);
    const off = await quality.evaluate(batch.x, new Rng(3), wrong);
    assert.ok(off.metrics.labelAgreement! < 0.03, `agreement ${off.metrics.labelAgreement}`);
  });

  it('the nearest training images of training images are themselves, at distance 0', async () => {
    const pool = sources.neighbours!.images;
    const queries = pool.subarray(5 * DIGIT, 9 * DIGIT);
    const found = (await quality.nearest(queries, 3))!;
    assert.equal(found.distances.length, 4);
    found.distances.forEach((row, i) => {
      assert.equal(row[0], 0);
      assert.ok(row[1]! >= row[0]! && row[2]! >= row[1]!, `sorted: ${row}`);
      assert.deepEqual(found.images.subarray(i * 3 * DIGIT, (i * 3 + 1) * DIGIT), queries.subarray(i * DIGIT, (i + 1) * DIGIT));
    });
  });
});

describe('learned image metric on Stacked MNIST', function () {
  this.timeout(240_000);

  it('real stacks cover most of the 1,000 modes at the real level; one fixed stack covers one', async () => {
    await selectBackend('wasm');
    const config: DataConfig = { kind: 'stackedMnist', split: 'train', size: 28, limit: 0 };
    const dataset = createDataset(config, EXAMPLES);
    const sources = learnedSources(config, dataset, EXAMPLES)!;
    assert.equal(sources.neighbours, undefined);
    const quality = await LearnedImageQuality.create({ ...sources, reference: sources.reference.subarray(0, 3000 * 3 * DIGIT) }, 1);
    try {
      const real = await quality.evaluate(dataset.sample(LEARNED_SAMPLES, new Rng(4)), new Rng(3));
      // 2,000 uniform draws over 1,000 modes hit 1 − e⁻² ≈ 86% of them.
      assert.ok(real.metrics.stackedModesCovered! > 800, `modes ${real.metrics.stackedModesCovered}`);
      assert.equal(real.metrics.stackedModesTotal, 1000);
      assert.ok(Math.abs(real.metrics.stackedModesCovered! - real.metrics.realStackedModesCovered!) < 40);
      assert.equal(real.classes.counts.length, 1000);
      const one = dataset.sample(1, new Rng(9));
      const same = new Float32Array(500 * one.length);
      for (let i = 0; i < 500; i++) same.set(one, i * one.length);
      const collapsed = await quality.evaluate(same, new Rng(3));
      assert.equal(collapsed.metrics.stackedModesCovered, 1);
      assert.ok(collapsed.metrics.stackedKl! > 9, `KL ${collapsed.metrics.stackedKl} (log2 1000 ≈ 9.97)`);
    } finally {
      quality.dispose();
    }
  });
});
