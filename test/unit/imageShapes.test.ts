import assert from 'node:assert/strict';
import type { DataConfig } from '../../src/shared/experiment/schema';
import { createDataset } from '../../src/training/data/createDataset';
import { ELLIPSE_ASPECT, rasterizeShape, type ShapeFactors } from '../../src/training/data/image/rasterizeShape';
import { createShapesDataset, hueToRgb } from '../../src/training/data/shapes';
import { Rng } from '../../src/training/random';

type ShapesConfig = Extract<DataConfig, { kind: 'shapes' }>;
const config = (options: Partial<ShapesConfig> = {}): ShapesConfig => ({
  kind: 'shapes',
  size: 32,
  channels: 1,
  shapes: ['square', 'ellipse', 'triangle'],
  minScale: 0.3,
  maxScale: 0.7,
  ...options,
});

/** Coverage of each pixel, (v + 1)/2, of image i of a 1-channel batch. */
function coverage(values: Float32Array, i: number, size: number): Float64Array {
  return Float64Array.from(values.subarray(i * size * size, (i + 1) * size * size), (v) => (v + 1) / 2);
}

/** Area of the shape's own bounding box (in its rotated frame): the square is its own box. */
function ownBoxArea(f: ShapeFactors): number {
  const r = f.radius;
  if (f.shape === 'square') return 2 * r * r;
  if (f.shape === 'triangle') return Math.sqrt(3) * r * 1.5 * r;
  return 2 * r * (2 * r * ELLIPSE_ASPECT);
}
const FILL = { square: 1, triangle: 0.5, ellipse: Math.PI / 4 };

describe('shapes data', () => {
  for (const size of [28, 32, 64] as const) {
    for (const channels of [1, 3] as const) {
      it(`${size}×${size}×${channels}: image fields, same seed same batch, values in [−1, 1]`, () => {
        const dataset = createDataset(config({ size, channels }), '.');
        assert.equal(dataset.kind, 'shapes');
        assert.equal(dataset.layout, 'images');
        assert.deepEqual(dataset.image, { height: size, width: size, channels });
        assert.equal(dataset.dim, size * size * channels);
        assert.equal(dataset.bounds.min.length, dataset.dim);
        assert.ok(dataset.bounds.min.every((v) => v === -1) && dataset.bounds.max.every((v) => v === 1));
        const a = dataset.sample(64, new Rng(5));
        assert.equal(a.length, 64 * dataset.dim);
        assert.deepEqual(a, dataset.sample(64, new Rng(5)));
        assert.notDeepEqual(a, dataset.sample(64, new Rng(6)));
        assert.ok(a.every((v) => v >= -1 && v <= 1));
        assert.ok(a.some((v) => v === -1) && a.some((v) => v === 1), 'black background and full-value shapes');
      });
    }
  }

  it('sampleLabelled gives the same images as sample, with what was drawn', () => {
    const dataset = createShapesDataset(config());
    const labelled = dataset.sampleLabelled(50, new Rng(8));
    assert.deepEqual(labelled.values, dataset.sample(50, new Rng(8)));
    assert.equal(labelled.factors.length, 50);
    assert.deepEqual(new Set(labelled.factors.map((f) => f.shape)), new Set(['square', 'ellipse', 'triangle']));
  });

  it('each shape fills its own bounding box as it should: square 1, triangle ½, ellipse π/4; centred on its centre', () => {
    const size = 64;
    const dataset = createShapesDataset(config({ size, minScale: 0.4, maxScale: 0.9 }));
    const { values, factors } = dataset.sampleLabelled(300, new Rng(11));
    factors.forEach((f, i) => {
      const c = coverage(values, i, size);
      let area = 0;
      let mx = 0;
      let my = 0;
      c.forEach((v, p) => {
        area += v;
        mx += v * ((p % size) + 0.5);
        my += v * (Math.floor(p / size) + 0.5);
      });
      const fill = area / ownBoxArea(f);
      assert.ok(
        Math.abs(fill / FILL[f.shape] - 1) < 0.03,
        `${f.shape} r=${f.radius.toFixed(2)}: fill ${fill.toFixed(3)}, expected ${FILL[f.shape].toFixed(3)}`,
      );
      assert.ok(Math.hypot(mx / area - f.x, my / area - f.y) < 0.25, `${f.shape}: centroid off the centre`);
    });
  });

  it('an axis-aligned square fills exactly its pixels; an upright triangle half its box', () => {
    const size = 32;
    const out = new Float32Array(size * size);
    // Vertices at 45°, 135°, …: sides 16, from 8 to 24 on both axes (pixel edges).
    rasterizeShape(out, 0, size, 1, { shape: 'square', x: 16, y: 16, radius: 8 * Math.SQRT2, rotation: Math.PI / 4, colour: [1] });
    out.forEach((v, p) => {
      const x = p % size;
      const y = Math.floor(p / size);
      const inside = x >= 8 && x < 24 && y >= 8 && y < 24;
      assert.ok(Math.abs(v - (inside ? 1 : -1)) < 1e-6, `pixel (${x}, ${y}) = ${v}`);
    });
    // Upright (a vertex at 90°): box √3·r wide, 1.5·r high.
    const r = 12;
    rasterizeShape(out, 0, size, 1, { shape: 'triangle', x: 16, y: 16, radius: r, rotation: Math.PI / 2, colour: [1] });
    const area = out.reduce((sum, v) => sum + (v + 1) / 2, 0);
    assert.ok(Math.abs(area / (Math.sqrt(3) * r * 1.5 * r) - 0.5) < 0.01, `triangle fill ${area / (Math.sqrt(3) * r * 1.5 * r)}`);
    // Its apex is at the top: the top rows hold less ink than the bottom ones.
    const rowInk = (y: number) => out.subarray(y * size, (y + 1) * size).reduce((s, v) => s + (v + 1) / 2, 0);
    assert.ok(rowInk(7) < rowInk(20));
  });

  it('sizes and positions stay in range: the whole shape is inside the image, black beyond its circle', () => {
    const size = 28;
    const dataset = createShapesDataset(config({ size, minScale: 0.5, maxScale: 0.6 }));
    const { values, factors } = dataset.sampleLabelled(200, new Rng(12));
    factors.forEach((f, i) => {
      assert.ok(f.radius >= (0.5 * size) / 2 - 1e-9 && f.radius <= (0.6 * size) / 2 + 1e-9, `radius ${f.radius}`);
      assert.ok(f.x >= f.radius && f.x <= size - f.radius && f.y >= f.radius && f.y <= size - f.radius);
      assert.ok(f.rotation >= 0 && f.rotation < 2 * Math.PI);
      coverage(values, i, size).forEach((v, p) => {
        const d = Math.hypot((p % size) + 0.5 - f.x, Math.floor(p / size) + 0.5 - f.y);
        if (d > f.radius + 1) assert.equal(v, 0, `ink outside the shape's circle at distance ${d}`);
      });
    });
  });

  it('draws only the listed shapes, about equally often', () => {
    const only = createShapesDataset(config({ shapes: ['triangle'] })).sampleLabelled(100, new Rng(1)).factors;
    assert.ok(only.every((f) => f.shape === 'triangle'));
    const two = createShapesDataset(config({ shapes: ['square', 'ellipse'] })).sampleLabelled(2000, new Rng(2)).factors;
    const squares = two.filter((f) => f.shape === 'square').length;
    assert.ok(Math.abs(squares / 2000 - 0.5) < 0.04, `${squares} squares`);
    assert.ok(two.every((f) => f.shape !== 'triangle'));
  });

  it('3 channels: each shape in a fully saturated colour of random hue', () => {
    const size = 32;
    const dataset = createShapesDataset(config({ size, channels: 3, minScale: 0.5 }));
    const { values, factors } = dataset.sampleLabelled(100, new Rng(3));
    const hues = new Set<string>();
    factors.forEach((f, i) => {
      const centre = (Math.floor(f.y) * size + Math.floor(f.x)) * 3 + i * dataset.dim;
      const rgb = [values[centre]!, values[centre + 1]!, values[centre + 2]!];
      assert.equal(Math.max(...rgb), 1, 'brightest channel at full value');
      assert.equal(Math.min(...rgb), -1, 'full saturation');
      hues.add(rgb.map((v) => Math.round(v * 4)).join());
    });
    assert.ok(hues.size >= 6, `only ${hues.size} colours`);
    assert.deepEqual(hueToRgb(0), [1, 0, 0]);
    assert.deepEqual(hueToRgb(1 / 3), [0, 1, 0]);
    assert.deepEqual(hueToRgb(0.5), [0, 1, 1]);
  });
});
