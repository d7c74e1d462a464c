import assert from 'node:assert/strict';
import { lowerBound, MinMaxCache, minMaxIndices, nearestIndex, upperBound, visibleRange } from '../../webview/src/logic/decimate';

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

describe('webview incremental decimation (MinMaxCache)', () => {
  /** The same block algorithm computed from scratch, as the reference. */
  function reference(ys: number[], target: number, from: number, to: number): number[] {
    const count = to - from;
    if (count <= target) return Array.from({ length: count }, (_, i) => from + i);
    const size = 2 ** Math.ceil(Math.log2(count / Math.floor((target - 2) / 2)));
    if (size < 16) return minMaxIndices(ys, target, from, to);
    const out = [from];
    const bucket = (lo: number, hi: number) => {
      let minI = -1;
      let maxI = -1;
      let gap = -1;
      for (let i = lo; i < hi; i++) {
        if (!Number.isFinite(ys[i]!)) {
          if (gap < 0) gap = i;
        } else {
          if (minI < 0 || ys[i]! < ys[minI]!) minI = i;
          if (maxI < 0 || ys[i]! > ys[maxI]!) maxI = i;
        }
      }
      for (const i of [minI, maxI, gap].filter((j) => j >= 0).sort((a, b) => a - b)) if (i > out[out.length - 1]!) out.push(i);
    };
    const first = Math.ceil(from / size);
    const last = Math.floor(to / size);
    if (first >= last) return minMaxIndices(ys, target, from, to);
    bucket(from, first * size);
    for (let b = first; b < last; b++) bucket(b * size, (b + 1) * size);
    bucket(last * size, to);
    if (out[out.length - 1] !== to - 1) out.push(to - 1);
    return out;
  }

  const noisy = (n: number, seed = 1) => {
    let s = seed;
    return Array.from({ length: n }, (_, i) => {
      s = (s * 16807) % 2147483647;
      return Math.sin(i / 300) + (s / 2147483647 - 0.5) * 0.3;
    });
  };

  it('matches the block algorithm computed from scratch, for whole and zoomed ranges', () => {
    const ys = noisy(200_000);
    ys[123_457] = 50;
    ys[77_777] = NaN;
    const cache = new MinMaxCache();
    for (const [target, from, to] of [
      [1200, 0, 200_000],
      [2000, 0, 200_000],
      [800, 5_003, 60_000],
      [1200, 123_000, 124_000],
      [300, 0, 200_000],
    ] as const) {
      const got = cache.indices(ys, target, from, to);
      assert.deepEqual(got, reference(ys, target, from, to), `target ${target} [${from}, ${to})`);
      assert.ok(got.length <= target + 6, `${got.length} points for a target of ${target}`);
      for (let i = 1; i < got.length; i++) assert.ok(got[i]! > got[i - 1]!, 'ascending');
    }
    const all = cache.indices(ys, 1200);
    assert.ok(all.includes(123_457), 'the spike survives');
    assert.ok(all.includes(77_777), 'the gap survives');
    assert.equal(all[0], 0);
    assert.equal(all[all.length - 1], 199_999);
  });

  it('growing in place gives what a fresh cache gives (only new values are walked)', () => {
    const full = noisy(100_000, 7);
    const ys: number[] = [];
    const cache = new MinMaxCache();
    for (let n = 0; n < full.length; n += 997) {
      ys.push(...full.slice(n, n + 997));
      const got = cache.indices(ys, 1000);
      if (n % (997 * 20) === 0) assert.deepEqual(got, new MinMaxCache().indices(ys, 1000), `at ${ys.length} values`);
    }
    assert.deepEqual(cache.indices(ys, 1000), reference(ys, 1000, 0, ys.length));
  });

  it('starts afresh when values were replaced in place (a new generation) or the array shrank', () => {
    const ys = noisy(50_000, 3);
    const cache = new MinMaxCache();
    cache.indices(ys, 500, 0, ys.length, 0);
    for (let i = 20_000; i < ys.length; i++) ys[i] = ys[i]! + 10;
    assert.deepEqual(cache.indices(ys, 500, 0, ys.length, 1), reference(ys, 500, 0, ys.length));
    ys.length = 30_000;
    assert.deepEqual(cache.indices(ys, 500, 0, ys.length, 1), reference(ys, 500, 0, ys.length));
  });

  it('short ranges are kept whole', () => {
    assert.deepEqual(new MinMaxCache().indices([3, 2, 1], 100), [0, 1, 2]);
    assert.deepEqual(new MinMaxCache().indices([], 100), []);
  });
});
