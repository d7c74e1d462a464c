/**
 * Speed of the image data sources and the image quality metric. Prints milliseconds (median of
 * repeated runs), a reference loop's time (how fast this machine is right now) and, per source, the
 * ratio of a batch at 64×64 to one at 32×32; asserts nothing.
 * Run: npx tsx bench/imageData.ts [--images N] (N files of each format for imageFolder, default 300).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { encode as encodeJpeg } from 'jpeg-js';
import { PNG } from 'pngjs';
import type { DataConfig } from '../src/shared/experiment/schema';
import { createDataset } from '../src/training/data/createDataset';
import { toPixels } from '../src/training/data/image/pixels';
import { resizeCoverCrop } from '../src/training/data/image/resize';
import type { Dataset } from '../src/training/data/dataset';
import type { ImageSetDataset } from '../src/training/data/imageSet';
import { blobStatistics } from '../src/training/quality/imageQuality';
import { Rng } from '../src/training/random';

const BATCH = 64;
const imagesArg = process.argv.indexOf('--images');
const FILES = imagesArg > 0 ? Number(process.argv[imagesArg + 1]) : 300;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Median ms of `run` over `reps` runs after `warmup` unmeasured ones. */
function time(run: () => void, reps = 50, warmup = 10): number {
  for (let i = 0; i < warmup; i++) run();
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const start = performance.now();
    run();
    times.push(performance.now() - start);
  }
  return median(times);
}

const ms = (value: number) => `${value.toFixed(3)} ms`;
const batchTime = (dataset: Dataset) => {
  const rng = new Rng(1);
  return time(() => dataset.sample(BATCH, rng));
};

/** A smooth RGB test picture (gradients and a disc), width × height, RGBA bytes. */
function picture(width: number, height: number, seed: number): Buffer {
  const data = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const disc = Math.hypot(x - width / 2, y - height / 2) < width / 4 ? 80 : 0;
      data.set([(x * 255) / width, (y * 255) / height, (seed * 37 + disc) % 256, 255], 4 * (y * width + x));
    }
  }
  return data;
}

/** Draws until every image of the set has been loaded; ms per image. */
function firstEpoch(dataset: ImageSetDataset): number {
  const rng = new Rng(2);
  const start = performance.now();
  while (dataset.loaded < dataset.count) dataset.sample(BATCH, rng);
  return (performance.now() - start) / dataset.count;
}

function shapes(): void {
  console.log('shapes: one batch of 64');
  const at: Record<string, number> = {};
  for (const size of [28, 32, 64] as const) {
    for (const channels of [1, 3] as const) {
      const config: DataConfig = {
        kind: 'shapes',
        size,
        channels,
        shapes: ['square', 'ellipse', 'triangle'],
        minScale: 0.3,
        maxScale: 0.7,
      };
      at[`${size}x${channels}`] = batchTime(createDataset(config, '.'));
      console.log(`  ${size}×${size}×${channels}: ${ms(at[`${size}x${channels}`]!)}`);
    }
  }
  console.log(
    `  ratio 64×64 / 32×32: ${(at['64x1']! / at['32x1']!).toFixed(2)} (1 channel), ${(at['64x3']! / at['32x3']!).toFixed(2)} (3)`,
  );
}

function imageFolder(dir: string): void {
  const width = 178;
  const height = 218; // CelebA's aligned size
  for (const format of ['png', 'jpg'] as const) {
    const folder = path.join(dir, format);
    fs.mkdirSync(folder, { recursive: true });
    let bytes = 0;
    for (let i = 0; i < FILES; i++) {
      const rgba = picture(width, height, i);
      const file =
        format === 'png'
          ? PNG.sync.write(Object.assign(new PNG({ width, height }), { data: rgba }))
          : encodeJpeg({ width, height, data: rgba }, 90).data;
      bytes += file.length;
      fs.writeFileSync(path.join(folder, `${String(i).padStart(5, '0')}.${format}`), file);
    }
    console.log(
      `imageFolder: ${FILES} ${format.toUpperCase()} files of ${width}×${height} RGB (${(bytes / FILES / 1024).toFixed(1)} KiB each)`,
    );
    const batch: Record<number, number> = {};
    for (const size of [32, 64] as const) {
      const dataset = createDataset({ kind: 'imageFolder', path: format, size, grayscale: false, labels: 'none' }, dir) as ImageSetDataset;
      const perImage = firstEpoch(dataset);
      batch[size] = batchTime(dataset);
      console.log(
        `  ${size}×${size}×3: first epoch ${ms(perImage)} per image (read, decode, resize), then ${ms(batch[size]!)} per batch of 64 from memory`,
      );
    }
    console.log(`  ratio 64×64 / 32×32 per cached batch: ${(batch[64]! / batch[32]!).toFixed(2)}`);
  }
}

function idx(dir: string): void {
  const count = 60000;
  const pixels = new Uint8Array(count * 784);
  for (let i = 0; i < pixels.length; i++) pixels[i] = Math.imul(i, 2654435761) >>> 24 < 40 ? 255 : 0;
  const header = Buffer.alloc(16);
  header.writeUInt32BE(0x00000803, 0);
  header.writeUInt32BE(count, 4);
  header.writeUInt32BE(28, 8);
  header.writeUInt32BE(28, 12);
  fs.writeFileSync(path.join(dir, 'train-images-idx3-ubyte.gz'), gzipSync(Buffer.concat([header, pixels])));
  console.log(`idx: ${count} images of 28×28, gzipped`);
  const batch: Record<number, number> = {};
  for (const size of [28, 32, 64] as const) {
    const start = performance.now();
    const dataset = createDataset({ kind: 'idx', path: 'train-images-idx3-ubyte.gz', size, limit: 0, labels: '' }, dir) as ImageSetDataset;
    const open = performance.now() - start;
    const scale =
      size === 28
        ? ''
        : `, scaling one image 28 → ${size} ${ms(time(() => resizeCoverCrop(toPixels(pixels.subarray(0, 784), 28, 28, { stride: 1, max: 255 }, 1), size), 200))}`;
    firstEpoch(dataset);
    batch[size] = batchTime(dataset);
    console.log(`  ${size}×${size}: open ${ms(open)}${scale}, a batch of 64 once cached ${ms(batch[size]!)}`);
  }
  console.log(`  ratio 64×64 / 32×32 per cached batch: ${(batch[64]! / batch[32]!).toFixed(2)}`);
}

function quality(): void {
  console.log('image quality: singleBlobShare and meanInk of 2048 images');
  for (const [size, channels] of [
    [32, 1],
    [64, 1],
    [64, 3],
  ] as const) {
    const config: DataConfig = { kind: 'shapes', size, channels, shapes: ['square', 'ellipse', 'triangle'], minScale: 0.3, maxScale: 0.7 };
    const dataset = createDataset(config, '.');
    const images = dataset.sample(2048, new Rng(3));
    console.log(`  ${size}×${size}×${channels}: ${ms(time(() => blobStatistics(images, dataset.image!), 5, 1))}`);
  }
}

/** A plain loop, so that figures taken on a busy or slow machine can be read against it. */
function reference(): void {
  let sum = 0;
  const run = () => {
    for (let i = 0; i < 1e7; i++) sum += i * 0.5;
  };
  const taken = time(run, 5, 1);
  console.log(`reference: 10^7 float additions ${ms(taken)} (about 10 ms on an idle current core; sum ${sum.toExponential(1)})`);
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gan-bench-images-'));
try {
  reference();
  shapes();
  imageFolder(dir);
  idx(dir);
  quality();
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
