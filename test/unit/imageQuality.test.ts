import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { DataConfig } from '../../src/shared/experiment/schema';
import type { ImageShape } from '../../src/shared/runFormat';
import { createDataset } from '../../src/training/data/createDataset';
import { componentSizes } from '../../src/training/quality/connectedComponents';
import { computeQuality } from '../../src/training/quality/computeQuality';
import { blobStatistics, imageQuality, inkMask, speckLimit } from '../../src/training/quality/imageQuality';
import { fitShape, SHAPE_FIT_IOU, shapeFitStatistics, shapeQuality } from '../../src/training/quality/shapeFit';
import { createShapesDataset } from '../../src/training/data/shapes';
import { Rng } from '../../src/training/random';
import { idxBytes } from '../helpers/imageBytes';

const gray = (size: number): ImageShape => ({ height: size, width: size, channels: 1 });

/** One size × size image, black, with ink (value 1) where `ink(x, y)`. */
function picture(size: number, ink: (x: number, y: number) => boolean): Float32Array {
  return Float32Array.from({ length: size * size }, (_, p) => (ink(p % size, Math.floor(p / size)) ? 1 : -1));
}
const single = (image: Float32Array, size: number) => blobStatistics(image, gray(size)).singleBlobShare;

describe('image quality', () => {
  describe('connected components', () => {
    it('8-connected ink joins diagonal neighbours; 4-connected background does not', () => {
      const mask = Uint8Array.from([1, 0, 0, 0, 1, 0, 0, 0, 1]); // a diagonal line on 3 × 3
      assert.deepEqual(componentSizes(mask, 1, 3, 3, 8), [3]);
      assert.deepEqual(componentSizes(mask, 1, 3, 3, 4), [1, 1, 1]);
      assert.deepEqual(componentSizes(mask, 0, 3, 3, 4), [3, 3]);
    });
  });

  describe('single blob', () => {
    const size = 32;
    it('one filled shape, a ring (one hole), an 8 (two holes) count; specks are ignored', () => {
      assert.equal(
        single(
          picture(size, (x, y) => x >= 8 && x < 20 && y >= 10 && y < 18),
          size,
        ),
        1,
      );
      const ring = (x: number, y: number) => Math.abs(Math.hypot(x - 16, y - 16) - 8) < 2;
      assert.equal(single(picture(size, ring), size), 1);
      const eight = (x: number, y: number) =>
        Math.abs(Math.hypot(x - 16, y - 10) - 5) < 1.5 || Math.abs(Math.hypot(x - 16, y - 22) - 6) < 1.5;
      assert.equal(single(picture(size, eight), size), 1);
      assert.equal(speckLimit(gray(size)), 4);
      const withSpecks = (x: number, y: number) => ring(x, y) || (x === 1 && y <= 2) || (x === 30 && y === 30);
      assert.equal(single(picture(size, withSpecks), size), 1, 'a 3-pixel and a 1-pixel speck do not count');
    });

    it('two blobs, three holes, nothing, everything or too many specks do not', () => {
      assert.equal(
        single(
          picture(size, (x, y) => (x < 6 || x > 25) && y > 10 && y < 20),
          size,
        ),
        0,
        'two blobs',
      );
      const holes = (x: number, y: number) =>
        x >= 4 && x < 28 && y >= 10 && y < 20 && !(y >= 13 && y < 17 && [7, 14, 21].some((h) => x >= h && x < h + 3));
      assert.equal(single(picture(size, holes), size), 0, 'three holes');
      assert.equal(
        single(
          picture(size, () => false),
          size,
        ),
        0,
        'empty',
      );
      assert.equal(
        single(
          picture(size, () => true),
          size,
        ),
        0,
        'all ink',
      );
      assert.equal(
        single(
          picture(size, (x, y) => x < 28 || y < 16),
          size,
        ),
        0,
        'more than 75% ink',
      );
      assert.equal(
        single(
          picture(size, (x, y) => x === 16 && y >= 14 && y < 18),
          size,
        ),
        0,
        'under 0.5% of the image',
      );
      const speckled = (x: number, y: number) =>
        (x >= 12 && x < 20 && y >= 12 && y < 20) || (x % 4 === 0 && y % 4 === 0 && (x < 8 || x > 24));
      assert.equal(single(picture(size, speckled), size), 0, 'specks worth more than 10% of the blob');
    });

    it('ink is the brightest channel above mid-grey', () => {
      const rgb = new Float32Array(size * size * 3).fill(-1);
      for (let y = 10; y < 20; y++) for (let x = 10; x < 20; x++) rgb[(y * size + x) * 3 + 2] = 0.5; // blue square
      const stats = blobStatistics(rgb, { height: size, width: size, channels: 3 });
      assert.equal(stats.singleBlobShare, 1);
      assert.equal(stats.meanInk, 100 / (size * size));
    });
  });

  describe('on shapes and on noise', () => {
    for (const size of [28, 32, 64] as const) {
      for (const channels of [1, 3] as const) {
        it(`${size}×${size}×${channels}: real shapes score 1, noise 0`, () => {
          const config: DataConfig = {
            kind: 'shapes',
            size,
            channels,
            shapes: ['square', 'ellipse', 'triangle'],
            minScale: 0.3,
            maxScale: 0.7,
          };
          const dataset = createDataset(config, '.');
          const shape = dataset.image!;
          const real = blobStatistics(dataset.sample(300, new Rng(1)), shape);
          assert.equal(real.singleBlobShare, 1);
          assert.ok(real.meanInk > 0.05 && real.meanInk < 0.2, `mean ink ${real.meanInk}`);
          const rng = new Rng(2);
          const uniform = Float32Array.from({ length: 150 * dataset.dim }, () => rng.uniform(-1, 1));
          const gaussian = rng.fillNormal(new Float32Array(150 * dataset.dim)).map(Math.tanh);
          const dim = rng.fillNormal(new Float32Array(150 * dataset.dim)).map((v) => Math.tanh(v - 0.5));
          for (const [name, noise] of [
            ['uniform', uniform],
            ['gaussian', gaussian],
            ['darker', dim],
          ] as const) {
            const stats = blobStatistics(noise, shape);
            assert.ok(stats.singleBlobShare <= 0.01, `${name} noise scores ${stats.singleBlobShare}`);
          }
        });
      }
    }
  });

  describe('shape fit', () => {
    const shape = gray(28);
    const kinds = ['square', 'ellipse', 'triangle'] as const;
    const fit = (image: Float32Array) => {
      const mask = new Uint8Array(28 * 28);
      inkMask(image, 0, shape, mask);
      return fitShape(mask, shape, kinds);
    };

    it('recognises real shapes as their own kind, down to the smallest (scale 0.3 on 28 pixels)', () => {
      const dataset = createShapesDataset({ kind: 'shapes', size: 28, channels: 1, shapes: [...kinds], minScale: 0.3, maxScale: 0.7 });
      const { values, factors } = dataset.sampleLabelled(300, new Rng(4));
      let right = 0;
      factors.forEach((f, i) => {
        const found = fit(values.subarray(i * 784, (i + 1) * 784));
        if (found?.kind === f.shape && found.iou >= SHAPE_FIT_IOU) right++;
      });
      assert.ok(right >= 0.97 * 300, `recognised as their own kind: ${right}/300`);
      const stats = shapeFitStatistics(values, shape, kinds);
      assert.ok(stats.share >= 0.97, `share ${stats.share}`);
      for (const kind of kinds) assert.ok(Math.abs(stats.byKind[kind] - 1 / 3) < 0.08, `${kind}: ${stats.byKind[kind]}`);
    });

    it('a disc and a square with well-rounded corners are not shapes; no ink is no fit', () => {
      const disc = picture(28, (x, y) => Math.hypot(x + 0.5 - 14, y + 0.5 - 14) < 6);
      const rounded = picture(28, (x, y) => {
        const dx = Math.max(0, Math.abs(x + 0.5 - 14) - 1);
        const dy = Math.max(0, Math.abs(y + 0.5 - 14) - 1);
        return Math.hypot(dx, dy) < 6;
      });
      const square = picture(28, (x, y) => x >= 8 && x < 20 && y >= 8 && y < 20);
      assert.ok(fit(disc)!.iou < SHAPE_FIT_IOU, `disc: ${JSON.stringify(fit(disc))}`);
      assert.ok(fit(rounded)!.iou < SHAPE_FIT_IOU, `rounded square: ${JSON.stringify(fit(rounded))}`);
      assert.deepEqual(fit(square)?.kind, 'square');
      assert.ok(fit(square)!.iou >= 0.95);
      assert.equal(fit(picture(28, () => false)), null);
      const stats = shapeFitStatistics(new Float32Array([...disc, ...rounded, ...square]), shape, kinds);
      assert.deepEqual(stats, { share: 1 / 3, byKind: { square: 1 / 3, ellipse: 0, triangle: 0 } });
    });

    it('only kinds the data set draws are candidates', () => {
      const square = picture(28, (x, y) => x >= 8 && x < 20 && y >= 8 && y < 20);
      const mask = new Uint8Array(784);
      inkMask(square, 0, shape, mask);
      assert.notEqual(fitShape(mask, shape, ['ellipse', 'triangle'])!.kind, 'square');
    });
  });

  describe('computeQuality on image data', () => {
    it('gives the four image measures, the shape fit on shapes data, and none of the toy metrics', () => {
      const config: DataConfig = {
        kind: 'shapes',
        size: 28,
        channels: 1,
        shapes: ['square', 'ellipse', 'triangle'],
        minScale: 0.3,
        maxScale: 0.7,
      };
      const dataset = createDataset(config, '.');
      const real = dataset.sample(200, new Rng(1));
      const fake = new Float32Array(200 * dataset.dim).fill(-1);
      const quality = computeQuality(dataset, real, fake, config);
      assert.deepEqual(Object.keys(quality).sort(), [
        'ellipseShare',
        'meanInk',
        'realMeanInk',
        'realShapeFitShare',
        'realSingleBlobShare',
        'shapeFitShare',
        'singleBlobShare',
        'squareShare',
        'triangleShare',
      ]);
      assert.equal(quality.singleBlobShare, 0);
      assert.equal(quality.realSingleBlobShare, 1);
      assert.equal(quality.meanInk, 0);
      assert.equal(quality.shapeFitShare, 0);
      assert.ok(quality.realShapeFitShare! >= 0.95, `real shapes recognised: ${quality.realShapeFitShare}`);
      assert.deepEqual(quality, {
        ...imageQuality(real, fake, dataset.image!),
        ...shapeQuality(real, fake, dataset.image!, config.shapes),
      });
    });

    it('IDX data gets them too; a diverged generator (NaN everywhere) scores 0', () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gan-quality-images-'));
      try {
        const digit = Uint8Array.from({ length: 784 }, (_, p) =>
          Math.abs(Math.hypot((p % 28) - 14, Math.floor(p / 28) - 14) - 7) < 2 ? 255 : 0,
        );
        fs.writeFileSync(path.join(dir, 'zeros.idx'), idxBytes([1, 28, 28], digit));
        const config: DataConfig = { kind: 'idx', path: 'zeros.idx', size: 28, limit: 0, labels: '' };
        const dataset = createDataset(config, dir);
        const real = dataset.sample(10, new Rng(1));
        const quality = computeQuality(dataset, real, new Float32Array(10 * 784).fill(NaN), config);
        assert.equal(quality.realSingleBlobShare, 1);
        assert.equal(quality.singleBlobShare, 0);
        assert.equal(quality.js, undefined);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
