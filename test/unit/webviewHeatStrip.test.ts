import assert from 'node:assert/strict';
import type { HistogramRecord } from '../../src/shared/runFormat';
import { buildHeatStrip as buildFrom, columnOf, heatStripPixels, listOf, MAX_COLUMNS, rowOf } from '../../webview/src/logic/heatStrip';
import { binCentres, binValues, toDensity, toShares } from '../../webview/src/logic/histogram';

const hist = (step: number, real: number[], fake: number[], min = 0, max = 1): HistogramRecord => ({
  step,
  min,
  max,
  scale: 'probability',
  real,
  fake,
});
const buildHeatStrip = (records: HistogramRecord[], rows: number) => buildFrom(listOf(records), rows);
const black = { r: 0, g: 0, b: 0, a: 1 };
const red = { r: 255, g: 0, b: 0, a: 1 };
const green = { r: 0, g: 255, b: 0, a: 1 };

describe('webview heat strip (histograms over time)', () => {
  it('one column per record, rows from low to high score, each column scaled to its peak', () => {
    const strip = buildHeatStrip([hist(100, [0, 0, 0, 8], [8, 0, 0, 0]), hist(200, [0, 4, 4, 0], [0, 0, 2, 0])], 4);
    assert.equal(strip.columns, 2);
    assert.deepEqual([strip.firstStep, strip.lastStep, strip.records], [100, 200, 2]);
    assert.deepEqual([...strip.real.slice(0, 4)], [0, 0, 0, 1]);
    assert.deepEqual([...strip.fake.slice(0, 4)], [1, 0, 0, 0]);
    assert.deepEqual([...strip.real.slice(4, 8)], [0, 1, 1, 0]);
    assert.deepEqual([...strip.fake.slice(4, 8)], [0, 0, 1, 0]);
  });

  it('re-bins histograms with different ranges onto their common range', () => {
    const strip = buildHeatStrip([hist(1, [1, 0], [0, 1], -2, 0), hist(2, [1, 0], [0, 1], 0, 2)], 4);
    assert.equal(strip.min, -2);
    assert.equal(strip.max, 2);
    // First record: real in [-2,-1] → row 0, fake in [-1,0] → row 1.
    assert.equal(strip.real[0], 1);
    assert.equal(strip.fake[1], 1);
    // Second: real in [0,1] → row 2, fake in [1,2] → row 3.
    assert.equal(strip.real[4 + 2], 1);
    assert.equal(strip.fake[4 + 3], 1);
  });

  it('beyond MAX_COLUMNS records, neighbouring records share a column (every record counted)', () => {
    const n = MAX_COLUMNS * 3;
    const records = Array.from({ length: n }, (_, i) => hist(i * 10, i % 3 === 0 ? [1, 0] : [0, 1], [0, 1]));
    const strip = buildHeatStrip(records, 2);
    assert.equal(strip.columns, MAX_COLUMNS);
    assert.equal(strip.records, n);
    assert.deepEqual([strip.firstStep, strip.lastStep], [0, (n - 1) * 10]);
    assert.equal(columnOf(n - 1, n), MAX_COLUMNS - 1);
    // Column 0 holds records 0, 1, 2: real once low, twice high → low sqrt(1/2), high 1.
    assert.ok(Math.abs(strip.real[0]! - Math.SQRT1_2) < 1e-6);
    assert.equal(strip.real[1], 1);
  });

  it('rowOf clamps to the strip', () => {
    assert.equal(rowOf(-1, 0, 1, 10), 0);
    assert.equal(rowOf(1, 0, 1, 10), 9);
    assert.equal(rowOf(0.55, 0, 1, 10), 5);
  });

  it('pixels put the highest score on the top row, real and fake in their own hues', () => {
    const strip = buildHeatStrip([hist(1, [0, 5], [5, 0])], 2);
    const px = heatStripPixels(strip, black, red, green);
    // width 1, height 2: top pixel = high score = real (red); bottom = fake (green).
    assert.deepEqual([...px.slice(0, 4)], [255, 0, 0, 255]);
    assert.deepEqual([...px.slice(4, 8)], [0, 255, 0, 255]);
  });

  it('an empty list gives an empty strip', () => {
    const strip = buildHeatStrip([], 8);
    assert.equal(strip.columns, 0);
    assert.equal(heatStripPixels(strip, black, red, green).length, 0);
  });
});

describe('webview histogram helpers', () => {
  it('bin centres, shares and densities', () => {
    assert.deepEqual(binCentres(0, 1, 4), [0.125, 0.375, 0.625, 0.875]);
    assert.deepEqual(toShares([1, 3, 0]), [0.25, 0.75, 0]);
    assert.deepEqual(toShares([0, 0]), [0, 0]);
    assert.deepEqual(toDensity([1, 1], 0.5), [1, 1]);
  });

  it('binValues drops values outside and puts max in the last bin', () => {
    assert.deepEqual(binValues([0, 0.1, 0.5, 1, 2, -1, NaN], 0, 1, 2), [2, 2]);
  });
});
