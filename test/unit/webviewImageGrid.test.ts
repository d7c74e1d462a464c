/** Image grids in the views: the host's pixels as RGBA, nearest-neighbour scales, layout, and the samples cache's budget. */
import assert from 'node:assert/strict';
import type { GridPixels, ShownSamples } from '../../src/shared/protocol';
import { gridRgba, pixelScale, placeGrids } from '../../webview/src/logic/imageGrid';
import { RealGridInterner } from '../../webview/src/samples/realGridInterner';
import { SampleNavigator } from '../../webview/src/samples/sampleNavigator';

const grid = (width: number, height: number, channels: 1 | 3, bytes: number[]): GridPixels => ({
  width,
  height,
  channels,
  data: Buffer.from(bytes).toString('base64'),
});

describe('webview image grids', () => {
  it('greyscale + alpha and RGB + alpha become RGBA', () => {
    assert.deepEqual([...gridRgba(grid(2, 1, 1, [10, 255, 200, 0]))!], [10, 10, 10, 255, 200, 200, 200, 0]);
    assert.deepEqual([...gridRgba(grid(1, 1, 3, [1, 2, 3, 4]))!], [1, 2, 3, 4]);
  });

  it('malformed grids give null (wrong length, channels, sizes)', () => {
    assert.equal(gridRgba(grid(2, 2, 1, [1, 2, 3])), null);
    assert.equal(gridRgba({ ...grid(1, 1, 1, [1, 2]), channels: 2 }), null);
    assert.equal(gridRgba({ ...grid(1, 1, 1, [1, 2]), width: 0 }), null);
    assert.equal(gridRgba('not a grid'), null);
  });

  it('a whole number of pixels per image pixel when it fits (capped), else the fraction that fits', () => {
    assert.equal(pixelScale(300, 101), 2);
    assert.equal(pixelScale(100, 101), 100 / 101);
    assert.equal(pixelScale(1000, 10), 16);
    assert.equal(pixelScale(1000, 10, 4), 4);
    assert.equal(pixelScale(0, 10), 1);
  });

  it('side by side when each grid gets at least one pixel per pixel, else one above the other', () => {
    assert.deepEqual(placeGrids(600, 173, 16), { sideBySide: true, scale: 1 });
    assert.deepEqual(placeGrids(900, 173, 16), { sideBySide: true, scale: 2 });
    assert.deepEqual(placeGrids(300, 173, 16), { sideBySide: false, scale: 1 });
    assert.deepEqual(placeGrids(100, 173, 16), { sideBySide: true, scale: 42 / 173 });
  });

  it('records share one copy of an unchanged real grid', () => {
    const interner = new RealGridInterner();
    const record = (step: number, real: GridPixels): ShownSamples => ({
      step,
      dataKind: 'shapes',
      layout: 'images',
      fixed: [],
      fresh: [],
      real: [],
      grids: { fixed: null, real },
    });
    const a = record(1, grid(1, 1, 1, [5, 255]));
    const b = record(2, grid(1, 1, 1, [5, 255]));
    const c = record(3, grid(1, 1, 1, [6, 255]));
    for (const r of [a, b, c]) interner.intern(r);
    assert.equal(b.grids!.real, a.grids!.real);
    assert.notEqual(c.grids!.real, a.grids!.real);
    interner.intern(null);
  });

  it('the samples cache keeps under its grid budget (the newest record always stays)', () => {
    const big = (step: number): ShownSamples => ({
      step,
      dataKind: 'shapes',
      layout: 'images',
      fixed: [],
      fresh: [],
      real: [],
      grids: { fixed: { width: 1, height: 1, channels: 1, data: 'A'.repeat(20 * 2 ** 20) }, real: null },
    });
    const nav = new SampleNavigator(() => undefined);
    for (let step = 1; step <= 4; step++) nav.received(big(step), false, true);
    assert.deepEqual(
      [1, 2, 3, 4].map((s) => nav.cached(s) !== undefined),
      [false, false, true, true],
      '48 MiB of grids hold two 20 MiB records',
    );
  });
});
