import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { encode as encodeJpeg } from 'jpeg-js';
import type { DataConfig } from '../../src/shared/experiment/schema';
import { createDataset } from '../../src/training/data/createDataset';
import type { ImageSetDataset } from '../../src/training/data/imageSet';
import { Rng } from '../../src/training/random';
import { grayJpegBytes, idxBytes, jpegFrameOnly, pngBytes } from '../helpers/imageBytes';

type Config<K extends DataConfig['kind']> = Extract<DataConfig, { kind: K }>;

/** [−1, 1] back to the 8-bit value it was stored as. */
const byte = (v: number) => Math.round((v + 1) * 127.5);
const bytes = (values: Float32Array) => Array.from(values, byte);

/** A grayscale 8-bit PNG whose pixel (x, y) is value(x, y). */
const grayPng = (width: number, height: number, value: (x: number, y: number) => number) =>
  pngBytes({
    width,
    height,
    colorType: 0,
    depth: 8,
    samples: Array.from({ length: width * height }, (_, i) => value(i % width, Math.floor(i / width))),
  });
const flatRgbPng = (width: number, height: number, rgb: [number, number, number]) =>
  pngBytes({ width, height, colorType: 2, depth: 8, samples: Array.from({ length: width * height }, () => rgb).flat() });

describe('image data', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gan-images-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const write = (relative: string, content: Buffer | string) => {
    const file = path.join(dir, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  };
  const folder = (options: Partial<Config<'imageFolder'>> = {}) =>
    createDataset({ kind: 'imageFolder', path: 'images', size: 28, grayscale: true, labels: 'none', ...options }, dir) as ImageSetDataset;
  /** Every image of a set, by drawing until each has been loaded, as distinct 8-bit rows. */
  const allImages = (dataset: ImageSetDataset): number[][] => {
    const seen = new Map<string, number[]>();
    const rng = new Rng(3);
    for (let round = 0; round < 50 && dataset.loaded < dataset.count; round++) {
      const values = dataset.sample(16, rng);
      for (let i = 0; i < 16; i++) {
        const row = bytes(values.subarray(i * dataset.dim, (i + 1) * dataset.dim));
        seen.set(row.join(','), row);
      }
    }
    assert.equal(dataset.loaded, dataset.count, 'every image was drawn');
    return [...seen.values()];
  };
  const only = (dataset: ImageSetDataset): number[] => {
    assert.equal(dataset.count, 1);
    return bytes(dataset.sample(1, new Rng(1)));
  };

  describe('imageFolder', () => {
    it('finds PNG and JPEG files in subfolders, skips other files and names starting with "."', () => {
      write(
        'images/a.png',
        grayPng(28, 28, () => 10),
      );
      write(
        'images/sub/deeper/b.PNG',
        grayPng(28, 28, () => 20),
      );
      write('images/sub/c.jpeg', grayJpegBytes(28, 28, 30));
      write('images/sub/d.JPG', grayJpegBytes(28, 28, 40));
      write('images/notes.txt', 'not an image');
      write('images/.hidden.png', 'garbage that would fail to decode');
      write('images/._a.png', 'macOS resource fork');
      write('images/.cache/e.png', 'garbage');
      const dataset = folder();
      assert.equal(dataset.kind, 'imageFolder');
      assert.equal(dataset.count, 4);
      assert.equal(dataset.loaded, 0, 'nothing is decoded before the first batch');
      assert.deepEqual(dataset.image, { height: 28, width: 28, channels: 1 });
      assert.equal(dataset.dim, 28 * 28);
      assert.equal(dataset.layout, 'images');
      assert.ok(dataset.bounds.min.every((v) => v === -1) && dataset.bounds.max.every((v) => v === 1));
      assert.equal(dataset.bounds.min.length, dataset.dim);
      const flat = allImages(dataset).map((image) => {
        assert.ok(image.every((v) => v === image[0]));
        return image[0];
      });
      assert.deepEqual(
        flat.sort((a, b) => a! - b!),
        [10, 20, 30, 40],
      );
    });

    it('same rng, same batch; values in [−1, 1]', () => {
      for (let i = 0; i < 5; i++)
        write(
          `images/${i}.png`,
          grayPng(28, 28, (x, y) => (x * 9 + y * 3 + i * 50) % 256),
        );
      const dataset = folder();
      const a = dataset.sample(32, new Rng(9));
      assert.deepEqual(a, dataset.sample(32, new Rng(9)));
      assert.notDeepEqual(a, dataset.sample(32, new Rng(10)));
      assert.ok(a.every((v) => v >= -1 && v <= 1));
      assert.ok(a.some((v) => v === -1) && a.some((v) => v === 1));
    });

    it('crops the centre of a wider image exactly', () => {
      // 56 × 28: the middle 28 columns (14 … 41) are kept as they are.
      write(
        'images/wide.png',
        grayPng(56, 28, (x, y) => (x * 4 + y) % 256),
      );
      const image = only(folder());
      const expected = Array.from({ length: 28 * 28 }, (_, i) => (((i % 28) + 14) * 4 + Math.floor(i / 28)) % 256);
      assert.deepEqual(image, expected);
    });

    it('crops the centre of a taller image exactly, to the half pixel', () => {
      // 28 × 29: the crop starts half a pixel down, so each output row averages two source rows.
      write(
        'images/tall.png',
        grayPng(28, 29, (_x, y) => 2 * y),
      );
      const image = only(folder());
      image.forEach((v, i) => assert.equal(v, 2 * Math.floor(i / 28) + 1));
    });

    it('shrinks by averaging the area each output pixel covers', () => {
      // 64 × 64 → 32: each output pixel is the mean of a 2 × 2 block (a, a+2, a+4, a+6 → a+3).
      const block = (x: number, y: number) => ((Math.floor(x / 2) * 7 + Math.floor(y / 2) * 13) % 240) + 2 * ((x % 2) + 2 * (y % 2));
      write('images/big.png', grayPng(64, 64, block));
      const image = only(folder({ size: 32 }));
      image.forEach((v, i) => assert.equal(v, (((i % 32) * 7 + Math.floor(i / 32) * 13) % 240) + 3, `pixel ${i}`));
      // A non-integer factor keeps a flat image flat and the mean of a pattern.
      write(
        'images/big.png',
        grayPng(100, 100, (x) => (x % 2 === 0 ? 0 : 200)),
      );
      const odd = only(folder({ size: 32 }));
      const mean = odd.reduce((a, b) => a + b, 0) / odd.length;
      assert.ok(Math.abs(mean - 100) < 1.5, `mean ${mean}`);
      assert.ok(odd.every((v) => v >= 0 && v <= 200));
    });

    it('enlarges bilinearly between pixel centres, clamped at the edges', () => {
      // 14 × 14 ramp of 16 per column → 28: output column j samples x = j/2 − 1/4, i.e. 8j − 4.
      write(
        'images/small.png',
        grayPng(14, 14, (x) => 16 * x),
      );
      const image = only(folder());
      for (let j = 0; j < 28; j++) assert.equal(image[5 * 28 + j], Math.min(Math.max(8 * j - 4, 0), 208), `column ${j}`);
    });

    it('grayscale: luma 0.299 R + 0.587 G + 0.114 B; RGB keeps the channels; gray files fill all three', () => {
      write('images/red.png', flatRgbPng(28, 28, [255, 0, 0]));
      assert.ok(only(folder()).every((v) => v === 76)); // 0.299 · 255 = 76.2
      const rgb = only(folder({ grayscale: false }));
      assert.equal(rgb.length, 28 * 28 * 3);
      assert.deepEqual(rgb.slice(0, 6), [255, 0, 0, 255, 0, 0]);
      fs.rmSync(path.join(dir, 'images'), { recursive: true });
      write(
        'images/gray.png',
        grayPng(28, 28, () => 90),
      );
      const dataset = folder({ grayscale: false });
      assert.deepEqual(dataset.image, { height: 28, width: 28, channels: 3 });
      assert.ok(only(dataset).every((v) => v === 90));
    });

    it('reads 16-bit, low-depth, palette and alpha PNGs; alpha is composited on black', () => {
      const cases: [string, Buffer, number[]][] = [
        ['gray16', pngBytes({ width: 2, height: 2, colorType: 0, depth: 16, samples: [0, 65535, 16448, 32896] }), [0, 255, 64, 128]],
        ['gray1', pngBytes({ width: 2, height: 2, colorType: 0, depth: 1, samples: [1, 0, 0, 1] }), [255, 0, 0, 255]],
        ['gray4', pngBytes({ width: 2, height: 2, colorType: 0, depth: 4, samples: [15, 5, 0, 10] }), [255, 85, 0, 170]],
        [
          'palette2',
          pngBytes({
            width: 2,
            height: 2,
            colorType: 3,
            depth: 2,
            samples: [0, 1, 2, 1],
            palette: [
              [200, 200, 200],
              [50, 50, 50],
              [0, 0, 0],
            ],
          }),
          [200, 50, 0, 50],
        ],
        [
          'paletteAlpha',
          pngBytes({
            width: 2,
            height: 2,
            colorType: 3,
            depth: 8,
            samples: [0, 1, 0, 1],
            palette: [
              [255, 255, 255],
              [255, 255, 255],
            ],
            paletteAlpha: [0, 51],
          }),
          [0, 51, 0, 51],
        ],
        [
          'grayAlpha',
          pngBytes({ width: 2, height: 2, colorType: 4, depth: 8, samples: [255, 255, 255, 0, 255, 128, 100, 255] }),
          [255, 0, 128, 100],
        ],
        [
          'rgba16',
          pngBytes({
            width: 2,
            height: 2,
            colorType: 6,
            depth: 16,
            samples: [65535, 65535, 65535, 65535, 65535, 65535, 65535, 0, 65535, 65535, 65535, 32896, 0, 0, 0, 65535],
          }),
          [255, 0, 128, 0],
        ],
      ];
      for (const [name, png, corners] of cases) {
        fs.rmSync(path.join(dir, 'images'), { recursive: true, force: true });
        write(`images/${name}.png`, png);
        // 2 × 2 → 28: the corner pixels keep the source corner values (bilinear clamps at the edges).
        const image = only(folder());
        assert.deepEqual([image[0], image[27], image[27 * 28], image[28 * 28 - 1]], corners, name);
      }
    });

    it('reads grayscale and colour JPEGs', () => {
      write('images/gray.jpg', grayJpegBytes(30, 28, 200));
      assert.ok(only(folder()).every((v) => v === 200));
      assert.ok(only(folder({ grayscale: false })).every((v) => v === 200));
      fs.rmSync(path.join(dir, 'images'), { recursive: true });
      const rgba = Buffer.alloc(32 * 32 * 4);
      for (let p = 0; p < 32 * 32; p++) rgba.set([200, 40, 120, 255], 4 * p);
      write('images/colour.jpg', encodeJpeg({ width: 32, height: 32, data: rgba }, 95).data);
      const image = only(folder({ grayscale: false }));
      for (let p = 0; p < 28 * 28; p++)
        [200, 40, 120].forEach((v, c) => assert.ok(Math.abs(image[3 * p + c]! - v) <= 4, `${image[3 * p + c]} vs ${v}`));
    });

    it('after every file has been read once, sampling never touches the disk', () => {
      for (let i = 0; i < 6; i++)
        write(
          `images/${i % 2 ? 'odd/' : ''}${i}.png`,
          grayPng(40, 30, (x, y) => (x + y + 40 * i) % 256),
        );
      const dataset = folder();
      allImages(dataset);
      const before = dataset.sample(64, new Rng(21));
      fs.rmSync(path.join(dir, 'images'), { recursive: true });
      assert.deepEqual(dataset.sample(64, new Rng(21)), before);
      for (let i = 0; i < 20; i++) dataset.sample(64, new Rng(100 + i));
    });

    describe('errors name the folder or the file, and the fix', () => {
      it('a corrupt PNG, read lazily: the error comes with the batch that draws it', () => {
        write(
          'images/ok.png',
          grayPng(28, 28, () => 0),
        );
        write('images/sub/broken.png', grayPng(28, 28, () => 0).subarray(0, 60));
        const dataset = folder();
        assert.throws(
          () => allImages(dataset),
          (e: Error) =>
            e.message.startsWith('images/sub/broken.png: corrupt or truncated PNG (') && /re-save the file, or remove it/.test(e.message),
        );
      });
      it('a truncated JPEG', () => {
        const gray = grayJpegBytes(28, 28, 90);
        const rgba = Buffer.alloc(32 * 32 * 4, 200);
        const colour = encodeJpeg({ width: 32, height: 32, data: rgba }, 90).data;
        for (const cut of [
          gray.subarray(0, gray.length - 2),
          colour.subarray(0, Math.floor(colour.length * 0.6)),
          colour.subarray(0, 30),
        ]) {
          write('images/cut.jpg', cut);
          assert.throws(
            () => only(folder()),
            /^Error: images\/cut\.jpg: corrupt or truncated JPEG \(.+\) — re-save the file, or remove it$/,
          );
        }
      });
      it('a CMYK JPEG, and other JPEGs the decoder cannot read', () => {
        write('images/cmyk.jpg', jpegFrameOnly(4));
        assert.throws(() => only(folder()), /^Error: images\/cmyk\.jpg: CMYK JPEG \(4 components\) is not supported — convert it to RGB/);
        write('images/cmyk.jpg', jpegFrameOnly(3, 12, 0xc1));
        assert.throws(() => only(folder()), /images\/cmyk\.jpg: 12-bit JPEG is not supported/);
        write('images/cmyk.jpg', jpegFrameOnly(3, 8, 0xc9));
        assert.throws(() => only(folder()), /images\/cmyk\.jpg: arithmetic-coded JPEG \(SOF9\) is not supported/);
      });
      it('a file with an image extension that holds another format', () => {
        write('images/really.png', Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1'));
        assert.throws(() => only(folder()), /^Error: images\/really\.png: a GIF image, not PNG or JPEG — convert it to PNG$/);
        write('images/really.png', Buffer.from('hello world'));
        assert.throws(() => only(folder()), /images\/really\.png: not a PNG or JPEG file \(it starts with bytes 68 65 6c 6c 6f 20 77 6f\)/);
        write('images/really.png', Buffer.alloc(0));
        assert.throws(() => only(folder()), /images\/really\.png: the file is empty/);
      });
      it('no images: an empty folder, or only other files', () => {
        fs.mkdirSync(path.join(dir, 'images/empty/sub'), { recursive: true });
        assert.throws(
          () => folder({ path: 'images/empty/' }),
          /^Error: images\/empty: no PNG or JPEG images \(the folder and its subfolders hold no files\) — add \.png, \.jpg or \.jpeg files/,
        );
        write('images/other/readme.md', '#');
        write('images/other/x.gif', 'GIF89a');
        assert.throws(
          () => folder({ path: 'images/other' }),
          /images\/other: no PNG or JPEG images \(only 2 other files, e\.g\. readme\.md, which are skipped\)/,
        );
      });
      it('a missing folder, or a file where a folder belongs', () => {
        assert.throws(
          () => folder({ path: 'nope' }),
          /^Error: nope: cannot open the folder \(.*\) — "path" is relative to the experiment file/,
        );
        write(
          'train.png',
          grayPng(28, 28, () => 0),
        );
        assert.throws(() => folder({ path: 'train.png' }), /^Error: train\.png: is a file, not a folder/);
      });
    });
  });

  describe('idx', () => {
    /** Three 28 × 28 images: image i has pixel p = (p + 40·i) mod 256. */
    const pixels = Uint8Array.from({ length: 3 * 784 }, (_, k) => ((k % 784) + 40 * Math.floor(k / 784)) % 256);
    const expected = (i: number) => Array.from({ length: 784 }, (_, p) => (p + 40 * i) % 256);
    const idx = (name: string, options: Partial<Config<'idx'>> = {}) =>
      createDataset({ kind: 'idx', path: name, size: 28, limit: 0, labels: '', ...options }, dir) as ImageSetDataset;

    it('reads raw and gzipped files alike (told by the content, not the name)', () => {
      write('train-images-idx3-ubyte', idxBytes([3, 28, 28], pixels));
      write('train-images-idx3-ubyte.gz', gzipSync(idxBytes([3, 28, 28], pixels)));
      write('gz-without-suffix', gzipSync(idxBytes([3, 28, 28], pixels)));
      for (const name of ['train-images-idx3-ubyte', 'train-images-idx3-ubyte.gz', 'gz-without-suffix']) {
        const dataset = idx(name);
        assert.equal(dataset.kind, 'idx');
        assert.equal(dataset.count, 3);
        assert.deepEqual(dataset.image, { height: 28, width: 28, channels: 1 });
        const images = allImages(dataset).sort((a, b) => a[0]! - b[0]!);
        assert.deepEqual(images, [expected(0), expected(1), expected(2)], name);
      }
    });

    it('limit keeps the first images; size scales them up', () => {
      write('t.idx', idxBytes([3, 28, 28], pixels));
      const limited = idx('t.idx', { limit: 2 });
      assert.equal(limited.count, 2);
      assert.deepEqual(
        allImages(limited).sort((a, b) => a[0]! - b[0]!),
        [expected(0), expected(1)],
      );
      assert.equal(idx('t.idx', { limit: 10 }).count, 3, 'a limit beyond the file keeps every image');
      write('flat.idx', idxBytes([2, 28, 28], new Uint8Array(2 * 784).fill(77)));
      const big = idx('flat.idx', { size: 64 });
      assert.deepEqual(big.image, { height: 64, width: 64, channels: 1 });
      const sample = big.sample(4, new Rng(1));
      assert.equal(sample.length, 4 * 64 * 64);
      assert.ok(bytes(sample).every((v) => v === 77));
    });

    describe('errors name the file and the offending value', () => {
      const rejects = (content: Buffer, pattern: RegExp) => {
        write('bad', content);
        assert.throws(() => idx('bad'), pattern);
      };
      it('a wrong magic number', () => {
        rejects(
          grayPng(28, 28, () => 0),
          /^Error: bad: not an IDX file: magic number 0x89504e47 \(images of unsigned bytes have 0x00000803\) — point "path" at an images file/,
        );
      });
      it('a labels file, another element type, too few bytes for a header', () => {
        rejects(
          idxBytes([3], Uint8Array.from([1, 2, 3])),
          /bad: magic number 0x00000801 says 1 dimension \(1-D data such as a labels file\); images have 3/,
        );
        rejects(
          idxBytes([1, 2, 2], new Uint8Array(16), 0x00000d03),
          /bad: magic number 0x00000d03 says float32 values; only unsigned bytes/,
        );
        rejects(Buffer.from([0, 0]), /bad: 2 bytes is too short for an IDX file/);
        rejects(Buffer.from([0, 0, 8, 3, 0, 0, 0, 1]), /bad: the header is cut short \(8 of 16 bytes\)/);
      });
      it('a length that does not match the header', () => {
        rejects(
          idxBytes([3, 28, 28], pixels.subarray(0, 2000)),
          /^Error: bad: truncated: the header promises 3 images of 28×28 \(2368 bytes\) but the data has 2016 bytes — download the file again/,
        );
        rejects(idxBytes([2, 28, 28], pixels), /bad: 784 bytes beyond the 2 images of 28×28 the header declares/);
        rejects(idxBytes([0, 28, 28], new Uint8Array(0)), /bad: the header says it holds 0 images/);
        rejects(idxBytes([1, 0, 28], new Uint8Array(0)), /bad: the header gives images of 0×28 pixels/);
      });
      it('a corrupt gzip, a missing file', () => {
        rejects(
          gzipSync(idxBytes([3, 28, 28], pixels)).subarray(0, 40),
          /^Error: bad: cannot decompress the gzip data \(.+\) — the file is corrupt or truncated/,
        );
        assert.throws(
          () => idx('missing.gz'),
          /^Error: missing\.gz: cannot read the file \(.*\) — "path" is relative to the experiment file/,
        );
      });
    });
  });
});
