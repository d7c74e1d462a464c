import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { DataConfig } from '../../src/shared/experiment/schema';
import { validateWithDataFiles } from '../../src/shared/experiment/dataFileChecks';
import { createDataset } from '../../src/training/data/createDataset';
import type { Dataset } from '../../src/training/data/dataset';
import type { ImageSetDataset } from '../../src/training/data/imageSet';
import { Rng } from '../../src/training/random';
import { fakeDataFiles } from '../helpers/dataFiles';
import { tempDir } from '../helpers/experiments';
import { idxBytes, pngBytes } from '../helpers/imageBytes';

type Config<K extends DataConfig['kind']> = Extract<DataConfig, { kind: K }>;

/** [−1, 1] back to the 8-bit value it was stored as. */
const byte = (v: number) => Math.round((v + 1) * 127.5);

/** Draws n labelled samples and gives, per draw, its label and the value of its first pixel. */
function draws(dataset: Dataset, n: number, seed = 5): { label: number; value: number }[] {
  const { x, labels } = dataset.sampleLabeled!(n, new Rng(seed));
  return Array.from(labels, (label, i) => ({ label, value: byte(x[i * dataset.dim]!) }));
}

function assertSameDraws(dataset: Dataset): void {
  const a = new Rng(11);
  const b = new Rng(11);
  const plain = dataset.sample(25, a);
  assert.deepEqual(dataset.sampleLabeled!(25, b).x, plain);
  assert.deepEqual(b.getState(), a.getState());
}

describe('labelled image data', () => {
  let dir: string;
  beforeEach(() => {
    dir = tempDir('gan-labels-');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const write = (relative: string, content: Buffer) => {
    const file = path.join(dir, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  };

  describe('idx with a labels file', () => {
    /** Five 28 × 28 images, image i all 20·i + 10. */
    const images = () =>
      idxBytes(
        [5, 28, 28],
        Uint8Array.from({ length: 5 * 784 }, (_, k) => 20 * Math.floor(k / 784) + 10),
      );
    const idx = (options: Partial<Config<'idx'>> = {}) =>
      createDataset({ kind: 'idx', path: 'images', size: 28, limit: 0, labels: 'labels', ...options }, dir) as ImageSetDataset;

    it('gives each image its label; the classes are "0" … the largest label', () => {
      write('images', images());
      write('labels', gzipSync(idxBytes([5], Uint8Array.from([2, 0, 6, 2, 1]))));
      const dataset = idx();
      assert.deepEqual(dataset.classes?.names, ['0', '1', '2', '3', '4', '5', '6']);
      for (const { label, value } of draws(dataset, 60)) assert.equal(label, [2, 0, 6, 2, 1][(value - 10) / 20]);
      assertSameDraws(dataset);
      // limit: the labels of the images kept, and the classes up to their largest label.
      const limited = idx({ limit: 2 });
      assert.deepEqual(limited.classes?.names, ['0', '1', '2']);
      assert.deepEqual(new Set(draws(limited, 30).map((d) => d.label)), new Set([2, 0]));
    });

    it('without "labels" the images are unlabelled', () => {
      write('images', images());
      const dataset = idx({ labels: '' });
      assert.equal(dataset.classes, undefined);
      assert.equal(dataset.sampleLabeled, undefined);
    });

    describe('errors name the labels file and the fix', () => {
      const rejects = (labels: Buffer, pattern: RegExp) => {
        write('images', images());
        write('labels', labels);
        assert.throws(() => idx(), pattern);
      };
      it('another count than the images', () => {
        rejects(
          idxBytes([4], Uint8Array.from([1, 2, 3, 4])),
          /^Error: labels: 4 labels for the 5 images of images — a labels file must be the one of the same images \(e\.g\. train-labels-idx1-ubyte for train-images-idx3-ubyte/,
        );
      });
      it('a wrong magic number: an images file, or not IDX at all', () => {
        rejects(
          images(),
          /^Error: labels: magic number 0x00000803 says 3 dimensions \(3-D data such as an images file\); labels have 1 \(count: 0x00000801\) — point "labels" at a labels file such as train-labels-idx1-ubyte/,
        );
        rejects(
          Buffer.from('1,2,3,4,5\n'),
          /^Error: labels: not an IDX file: magic number 0x312c322c \(labels of unsigned bytes have 0x00000801\) — point "labels" at a labels file/,
        );
      });
      it('truncated, or longer than the header says', () => {
        rejects(
          idxBytes([5], Uint8Array.from([1, 2, 3])),
          /^Error: labels: truncated: the header promises 5 labels \(13 bytes\) but the data has 11 bytes — download the file again/,
        );
        rejects(idxBytes([5], new Uint8Array(7)), /^Error: labels: 2 bytes beyond the 5 labels the header declares/);
        rejects(Buffer.from([0, 0, 8, 1, 0, 0]), /^Error: labels: the header is cut short \(6 of 8 bytes\)/);
      });
      it('a label out of 0 … 254, a missing file', () => {
        rejects(
          idxBytes([5], Uint8Array.from([1, 2, 255, 3, 4])),
          /^Error: labels: label 255 at index 2 is out of range \(labels are 0 … 254\)/,
        );
        write('images', images());
        assert.throws(
          () => idx({ labels: 'nope.gz' }),
          /^Error: nope\.gz: cannot read the file \(.*\) — "labels" is relative to the experiment file/,
        );
      });
    });

    it('the check before a run reports a labels file that is not there', async () => {
      const text = `{\n  "name": "t",\n  "data": { "kind": "idx", "path": "images", "labels": "mnist/labels.gz" },\n  "generator": { "kind": "mlp" },\n  "discriminator": { "kind": "mlp" },\n  "loss": { "kind": "nonSaturating" }\n}\n`;
      const result = await validateWithDataFiles(
        text,
        fakeDataFiles((file) => (file === 'images' ? 'file' : 'missing')),
      );
      assert.equal(result.ok, false);
      assert.deepEqual(
        result.problems.map((p) => [p.path, p.message]),
        [['data.labels', 'file not found: mnist/labels.gz']],
      );
    });
  });

  describe('imageFolder with "labels": "folders"', () => {
    /** A 4 × 4 grayscale PNG of one value. */
    const png = (value: number) => pngBytes({ width: 4, height: 4, colorType: 0, depth: 8, samples: new Array<number>(16).fill(value) });
    const folder = (options: Partial<Config<'imageFolder'>> = {}) =>
      createDataset({ kind: 'imageFolder', path: 'images', size: 28, grayscale: true, labels: 'folders', ...options }, dir);

    it('each image is of its first-level subfolder; classes in sorted name order', () => {
      write('images/dogs/rex.png', png(30));
      write('images/cats/tom.png', png(60));
      write('images/cats/deep/felix.png', png(90));
      write('images/a b/x.png', png(120));
      write('images/a/y.png', png(150));
      const dataset = folder();
      assert.deepEqual(dataset.classes?.names, ['a', 'a b', 'cats', 'dogs']);
      const classOfValue = new Map([
        [30, 3],
        [60, 2],
        [90, 2],
        [120, 1],
        [150, 0],
      ]);
      const seen = draws(dataset, 80);
      for (const { label, value } of seen) assert.equal(label, classOfValue.get(value), `value ${value}`);
      assert.equal(new Set(seen.map((d) => d.value)).size, 5, 'every image drawn');
      assertSameDraws(dataset);
      assert.equal(folder({ labels: 'none' }).classes, undefined);
    });

    it('an image directly in the folder is an error naming it', () => {
      write('images/cats/tom.png', png(60));
      write('images/stray.png', png(10));
      assert.throws(
        () => folder(),
        /^Error: images: 1 image directly in the folder \(stray\.png\), not in a class subfolder — with "labels": "folders" each image's class is the subfolder it is in: move it into one, or set "labels": "none"$/,
      );
      assert.equal((folder({ labels: 'none' }) as ImageSetDataset).count, 2);
    });
  });
});
