import assert from 'node:assert/strict';
import { debiasedEma, IncrementalEma } from '../../webview/src/logic/smoothing';

const close = (a: number, b: number, eps = 1e-12) => assert.ok(Math.abs(a - b) < eps, `${a} ≉ ${b}`);

describe('webview smoothing (TensorBoard debiased EMA)', () => {
  it('weight 0 returns the values unchanged', () => {
    assert.deepEqual(debiasedEma([3, 1, 4, 1, 5], 0), [3, 1, 4, 1, 5]);
  });

  it('is debiased: the first smoothed value equals the first value', () => {
    const out = debiasedEma([10, 0, 0], 0.9);
    close(out[0]!, 10);
    // last = 0.9·1 + 0.1·0 after two steps of accumulation; divided by 1 − 0.9².
    close(out[1]!, (0.9 * 0.1 * 10) / (1 - 0.81));
  });

  it('matches the recurrence by hand', () => {
    const w = 0.6;
    const ys = [1, 2, 3, 4];
    let last = 0;
    const expected = ys.map((y, i) => {
      last = last * w + (1 - w) * y;
      return last / (1 - Math.pow(w, i + 1));
    });
    debiasedEma(ys, w).forEach((v, i) => close(v, expected[i]!));
  });

  it('passes non-finite values through as gaps without advancing the average', () => {
    const out = debiasedEma([1, NaN, 3], 0.5);
    assert.ok(Number.isNaN(out[1]));
    close(out[0]!, 1);
    // Two accumulated values: (0.5·0.5·1 + 0.5·3) / (1 − 0.25)
    close(out[2]!, (0.25 * 1 + 0.5 * 3) / 0.75);
  });

  it('leaves a constant series unchanged (no start-up transient)', () => {
    assert.deepEqual(debiasedEma([2, 2, 2], 0.99), [2, 2, 2]);
  });

  it('the incremental version equals the full computation as values are appended', () => {
    const values: number[] = [];
    const ema = new IncrementalEma();
    for (let i = 0; i < 200; i++) {
      values.push(Math.sin(i / 7) + (i % 5 === 0 ? NaN : 0));
      const got = ema.update(values, 0.8);
      const want = debiasedEma(values, 0.8);
      assert.equal(got.length, want.length);
      got.forEach((v, j) => (Number.isNaN(want[j]) ? assert.ok(Number.isNaN(v)) : close(v, want[j]!, 1e-9)));
    }
  });

  it('the incremental version recomputes when the weight, the generation or constancy changes', () => {
    const values = [1, 1, 1];
    const ema = new IncrementalEma();
    assert.deepEqual(ema.update(values, 0.5), [1, 1, 1]);
    values.push(3);
    assert.deepEqual(ema.update(values, 0.5), debiasedEma(values, 0.5));
    assert.deepEqual(ema.update(values, 0.9), debiasedEma(values, 0.9));
    values[1] = 7; // replaced in place (a resumed run), signalled by a new generation
    assert.deepEqual(ema.update(values, 0.9, 1), debiasedEma(values, 0.9));
  });
});
