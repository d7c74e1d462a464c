import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { DataConfig } from '../../src/shared/experiment/schema';
import { createDataset } from '../../src/training/data/createDataset';
import type { Dataset } from '../../src/training/data/dataset';
import { Rng } from '../../src/training/random';

type Config<K extends DataConfig['kind']> = Extract<DataConfig, { kind: K }>;

const parabola: Config<'parabola'> = { kind: 'parabola', points: 15, xMin: -1, xMax: 1, aMin: 1, aMax: 2 };
const mixture1d: Config<'mixture1d'> = { kind: 'mixture1d', means: [-2, 0, 2], stds: [0.2, 0.2, 0.2], weights: [1, 1, 1] };
const ring: Config<'ring'> = { kind: 'ring', modes: 8, radius: 2, std: 0.02 };
const grid: Config<'grid'> = { kind: 'grid', size: 5, spacing: 2, std: 0.05 };
const swissroll: Config<'swissroll'> = { kind: 'swissroll', noise: 0.05, scale: 0.15 };
const moons: Config<'moons'> = { kind: 'moons', noise: 0.05, scale: 1 };

const generated = [parabola, mixture1d, ring, grid, swissroll, moons];

function rows(values: Float32Array, dim: number): number[][] {
  return Array.from({ length: values.length / dim }, (_, i) => Array.from(values.subarray(i * dim, (i + 1) * dim)));
}

function assertInsideBounds(dataset: Dataset, values: Float32Array): void {
  rows(values, dataset.dim).forEach((row) =>
    row.forEach((v, d) =>
      assert.ok(v >= dataset.bounds.min[d]! && v <= dataset.bounds.max[d]!, `${dataset.kind}: ${v} outside bounds in dim ${d}`),
    ),
  );
}

describe('datasets', () => {
  describe('every generated kind', () => {
    for (const config of generated) {
      it(`${config.kind}: same seed gives identical samples, another seed different ones, all inside bounds`, () => {
        const dataset = createDataset(config, '.');
        assert.equal(dataset.kind, config.kind);
        const a = dataset.sample(500, new Rng(7));
        const b = dataset.sample(500, new Rng(7));
        const c = dataset.sample(500, new Rng(8));
        assert.ok(a instanceof Float32Array);
        assert.equal(a.length, 500 * dataset.dim);
        assert.deepEqual(a, b);
        assert.notDeepEqual(a, c);
        assertInsideBounds(dataset, a);
      });
    }
  });

  describe('parabola', () => {
    it('samples curves at evenly spaced x that lie in the band [x², 2x² + 1]', () => {
      const dataset = createDataset(parabola, '.');
      assert.equal(dataset.dim, 15);
      assert.equal(dataset.layout, 'curves');
      const x = dataset.curveX!;
      assert.equal(x.length, 15);
      assert.equal(x[0], -1);
      assert.equal(x[14], 1);
      x.forEach((xi, i) => assert.ok(Math.abs(xi - (-1 + i / 7)) < 1e-12));
      const curves = rows(dataset.sample(2000, new Rng(1)), 15);
      for (const curve of curves) {
        curve.forEach((y, i) => {
          const xi = x[i]!;
          assert.ok(y >= xi * xi - 1e-5 && y <= 2 * xi * xi + 1 + 1e-5, `y=${y} at x=${xi}`);
        });
        // One a per curve: the curve is exactly a·x² + (a − 1).
        const a = curve[7]! + 1; // x = 0
        curve.forEach((y, i) => assert.ok(Math.abs(y - (a * x[i]! ** 2 + a - 1)) < 1e-5));
      }
      const aValues = curves.map((c) => c[7]! + 1);
      assert.ok(Math.min(...aValues) < 1.01 && Math.max(...aValues) > 1.99, 'a spreads over [1, 2]');
    });

    it('bounds cover the band with a 10% margin', () => {
      const dataset = createDataset(parabola, '.');
      // At x = ±1 the band is [1, 3]: span 2, margin 0.2.
      assert.ok(Math.abs(dataset.bounds.min[0]! - 0.8) < 1e-9);
      assert.ok(Math.abs(dataset.bounds.max[0]! - 3.2) < 1e-9);
      // At x = 0 the band is [0, 1].
      assert.ok(Math.abs(dataset.bounds.min[7]! + 0.1) < 1e-9);
      assert.ok(Math.abs(dataset.bounds.max[7]! - 1.1) < 1e-9);
    });
  });

  describe('mixture1d', () => {
    it('reproduces the normalised weights over 20,000 samples', () => {
      const dataset = createDataset({ ...mixture1d, weights: [1, 2, 1] }, '.');
      assert.equal(dataset.dim, 1);
      assert.equal(dataset.layout, 'points1d');
      assert.deepEqual(dataset.modes, [
        { centre: [-2], std: 0.2, weight: 1 },
        { centre: [0], std: 0.2, weight: 2 },
        { centre: [2], std: 0.2, weight: 1 },
      ]);
      const values = dataset.sample(20000, new Rng(3));
      const counts = [0, 0, 0];
      for (const v of values) counts[v < -1 ? 0 : v < 1 ? 1 : 2]!++;
      [0.25, 0.5, 0.25].forEach((expected, i) =>
        assert.ok(Math.abs(counts[i]! / 20000 - expected) < 0.015, `component ${i}: ${counts[i]}`),
      );
      const mean = values.reduce((s, v) => s + v, 0) / values.length;
      assert.ok(Math.abs(mean) < 0.05);
    });

    it('leaves zero-weight components out of modes and never samples them', () => {
      const dataset = createDataset({ ...mixture1d, weights: [1, 0, 1] }, '.');
      assert.equal(dataset.modes!.length, 2);
      for (const v of dataset.sample(5000, new Rng(4))) assert.ok(Math.abs(v) > 1);
    });

    it('bounds hold every centre ± 4σ', () => {
      const dataset = createDataset(mixture1d, '.');
      assert.ok(dataset.bounds.min[0]! <= -2.8 && dataset.bounds.max[0]! >= 2.8);
    });
  });

  describe('ring', () => {
    it('puts the modes on the circle and the samples near the radius', () => {
      const dataset = createDataset(ring, '.');
      assert.equal(dataset.dim, 2);
      assert.equal(dataset.layout, 'points2d');
      assert.equal(dataset.modes!.length, 8);
      assert.ok(Math.abs(dataset.modes![0]!.centre[0]! - 2) < 1e-12 && Math.abs(dataset.modes![0]!.centre[1]!) < 1e-12);
      assert.ok(Math.abs(dataset.modes![2]!.centre[0]!) < 1e-12 && Math.abs(dataset.modes![2]!.centre[1]! - 2) < 1e-12);
      for (const [x, y] of rows(dataset.sample(4000, new Rng(5)), 2)) assert.ok(Math.abs(Math.hypot(x!, y!) - 2) < 0.12);
    });
  });

  describe('grid', () => {
    it('centres size × size modes on the origin, spacing apart', () => {
      const dataset = createDataset(grid, '.');
      const centres = dataset.modes!.map((m) => m.centre);
      assert.equal(centres.length, 25);
      const xs = [...new Set(centres.map((c) => c[0]))].sort((a, b) => a! - b!);
      assert.deepEqual(xs, [-4, -2, 0, 2, 4]);
      for (const [x, y] of rows(dataset.sample(4000, new Rng(6)), 2)) {
        const distance = Math.min(...centres.map((c) => Math.hypot(x! - c[0]!, y! - c[1]!)));
        assert.ok(distance < 0.3);
      }
    });
  });

  describe('swissroll', () => {
    it('without noise, every point lies on the spiral with t in [1.5π, 4.5π]', () => {
      const dataset = createDataset({ ...swissroll, noise: 0 }, '.');
      assert.equal(dataset.modes, undefined);
      let smallest = Infinity;
      let largest = 0;
      for (const [x, y] of rows(dataset.sample(4000, new Rng(9)), 2)) {
        const t = Math.hypot(x!, y!) / 0.15;
        assert.ok(t >= 1.5 * Math.PI - 1e-4 && t <= 4.5 * Math.PI + 1e-4, `t=${t}`);
        // On the spiral the angle equals t modulo 2π.
        const angle = Math.atan2(y!, x!);
        const wrapped = Math.abs(Math.atan2(Math.sin(angle - t), Math.cos(angle - t)));
        assert.ok(wrapped < 1e-3);
        smallest = Math.min(smallest, t);
        largest = Math.max(largest, t);
      }
      assert.ok(smallest < 1.6 * Math.PI && largest > 4.4 * Math.PI);
    });

    it('with the default scale fits in about [−2.2, 2.2]', () => {
      const values = createDataset(swissroll, '.').sample(4000, new Rng(10));
      for (const v of values) assert.ok(Math.abs(v) < 2.4);
    });
  });

  describe('moons', () => {
    it('without noise, half the points lie on each centred half circle', () => {
      const scale = 2;
      const dataset = createDataset({ ...moons, noise: 0, scale }, '.');
      assert.equal(dataset.modes, undefined);
      let outer = 0;
      let inner = 0;
      for (const [x, y] of rows(dataset.sample(1000, new Rng(11)), 2)) {
        const u = x! / scale + 0.5;
        const v = y! / scale + 0.25;
        assert.ok(Math.abs(u) <= 2 && v >= -0.5 - 1e-6 && v <= 1 + 1e-6);
        if (Math.abs(Math.hypot(u, v) - 1) < 1e-5 && v >= -1e-6) outer++;
        else if (Math.abs(Math.hypot(u - 1, v - 0.5) - 1) < 1e-5 && v <= 0.5 + 1e-6) inner++;
      }
      assert.equal(outer, 500);
      assert.equal(inner, 500);
    });

    it('is centred on the origin', () => {
      const values = createDataset(moons, '.').sample(20000, new Rng(12));
      let sx = 0;
      let sy = 0;
      for (let i = 0; i < values.length; i += 2) {
        sx += values[i]!;
        sy += values[i + 1]!;
      }
      assert.ok(Math.abs(sx / 10000) < 0.03 && Math.abs(sy / 10000) < 0.03);
    });
  });

  describe('csv', () => {
    let dir: string;
    before(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gan-csv-'));
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    const csv = (name: string, text: string, options: Partial<Config<'csv'>> = {}): Dataset => {
      fs.writeFileSync(path.join(dir, name), text);
      return createDataset({ kind: 'csv', path: name, header: 'auto', delimiter: ',', columns: [], ...options }, dir);
    };
    const all = (dataset: Dataset) => rows(dataset.sample(400, new Rng(1)), dataset.dim);
    const distinct = (samples: number[][]) => [...new Set(samples.map((r) => r.join(' ')))].sort();

    it('auto: skips a header row of names', () => {
      const dataset = csv('named.csv', 'x,y\n1,2\n3,4\n');
      assert.equal(dataset.dim, 2);
      assert.equal(dataset.layout, 'points2d');
      assert.equal(dataset.modes, undefined);
      assert.deepEqual(distinct(all(dataset)), ['1 2', '3 4']);
    });

    it('auto: keeps a first row of numbers as data (CRLF and blank lines are fine)', () => {
      const dataset = csv('plain.csv', '1,2\r\n\r\n3,4\r\n');
      assert.deepEqual(distinct(all(dataset)), ['1 2', '3 4']);
    });

    it('yes: always drops the first row', () => {
      const dataset = csv('yes.csv', '1,2\n3,4\n5,6\n', { header: 'yes' });
      assert.deepEqual(distinct(all(dataset)), ['3 4', '5 6']);
    });

    it('no: a header row is reported as not a number', () => {
      assert.throws(
        () => csv('no.csv', 'x,y\n1,2\n', { header: 'no' }),
        /no\.csv:1: column 1 \(index 0\) is "x", not a number.*"header": "yes"/,
      );
    });

    it('reads another delimiter and picks columns in the given order', () => {
      const dataset = csv('semi.csv', 'a;b;c\n1;2;3\n4;5;6\n', { delimiter: ';', columns: [2, 0] });
      assert.equal(dataset.dim, 2);
      assert.deepEqual(distinct(all(dataset)), ['3 1', '6 4']);
    });

    it('chooses the layout from the dimension and bounds from the data with a 10% margin', () => {
      const one = csv('one.csv', 'v\n0\n10\n5\n', { columns: [0] });
      assert.equal(one.dim, 1);
      assert.equal(one.layout, 'points1d');
      assert.deepEqual(one.bounds, { min: [-1], max: [11] });
      const three = csv('three.csv', '1,2,3\n4,5,6\n');
      assert.equal(three.dim, 3);
      assert.equal(three.layout, 'vectors');
    });

    it('draws rows uniformly with replacement, deterministically', () => {
      const dataset = csv('four.csv', '0\n1\n2\n3\n');
      const a = dataset.sample(8000, new Rng(2));
      assert.deepEqual(a, dataset.sample(8000, new Rng(2)));
      assert.notDeepEqual(a, dataset.sample(8000, new Rng(3)));
      const counts = [0, 0, 0, 0];
      for (const v of a) counts[v]!++;
      counts.forEach((c) => assert.ok(Math.abs(c / 8000 - 0.25) < 0.03));
    });

    it('resolves the path relative to the experiment directory', () => {
      fs.mkdirSync(path.join(dir, 'sub'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'sub', 'nested.csv'), '7,8\n');
      const dataset = createDataset({ kind: 'csv', path: 'sub/nested.csv', header: 'auto', delimiter: ',', columns: [] }, dir);
      assert.deepEqual(distinct(all(dataset)), ['7 8']);
    });

    describe('errors name the file and line', () => {
      it('a cell that is not a number', () => {
        assert.throws(
          () => csv('bad.csv', 'x,y\n1,2\n3,4\n5,abc\n'),
          (e: Error) => e.message.startsWith('bad.csv:4: column 2 (index 1) is "abc", not a number — every data row must be numbers'),
        );
      });
      it('an empty cell and a number too large', () => {
        assert.throws(() => csv('empty-cell.csv', '1,2\n3,\n'), /empty-cell\.csv:2: column 2 \(index 1\) is empty/);
        assert.throws(() => csv('huge.csv', '1,2\n3,1e999\n'), /huge\.csv:2: column 2 .*"1e999", too large to be a finite number/);
      });
      it('an empty file', () => {
        assert.throws(() => csv('empty.csv', '\n  \n'), /^Error: empty\.csv: the file has no rows/);
      });
      it('a header and no data rows', () => {
        assert.throws(() => csv('header-only.csv', 'x,y\n'), /header-only\.csv: no data rows after the header on line 1/);
      });
      it('a row with a different number of columns', () => {
        assert.throws(() => csv('ragged.csv', '1,2\n3,4\n5\n'), /ragged\.csv:3: this row has 1 column but line 1 has 2/);
      });
      it('a column index beyond the row width', () => {
        assert.throws(
          () => csv('narrow.csv', '1,2\n3,4\n', { columns: [0, 2] }),
          /narrow\.csv:1: "columns" asks for index 2 but the rows have 2 columns/,
        );
      });
      it('a wrong delimiter gets a hint', () => {
        assert.throws(() => csv('semicolons.csv', '1;2\n3;4\n'), /semicolons\.csv:2: .*set "delimiter": ";"/);
      });
      it('a missing file', () => {
        assert.throws(
          () => createDataset({ kind: 'csv', path: 'missing.csv', header: 'auto', delimiter: ',', columns: [] }, dir),
          /missing\.csv: cannot read the file/,
        );
      });
    });
  });
});
