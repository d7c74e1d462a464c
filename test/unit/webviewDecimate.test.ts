import assert from 'node:assert/strict';
import { lowerBound, minMaxIndices, nearestIndex, upperBound, visibleRange } from '../../webview/src/logic/decimate';

describe('webview decimation', () => {
  it('keeps every index when the range is within the target', () => {
    assert.deepEqual(minMaxIndices([5, 4, 3], 10), [0, 1, 2]);
    assert.deepEqual(minMaxIndices([5, 4, 3, 2], 10, 1, 3), [1, 2]);
  });

  it('reduces a long series to about the target, keeping first, last and the extremes', () => {
    const ys = Array.from({ length: 10_000 }, (_, i) => Math.sin(i / 50));
    ys[4321] = 100;
    ys[7777] = -100;
    const idx = minMaxIndices(ys, 2000);
    assert.ok(idx.length <= 2002, `${idx.length} points`);
    assert.ok(idx.length > 1000);
    assert.equal(idx[0], 0);
    assert.equal(idx[idx.length - 1], 9999);
    assert.ok(idx.includes(4321) && idx.includes(7777), 'spikes survive');
    for (let i = 1; i < idx.length; i++) assert.ok(idx[i]! > idx[i - 1]!, 'ascending');
  });

  it('keeps non-finite values so divergence still draws as a gap', () => {
    const ys = Array.from({ length: 5000 }, (_, i) => i);
    ys[2500] = NaN;
    assert.ok(minMaxIndices(ys, 100).includes(2500));
  });

  it('binary searches and visible ranges include one point either side', () => {
    const xs = [10, 20, 30, 40, 50];
    assert.equal(lowerBound(xs, 30), 2);
    assert.equal(upperBound(xs, 30), 3);
    assert.equal(lowerBound(xs, 5), 0);
    assert.equal(upperBound(xs, 55), 5);
    assert.deepEqual(visibleRange(xs, 25, 35), { from: 1, to: 4 });
    assert.deepEqual(visibleRange(xs, undefined, undefined), { from: 0, to: 5 });
    assert.deepEqual(visibleRange(xs, 30, 30), { from: 1, to: 4 });
  });

  it('nearestIndex finds the closest x', () => {
    assert.equal(nearestIndex([0, 10, 20], 14), 1);
    assert.equal(nearestIndex([0, 10, 20], 16), 2);
    assert.equal(nearestIndex([0, 10, 20], -5), 0);
    assert.equal(nearestIndex([], 3), -1);
  });
});
