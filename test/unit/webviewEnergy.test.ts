import assert from 'node:assert/strict';
import type { Experiment } from '../../src/shared/experiment/schema';
import { sequential } from '../../webview/src/logic/colorMap';
import { contourLevels, contourSegments } from '../../webview/src/logic/contours';
import {
  boltzmannProbabilities,
  lineModelDensity,
  logScalePosition,
  probabilityToDensity,
  sharedMaximum,
} from '../../webview/src/logic/energyDensity';
import { appendRecords, emptyColumns } from '../../webview/src/logic/metricColumns';
import { JSD_ESTIMATE_MAX, mutualInformationSeries, mutualInformationVariant } from '../../webview/src/logic/mutualInformationSeries';

const sum = (values: readonly number[]) => values.reduce((s, v) => s + v, 0);

/** n × n samples of f on [−1, 1]², sample (col, row) at x = −1 + 2·col/(n−1). */
function field(n: number, f: (x: number, y: number) => number) {
  const at = (i: number) => -1 + (2 * i) / (n - 1);
  const values: number[] = [];
  for (let row = 0; row < n; row++) for (let col = 0; col < n; col++) values.push(f(at(col), at(row)));
  return { columns: n, rows: n, values, toData: (s: number) => -1 + (2 * s) / (n - 1) };
}

describe('webview energy view: contours, densities, the mutual-information term', () => {
  describe('contours (marching squares)', () => {
    it('a radial bowl r² gives closed circles of radius √level (levels that hit no sample exactly)', () => {
      const bowl = field(81, (x, y) => x * x + y * y);
      for (const level of [0.11, 0.27, 0.47]) {
        const segments = contourSegments(bowl, level);
        assert.ok(segments.length > 20, `${segments.length} segments at ${level}`);
        const radius = Math.sqrt(level);
        for (const s of segments) {
          for (const [sx, sy] of [
            [s.x0, s.y0],
            [s.x1, s.y1],
          ] as const) {
            const r = Math.hypot(bowl.toData(sx), bowl.toData(sy));
            assert.ok(Math.abs(r - radius) < 0.01, `point at radius ${r}, expected ${radius}`);
          }
        }
        // Every end point is shared by exactly two segments: the line is closed.
        const ends = new Map<string, number>();
        for (const s of segments)
          for (const key of [`${s.x0.toFixed(6)},${s.y0.toFixed(6)}`, `${s.x1.toFixed(6)},${s.y1.toFixed(6)}`])
            ends.set(key, (ends.get(key) ?? 0) + 1);
        assert.ok([...ends.values()].every((count) => count === 2));
        // Its length is the circle's circumference.
        const length = sum(segments.map((s) => Math.hypot(bowl.toData(s.x1) - bowl.toData(s.x0), bowl.toData(s.y1) - bowl.toData(s.y0))));
        assert.ok(Math.abs(length - 2 * Math.PI * radius) / (2 * Math.PI * radius) < 0.01, `length ${length}`);
      }
    });

    it('interpolates along edges and leaves levels outside the range empty', () => {
      // A ramp in x: the level 0.25 crosses each row a quarter of the way along.
      const ramp = { columns: 2, rows: 2, values: [0, 1, 0, 1] };
      assert.deepEqual(contourSegments(ramp, 0.25), [{ x0: 0.25, y0: 0, x1: 0.25, y1: 1 }]);
      assert.deepEqual(contourSegments(ramp, 2), []);
      assert.deepEqual(contourSegments(ramp, -1), []);
    });

    it('saddles are split by the square mean; squares with NaN are skipped', () => {
      // High corners (0,0) and (1,1); the mean 0.5 is above 0.4, so the high corners join and the low ones are cut off.
      const saddle = { columns: 2, rows: 2, values: [1, 0, 0, 1] };
      const above = contourSegments(saddle, 0.4);
      assert.equal(above.length, 2);
      // Each segment cuts off a low corner: (1, 0) or (0, 1).
      const cutsNear = (cx: number, cy: number) =>
        above.some((s) => Math.hypot((s.x0 + s.x1) / 2 - cx, (s.y0 + s.y1) / 2 - cy) < 0.5 && Math.hypot(s.x0 - cx, s.y0 - cy) < 0.7);
      assert.ok(cutsNear(1, 0) && cutsNear(0, 1), JSON.stringify(above));
      assert.equal(contourSegments(saddle, 0.6).length, 2);
      assert.deepEqual(contourSegments({ columns: 2, rows: 2, values: [0, NaN, 1, 1] }, 0.5), []);
    });

    it('levels: a handful of round values strictly inside the range', () => {
      const levels = contourLevels([0, 3.7, 10, NaN], 6);
      assert.ok(levels.length >= 4 && levels.length <= 9, levels.join(','));
      assert.ok(levels.every((l) => l > 0 && l < 10));
      assert.deepEqual(contourLevels([2, 2, 2], 6), []);
      assert.deepEqual(contourLevels([], 6), []);
    });
  });

  describe('densities', () => {
    it('softmax(−U) sums to 1, is largest where U is lowest, and is stable for large energies', () => {
      const p = boltzmannProbabilities([1, 2, 3]);
      assert.ok(Math.abs(sum(p) - 1) < 1e-12);
      assert.ok(p[0]! > p[1]! && p[1]! > p[2]!);
      assert.ok(Math.abs(p[0]! / p[1]! - Math.E) < 1e-9);
      const large = boltzmannProbabilities([1000, 1001, 5000]);
      assert.ok(large.every(Number.isFinite));
      assert.ok(Math.abs(sum(large) - 1) < 1e-12);
      assert.ok(Math.abs(large[0]! / large[1]! - Math.E) < 1e-9);
      const negative = boltzmannProbabilities([-1000, -999]);
      assert.ok(Math.abs(sum(negative) - 1) < 1e-12 && negative[0]! > negative[1]!);
    });

    it('non-finite energies get no mass; none finite gives zeros', () => {
      const p = boltzmannProbabilities([0, NaN, Infinity, 0]);
      assert.deepEqual(p, [0.5, 0, 0, 0.5]);
      assert.deepEqual(boltzmannProbabilities([NaN, NaN]), [0, 0]);
    });

    it('1-D: exp(−U) normalised over the line integrates to 1, probabilities become densities', () => {
      const xs = Array.from({ length: 200 }, (_, i) => -4 + ((i + 0.5) / 200) * 8);
      const density = lineModelDensity(
        xs.map((x) => (x * x) / 2),
        -4,
        8 - 4,
      );
      const width = 8 / 200;
      assert.ok(Math.abs(sum(density) * width - 1) < 1e-9);
      // U = x²/2 is the standard normal: its density at 0 is 1/√(2π).
      assert.ok(Math.abs(Math.max(...density) - 1 / Math.sqrt(2 * Math.PI)) < 0.01);
      assert.deepEqual(probabilityToDensity([0.25, 0.75], 0, 0.5), [1, 3]);
      assert.equal(sharedMaximum([1, NaN, 3], [2]), 3);
      assert.equal(sharedMaximum([]), 0);
    });

    it('the density colour scale is logarithmic over three decades below the shared top', () => {
      assert.equal(logScalePosition(0.1, 0.1), 1);
      assert.ok(Math.abs(logScalePosition(0.01, 0.1) - 2 / 3) < 1e-12);
      assert.ok(Math.abs(logScalePosition(0.0001, 0.1)) < 1e-12);
      assert.equal(logScalePosition(1e-9, 0.1), 0);
      assert.equal(logScalePosition(0, 0.1), 0);
      assert.equal(logScalePosition(NaN, 0.1), 0);
      assert.equal(logScalePosition(0.5, 0), 0);
      assert.equal(logScalePosition(0.2, 0.1), 1);
    });

    it('the sequential colour ramp runs through its stops', () => {
      const stops = [
        { r: 0, g: 0, b: 0, a: 1 },
        { r: 100, g: 0, b: 0, a: 1 },
        { r: 100, g: 200, b: 0, a: 1 },
      ];
      assert.deepEqual(sequential(0, stops), stops[0]);
      assert.deepEqual(sequential(0.25, stops), { r: 50, g: 0, b: 0, a: 1 });
      assert.deepEqual(sequential(1, stops), stops[2]);
      assert.deepEqual(sequential(7, stops), stops[2]);
      assert.deepEqual(sequential(NaN, stops), stops[0]);
    });
  });

  describe('the mutual-information term', () => {
    const energy = (kind: 'encoder' | 'statisticsNetwork' | 'none') =>
      ({ loss: { kind: 'energy', lambda: 0.1, mutualInformation: { kind } } }) as unknown as Pick<Experiment, 'loss'>;

    it('names the estimator in the title; other losses have none', () => {
      assert.match(mutualInformationVariant(energy('encoder'))!.title, /encoder/);
      assert.match(mutualInformationVariant(energy('statisticsNetwork'))!.title, /statistics network/);
      const none = mutualInformationVariant(energy('none'))!;
      assert.match(none.title, /none/);
      assert.match(none.description, /no mutual-information term/);
      assert.equal(mutualInformationVariant({ loss: { kind: 'nonSaturating' } } as Pick<Experiment, 'loss'>), null);
      assert.equal(mutualInformationVariant(null), null);
    });

    it("picks the variant's mi.* components from the metrics", () => {
      const columns = emptyColumns();
      const record = (step: number, components: Record<string, number>) => ({
        step,
        time: 0,
        elapsed: 0,
        stepsPerSecond: 0,
        dLoss: 0,
        gLoss: 0,
        components,
        dReal: 0,
        dFake: 0,
        gradNormD: 0,
        gradNormG: 0,
      });
      appendRecords(columns, [
        record(10, { 'd.real': 1, 'mi.bce': 0.6, 'mi.estimate': 2 * Math.LN2 - 1.2 }),
        record(20, { 'd.real': 1, 'mi.bce': 0.4, 'mi.estimate': 2 * Math.LN2 - 0.8 }),
      ]);
      const statistics = mutualInformationSeries(columns, 'statisticsNetwork');
      assert.deepEqual(
        statistics.map((s) => [s.id, s.dashed]),
        [
          ['mi.estimate', false],
          ['mi.bce', true],
        ],
      );
      assert.ok(statistics[0]!.values.every((v) => v >= 0 && v <= JSD_ESTIMATE_MAX));
      assert.deepEqual(mutualInformationSeries(columns, 'encoder'), []);
      assert.deepEqual(mutualInformationSeries(columns, 'none'), []);
    });
  });
});
