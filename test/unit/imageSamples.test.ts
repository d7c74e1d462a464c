/**
 * Image samples: the PNG grid (exact pixels, gutters, clamping), the recorder's writer (grids of G
 * on the fixed batch and one real grid, atomically, with a record of empty rows), a short run of
 * the real trainer on a tiny image data set, and the host's reading of the grids for the views.
 */
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { GridReader, isImageSamples, readGrid } from '../../src/extension/trainingRuns/sampleGrids';
import type { Experiment } from '../../src/shared/experiment/schema';
import { validateExperiment } from '../../src/shared/experiment/validate';
import { isGridPixels, type TrainerToHost } from '../../src/shared/protocol';
import type { ImageShape, SampleRecord } from '../../src/shared/runFormat';
import { selectBackend } from '../../src/training/backend';
import type { Dataset } from '../../src/training/data/dataset';
import { createGan } from '../../src/training/gan';
import { Rng } from '../../src/training/random';
import { generate } from '../../src/training/recording/evaluate';
import { encodeImageGrid, GRID_GUTTER, gridGeometry, MAX_GRID_TILES, toByte } from '../../src/training/recording/imageGrid';
import { ImageSampleWriter, REAL_GRID_PATH } from '../../src/training/recording/imageSamples';
import { RunDirectory } from '../../src/training/run/runDirectory';
import { Trainer } from '../../src/training/trainer';
import { ringExperiment, tempDir, writeExperimentFile } from '../helpers/experiments';

/** Tiny image data: sample i of a batch is a horizontal ramp from −1 to 1 plus a per-sample offset, clamped. */
function rampDataset(shape: ImageShape): Dataset {
  const dim = shape.height * shape.width * shape.channels;
  return {
    kind: 'shapes',
    dim,
    layout: 'images',
    bounds: { min: new Array<number>(dim).fill(-1), max: new Array<number>(dim).fill(1) },
    image: shape,
    sample(n: number, rng: Rng): Float32Array {
      const out = new Float32Array(n * dim);
      for (let i = 0; i < n; i++) {
        const offset = rng.uniform(-0.3, 0.3);
        for (let y = 0; y < shape.height; y++)
          for (let x = 0; x < shape.width; x++)
            for (let c = 0; c < shape.channels; c++)
              out[i * dim + (y * shape.width + x) * shape.channels + c] = Math.max(
                -1,
                Math.min(1, -1 + (2 * x) / (shape.width - 1) + offset),
              );
      }
      return out;
    },
  };
}

function imageConfig(overrides: Record<string, unknown> = {}): Experiment {
  const result = validateExperiment(
    JSON.stringify(
      ringExperiment({
        latent: { dim: 3 },
        generator: { kind: 'mlp', hidden: [8], outputActivation: 'tanh' },
        discriminator: { kind: 'mlp', hidden: [8] },
        ...overrides,
      }),
    ),
  );
  assert.ok(result.ok, JSON.stringify(result.problems));
  return result.config;
}

const decode = (bytes: Buffer) => PNG.sync.read(bytes);
/** RGBA of pixel (x, y). */
const pixel = (png: PNG, x: number, y: number) => [...png.data.subarray((y * png.width + x) * 4, (y * png.width + x) * 4 + 4)];

describe('image samples: the PNG grid', () => {
  it('greyscale: one generated pixel is one PNG pixel, [−1, 1] → [0, 255] clamped, transparent gutters and empty cells', () => {
    const shape: ImageShape = { height: 2, width: 3, channels: 1 };
    // Three samples in two columns: the fourth cell stays empty.
    const values = [
      [-1, 0, 1, 0.5, -0.5, 0.999],
      [-3, 3, NaN, -0.999, 0.25, -0.25],
      [0.1, 0.2, 0.3, 0.4, 0.5, 0.6],
    ];
    const png = decode(encodeImageGrid(Float32Array.from(values.flat()), 3, shape, 2));
    assert.equal(GRID_GUTTER, 1);
    assert.deepEqual([png.width, png.height], [2 * 3 + 1, 2 * 2 + 1]);
    assert.deepEqual(gridGeometry(3, shape, 2), { columns: 2, rows: 2, width: 7, height: 5 });
    const expectTile = (i: number, ox: number, oy: number) => {
      for (let y = 0; y < 2; y++)
        for (let x = 0; x < 3; x++) {
          const v = toByte(values[i]![y * 3 + x]!);
          assert.deepEqual(pixel(png, ox + x, oy + y), [v, v, v, 255], `sample ${i} at (${x}, ${y})`);
        }
    };
    expectTile(0, 0, 0);
    expectTile(1, 4, 0);
    expectTile(2, 0, 3);
    // Exact bytes of the mapping, clamping included.
    assert.deepEqual([-1, 0, 1, 0.5, -0.5, 0.999, -3, 3, NaN].map(toByte), [0, 128, 255, 191, 64, 255, 0, 255, 0]);
    for (let y = 0; y < 5; y++) assert.equal(pixel(png, 3, y)[3], 0, `gutter column at y = ${y} is transparent`);
    for (let x = 0; x < 7; x++) assert.equal(pixel(png, x, 2)[3], 0, `gutter row at x = ${x} is transparent`);
    for (let y = 3; y < 5; y++) for (let x = 4; x < 7; x++) assert.equal(pixel(png, x, y)[3], 0, 'the empty cell is transparent');
  });

  it('RGB: channels in HWC order', () => {
    const shape: ImageShape = { height: 1, width: 2, channels: 3 };
    const png = decode(encodeImageGrid(Float32Array.from([1, -1, 0, -1, 1, 0.5]), 1, shape, 1));
    assert.deepEqual([png.width, png.height], [2, 1]);
    assert.deepEqual(pixel(png, 0, 0), [255, 0, 128, 255]);
    assert.deepEqual(pixel(png, 1, 0), [0, 255, 191, 255]);
  });
});

describe('image samples: the recorder’s writer', function () {
  this.timeout(60_000);
  before(async () => {
    await selectBackend('cpu');
  });

  it('writes step-N.png of G on the fixed batch (exact pixels), real.png once, and a record with empty rows; no tensor left', async () => {
    const shape: ImageShape = { height: 4, width: 5, channels: 3 };
    const dataset = rampDataset(shape);
    const config = imageConfig();
    const gan = createGan(config, dataset, new Rng(1));
    const dir = RunDirectory.create(tempDir(), 'images');
    const writer = new ImageSampleWriter(dir, dataset, shape, 10);
    assert.deepEqual([writer.count, writer.columns], [10, 4]);
    const fixedZ = new Rng(2).fillNormal(new Float32Array(12 * 3));
    const tensors = tf.memory().numTensors;
    const record = await writer.record(gan, 250, fixedZ, (n) => dataset.sample(n, new Rng(3)));
    assert.equal(tf.memory().numTensors, tensors, 'every tensor disposed');
    assert.deepEqual(record, {
      step: 250,
      dataKind: 'shapes',
      layout: 'images',
      fixed: [],
      fresh: [],
      real: [],
      images: { shape, columns: 4, fixedPng: 'samples/step-00000250.png', realPng: 'samples/real.png' },
    });
    const fixed = decode(readFileSync(dir.file('samples/step-00000250.png')));
    assert.deepEqual([fixed.width, fixed.height], [4 * 5 + 3, 3 * 4 + 2]);
    const generated = generate(gan, fixedZ.subarray(0, 10 * 3));
    for (let i = 0; i < 10; i++) {
      const ox = (i % 4) * 6;
      const oy = Math.floor(i / 4) * 5;
      for (let y = 0; y < 4; y++)
        for (let x = 0; x < 5; x++) {
          const v = (c: number) => toByte(generated[i * 60 + (y * 5 + x) * 3 + c]!);
          assert.deepEqual(pixel(fixed, ox + x, oy + y), [v(0), v(1), v(2), 255]);
        }
    }
    const realPath = dir.file(REAL_GRID_PATH);
    const real = decode(readFileSync(realPath));
    const batch = dataset.sample(10, new Rng(3));
    assert.deepEqual(pixel(real, 6 + 4, 0), [
      toByte(batch[60 + 4 * 3]!),
      toByte(batch[60 + 4 * 3 + 1]!),
      toByte(batch[60 + 4 * 3 + 2]!),
      255,
    ]);

    // A later step: a new grid, the real grid kept (not drawn again).
    const before = readFileSync(realPath);
    let drawn = 0;
    await writer.record(gan, 500, fixedZ, (n) => {
      drawn++;
      return dataset.sample(n, new Rng(99));
    });
    assert.equal(drawn, 0);
    assert.deepEqual(readFileSync(realPath), before);
    assert.ok(existsSync(dir.file('samples/step-00000500.png')));
    assert.deepEqual(
      readdirSync(dir.file('samples')).filter((f) => f.startsWith('.')),
      [],
      'no temp file left: written by temp file + rename',
    );
    gan.dispose();
  });

  it('at most MAX_GRID_TILES tiles, however large the recorded batch', () => {
    const shape: ImageShape = { height: 2, width: 2, channels: 1 };
    const writer = new ImageSampleWriter(RunDirectory.create(tempDir(), 'big'), rampDataset(shape), shape, 512);
    assert.deepEqual([writer.count, writer.columns], [MAX_GRID_TILES, 8]);
  });
});

describe('image samples: a short run of the trainer on image data', function () {
  this.timeout(120_000);

  it('every samplesEvery: samples/step-N.json (images, empty rows) beside step-N.png; real.png once; the samples messages carry the same', async () => {
    const shape: ImageShape = { height: 4, width: 4, channels: 1 };
    const config = imageConfig({
      schedule: { steps: 20, batchSize: 16 },
      logging: { metricsEvery: 5, histogramsEvery: 10, samplesEvery: 10, checkpointEvery: 0, sampleCount: 9 },
      backend: 'cpu',
    });
    const root = tempDir();
    const messages: TrainerToHost[] = [];
    const trainer = new Trainer({
      experimentFile: writeExperimentFile({}, root),
      config,
      outRoot: join(root, 'runs'),
      dataset: rampDataset(shape),
      emit: (m) => messages.push(m),
    });
    assert.equal(await trainer.run(), 'completed');
    const started = messages.find((m) => m.type === 'started');
    assert.ok(started?.type === 'started');
    const samplesDir = join(started.payload.runDir, 'samples');
    const files = readdirSync(samplesDir).sort();
    assert.deepEqual(files, [
      'real.png',
      'step-00000000.json',
      'step-00000000.png',
      'step-00000010.json',
      'step-00000010.png',
      'step-00000020.json',
      'step-00000020.png',
    ]);
    const records = files
      .filter((f) => f.endsWith('.json'))
      .map((f) => JSON.parse(readFileSync(join(samplesDir, f), 'utf8')) as SampleRecord);
    for (const r of records) {
      assert.equal(r.layout, 'images');
      assert.deepEqual([r.fixed, r.fresh, r.real], [[], [], []]);
      assert.equal(r.grid, undefined);
      assert.equal(r.line, undefined);
      assert.deepEqual(r.images, {
        shape,
        columns: 3,
        fixedPng: `samples/step-${String(r.step).padStart(8, '0')}.png`,
        realPng: 'samples/real.png',
      });
      const png = decode(readFileSync(join(started.payload.runDir, r.images!.fixedPng)));
      assert.deepEqual([png.width, png.height], [3 * 4 + 2, 3 * 4 + 2]);
    }
    const sent = messages.filter((m) => m.type === 'samples').map((m) => m.payload);
    assert.deepEqual(sent, records);
  });
});

describe('image samples: the host reads the grids for the views', function () {
  this.timeout(60_000);

  function runWithGrids() {
    const runDir = tempDir();
    mkdirSync(join(runDir, 'samples'));
    const shape: ImageShape = { height: 2, width: 2, channels: 1 };
    const fixed = Float32Array.from([-1, 1, 0, 0.5, 1, 1, -1, -1]);
    writeFileSync(join(runDir, 'samples/step-00000010.png'), encodeImageGrid(fixed, 2, shape, 2));
    writeFileSync(
      join(runDir, 'samples/real.png'),
      encodeImageGrid(
        fixed.map((v) => -v),
        2,
        shape,
        2,
      ),
    );
    const record: SampleRecord = {
      step: 10,
      dataKind: 'shapes',
      layout: 'images',
      fixed: [],
      fresh: [],
      real: [],
      images: { shape, columns: 2, fixedPng: 'samples/step-00000010.png', realPng: 'samples/real.png' },
    };
    return { runDir, record };
  }

  it('pixels as channels + alpha per pixel, base64; the real grid read once per reader', async () => {
    const { runDir, record } = runWithGrids();
    const reader = new GridReader(runDir);
    const shown = await reader.withGrids(record);
    assert.ok(shown.grids?.fixed && shown.grids.real);
    assert.ok(isGridPixels(shown.grids.fixed));
    assert.deepEqual({ ...shown.grids.fixed, data: undefined }, { width: 5, height: 2, channels: 1, data: undefined });
    const bytes = [...Buffer.from(shown.grids.fixed.data, 'base64')];
    // Row 0: sample 0 (0, 255), gutter (transparent), sample 1 (255, 255).
    assert.deepEqual(bytes.slice(0, 10), [0, 255, 255, 255, 0, 0, 255, 255, 255, 255]);
    assert.deepEqual([...Buffer.from(shown.grids.real.data, 'base64')].slice(0, 4), [255, 255, 0, 255]);
    // The real grid is kept: removing the file does not matter to this reader.
    const realAgain = (await reader.withGrids({ ...record, step: 20 })).grids?.real;
    assert.equal(realAgain, shown.grids.real);
    // Other layouts pass through untouched.
    const points: SampleRecord = { step: 1, dataKind: 'ring', layout: 'points2d', fixed: [[0, 0]], fresh: [], real: [] };
    assert.equal(await reader.withGrids(points), points);
  });

  it('paths outside samples/, missing files and grids of the wrong size are treated as missing', async () => {
    const { runDir, record } = runWithGrids();
    writeFileSync(join(runDir, 'secret.png'), encodeImageGrid(new Float32Array(4), 1, record.images!.shape, 1));
    assert.equal(isImageSamples({ ...record.images, fixedPng: '../secret.png' }), false);
    assert.equal(isImageSamples({ ...record.images, realPng: '/etc/passwd.png' }), false);
    assert.equal(isImageSamples({ ...record.images, columns: 0 }), false);
    assert.equal(isImageSamples(record.images), true);
    assert.equal(await readGrid(runDir, 'samples/../secret.png', record.images!), null);
    const escaped = await new GridReader(runDir).withGrids({ ...record, images: { ...record.images!, fixedPng: 'samples/../secret.png' } });
    assert.deepEqual(escaped.grids, { fixed: null, real: null });
    assert.equal(await readGrid(runDir, 'samples/step-00000099.png', record.images!), null, 'missing');
    const wrongShape = { ...record.images!, shape: { height: 3, width: 3, channels: 1 as const } };
    assert.equal(await readGrid(runDir, record.images!.fixedPng, wrongShape), null, 'not a grid of 3×3 tiles');
    writeFileSync(join(runDir, 'samples/broken.png'), 'not a png');
    assert.equal(await readGrid(runDir, 'samples/broken.png', record.images!), null, 'not a PNG');
    assert.ok(statSync(join(runDir, 'secret.png')).isFile());
  });

  it('isGridPixels checks sizes, channels and the data length', () => {
    const data = Buffer.alloc(2 * 3 * 2).toString('base64');
    assert.ok(isGridPixels({ width: 2, height: 3, channels: 1, data }));
    assert.ok(!isGridPixels({ width: 2, height: 3, channels: 3, data }));
    assert.ok(!isGridPixels({ width: 0, height: 3, channels: 1, data: '' }));
    assert.ok(!isGridPixels({ width: 2, height: 3, channels: 2, data }));
    assert.ok(!isGridPixels({ width: 2, height: 3, channels: 1, data: `${data.slice(0, -4)}!!!!` }));
    assert.ok(!isGridPixels(null));
  });
});
