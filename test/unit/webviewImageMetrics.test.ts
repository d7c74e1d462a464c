/**
 * The dashboard's image cards, their logic without a page: the generated class histogram as bars
 * against uniform (KL, classes covered, the sorted form of 1,000 modes, the record shown for a
 * samples step) and the tiles of a sample grid (which tile a click hits, how the arrow keys move).
 */
import assert from 'node:assert/strict';
import type { QualityRecord } from '../../src/shared/runFormat';
import { classBars, coveredClasses, histogramRecordAt, klToUniformBits, SORTED_ABOVE } from '../../webview/src/logic/classHistogram';
import { gridTiles, moveTile, tileAt, tileOrigin } from '../../webview/src/logic/gridTiles';

const digits = Array.from({ length: 10 }, (_, c) => String(c));

describe('webview class histogram', () => {
  it('KL against uniform in bits: 0 for equal counts, log2 C for one class, by hand for two of four', () => {
    assert.equal(klToUniformBits([5, 5, 5, 5]), 0);
    assert.equal(klToUniformBits([0, 0, 8, 0]), 2);
    // p = (1/2, 1/2, 0, 0): Σ p log2(p·4) = 1.
    assert.equal(klToUniformBits([3, 3, 0, 0]), 1);
    assert.ok(Number.isNaN(klToUniformBits([0, 0])));
  });

  it('a class is covered with at least max(1, 0.2·n/classes) images', () => {
    // 100 images over 10 classes: at least 2 each.
    assert.equal(coveredClasses([50, 30, 10, 5, 2, 1, 1, 1, 0, 0]), 5);
    // 10 images over 1,000 modes: a single image covers a mode.
    const modes = new Array<number>(1000).fill(0);
    modes[3] = 7;
    modes[9] = 1;
    assert.equal(coveredClasses(modes), 2);
  });

  it('ten digits: a bar per class as a share, uniform 1/10, the record’s own KL and covered count', () => {
    const counts = [30, 10, 0, 20, 10, 10, 5, 5, 5, 5];
    const bars = classBars({ names: digits, counts }, { classesCovered: 8, classesTotal: 10, classKl: 0.42 });
    assert.equal(bars.sorted, false);
    assert.deepEqual(bars.labels, digits);
    assert.deepEqual(bars.shares, [0.3, 0.1, 0, 0.2, 0.1, 0.1, 0.05, 0.05, 0.05, 0.05]);
    assert.equal(bars.uniform, 0.1);
    assert.deepEqual([bars.total, bars.covered, bars.classes, bars.kl, bars.noun], [100, 8, 10, 0.42, 'classes']);
    // Without the record's figures they are computed from the counts.
    const computed = classBars({ names: digits, counts });
    assert.equal(computed.covered, coveredClasses(counts));
    assert.equal(computed.kl, klToUniformBits(counts));
  });

  it(`more than ${SORTED_ABOVE} classes (Stacked MNIST): shares sorted from the most generated mode, ranks as labels`, () => {
    const names = Array.from({ length: 1000 }, (_, m) => String(m).padStart(3, '0'));
    const counts = new Array<number>(1000).fill(0);
    counts[500] = 3;
    counts[7] = 1;
    const bars = classBars({ names, counts }, { stackedModesCovered: 2, stackedModesTotal: 1000, stackedKl: 9.1, classesCovered: 9 });
    assert.equal(bars.sorted, true);
    assert.deepEqual(bars.shares.slice(0, 3), [0.75, 0.25, 0]);
    assert.deepEqual([bars.labels[0], bars.labels[999]], ['1', '1000']);
    assert.deepEqual([bars.covered, bars.kl, bars.uniform, bars.noun], [2, 9.1, 0.001, 'modes']);
  });

  it('the record for a samples step: at the step, else the last before it, else the first; the newest when following', () => {
    const histogram = { names: ['a', 'b'], counts: [1, 1] };
    const records: QualityRecord[] = [
      { step: 100, metrics: {} },
      { step: 250, metrics: {}, classes: histogram },
      { step: 500, metrics: {}, classes: histogram },
      { step: 750, metrics: {}, classes: { names: ['a'], counts: [1, 2] } },
    ];
    const at = (step: number | null) => histogramRecordAt(records, step)?.step;
    assert.deepEqual([at(500), at(600), at(100), at(null), at(10_000)], [500, 500, 250, 500, 500], 'a malformed histogram is never shown');
    assert.equal(histogramRecordAt([{ step: 1, metrics: {} }], null), null);
  });
});

describe('webview grid tiles', () => {
  const shape = { height: 28, width: 28, channels: 1 as const };

  it('tiles across and down a grid with 1-pixel gutters; where a tile is', () => {
    // 8 tiles across: 8·28 + 7 = 231 px; 3 rows: 86 px.
    assert.deepEqual(gridTiles(231, 86, shape), { columns: 8, rows: 3 });
    assert.deepEqual(tileOrigin(9, shape, 8), { x: 29, y: 29 });
  });

  it('the tile under a point: none in a gutter, outside the grid or past the last tile', () => {
    const tiles = { columns: 8, rows: 3 };
    assert.equal(tileAt(0, 0, shape, tiles, 24), 0);
    assert.equal(tileAt(27.9, 27.9, shape, tiles, 24), 0);
    assert.equal(tileAt(28.5, 10, shape, tiles, 24), -1, 'the gutter between tiles 0 and 1');
    assert.equal(tileAt(29, 29, shape, tiles, 24), 9);
    assert.equal(tileAt(230, 85, shape, tiles, 24), 23);
    assert.equal(tileAt(230, 85, shape, tiles, 20), -1, 'only 20 tiles have neighbours');
    assert.equal(tileAt(240, 10, shape, tiles, 24), -1, 'right of the grid (the real grid)');
    assert.equal(tileAt(-3, 10, shape, tiles, 24), -1, 'left of the grid (the row labels)');
  });

  it('arrow keys move the selection (left and right across rows), Home and End jump, other keys do nothing', () => {
    assert.equal(moveTile(-1, 'ArrowRight', 8, 20), 0, 'the first key selects the first tile');
    assert.equal(moveTile(-1, 'a', 8, 20), null);
    assert.equal(moveTile(7, 'ArrowRight', 8, 20), 8);
    assert.equal(moveTile(8, 'ArrowLeft', 8, 20), 7);
    assert.equal(moveTile(0, 'ArrowLeft', 8, 20), 0);
    assert.equal(moveTile(3, 'ArrowDown', 8, 20), 11);
    assert.equal(moveTile(15, 'ArrowDown', 8, 20), 15, 'no tile below');
    assert.equal(moveTile(11, 'ArrowUp', 8, 20), 3);
    assert.equal(moveTile(11, 'End', 8, 20), 19);
    assert.equal(moveTile(11, 'Home', 8, 20), 0);
    assert.equal(moveTile(11, 'Enter', 8, 20), null);
  });
});
