import assert from 'node:assert/strict';
import { blendTwo, diverging, divergingParameter } from '../../webview/src/logic/colorMap';
import { flatten, luminance, mix, parseColor, withAlpha } from '../../webview/src/logic/colors';
import { arrowSegment, gridScale, heatmapPixels } from '../../webview/src/logic/heatmap';

const white = { r: 255, g: 255, b: 255, a: 1 };
const blue = { r: 0, g: 0, b: 255, a: 1 };
const orange = { r: 255, g: 128, b: 0, a: 1 };

describe('webview colours', () => {
  it('parses the forms VS Code uses for theme colours', () => {
    assert.deepEqual(parseColor('#3794ff'), { r: 55, g: 148, b: 255, a: 1 });
    assert.deepEqual(parseColor('#fff'), { r: 255, g: 255, b: 255, a: 1 });
    assert.deepEqual(parseColor('#00000080'), { r: 0, g: 0, b: 0, a: 128 / 255 });
    assert.deepEqual(parseColor('rgba(204, 204, 204, 0.5)'), { r: 204, g: 204, b: 204, a: 0.5 });
    assert.deepEqual(parseColor('rgb(10 20 30 / 50%)'), { r: 10, g: 20, b: 30, a: 0.5 });
    assert.equal(parseColor('var(--x)'), null);
    assert.equal(parseColor(''), null);
  });

  it('mixes, flattens and writes rgba text', () => {
    assert.deepEqual(mix(white, blue, 0.5), { r: 128, g: 128, b: 255, a: 1 });
    assert.equal(withAlpha({ r: 1, g: 2, b: 3, a: 0.5 }, 0.5), 'rgba(1, 2, 3, 0.25)');
    assert.deepEqual(flatten({ r: 0, g: 0, b: 0, a: 0.5 }, white), { r: 128, g: 128, b: 128, a: 1 });
    assert.ok(luminance(white) > 0.99 && luminance({ r: 0, g: 0, b: 0, a: 1 }) === 0);
  });

  it('the diverging map is the background at D = 0.5 and the hues at the ends', () => {
    const colors = { low: orange, mid: white, high: blue };
    assert.deepEqual(diverging(divergingParameter(0.5, 'probability'), colors), white);
    assert.deepEqual(diverging(divergingParameter(1, 'probability'), colors), blue);
    assert.deepEqual(diverging(divergingParameter(0, 'probability'), colors), orange);
    assert.deepEqual(diverging(NaN, colors), white);
    assert.equal(divergingParameter(2, 'score', 4), 0.5);
  });

  it('blendTwo shows real-only, fake-only and overlap differently', () => {
    const bg = { r: 0, g: 0, b: 0, a: 1 };
    const r = blendTwo(bg, blue, 1, orange, 0);
    const f = blendTwo(bg, blue, 0, orange, 1);
    const both = blendTwo(bg, blue, 1, orange, 1);
    assert.deepEqual(r, blue);
    assert.deepEqual(f, orange);
    assert.deepEqual(both, { r: 255, g: 128, b: 255, a: 1 });
  });

  it('the D heatmap puts the grid row at yMin on the bottom of the image', () => {
    const grid = { xMin: 0, xMax: 1, yMin: 0, yMax: 1, resolution: 2, values: [0, 0, 1, 1] };
    const px = heatmapPixels(grid, { low: orange, mid: white, high: blue });
    // Image row 0 (top) = grid row 1 (D = 1, blue); image row 1 = grid row 0 (D = 0, orange).
    assert.deepEqual([...px.slice(0, 4)], [0, 0, 255, 255]);
    assert.deepEqual([...px.slice(8, 12)], [255, 128, 0, 255]);
    assert.equal(gridScale(grid.values), 'probability');
    assert.equal(gridScale([-3, 2]), 'score');
  });

  it('a critic heatmap spreads its own score range over the colours (scores all negative still show contrast)', () => {
    const grid = { xMin: 0, xMax: 1, yMin: 0, yMax: 1, resolution: 2, values: [-20, -15, -15, -10] };
    const px = heatmapPixels(grid, { low: orange, mid: white, high: blue }, 'score');
    assert.deepEqual([...px.slice(4, 8)], [0, 0, 255, 255], 'the highest score (top right) gets the high colour');
    assert.deepEqual([...px.slice(8, 12)], [255, 128, 0, 255], 'the lowest score (bottom left) gets the low colour');
    assert.deepEqual([...px.slice(0, 4)], [255, 255, 255, 255], 'a mid-range score gets the centre colour');
    assert.deepEqual([...px.slice(12, 16)], [255, 255, 255, 255]);
  });

  it('gradient arrows have a fixed length and flip y for the screen', () => {
    const s = arrowSegment(100, 100, 0, 5, 12)!;
    assert.deepEqual(s, { x0: 100, y0: 100, x1: 100, y1: 88 });
    const d = arrowSegment(0, 0, 3, 4, 10)!;
    assert.ok(Math.abs(Math.hypot(d.x1, d.y1) - 10) < 1e-9);
    assert.equal(arrowSegment(0, 0, 0, 0, 10), null);
    assert.equal(arrowSegment(0, 0, NaN, 1, 10), null);
  });
});
