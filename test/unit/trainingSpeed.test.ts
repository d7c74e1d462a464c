/**
 * One speed definition (src/shared/trainingSpeed.ts): the status bar (fed one record at a time) and
 * the dashboard header (the whole record list) show the same number in the same unit, over the same
 * window of records, where the trainer's own per-interval figure would say something else.
 */
import assert from 'node:assert/strict';
import type { RunMeta, MetricRecord } from '../../src/shared/runFormat';
import { formatSpeed, SPEED_WINDOW, SpeedWindow, trainingSpeed } from '../../src/shared/trainingSpeed';
import { statusText, type StatusRun } from '../../src/extension/views/statusText';
import { appendRecords, emptyColumns } from '../../webview/src/logic/metricColumns';
import { computeProgress } from '../../webview/src/logic/progress';

/** A record every 25 steps: 0.25 s of training (the trainer's figure: 100 steps/s) and, every fourth, 0.5 s of recording. */
function records(count: number): MetricRecord[] {
  let time = 1_000_000;
  return Array.from({ length: count }, (_, i) => {
    const seconds = 0.25 + (i % 4 === 3 ? 0.5 : 0);
    time += seconds * 1000;
    return {
      step: (i + 1) * 25,
      time,
      elapsed: 0,
      stepsPerSecond: 100,
      dLoss: 1,
      gLoss: 1,
      components: {},
      dReal: 0.5,
      dFake: 0.5,
      gradNormD: 1,
      gradNormG: 1,
    };
  });
}

const liveRun = (lastMetrics: MetricRecord): StatusRun => ({
  experimentName: 'ring8',
  phase: 'running',
  lastMetrics,
  meta: { lastStep: lastMetrics.step, totalSteps: 5000 } as RunMeta,
});

describe('training speed: one definition for the status bar and the dashboard', () => {
  it('steps per wall-clock second over the last SPEED_WINDOW intervals (recording time included), not the trainer’s figure', () => {
    const all = records(40);
    const last = all.slice(-(SPEED_WINDOW + 1));
    const expected = (last.at(-1)!.step - last[0]!.step) / ((last.at(-1)!.time - last[0]!.time) / 1000);
    const speed = trainingSpeed(
      all.map((r) => r.step),
      all.map((r) => r.time),
      100,
    );
    assert.equal(speed, expected);
    assert.ok(Math.abs(speed! - 100) > 10, `${speed} steps/s is not the trainer's 100 for its last interval`);
  });

  it('the status bar (a SpeedWindow fed record by record) and the header (the record columns) show the same text', () => {
    const all = records(37);
    const meter = new SpeedWindow();
    const columns = emptyColumns();
    for (const [i, record] of all.entries()) {
      meter.add(record);
      meter.add(record); // the status bar updates on every change of the run, not only on new records
      appendRecords(columns, [record]);
      const header = formatSpeed(computeProgress(null, columns, record.time).stepsPerSecond);
      const bar = statusText(liveRun(record), 0, meter);
      assert.ok(bar.endsWith(` · ${header}`), `record ${i}: status bar "${bar}", dashboard "${header}"`);
      assert.match(header, /^\d+(\.\d)? steps\/s$/);
    }
  });

  it('one record: the trainer’s figure, both places; a step back (resume) starts the window over', () => {
    const [first] = records(1);
    assert.equal(statusText(liveRun(first!), 0), '$(pulse) GAN ring8 25/5,000 · 100 steps/s');
    const columns = emptyColumns();
    appendRecords(columns, [first!]);
    assert.equal(formatSpeed(computeProgress(null, columns, 0).stepsPerSecond), '100 steps/s');
    const meter = new SpeedWindow();
    for (const r of records(12)) meter.add(r);
    meter.add({ step: 50, time: 9e12, stepsPerSecond: 42 });
    assert.equal(meter.speed(), 42);
  });

  it('formats', () => {
    assert.deepEqual([formatSpeed(7.25), formatSpeed(75.4), formatSpeed(null), formatSpeed(0)], ['7.3 steps/s', '75 steps/s', '—', '—']);
  });
});
