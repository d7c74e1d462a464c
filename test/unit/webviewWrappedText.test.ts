/** A refused grid's reason drawn in its place: a sentence broken into centred lines that fit the box. */
import assert from 'node:assert/strict';
import { fillWrappedText } from '../../webview/src/samples/canvas';

/** A 2-D context that measures 6 px a character and records what is drawn. */
function recordingContext() {
  const drawn: { text: string; x: number; y: number; maxWidth?: number }[] = [];
  const ctx = {
    textAlign: 'left',
    textBaseline: 'alphabetic',
    measureText: (text: string) => ({ width: 6 * text.length }),
    fillText: (text: string, x: number, y: number, maxWidth?: number) => void drawn.push({ text, x, y, maxWidth }),
  };
  return { ctx: ctx as unknown as CanvasRenderingContext2D, drawn, state: ctx };
}

describe('webview: a sentence in place of a grid', () => {
  it('breaks at spaces into lines of at most the width, centred on the point', () => {
    const { ctx, drawn, state } = recordingContext();
    const reason = 'samples/step-00000010.png declares 100,000 × 100,000 pixels; a sample grid has at most 8,192 a side';
    fillWrappedText(ctx, reason, 100, 50, 120, 12, 10);
    assert.equal(drawn.map((d) => d.text).join(' '), reason);
    assert.ok(
      drawn.every((d) => d.text.length * 6 <= 120 || !d.text.includes(' ')),
      JSON.stringify(drawn),
    );
    assert.ok(drawn.length >= 5);
    assert.deepEqual([state.textAlign, state.textBaseline], ['center', 'middle']);
    assert.ok(drawn.every((d) => d.x === 100 && d.maxWidth === 120));
    const ys = drawn.map((d) => d.y);
    assert.equal((ys[0]! + ys[ys.length - 1]!) / 2, 50, 'centred vertically');
    assert.ok(ys.every((y, i) => i === 0 || y - ys[i - 1]! === 12));
  });

  it('keeps at most the lines that fit, the last ending with …; a word longer than the width is squeezed, not split', () => {
    const { ctx, drawn } = recordingContext();
    fillWrappedText(ctx, 'one two three four five six seven eight nine ten', 0, 0, 60, 12, 2);
    assert.deepEqual(
      drawn.map((d) => d.text),
      ['one two', 'three four …'],
    );
    const { ctx: ctx2, drawn: drawn2 } = recordingContext();
    fillWrappedText(ctx2, 'sampling/20260105-101010-mala-step-200/before.png is missing.', 0, 0, 60, 12, 0);
    assert.deepEqual(
      drawn2.map((d) => d.text),
      ['sampling/20260105-101010-mala-step-200/before.png …'],
    );
  });
});
