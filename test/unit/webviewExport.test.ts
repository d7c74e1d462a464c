import assert from 'node:assert/strict';
import type { SampleRecord } from '../../src/shared/runFormat';
import { bytesToBase64, dataUrlBase64 } from '../../webview/src/export/base64';
import { exportFileName } from '../../webview/src/export/names';
import { MAX_FRAMES, pickSteps } from '../../webview/src/export/samplesGif';
import { nearestStepIndex, SampleNavigator } from '../../webview/src/samples/sampleNavigator';

describe('webview exports', () => {
  it('suggests <experiment>-<run id>-<chart>.<ext> with safe characters', () => {
    assert.equal(exportFileName('ring8', '20261121-101010-ab12', 'loss', 'png'), 'ring8-20261121-101010-ab12-loss.png');
    assert.equal(exportFileName('my exp/ü', 'r:1', 'samples', 'gif'), 'my-exp-u-r-1-samples.gif');
    assert.equal(exportFileName('', '', 'loss', 'png'), 'loss.png');
    assert.ok(exportFileName('x'.repeat(300), 'r', 'loss', 'png').length <= 200);
  });

  it('base64 of bytes, also of large ones, and of a data URL', () => {
    const bytes = Uint8Array.from({ length: 100_000 }, (_, i) => (i * 7) & 255);
    assert.equal(bytesToBase64(bytes), Buffer.from(bytes).toString('base64'));
    assert.equal(bytesToBase64(new Uint8Array(0)), '');
    assert.equal(dataUrlBase64('data:image/png;base64,iVBORw0K'), 'iVBORw0K');
    assert.equal(dataUrlBase64('data:,hello'), '');
  });

  it('the GIF takes every step, or at most MAX_FRAMES evenly spread with the first and the last', () => {
    assert.deepEqual(pickSteps([0, 250, 500]), [0, 250, 500]);
    const steps = Array.from({ length: 1000 }, (_, i) => i * 10);
    const picked = pickSteps(steps);
    assert.equal(picked.length, MAX_FRAMES);
    assert.equal(picked[0], 0);
    assert.equal(picked.at(-1), 9990);
    for (let i = 1; i < picked.length; i++) assert.ok(picked[i]! > picked[i - 1]!);
  });
});

describe('webview sample navigation', () => {
  const sample = (step: number): SampleRecord => ({ step, dataKind: 'ring', layout: 'points2d', fixed: [], fresh: [], real: [] });

  it('shows a cached step at once, asks the host for another once, and shows it when it arrives', () => {
    const asked: number[] = [];
    let now = 0;
    const nav = new SampleNavigator(
      (step) => asked.push(step),
      () => now,
    );
    nav.reset(sample(500));
    nav.received(sample(0), true, true); // not asked for: cached only
    assert.equal(nav.shown?.step, 500);
    nav.goTo([0, 250, 500], 0);
    assert.equal(nav.shown?.step, 0, 'from the cache');
    assert.deepEqual(asked, []);
    nav.goTo([0, 250, 500], 1);
    nav.goTo([0, 250, 500], 1);
    assert.deepEqual(asked, [250], 'asked once while waiting');
    assert.equal(nav.pending, 250);
    assert.equal(nav.waiting(), true);
    now = 5000;
    assert.equal(nav.waiting(), false, 'overdue');
    nav.goTo([0, 250, 500], 1);
    assert.deepEqual(asked, [250, 250], 'asked again when overdue');
    assert.equal(nav.received(sample(250), true, false), true);
    assert.equal(nav.shown?.step, 250);
    assert.equal(nav.pending, null);
  });

  it('live records show while following the latest, not otherwise', () => {
    const nav = new SampleNavigator(() => undefined);
    nav.reset(sample(0));
    assert.equal(nav.received(sample(250), false, false), false);
    assert.equal(nav.shown?.step, 0);
    assert.equal(nav.received(sample(500), false, true), true);
    assert.equal(nav.shown?.step, 500);
    nav.showLatest(sample(750));
    assert.equal(nav.shown?.step, 750);
    assert.equal(nav.cached(250)?.step, 250);
  });

  it('nearestStepIndex', () => {
    assert.equal(nearestStepIndex([0, 250, 500], 260), 1);
    assert.equal(nearestStepIndex([], 1), -1);
  });
});
