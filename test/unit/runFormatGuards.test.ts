/**
 * The run format's new fields through every guard and reader: a quality record's class histogram
 * (the shared guard, the host's quality.jsonl reader, the view's message check) and an image
 * record's class rows and nearest training images (the guards, and the host's grid reader, which
 * reads the nearest PNG only for a view that shows it).
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseJsonLines, RECORD_CHECKS } from '../../src/extension/trainingRuns/runSnapshot';
import { GridReader } from '../../src/extension/trainingRuns/sampleGrids';
import { isGridPixels } from '../../src/shared/protocol';
import type { ImageSamples, QualityRecord, SampleRecord } from '../../src/shared/runFormat';
import { isClassHistogram, isNearestImages, isQualityRecord, isRowClasses } from '../../src/shared/runFormatGuards';
import { encodeImageGrid } from '../../src/training/recording/imageGrid';
import { isHostToWebview } from '../../webview/src/host/messages';
import { tempDir } from '../helpers/experiments';

const classes = { names: ['0', '1', '2'], counts: [10, 0, 3] };
const record: QualityRecord = { step: 500, metrics: { classesCovered: 2, classesTotal: 3, classKl: 0.4 }, classes };

describe('run format guards: the class histogram of a quality record', () => {
  it('a well-formed histogram passes, with or without other fields', () => {
    assert.equal(isClassHistogram(classes), true);
    assert.equal(isClassHistogram({ ...classes, note: 'a newer trainer adds this' }), true);
    assert.equal(isQualityRecord(record), true);
    assert.equal(isQualityRecord({ step: 1, metrics: {} }), true, 'classes are optional');
    assert.equal(isQualityRecord({ step: 1, metrics: { frechetDistance: null } }), true, 'a non-finite value is written as null');
  });

  const malformed: [string, unknown][] = [
    ['a string', 'classes'],
    ['an array', [1, 2]],
    ['no names', { counts: [1] }],
    ['no counts', { names: ['0'] }],
    ['no classes', { names: [], counts: [] }],
    ['names and counts of different lengths', { names: ['0', '1'], counts: [1] }],
    ['a name that is not a string', { names: ['0', 1], counts: [1, 1] }],
    ['an empty name', { names: ['', '1'], counts: [1, 1] }],
    ['a negative count', { names: ['0', '1'], counts: [1, -1] }],
    ['a count that is not a number', { names: ['0', '1'], counts: [1, '2'] }],
    ['a NaN count (null in JSON)', { names: ['0', '1'], counts: [1, null] }],
    ['too many classes', { names: Array.from({ length: 10_001 }, (_, i) => String(i)), counts: new Array(10_001).fill(0) }],
  ];
  for (const [what, value] of malformed)
    it(`refuses a histogram (${what}), and so its record`, () => {
      assert.equal(isClassHistogram(value), false);
      assert.equal(isQualityRecord({ ...record, classes: value }), false);
    });

  it('a record without a numeric step, without metrics or with a metric that is not a number is refused', () => {
    assert.equal(isQualityRecord({ metrics: {} }), false);
    assert.equal(isQualityRecord({ step: '1', metrics: {} }), false);
    assert.equal(isQualityRecord({ step: 1 }), false);
    assert.equal(isQualityRecord({ step: 1, metrics: { precision: '0.5' } }), false);
  });

  it('the host reads quality.jsonl: a line with a malformed histogram is skipped with a warning, the others are kept', () => {
    const lines = [
      JSON.stringify(record),
      JSON.stringify({ ...record, step: 750, classes: { names: ['0'], counts: [1, 2] } }),
      JSON.stringify({ step: 1000, metrics: { precision: 0.5 } }),
    ].join('\n');
    const warnings: string[] = [];
    const read = parseJsonLines<QualityRecord>(lines, 'quality.jsonl', RECORD_CHECKS.quality, warnings);
    assert.deepEqual(
      read.map((r) => r.step),
      [500, 1000],
    );
    assert.deepEqual(read[0]!.classes, classes);
    assert.deepEqual(warnings, ['quality.jsonl: 1 line(s) are not valid records and were skipped']);
  });

  it('the view takes a quality record from the host only when it is well formed', () => {
    assert.equal(isHostToWebview({ type: 'qualityAppended', payload: record }), true);
    assert.equal(isHostToWebview({ type: 'qualityAppended', payload: { ...record, classes: { names: ['0'], counts: [-1] } } }), false);
    assert.equal(isHostToWebview({ type: 'qualityAppended', payload: { step: 1 } }), false);
    // Other messages are recognised by their type, as before.
    assert.equal(isHostToWebview({ type: 'exportDone', payload: { ok: true, message: '' } }), true);
    assert.equal(isHostToWebview({ type: 'somethingElse', payload: {} }), false);
  });
});

describe('run format guards: class rows and nearest training images of an image record', () => {
  it('class rows: one non-empty name per row', () => {
    assert.equal(isRowClasses(['0', '1', '2']), true);
    assert.equal(isRowClasses([]), false);
    assert.equal(isRowClasses(['0', 1]), false);
    assert.equal(isRowClasses(['0', '']), false);
    assert.equal(isRowClasses('0123'), false);
  });

  it('nearest: count images per tile (1 … 64), a row of count finite distances ≥ 0 for every tile', () => {
    const nearest = {
      png: 'samples/step-1-nearest.png',
      count: 2,
      distances: [
        [1.5, 2],
        [0, 3.25],
      ],
    };
    assert.equal(isNearestImages(nearest), true);
    assert.equal(isNearestImages({ ...nearest, png: 7 }), false);
    assert.equal(isNearestImages({ ...nearest, count: 0 }), false);
    assert.equal(isNearestImages({ ...nearest, count: 1.5 }), false);
    assert.equal(isNearestImages({ ...nearest, count: 65 }), false);
    assert.equal(isNearestImages({ ...nearest, distances: [] }), false);
    assert.equal(isNearestImages({ ...nearest, distances: [[1, 2], [3]] }), false, 'a row of the wrong length');
    assert.equal(
      isNearestImages({
        ...nearest,
        distances: [
          [1, 2],
          [3, -1],
        ],
      }),
      false,
      'a negative distance',
    );
    assert.equal(
      isNearestImages({
        ...nearest,
        distances: [
          [1, 2],
          [3, null],
        ],
      }),
      false,
      'a NaN distance',
    );
  });

  /** A run with a 2 × 2 grid of 3 × 2 greyscale tiles and 3 nearest images for each of the 4 tiles. */
  function nearestRun(): { runDir: string; record: SampleRecord & { images: ImageSamples } } {
    const runDir = tempDir('gan-nearest-');
    mkdirSync(join(runDir, 'samples'));
    const shape = { height: 2, width: 3, channels: 1 as const };
    const tiles = (n: number, value: number) => new Float32Array(n * 6).fill(value);
    writeFileSync(join(runDir, 'samples', 'step-00000010.png'), encodeImageGrid(tiles(4, 1), 4, shape, 2));
    writeFileSync(join(runDir, 'samples', 'real.png'), encodeImageGrid(tiles(4, -1), 4, shape, 2));
    writeFileSync(join(runDir, 'samples', 'step-00000010-nearest.png'), encodeImageGrid(tiles(12, 0), 12, shape, 3));
    const images: ImageSamples = {
      shape,
      columns: 2,
      fixedPng: 'samples/step-00000010.png',
      realPng: 'samples/real.png',
      rowClasses: ['a', 'b'],
      nearest: { png: 'samples/step-00000010-nearest.png', count: 3, distances: Array.from({ length: 4 }, () => [1, 2, 3]) },
    };
    return { runDir, record: { step: 10, dataKind: 'idx', layout: 'images', fixed: [], fresh: [], real: [], images } };
  }

  it('the host reads the nearest PNG for the dashboard: one row of count tiles per fixed tile', async () => {
    const { runDir, record } = nearestRun();
    const shown = await new GridReader(runDir).withGrids(record);
    const nearest = shown.grids?.nearest;
    assert.ok(isGridPixels(nearest));
    assert.deepEqual([nearest.width, nearest.height], [3 * 3 + 2, 4 * 2 + 3]);
    // Every tile pixel is mid-grey (0 → 128), opaque; the record's rows and distances go through as they are.
    assert.deepEqual([...Buffer.from(nearest.data, 'base64')].slice(0, 2), [128, 255]);
    assert.deepEqual(shown.images?.rowClasses, ['a', 'b']);
    assert.ok(shown.grids?.fixed && shown.grids.real);
  });

  it('the side view does not get the nearest PNG; a malformed or escaping nearest is left out or missing', async () => {
    const { runDir, record } = nearestRun();
    const side = await new GridReader(runDir, false).withGrids(record);
    assert.equal(side.grids && 'nearest' in side.grids, false);
    const malformed = { ...record, images: { ...record.images, nearest: { ...record.images.nearest!, distances: [[1]] } } };
    const shownMalformed = await new GridReader(runDir).withGrids(malformed);
    assert.equal(shownMalformed.grids && 'nearest' in shownMalformed.grids, false);
    const escaping = { ...record, images: { ...record.images, nearest: { ...record.images.nearest!, png: 'samples/../secret.png' } } };
    assert.equal((await new GridReader(runDir).withGrids(escaping)).grids?.nearest, null);
    // A PNG narrower than count tiles across is fine (fewer images); one wider than count tiles is not a nearest grid.
    const wide = { ...record, images: { ...record.images, nearest: { ...record.images.nearest!, count: 2, distances: [[1, 2]] } } };
    assert.equal((await new GridReader(runDir).withGrids(wide)).grids?.nearest, null);
  });
});
