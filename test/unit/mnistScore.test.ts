/**
 * bench/mnistScore.ts's pieces: the sample dumps of bench/pytorch/mnist_dcgan.py read back exactly,
 * and the trainer's learned metric applied to them scoring real digits as real digits.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readEvalRecords, readRunSeed, readSampleDump, type EvalRecord } from '../../bench/mnist/sampleDumps';
import { createSampleScorer } from '../../bench/mnist/trainerMetric';
import { selectBackend } from '../../src/training/backend';
import { readMnistSplit } from '../../src/training/data/mnist';
import { tempDir } from '../helpers/experiments';

const EXAMPLE = join(__dirname, '..', '..', 'examples', 'mnist-dcgan.gan.json');

/** Writes `images` as mnist_dcgan.py does: raw little-endian float32. */
function writeDump(dir: string, name: string, images: Float32Array): void {
  const bytes = Buffer.alloc(images.length * 4);
  images.forEach((v, i) => bytes.writeFloatLE(v, 4 * i));
  writeFileSync(join(dir, name), bytes);
}

const record = (step: number, n: number): EvalRecord => ({
  step,
  trainSeconds: step / 100,
  wallSeconds: step / 90,
  dLoss: 1.1,
  gLoss: 0.8,
  samples: `samples-${step}.f32`,
  n,
});

describe('MNIST sample dumps (bench/mnistScore.ts)', () => {
  it('reads every complete evals.jsonl line and the float32 images bit for bit; a line cut short is left out', () => {
    const dir = tempDir();
    const images = Float32Array.from({ length: 2 * 784 }, (_, i) => Math.sin(i) * 0.999);
    writeDump(dir, 'samples-10.f32', images);
    writeFileSync(join(dir, 'evals.jsonl'), `${JSON.stringify(record(10, 2))}\n${JSON.stringify(record(20, 2))}\n{"step": 30, "trainSec`);
    writeFileSync(join(dir, 'run.json'), JSON.stringify({ seed: 3, steps: 30 }));
    const records = readEvalRecords(dir);
    assert.deepEqual(
      records.map((r) => r.step),
      [10, 20],
    );
    assert.deepEqual(readSampleDump(dir, records[0]!), images);
    assert.equal(readRunSeed(dir), 3);
  });

  it('refuses a dump whose size does not match its record, and a record that names a file outside the run', () => {
    const dir = tempDir();
    writeDump(dir, 'samples-10.f32', new Float32Array(784));
    assert.throws(() => readSampleDump(dir, record(10, 2)), /3136 bytes, expected 6272 \(2 images/);
    writeFileSync(join(dir, 'evals.jsonl'), `${JSON.stringify({ ...record(10, 1), samples: '../x.f32' })}\n`);
    assert.throws(() => readEvalRecords(dir), /line 1: "samples" must name a file in the run folder/);
    assert.equal(readRunSeed(dir), undefined);
  });

  it("scores a dump of real training digits with the trainer's metric as real data, and noise as noise", async function () {
    this.timeout(180_000);
    await selectBackend('wasm');
    const pixels = readMnistSplit('mnist', 'train', false, join(__dirname, '..', '..', 'examples')).images.pixels;
    const n = 1000;
    const real = Float32Array.from(pixels.subarray(30_000 * 784, (30_000 + n) * 784), (b) => b / 127.5 - 1);
    const noise = Float32Array.from({ length: n * 784 }, (_, i) => ((i * 7919) % 1000) / 500 - 1);
    const dir = tempDir();
    writeDump(dir, 'samples-10.f32', real);
    writeDump(dir, 'samples-20.f32', noise);
    const scorer = await createSampleScorer(EXAMPLE, 2);
    try {
      assert.equal(scorer.seed, 2);
      const realScore = await scorer.score(readSampleDump(dir, record(10, n)));
      const noiseScore = await scorer.score(readSampleDump(dir, record(20, n)));
      const { frechetDistance, noiseFrechetDistance, realFrechetDistance, classesCovered, classifierScore } = realScore.metrics;
      // 1,000 real digits (measured: 9.7) sit near the level of 2,000 random training images (3.7) and far below noise (1,636).
      assert.ok(
        frechetDistance! < 5 * realFrechetDistance!,
        `real digits: Fréchet ${frechetDistance} vs real level ${realFrechetDistance}`,
      );
      assert.ok(frechetDistance! < noiseFrechetDistance! / 50, `real digits: Fréchet ${frechetDistance} vs noise ${noiseFrechetDistance}`);
      assert.equal(classesCovered, 10);
      assert.ok(classifierScore! > 8, `classifier score of real digits ${classifierScore}`);
      assert.equal(
        realScore.classes.counts.reduce((a, b) => a + b, 0),
        n,
      );
      assert.ok(noiseScore.metrics.frechetDistance! > 20 * frechetDistance!, `noise: Fréchet ${noiseScore.metrics.frechetDistance}`);
    } finally {
      scorer.dispose();
    }
  });
});
