/**
 * Conditional runs end to end (issue 17): a conditional ring-8 trained on the CPU puts the samples
 * asked for class k on mode k; the run records its classes, the AC-GAN terms and, for images, a
 * fixed grid with one row per class; gan-sample holds each chain's class; the exported generator
 * takes [z | one-hot].
 */
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import type { MetricRecord, RunMeta, SampleRecord } from '../../src/shared/runFormat';
import { selectBackend } from '../../src/training/backend';
import type { Dataset } from '../../src/training/data/dataset';
import { exportGenerator } from '../../src/training/export/exportGenerator';
import type { Gan } from '../../src/training/gan';
import { createGan } from '../../src/training/gan';
import { oneHot } from '../../src/training/labels';
import { sampleLatent } from '../../src/training/latent';
import { Rng } from '../../src/training/random';
import { generate } from '../../src/training/recording/evaluate';
import { GRID_GUTTER, toByte } from '../../src/training/recording/imageGrid';
import { ImageSampleWriter } from '../../src/training/recording/imageSamples';
import { RunDirectory } from '../../src/training/run/runDirectory';
import { loadTrainedRun } from '../../src/training/run/loadTrainedRun';
import { sampleTrainedRun } from '../../src/training/sampling/sampleTrainedRun';
import { ringExperiment, tempDir, type Json } from '../helpers/experiments';
import { prepareRun } from '../helpers/runTrainer';

const STD = 0.05;
const MODES = 8;
/** Generator steps of the ring run: measured shares (mean over classes, seeds 1–5) 0.75 at 300 steps, 0.93–0.97 at 800. */
const RING_STEPS = 800;

const ring = (overrides: Json = {}) =>
  ringExperiment({
    seed: 1,
    conditional: {},
    data: { kind: 'ring', modes: MODES, radius: 2, std: STD },
    generator: { kind: 'mlp', hidden: [64, 64] },
    discriminator: { kind: 'mlp', hidden: [64, 64] },
    optimizer: { generator: { kind: 'adam', lr: 0.001, beta1: 0.5 }, discriminator: { kind: 'adam', lr: 0.001, beta1: 0.5 } },
    schedule: { steps: RING_STEPS, batchSize: 64 },
    logging: { metricsEvery: 100, histogramsEvery: 400, samplesEvery: 400, checkpointEvery: 0, sampleCount: 64, gridResolution: 8 },
    ...overrides,
  });

const modeCentre = (k: number) => [2 * Math.cos((2 * Math.PI * k) / MODES), 2 * Math.sin((2 * Math.PI * k) / MODES)] as const;
const nearMode = (x: number, y: number, k: number) => Math.hypot(x - modeCentre(k)[0], y - modeCentre(k)[1]) < 3 * STD;

/** Per class k: the share of n samples generated for class k that lie within 3σ of mode k. */
function classShares(gan: Gan, n = 256): number[] {
  const rng = new Rng(99);
  return Array.from({ length: MODES }, (_, k) => {
    const x = generate(gan, sampleLatent(rng, n, { dim: 2, distribution: 'normal' }), new Int32Array(n).fill(k));
    let inside = 0;
    for (let i = 0; i < n; i++) if (nearMode(x[2 * i]!, x[2 * i + 1]!, k)) inside++;
    return inside / n;
  });
}

const lines = <T>(path: string) =>
  readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as T);

describe('conditional runs', function () {
  this.timeout(120_000);
  before(async () => {
    await selectBackend('wasm');
  });

  describe('a conditional ring-8 (labels: the mode index)', () => {
    let runDir = '';

    before(async function () {
      this.timeout(180_000);
      const run = prepareRun(ring());
      assert.equal(await run.trainer.run(), 'completed', JSON.stringify(run.of('failed')));
      runDir = run.runDir();
    });

    it(`after ${RING_STEPS} steps puts most samples asked for class k within 3σ of mode k (none before training)`, () => {
      const trained = loadTrainedRun(runDir);
      const untrained = createGan(trained.config, trained.shape, new Rng(1));
      const before = classShares(untrained);
      const after = classShares(trained.gan);
      untrained.dispose();
      trained.gan.dispose();
      const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
      assert.ok(mean(before) < 0.2, `before training: ${before.join(', ')}`);
      assert.ok(mean(after) >= 0.8, `mean share ${mean(after)}: ${after.join(', ')}`);
      assert.ok(Math.min(...after) >= 0.5, `every class: ${after.join(', ')}`);
    });

    it('records its classes in run.json and samples the fixed batch for labels cycling through them', () => {
      const meta = JSON.parse(readFileSync(join(runDir, 'run.json'), 'utf8')) as RunMeta;
      assert.deepEqual(meta.data?.classes?.names, ['0', '1', '2', '3', '4', '5', '6', '7']);
      const record = JSON.parse(
        readFileSync(join(runDir, 'samples', `step-${String(RING_STEPS).padStart(8, '0')}.json`), 'utf8'),
      ) as SampleRecord;
      assert.equal(record.fixed.length, 64);
      // The fixed batch's row i is asked for class i mod 8: at the end most rows sit on their mode.
      const onOwnMode = record.fixed.filter(([x, y], i) => nearMode(x!, y!, i % MODES)).length;
      assert.ok(onOwnMode >= 0.8 * 64, `${onOwnMode} of 64 fixed samples on their class's mode`);
      assert.equal(record.grid?.values.length, 8 * 8, 'D on the grid (its mean over the classes)');
      const experiment = JSON.parse(readFileSync(join(runDir, 'experiment.json'), 'utf8')) as { conditional: unknown };
      assert.deepEqual(experiment.conditional, { discriminator: 'projection', auxiliaryClassifier: 0 });
    });

    it('gan-sample holds chain i to class i mod 8 and records each chain’s class', () => {
      const { record } = sampleTrainedRun(runDir, {
        settings: { method: 'mala', steps: 20, stepSize: 0.0005, temperature: 1, start: 'fresh', prior: true, chains: 20 },
        backend: 'wasm',
      });
      assert.deepEqual(
        record.chainClasses,
        Array.from({ length: 20 }, (_, i) => String(i % MODES)),
      );
      const held = record.after.filter(([x, y], i) => nearMode(x!, y!, i % MODES)).length;
      assert.ok(held >= 14, `${held} of 20 chains end on their class's mode`);
      assert.equal(record.paths.energyGrid, undefined);
      assert.ok(
        record.notes.some((n) => /no energy grid: a conditional run/.test(n)),
        record.notes.join('; '),
      );
    });

    it('exports a generator whose layers model takes [z | one-hot] and whose metadata names the classes', async () => {
      const { folder, metadata } = await exportGenerator(runDir, { out: join(tempDir(), 'generator') });
      assert.deepEqual(metadata.data.classes?.names, ['0', '1', '2', '3', '4', '5', '6', '7']);
      assert.match(metadata.input, /^one row of 10 numbers per sample: z: 2 numbers .*, then the class one-hot \(8 numbers/);
      const json = JSON.parse(readFileSync(join(folder, 'model.json'), 'utf8')) as {
        modelTopology: tf.io.ModelArtifacts['modelTopology'];
        weightsManifest: { weights: tf.io.WeightsManifestEntry[] }[];
      };
      const bin = readFileSync(join(folder, 'weights.bin'));
      const model = await tf.loadLayersModel(
        tf.io.fromMemory({
          modelTopology: json.modelTopology!,
          weightSpecs: json.weightsManifest[0]!.weights,
          weightData: bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength),
        }),
      );
      const z = new Rng(3).fillNormal(new Float32Array(8 * 2));
      const classes = Int32Array.from({ length: 8 }, (_, i) => 7 - i);
      const input = tf.concat([tf.tensor2d(z, [8, 2]), oneHot(classes, 8)], 1);
      const exported = model.predict(input) as tf.Tensor;
      const trained = loadTrainedRun(runDir);
      const expected = generate(trained.gan, z, classes);
      trained.gan.dispose();
      assert.ok(
        Array.from(exported.dataSync()).every((v, i) => Math.abs(v - expected[i]!) < 1e-5),
        'the page’s samples are the trainer’s',
      );
      tf.dispose([input, exported]);
      model.dispose();
    });
  });

  it('an AC-GAN run with a concat WGAN-GP critic logs d.auxiliary and g.auxiliary in every metrics record', async () => {
    const run = prepareRun(
      ring({
        conditional: { discriminator: 'concat', auxiliaryClassifier: 0.5 },
        loss: { kind: 'wganGp' },
        schedule: { steps: 20, batchSize: 16 },
        logging: { metricsEvery: 5, histogramsEvery: 10, samplesEvery: 10, checkpointEvery: 10, sampleCount: 16, gridResolution: 4 },
      }),
    );
    assert.equal(await run.trainer.run(), 'completed', JSON.stringify(run.of('failed')));
    const metrics = lines<MetricRecord>(join(run.runDir(), 'metrics.jsonl'));
    assert.equal(metrics.length, 4);
    for (const m of metrics) {
      const { 'd.auxiliary': d, 'g.auxiliary': g } = m.components;
      assert.ok(d !== undefined && g !== undefined && d > 0 && g > 0, JSON.stringify(m.components));
      // Untrained, the classifier is near chance: weight·(CE real + CE fake) ≈ 0.5·2·ln 8.
      if (m.step === 5) assert.ok(Math.abs(d - Math.log(8)) < 0.5, `d.auxiliary ${d}`);
    }
  });

  describe('image data', () => {
    /** 8×8 images whose class c (of `names`) sets the brightness of row c; one class per sample, drawn uniformly. */
    function labelledImages(names: string[]): Dataset {
      const side = 8;
      const dim = side * side;
      const sampleLabeled = (n: number, rng: Rng) => {
        const x = new Float32Array(n * dim).fill(-1);
        const labels = new Int32Array(n);
        for (let i = 0; i < n; i++) {
          labels[i] = rng.int(names.length);
          for (let col = 0; col < side; col++) x[i * dim + (labels[i]! % side) * side + col] = 1;
        }
        return { x, labels };
      };
      return {
        kind: 'shapes',
        dim,
        layout: 'images',
        bounds: { min: new Array<number>(dim).fill(-1), max: new Array<number>(dim).fill(1) },
        image: { height: side, width: side, channels: 1 },
        classes: { names },
        sample: (n, rng) => sampleLabeled(n, rng).x,
        sampleLabeled,
      };
    }

    const imageRun = () =>
      ringExperiment({
        conditional: {},
        latent: { dim: 3 },
        generator: { kind: 'mlp', hidden: [8], outputActivation: 'tanh' },
        discriminator: { kind: 'mlp', hidden: [8] },
        schedule: { steps: 2, batchSize: 8 },
        logging: { metricsEvery: 1, histogramsEvery: 1, samplesEvery: 2, checkpointEvery: 2, sampleCount: 64 },
      });

    it('with at most 16 classes the fixed grid has one row per class, named by rowClasses, each row drawn for its class', async () => {
      const names = ['a', 'b', 'c'];
      const run = prepareRun(imageRun(), { dataset: labelledImages(names) });
      assert.equal(await run.trainer.run(), 'completed', JSON.stringify(run.of('failed')));
      const dir = run.runDir();
      const record = JSON.parse(readFileSync(join(dir, 'samples', 'step-00000002.json'), 'utf8')) as SampleRecord;
      assert.deepEqual(record.images?.rowClasses, names);
      assert.equal(record.images?.columns, 8, 'as many tiles per row as the square grid of 64 has');
      const png = PNG.sync.read(readFileSync(join(dir, record.images!.fixedPng)));
      assert.deepEqual([png.width, png.height], [8 * 8 + 7 * GRID_GUTTER, 3 * 8 + 2 * GRID_GUTTER]);

      // Tile (row r, column c) is G(fixed z of tile r·8 + c, class r) with the final weights.
      const trained = loadTrainedRun(dir);
      const fixedZ = sampleLatent(new Rng(7).fork('fixed-noise'), 64, { dim: 3, distribution: 'normal' });
      for (const r of [0, 1, 2]) {
        const tiles = generate(trained.gan, fixedZ.subarray(r * 8 * 3, (r + 1) * 8 * 3), new Int32Array(8).fill(r));
        for (const c of [0, 5]) {
          for (const [py, px] of [
            [0, 0],
            [3, 6],
          ] as const) {
            const pngIndex = ((r * (8 + GRID_GUTTER) + py) * png.width + c * (8 + GRID_GUTTER) + px) * 4;
            assert.equal(png.data[pngIndex], toByte(tiles[c * 64 + py * 8 + px]!), `tile ${r},${c} pixel ${py},${px}`);
          }
        }
      }
      trained.gan.dispose();
    });

    it('with more than 16 classes the grid keeps its square layout, its labels cycle through the classes and no rowClasses', async () => {
      const names = Array.from({ length: 20 }, (_, i) => `class${i}`);
      const dataset = labelledImages(names);
      const writer = new ImageSampleWriter(RunDirectory.create(tempDir(), 'many'), dataset, dataset.image!, 64, names);
      assert.equal(writer.rowClasses, undefined);
      assert.deepEqual([writer.count, writer.columns], [64, 8]);
      assert.deepEqual(Array.from(writer.fixedLabels(23, 20)), [...Array(20).keys(), 0, 1, 2]);
      const byRow = new ImageSampleWriter(RunDirectory.create(tempDir(), 'few'), dataset, dataset.image!, 64, names.slice(0, 10));
      assert.deepEqual([byRow.count, byRow.columns, byRow.rowClasses?.length], [60, 6, 10]);
      assert.deepEqual(Array.from(byRow.fixedLabels(14, 10)), [0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 2, 2]);
      const tiny = new ImageSampleWriter(RunDirectory.create(tempDir(), 'tiny'), dataset, dataset.image!, 4, names.slice(0, 10));
      assert.deepEqual([tiny.count, tiny.columns], [10, 1], 'one tile per class even when the sample count is smaller');
    });
  });
});
