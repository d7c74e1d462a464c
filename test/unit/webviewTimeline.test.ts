/**
 * The timeline of issue 24 (webview/src/logic/timeline.ts): recorded steps merged, follow latest,
 * ◀ ▶ by recorded step, Home/End, play at a speed (a fake clock) that waits for a view's record,
 * a step snapped to the record at or before it, unpinned views keeping their step; the alignment
 * of compared runs by step number (comparisonSteps.ts); the compact histogram store
 * (histogramTrack.ts).
 */
import assert from 'node:assert/strict';
import type { HistogramRecord } from '../../src/shared/runFormat';
import { alignAt } from '../../webview/src/logic/comparisonSteps';
import { mergeSteps, recordIndexAt, StepPin, Timeline, type PlayClock } from '../../webview/src/logic/timeline';
import { HistogramTrack } from '../../webview/src/model/histogramTrack';

class FakeClock implements PlayClock {
  tick: (() => void) | null = null;
  interval = 0;
  every(ms: number, tick: () => void): () => void {
    this.interval = ms;
    this.tick = tick;
    return () => (this.tick = null);
  }
}

const hist = (step: number, real: number[], fake: number[], scale: HistogramRecord['scale'] = 'probability'): HistogramRecord => ({
  step,
  min: 0,
  max: 1,
  scale,
  real,
  fake,
});

describe('webview timeline (issue 24)', () => {
  it('recordIndexAt: the newest record at or before a step, the first before it, -1 for none', () => {
    const steps = [0, 250, 500, 750];
    assert.deepEqual(
      [-5, 0, 1, 249, 250, 600, 750, 10_000].map((s) => recordIndexAt(steps, s)),
      [0, 0, 0, 0, 1, 2, 3, 3],
    );
    assert.equal(recordIndexAt([], 3), -1);
    assert.equal(recordIndexAt(new Float64Array([100, 200]), 199), 0);
  });

  it('mergeSteps: the sorted union of the sources, without repeats', () => {
    assert.deepEqual(mergeSteps([[0, 250, 500], new Float64Array([100, 200, 300, 400, 500])]), [0, 100, 200, 250, 300, 400, 500]);
    assert.deepEqual(mergeSteps([]), []);
  });

  it('follows the newest step until moved; steps snap to the record at or before; End follows again', () => {
    const t = new Timeline(new FakeClock());
    const changes: (number | null)[] = [];
    t.onChange(() => changes.push(t.step));
    assert.equal(t.step, null);
    t.setSteps([0, 100, 200, 300]);
    assert.equal(t.step, 300);
    assert.equal(t.follow, true);
    t.setSteps([0, 100, 200, 300, 400]); // a live record: following moves on
    assert.equal(t.step, 400);
    t.goTo(250);
    assert.deepEqual([t.step, t.follow, t.index()], [200, false, 2]);
    t.setSteps([0, 100, 200, 300, 400, 500]); // not following: stays
    assert.equal(t.step, 200);
    t.next();
    assert.equal(t.step, 300);
    t.previous();
    t.previous();
    assert.equal(t.step, 100);
    t.first();
    assert.equal(t.step, 0);
    t.previous();
    assert.equal(t.step, 0);
    t.latest();
    assert.deepEqual([t.step, t.follow], [500, true]);
    t.goTo(500); // the newest step by hand: follows
    assert.equal(t.follow, true);
    t.setFollow(false);
    t.setSteps([0, 100, 200, 300, 400, 500, 600]);
    assert.equal(t.step, 500);
    assert.ok(changes.length >= 10);
  });

  it('plays one recorded step per tick at its speed, from the first when at the newest, stopping at the newest', () => {
    const clock = new FakeClock();
    const t = new Timeline(clock);
    t.setSteps([0, 10, 20, 30]);
    t.setSpeed(4);
    t.play();
    assert.equal(t.playing, true);
    assert.equal(clock.interval, 250);
    assert.equal(t.step, 0, 'at the newest: starts from the first');
    assert.equal(t.follow, false);
    clock.tick!();
    assert.equal(t.step, 10);
    let waiting = true;
    t.holdPlayWhile(() => waiting);
    clock.tick!();
    assert.equal(t.step, 10, 'a view waiting for its record holds playback');
    waiting = false;
    clock.tick!();
    clock.tick!();
    assert.equal(t.step, 30);
    assert.equal(t.playing, false, 'stops at the newest');
    assert.equal(clock.tick, null);
    t.goTo(10);
    t.togglePlay();
    assert.equal(t.step, 10, 'plays on from the step shown');
    t.togglePlay();
    assert.equal(t.playing, false);
  });

  it('a chart click (pickStep) stops playback and moves there; the cursor is the step', () => {
    const clock = new FakeClock();
    const t = new Timeline(clock);
    t.setSteps([0, 50, 100]);
    t.play();
    t.pickStep(77);
    assert.deepEqual([t.playing, t.cursorStep()], [false, 50]);
  });

  it('StepPin: pinned views show the timeline step; unpinned ones keep theirs and move only themselves', () => {
    const t = new Timeline(new FakeClock());
    t.setSteps([0, 100, 200]);
    const pin = new StepPin(t);
    assert.equal(pin.step, 200);
    t.goTo(100);
    assert.equal(pin.step, 100);
    pin.setPinned(false);
    t.goTo(0);
    assert.equal(pin.step, 100, 'unpinned: keeps its step');
    pin.goTo(200);
    assert.deepEqual([pin.step, t.step], [200, 0], 'its own control moves only it');
    pin.setPinned(true);
    assert.equal(pin.step, 0);
    pin.goTo(100);
    assert.equal(t.step, 100, 'pinned: its control moves the timeline');
  });

  it('alignAt: exact records, the newest before with a note, nothing before the first, nothing recorded', () => {
    const steps = [0, 250, 500];
    assert.deepEqual(alignAt(steps, 250, 'samples'), { index: 1, step: 250, exact: true, note: '' });
    assert.deepEqual(alignAt(steps, 750, 'samples'), {
      index: 2,
      step: 500,
      exact: false,
      note: 'no samples at step 750 · showing step 500',
    });
    assert.deepEqual(alignAt([100, 200], 50, 'histogram'), {
      index: -1,
      step: null,
      exact: false,
      note: 'no histogram at step 50: its first is at step 100',
    });
    assert.equal(alignAt([], 10, 'samples').note, 'no samples recorded');
    assert.deepEqual(alignAt(steps, null, 'samples'), { index: 2, step: 500, exact: true, note: '' });
  });

  it('HistogramTrack keeps every record in typed arrays, by step, a repeated step replaced', () => {
    const track = new HistogramTrack();
    track.replace([hist(200, [1, 2], [3, 4]), hist(100, [5, 6, 7], [8, 9, 10], 'score')]);
    track.insert(hist(150, [0, 1], [1, 0]));
    track.insert(hist(200, [9, 9], [9, 9]));
    assert.deepEqual([...track.steps], [100, 150, 200]);
    const first = track.at(0)!;
    assert.deepEqual([first.step, first.scale, [...first.real], [...first.fake]], [100, 'score', [5, 6, 7], [8, 9, 10]]);
    assert.ok(first.real instanceof Float32Array);
    assert.deepEqual([...track.at(2)!.real], [9, 9]);
    assert.equal(track.at(3), undefined);
    for (let i = 0; i < 5000; i++) track.insert(hist(1000 + i, [i, 1], [1, i]));
    assert.equal(track.length, 5003);
    assert.deepEqual([...track.at(5002)!.real], [4999, 1]);
    assert.ok(track.bytes < 5003 * 2 * 2 * 4 * 2 + 5003 * 60, `${track.bytes} bytes`);
  });
});
