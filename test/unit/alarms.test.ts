/**
 * The alarms (issue 24, src/training/watchdog/) on synthetic series: each detector fires on the
 * failure it is for and stays silent on a converging series with the noise the examples show
 * (coverage that dips for a record or three, D separating early for a few hundred steps, losses
 * swinging steadily); then the event and its message, the actions, the chart mark and the
 * experiment file's `alarms` section.
 */
import assert from 'node:assert/strict';
import { validateExperiment } from '../../src/shared/experiment/validate';
import { ALARM_DEFAULTS, type Experiment } from '../../src/shared/experiment/schema';
import { alarmOf, blowUpEvent } from '../../src/shared/runEvents';
import type { AlarmEventData, QualityMetrics, QualityRecord } from '../../src/shared/runFormat';
import { AlarmWatch } from '../../src/training/watchdog/alarmWatch';
import type { WatchedValues } from '../../src/training/watchdog/blowUp';
import { DiscriminatorWinsDetector, type DiscriminatorWinsSettings } from '../../src/training/watchdog/discriminatorWins';
import { ModeCollapseDetector, type ModeCollapseSettings } from '../../src/training/watchdog/modeCollapse';
import { OscillationDetector, swing, type OscillationSettings } from '../../src/training/watchdog/oscillation';
import { markersFromEvents } from '../../webview/src/logic/markers';
import { ringExperiment } from '../helpers/experiments';

const wobble = (i: number) => Math.sin(i * 12.9898) * 0.5 + Math.sin(i * 4.1414) * 0.5;

const quality = (step: number, metrics: QualityMetrics): QualityRecord => ({ step, metrics });

function collapseFindings(records: QualityRecord[], settings: ModeCollapseSettings = ALARM_DEFAULTS.modeCollapse) {
  const detector = new ModeCollapseDetector(settings);
  return records.flatMap((r) => {
    const f = detector.observe(r);
    return f ? [f] : [];
  });
}

/** A toy run learning the 8 modes, with the dips the converging examples show (8 → 0 for one record, 8 → 3 for three). */
const learningRing = (): QualityRecord[] =>
  [0, 0, 1, 3, 5, 8, 0, 7, 8, 3, 2, 3, 8, 7, 8, 8, 8].map((covered, i) =>
    quality(i * 250, { modesCovered: covered, modesTotal: 8, recall: 0.8 + 0.15 * wobble(i), precision: 0.1 + covered / 16 }),
  );

describe('mode collapse (alarms.modeCollapse)', () => {
  it('is silent on a run learning its modes with dips of up to three records', () => {
    assert.deepEqual(collapseFindings(learningRing()), []);
  });

  it('fires when the modes covered fall to half the best for `records` records, from the first of them', () => {
    const covered = [1, 4, 8, 8, 7, 3, 2, 2, 1, 1, 1];
    const records = covered.map((c, i) => quality(i * 250, { modesCovered: c, modesTotal: 8 }));
    const [finding, ...more] = collapseFindings(records);
    assert.equal(more.length, 0, 'raised once');
    assert.equal(finding?.signal, 'modes');
    assert.equal(finding?.since, 1250);
    assert.equal(finding?.step, 2000);
    assert.deepEqual(finding?.values, { covered: 1, total: 8, peak: 8 });
  });

  it('fires when the class histogram concentrates by klRise bits, and on classes covered (MNIST-like data)', () => {
    const kl = [2.2, 1.3, 0.6, 0.3, 0.2, 0.9, 1.4, 1.8, 2.3, 2.6];
    const records = kl.map((k, i) => quality(i * 250, { classKl: k }));
    const [f] = collapseFindings(records);
    assert.equal(f?.signal, 'classes');
    assert.equal(f?.since, 1500);
    assert.equal(f?.values.lowest, 0.2);
  });

  it('fires when recall drops to half its best', () => {
    const recall = [0.2, 0.5, 0.7, 0.72, 0.3, 0.25, 0.2, 0.2];
    const [f] = collapseFindings(recall.map((r, i) => quality(i * 250, { recall: r })));
    assert.equal(f?.signal, 'recall');
    assert.equal(f?.since, 1000);
  });

  it('fires on a generator collapsed from the start: precision near 1, recall near 1/modes', () => {
    const records = Array.from({ length: 8 }, (_, i) =>
      quality(i * 50, { modesCovered: 1, modesTotal: 3, precision: 0.98, recall: 0.1 + 0.05 * wobble(i) }),
    );
    const [f] = collapseFindings(records);
    assert.equal(f?.signal, 'precisionRecall');
    assert.equal(f?.step, 150);
  });

  it('a threshold of 0 watches nothing; raised again only after every sign has been clear for `records` records', () => {
    const covered = [8, 2, 2, 2, 2, 8, 8, 8, 8, 2, 2, 2, 2];
    const records = covered.map((c, i) => quality(i, { modesCovered: c, modesTotal: 8 }));
    assert.equal(collapseFindings(records, { ...ALARM_DEFAULTS.modeCollapse, modesDrop: 0 }).length, 0);
    assert.deepEqual(
      collapseFindings(records).map((f) => f.step),
      [4, 12],
    );
  });
});

const EVERY = 10;
const record = (i: number, v: Partial<WatchedValues>): WatchedValues => ({
  step: (i + 1) * EVERY,
  dLoss: 1.3,
  gLoss: 0.8,
  gradNormD: 0.5,
  gradNormG: 1 + 0.3 * wobble(i),
  dReal: 0.55,
  dFake: 0.45,
  ...v,
});

function dWins(records: WatchedValues[], sigmoid = true, settings: DiscriminatorWinsSettings = ALARM_DEFAULTS.discriminatorWins) {
  const detector = new DiscriminatorWinsDetector(settings, sigmoid);
  return records.flatMap((r) => {
    const f = detector.observe(r);
    return f ? [f] : [];
  });
}

describe('a discriminator that wins (alarms.discriminatorWins)', () => {
  it('is silent when D separates for 210 steps early and G catches up (shapes-dcgan), and on a healthy run', () => {
    const records = Array.from({ length: 300 }, (_, i) =>
      record(i, i >= 6 && i <= 27 ? { dReal: 0.999, dFake: 0.002, gradNormG: 3 + wobble(i) } : {}),
    );
    assert.deepEqual(dWins(records), []);
  });

  it('fires when D(real) ≥ 1 − margin and D(fake) ≤ margin for `steps` steps, with the vanishing G gradient in its figures', () => {
    const records = Array.from({ length: 150 }, (_, i) => record(i, i >= 20 ? { dReal: 0.999, dFake: 0.001, gradNormG: 1e-4 } : {}));
    const [f, ...more] = dWins(records);
    assert.equal(more.length, 0);
    assert.equal(f?.signal, 'separated');
    assert.equal(f?.since, 210);
    assert.equal(f?.step, 1210);
    assert.ok(f!.values.gradNormG! / f!.values.reference! < 1e-3);
  });

  it("any loss: fires when G's gradient stays below `vanishing` of its usual size; not for a separated raw critic", () => {
    const records = Array.from({ length: 150 }, (_, i) => record(i, i >= 30 ? { gradNormG: 0.003, dReal: 9, dFake: -9 } : {}));
    const [f] = dWins(records, false);
    assert.equal(f?.signal, 'vanishing');
    assert.equal(f?.since, 310);
    const separatedOnly = Array.from({ length: 150 }, (_, i) => record(i, { dReal: 9, dFake: -9 }));
    assert.deepEqual(dWins(separatedOnly, false), []);
  });

  it('a gradient that shrinks tenfold as the run converges is not vanishing', () => {
    const records = Array.from({ length: 400 }, (_, i) => record(i, { gradNormG: (1 + 0.3 * wobble(i)) * 10 ** (-i / 400) }));
    assert.deepEqual(dWins(records), []);
  });
});

function oscillations(values: { d: number[]; g?: number[] }, settings: OscillationSettings = ALARM_DEFAULTS.oscillation) {
  const detector = new OscillationDetector(settings);
  return values.d.flatMap((d, i) => {
    const f = detector.observe(record(i, { dLoss: d, gLoss: values.g?.[i] ?? 0.8 }));
    return f ? [f] : [];
  });
}

describe('oscillation (alarms.oscillation)', () => {
  it('a swing is the spread about the trend: a straight line has none, a zigzag on a slope has its own', () => {
    assert.equal(swing([1, 2, 3, 4, 5]).amplitude, 0);
    const zigzag = swing([0, 2, 2, 4, 4, 6, 6, 8]);
    assert.ok(zigzag.amplitude > 0.4 && zigzag.amplitude < 0.6, String(zigzag.amplitude));
    assert.equal(zigzag.crossings, 7);
  });

  it('is silent on noisy losses, a steady swing (a limit cycle) and a loss settling down', () => {
    const noisy = Array.from({ length: 400 }, (_, i) => 1.3 + 0.2 * wobble(i));
    const cycle = Array.from({ length: 400 }, (_, i) => 1.3 + 0.4 * Math.sin(i / 3));
    const settling = Array.from({ length: 400 }, (_, i) => 1.3 + 2 * Math.exp(-i / 50) * Math.sin(i / 2));
    for (const d of [noisy, cycle, settling]) assert.deepEqual(oscillations({ d }), []);
  });

  it('fires when the swing grows `growth`-fold over `windows` windows in a row, on the loss that swings', () => {
    const g = Array.from({ length: 200 }, (_, i) => 0.8 + 0.01 * Math.exp(i / 8) * Math.sin(i * 1.7));
    const d = Array.from({ length: 200 }, (_, i) => 1.3 + 0.05 * wobble(i));
    const [f, ...more] = oscillations({ d, g });
    assert.equal(more.length, 0, 'raised once per loss');
    assert.equal(f?.signal, 'gLoss');
    assert.ok(f!.values.growth! >= ALARM_DEFAULTS.oscillation.growth);
    assert.equal(f?.values.windows, ALARM_DEFAULTS.oscillation.windows);
    assert.equal(f!.step - f!.since + EVERY, ALARM_DEFAULTS.oscillation.windows * ALARM_DEFAULTS.oscillation.window * EVERY);
  });
});

describe('alarm events, actions and the experiment file', () => {
  const config = (alarms: unknown = {}): Experiment => {
    const result = validateExperiment(JSON.stringify(ringExperiment({ alarms })));
    assert.ok(result.ok, JSON.stringify(!result.ok && result.problems));
    return result.config;
  };

  it('the alarms section: defaults filled, bounds checked with a clear problem', () => {
    assert.deepEqual(config().alarms, ALARM_DEFAULTS);
    const bad = validateExperiment(
      JSON.stringify(ringExperiment({ alarms: { oscillation: { growth: -1 }, modeCollapse: { action: 'stop' } } })),
    );
    assert.ok(!bad.ok);
    const paths = bad.problems.map((p) => p.path);
    assert.ok(paths.includes('alarms.oscillation.growth'), paths.join(', '));
    assert.ok(paths.includes('alarms.modeCollapse.action'), paths.join(', '));
  });

  it('a raised alarm is an `alarm` event whose message names it, its step, its figures, the advice and the action; marked on the chart', () => {
    const watch = new AlarmWatch(config({ modeCollapse: { action: 'pause', records: 2 } }));
    const raised = [8, 8, 2, 2].flatMap((c, i) => watch.observeQuality(quality(i * 100, { modesCovered: c, modesTotal: 8 })));
    assert.equal(raised.length, 1);
    const { event, action } = raised[0]!;
    assert.equal(action, 'pause');
    assert.equal(event.kind, 'alarm');
    assert.match(
      event.message,
      /^mode collapse at step 300: 2 of 8 modes covered since step 200, down from 8 — try: .*r1.*\(checkpoint written; the run pauses\)$/,
    );
    const data = event.data as unknown as AlarmEventData;
    assert.equal(data.alarm, 'modeCollapse');
    assert.equal(alarmOf(event), 'modeCollapse');
    const [mark] = markersFromEvents([{ step: 300, time: 0, ...event }]);
    assert.equal(mark?.label, '⚑ mode collapse');
    assert.equal(mark?.step, 300);
  });

  it('a blow-up warning is the blowUp alarm; its action comes from alarms.blowUp; other events are no alarm', () => {
    const warning = blowUpEvent(75, {
      detector: 'blowUp',
      signal: 'dLoss',
      since: 25,
      value: 1e6,
      scale: 1,
      ratio: 1e6,
      action: 'warn',
      advice: [],
    });
    assert.equal(alarmOf(warning), 'blowUp');
    assert.equal(alarmOf({ kind: 'warning', data: { path: ['loss'] } }), undefined);
    assert.equal(alarmOf({ kind: 'alarm', data: { alarm: 'nonsense' } }), undefined);
    assert.equal(new AlarmWatch(config({ blowUp: { action: 'pause' } })).blowUpAction, 'pause');
  });
});
