/**
 * The blow-up detector (src/training/watchdog/blowUp.ts) on synthetic series: a loss or gradient
 * norm that jumps by a factor and stays, slow growth that is not a blow-up, a spike that recovers,
 * a saturated D sustained and brief, NaN (the trainer's old check stops those), and the run that
 * is blown up from its first record (an Adam learning rate of 10). Then the advice, the event and
 * its message, the watch's action (warn, stop, off) and the experiment file's `divergence` section.
 */
import assert from 'node:assert/strict';
import { validateExperiment } from '../../src/shared/experiment/validate';
import { DIVERGENCE_DEFAULTS, type Experiment } from '../../src/shared/experiment/schema';
import { blowUpData, blowUpEvent, type EventContent } from '../../src/shared/runEvents';
import {
  BlowUpDetector,
  SCALE_SIGNALS,
  type BlowUpFinding,
  type BlowUpSettings,
  type WatchedValues,
} from '../../src/training/watchdog/blowUp';
import { blowUpAdvice } from '../../src/training/watchdog/blowUpAdvice';
import { DivergenceWatch } from '../../src/training/watchdog/divergenceWatch';
import { markersFromEvents } from '../../webview/src/logic/markers';
import { ringExperiment } from '../helpers/experiments';

const DEFAULTS: BlowUpSettings = { ...DIVERGENCE_DEFAULTS };
const EVERY = 25;

/** A deterministic wobble in [−1, 1] (no Math.random: the series are the same on every run). */
const wobble = (i: number) => Math.sin(i * 12.9898) * 0.5 + Math.sin(i * 4.1414) * 0.5;

/** A healthy record: losses near 1.4 and 0.8, gradient norms near 0.5 and 2, D near 0.5, each ±30 %. */
function healthy(i: number, step = (i + 1) * EVERY): WatchedValues {
  const f = (base: number, k: number) => base * (1 + 0.3 * wobble(i * 4 + k));
  return { step, dLoss: f(1.4, 0), gLoss: f(0.8, 1), gradNormD: f(0.5, 2), gradNormG: f(2, 3), dReal: 0.55, dFake: 0.45 };
}

const initial: WatchedValues = { step: 1, dLoss: 1.39, gLoss: 0.69, gradNormD: 0.6, gradNormG: 0.8, dReal: 0.5, dFake: 0.5 };

/** Runs `records` through a detector; every finding with the record index it came at. */
function replay(
  records: WatchedValues[],
  options: { settings?: Partial<BlowUpSettings>; sigmoid?: boolean; start?: WatchedValues | null } = {},
) {
  const detector = new BlowUpDetector({ ...DEFAULTS, ...options.settings }, options.sigmoid ?? true);
  if (options.start !== null) detector.start(options.start ?? initial);
  const found: { index: number; finding: BlowUpFinding }[] = [];
  for (const [index, r] of records.entries()) for (const finding of detector.observe(r)) found.push({ index, finding });
  return found;
}

const series = (n: number, change: (r: WatchedValues, i: number) => void = () => {}) =>
  Array.from({ length: n }, (_, i) => {
    const r = healthy(i);
    change(r, i);
    return r;
  });

describe('blow-up detector: a loss or gradient norm beyond its running scale', () => {
  for (const signal of SCALE_SIGNALS)
    for (const factor of [5e3, 1e5, 1e7])
      it(`${signal} ×${factor} from record 40 on: raised at the third record beyond (step ${42 * EVERY}), naming it, since record 40`, () => {
        const found = replay(series(80, (r, i) => i >= 40 && (r[signal] *= factor)));
        assert.equal(found.length, 1, JSON.stringify(found));
        const { index, finding } = found[0]!;
        assert.equal(index, 42);
        assert.ok(finding.kind === 'scale');
        assert.equal(finding.signal, signal);
        assert.equal(finding.since, 41 * EVERY);
        assert.equal(finding.intervals, 3);
        // Against the scale of its healthy values (no lower than 1: a gradient norm of 0.5 is measured against 1).
        assert.ok(finding.ratio > factor / 4 && finding.ratio < factor * 2, `ratio ${finding.ratio}`);
        assert.ok(Math.abs(finding.ratio - Math.abs(finding.value) / finding.scale) < 1e-6 * finding.ratio);
      });

  it('several signals beyond at once: the furthest is named, all are listed', () => {
    const found = replay(series(60, (r, i) => i >= 30 && ((r.dLoss *= 1e4), (r.gradNormD *= 1e6), (r.gLoss *= 5e3))));
    assert.equal(found.length, 1);
    const f = found[0]!.finding;
    assert.ok(f.kind === 'scale');
    assert.equal(f.signal, 'gradNormD');
    assert.deepEqual(
      f.signals.map((s) => s.signal),
      ['gradNormD', 'dLoss', 'gLoss'],
    );
  });

  it('a negative critic loss is measured by its magnitude', () => {
    const found = replay(
      series(60, (r, i) => (r.dLoss = i >= 30 ? -2e5 : -0.5 * (1 + 0.2 * wobble(i)))),
      { sigmoid: false },
    );
    assert.equal(found.length, 1);
    assert.ok(found[0]!.finding.kind === 'scale' && found[0]!.finding.signal === 'dLoss' && found[0]!.finding.value === -2e5);
  });

  for (const [rate, within] of [
    [2, 14],
    [3, 10],
    [10, 6],
  ] as const)
    it(`growth ×${rate} per record (exponential): raised within ${within} records of its start`, () => {
      const found = replay(series(80, (r, i) => i >= 30 && (r.gLoss *= rate ** (i - 29))));
      assert.equal(found.length, 1, JSON.stringify(found));
      assert.ok(found[0]!.index - 30 <= within, `raised at record ${found[0]!.index}`);
    });

  for (const rate of [1.02, 1.05, 1.2])
    it(`slow growth ×${rate} per record over 400 records (to ×${rate ** 400 > 1e6 ? rate ** 400 : Math.round(rate ** 400)}): the scale follows it, nothing is raised`, () => {
      assert.deepEqual(replay(series(400, (r, i) => ((r.gradNormG *= rate ** i), (r.dLoss *= Math.min(rate ** i, 1e30))))), []);
    });

  it('a climb from 0.01 to 500 (a critic loss finding its scale) is not a blow-up: magnitudes under 1 count as 1', () => {
    assert.deepEqual(
      replay(
        series(100, (r, i) => (r.dLoss = 0.01 * 1.12 ** i)),
        { sigmoid: false },
      ),
      [],
    );
  });

  for (const length of [1, 2])
    it(`a spike ×1e6 of ${length} record(s) that recovers: nothing raised (intervals 3); with intervals ${length}, raised`, () => {
      const spike = (r: WatchedValues, i: number) => i >= 50 && i < 50 + length && (r.gradNormD *= 1e6);
      assert.deepEqual(replay(series(100, spike)), []);
      const found = replay(series(100, spike), { settings: { intervals: length } });
      assert.equal(found.length, 1);
      assert.equal(found[0]!.index, 50 + length - 1);
    });

  it('spikes every other record (a blow-up that flickers): records within the scale break the run of records beyond', () => {
    assert.deepEqual(replay(series(100, (r, i) => i >= 40 && i % 2 === 0 && (r.dLoss *= 1e5))), []);
  });

  it('a blow-up that flickers (3 records beyond, 5 within, again and again) is raised once', () => {
    const found = replay(series(200, (r, i) => i >= 40 && (i - 40) % 8 < 3 && (r.dLoss *= 1e5)));
    assert.deepEqual(
      found.map((f) => f.index),
      [42],
    );
  });

  it('a lasting blow-up is raised once; after 20 clean records (the scale window), a new one is raised again', () => {
    const found = replay(series(200, (r, i) => ((i >= 40 && i < 100) || i >= 150) && (r.gLoss *= 1e5)));
    assert.deepEqual(
      found.map((f) => f.index),
      [42, 152],
    );
  });

  it('a value beyond the scale never enters it: 100 records at ×1e5 are still beyond at the end', () => {
    const detector = new BlowUpDetector(DEFAULTS, true);
    detector.start(initial);
    const records = series(140, (r, i) => i >= 40 && (r.dLoss *= 1e5));
    for (const r of records) detector.observe(r);
    assert.equal(detector.suspect, true);
    assert.ok((detector.reading.ratios.dLoss ?? 0) > 1e4);
  });

  it('an Adam learning rate of 10: blown up from the first record, raised at the third against the first step’s scale; without the first step it is learnt as normal', () => {
    // The first records of examples/ring8-nonsaturating.gan.json with both learning rates at 10.
    const blown: [number, number, number, number][] = [
      [3.57e6, 3.24e6, 7.51e4, 6.81e6],
      [3.33e5, 1.34e7, 2.71e4, 8.23e6],
      [1.79e6, 0, 1.41e5, 0],
      [1.76e6, 1.67e5, 1.04e5, 3.33e6],
      [5.77e5, 0, 8.75e4, 0],
      [4.86e5, 0, 2.32e5, 0],
    ];
    const records = blown.map(([dLoss, gLoss, gradNormD, gradNormG], i) => ({
      step: (i + 1) * EVERY,
      dLoss,
      gLoss,
      gradNormD,
      gradNormG,
      dReal: 0.5,
      dFake: 0,
    }));
    const found = replay(records);
    assert.equal(found.length, 1);
    assert.equal(found[0]!.finding.step, 75);
    assert.ok(found[0]!.finding.kind === 'scale' && found[0]!.finding.since === 25 && found[0]!.finding.ratio > 1e5);
    assert.deepEqual(replay(records, { start: null }), []);
  });

  it('NaN and ±Infinity are the old check’s (the trainer stops on them first): never raised here, never in a scale', () => {
    for (const bad of [NaN, Infinity, -Infinity]) {
      const records = series(60, (r, i) => i >= 20 && i < 30 && ((r.dLoss = bad), (r.gradNormG = bad)));
      assert.deepEqual(replay(records), [], String(bad));
      // After them a blow-up is measured against the finite values.
      const later = replay(series(60, (r, i) => ((i >= 20 && i < 30 && (r.dLoss = bad)) || i >= 40) && (r.dLoss = i >= 40 ? 5e4 : bad)));
      assert.equal(later.length, 1, String(bad));
      assert.equal(later[0]!.index, 42);
    }
  });

  it('the factor and the intervals are the settings’: ×500 is within the default 1000, beyond a factor of 100', () => {
    const records = series(60, (r, i) => i >= 30 && (r.dLoss *= 500));
    assert.deepEqual(replay(records), []);
    assert.equal(replay(records, { settings: { factor: 100 } }).length, 1);
    assert.equal(replay(records, { settings: { factor: 100, intervals: 10 } })[0]!.index, 39);
  });
});

describe('blow-up detector: a saturated D (sigmoid losses)', () => {
  const saturated = (dReal: number, dFake: number, from: number, to: number) => (r: WatchedValues, i: number) => {
    if (i >= from && i < to) Object.assign(r, { dReal, dFake });
  };

  for (const [what, dReal, dFake] of [
    ['D(real) ≈ 1, D(fake) ≈ 0 (D wins)', 0.9995, 0.0003],
    ['the reverse', 0.0002, 0.9999],
    ['both ≈ 1', 1, 0.9996],
    ['both ≈ 0', 0, 0.0001],
  ] as const)
    it(`${what} for 400 steps: raised once the stretch reaches 250 steps from its first record`, () => {
      const found = replay(series(100, saturated(dReal, dFake, 40, 56)));
      assert.equal(found.length, 1, JSON.stringify(found));
      const f = found[0]!.finding;
      assert.ok(f.kind === 'saturation' && f.flat === 'sigmoid');
      // Records 40… are at steps 1025…
      assert.equal(f.since, 41 * EVERY);
      assert.equal(f.steps, 250);
      assert.equal(f.step, 51 * EVERY);
      assert.deepEqual([f.dReal, f.dFake], [dReal, dFake]);
    });

  it('saturated for 225 steps (10 records), then not: nothing raised (brief)', () => {
    assert.deepEqual(replay(series(100, saturated(0.9999, 0.0001, 40, 50))), []);
  });

  it('saturated stretches broken by one unsaturated record: each is brief, nothing raised', () => {
    assert.deepEqual(replay(series(200, (r, i) => i >= 40 && i % 10 !== 0 && Object.assign(r, { dReal: 1, dFake: 0 }))), []);
  });

  it('D at 0.99 / 0.01 (confident, not flat): not saturated with ε 0.001; saturated with ε 0.02', () => {
    const confident = series(100, saturated(0.99, 0.01, 20, 100));
    assert.deepEqual(replay(confident), []);
    assert.equal(replay(confident, { settings: { saturation: 0.02 } }).length, 1);
  });

  it('a loss whose D is a score (wgan, hinge, …): D near 0 or 1 means nothing, never raised', () => {
    assert.deepEqual(replay(series(100, saturated(1, 0, 10, 100)), { sigmoid: false }), []);
  });

  it('saturation 0 turns the check off; saturatedSteps is the setting’s', () => {
    const records = series(100, saturated(1, 0, 10, 100));
    assert.deepEqual(replay(records, { settings: { saturation: 0 } }), []);
    assert.equal(replay(records, { settings: { saturatedSteps: 100 } })[0]!.finding.step, 15 * EVERY);
  });

  it('the stretch counts steps, whatever the metrics interval: every 1 step and every 100 steps alike', () => {
    for (const every of [1, 100]) {
      const records = Array.from({ length: 2000 / every }, (_, i) => ({ ...healthy(i, (i + 1) * every), dReal: 1, dFake: 0 }));
      const found = replay(records);
      assert.equal(found.length, 1);
      // The first record at least 250 steps after the first saturated one.
      assert.equal(found[0]!.finding.step, every + Math.ceil(250 / every) * every, `every ${every}`);
    }
  });
});

describe('blow-up detector: no gradient (units left dead, any loss)', () => {
  const dead =
    (from: number, to: number, which: 'both' | 'D' | 'G' = 'both') =>
    (r: WatchedValues, i: number) => {
      if (i < from || i >= to) return;
      if (which !== 'G') r.gradNormD = 0;
      if (which !== 'D') r.gradNormG = 0;
    };

  for (const sigmoid of [false, true])
    it(`both gradient norms 0 for 600 steps (${sigmoid ? 'a sigmoid loss' : 'a critic'}): raised at 250 steps, as "gradients"`, () => {
      const found = replay(series(100, dead(40, 64)), { sigmoid });
      assert.equal(found.length, 1, JSON.stringify(found));
      const f = found[0]!.finding;
      assert.ok(f.kind === 'saturation' && f.flat === 'gradients');
      assert.deepEqual([f.since, f.step, f.steps, f.gradNormD, f.gradNormG], [41 * EVERY, 51 * EVERY, 250, 0, 0]);
    });

  it('the WGAN-GP run at an Adam rate of 5: two records at 10⁴, then constant outputs and no gradient: raised 250 steps on', () => {
    const records = series(60, (r, i) => {
      if (i < 2)
        Object.assign(r, { dLoss: [1.07e3, -30.9][i], gLoss: [3.81e3, -113][i], gradNormD: [3.88e4, 49.9][i], gradNormG: [808, 9.58][i] });
      else Object.assign(r, { dLoss: 0.1, gLoss: -0.119, gradNormD: 0, gradNormG: 0, dReal: 0.1191, dFake: 0.1191 });
    });
    const found = replay(records, { sigmoid: false });
    assert.deepEqual(
      found.map((f) => [f.finding.kind, f.finding.step]),
      [['saturation', 13 * EVERY]],
    );
  });

  for (const which of ['D', 'G'] as const)
    it(`only ${which}'s gradient norm 0 (the other still learns): nothing raised`, () => {
      assert.deepEqual(replay(series(100, dead(10, 100, which)), { sigmoid: false }), []);
    });

  it('no gradient for 225 steps, then training again: nothing raised', () => {
    assert.deepEqual(replay(series(100, dead(40, 50)), { sigmoid: false }), []);
  });
});

describe('blow-up: advice, event and action', () => {
  const config = (overrides: Record<string, unknown>): Experiment => {
    const result = validateExperiment(JSON.stringify(ringExperiment(overrides)));
    assert.ok(result.ok, JSON.stringify(!result.ok && result.problems));
    return result.config;
  };
  const scale: BlowUpFinding = {
    kind: 'scale',
    step: 75,
    signal: 'dLoss',
    value: 1.79e6,
    scale: 1.41,
    ratio: 1.27e6,
    since: 25,
    intervals: 3,
    signals: [{ signal: 'dLoss', value: 1.79e6, scale: 1.41, ratio: 1.27e6 }],
  };
  const saturation: BlowUpFinding = {
    kind: 'saturation',
    flat: 'sigmoid',
    step: 625,
    dReal: 1,
    dFake: 0,
    gradNormD: 0,
    gradNormG: 0,
    since: 125,
    steps: 500,
  };
  const adam = (lr: number) => ({ kind: 'adam', lr });

  it('Adam at 10 for both, nonSaturating: lower the learning rate (with its value), add a gradient penalty', () => {
    const advice = blowUpAdvice(config({ optimizer: { generator: adam(10), discriminator: adam(10) } }), scale);
    assert.equal(advice.length, 2);
    assert.match(advice[0]!, /^lower the learning rate \(now 10 for G and D;/);
    assert.match(advice[1]!, /gradient penalty.*"r1"/);
  });

  it('different rates are both named; a loss with a penalty is not told to add one', () => {
    const advice = blowUpAdvice(config({ optimizer: { generator: adam(0.001), discriminator: adam(5) }, loss: { kind: 'wganGp' } }), scale);
    assert.deepEqual(advice.length, 1);
    assert.match(advice[0]!, /now G 0\.001, D 5;/);
  });

  it('a huge penalty weight comes first: WGAN-GP λ, the energy λ, the r1 weight', () => {
    assert.match(
      blowUpAdvice(config({ loss: { kind: 'wganGp', lambda: 10000 } }), scale)[0]!,
      /^lower WGAN-GP's λ \(now 10000; the paper uses 10\)/,
    );
    assert.match(blowUpAdvice(config({ loss: { kind: 'energy', lambda: 5000 } }), scale)[0]!, /^lower the energy penalty's λ \(now 5000/);
    assert.match(blowUpAdvice(config({ regularizers: [{ kind: 'r1', weight: 1000 }] }), scale)[0]!, /^lower the r1 weight \(now 1000/);
  });

  it('weight clipping (wgan, neuralDistance): try WGAN-GP', () => {
    assert.match(blowUpAdvice(config({ loss: { kind: 'wgan' } }), scale).at(-1)!, /"wganGp"/);
  });

  it('a saturated D under minimax: weaken D, the non-saturating loss, label smoothing or instance noise', () => {
    const advice = blowUpAdvice(
      config({ loss: { kind: 'minimax' }, schedule: { steps: 100, batchSize: 32, dStepsPerGStep: 3 } }),
      saturation,
    );
    assert.match(advice[0]!, /^lower D's learning rate \(now 1e-4\) or its steps per G step \(now 3\)/);
    assert.ok(advice.some((a) => a.includes('"nonSaturating"')));
    assert.ok(advice.some((a) => a.includes('"labelSmoothing" or a "instanceNoise"') || a.includes('"labelSmoothing"')));
  });

  it('the event: a warning with the step, the signal, value against scale, since when, and the advice, in the message and the data', () => {
    const watch = new DivergenceWatch(config({ optimizer: { generator: adam(10), discriminator: adam(10) } }));
    const events: EventContent[] = [];
    watch.start(initial);
    const records = series(5, (r) => ((r.dLoss = 1.79e6), (r.gradNormD = 1e5)));
    let diverged: string | undefined;
    for (const r of records) diverged ??= watch.observe(r, (e) => events.push(e));
    assert.equal(diverged, undefined, 'action warn trains on');
    assert.equal(events.length, 1);
    const [event] = events;
    assert.equal(event!.kind, 'warning');
    assert.match(
      event!.message,
      /^blow-up at step 75: D loss 1\.79e\+6 is 1\.3e\+6× its running scale \(1\.39\) since step 25 — try: lower the learning rate \(now 10 for G and D; the examples train with 1e-4 to 1e-3\); add a gradient penalty/,
    );
    const data = blowUpData(event!);
    assert.ok(data);
    assert.equal(data.signal, 'dLoss');
    assert.equal(data.since, 25);
    assert.equal(data.value, 1.79e6);
    assert.equal(data.action, 'warn');
    assert.equal(data.advice.length, 2);
    assert.equal(blowUpData({ kind: 'warning', data: { path: ['loss'] } }), undefined);
    assert.equal(blowUpData({ kind: 'info', data: { ...data } }), undefined);
  });

  it('a saturation event says how long and at which D values', () => {
    const event = blowUpEvent(625, {
      detector: 'blowUp',
      signal: 'saturation',
      since: 125,
      dReal: 0.99996,
      dFake: 0.00002,
      steps: 500,
      action: 'warn',
      advice: ["lower D's learning rate (now 1e-4)"],
    });
    assert.equal(
      event.message,
      "blow-up at step 625: D saturated for 500 steps since step 125 (D(real) 1.000, D(fake) 0.000): the sigmoid is flat there, so neither network gets a gradient — try: lower D's learning rate (now 1e-4)",
    );
    const none = blowUpEvent(575, { detector: 'blowUp', signal: 'noGradient', since: 75, steps: 500, action: 'warn', advice: [] });
    assert.equal(
      none.message,
      "blow-up at step 575: no gradient for 500 steps since step 75: D's and G's gradient norms are 0 (their units are dead or saturated), so nothing trains",
    );
  });

  it('action stop: the watch says the run diverged (its error), and holds periodic checkpoints back while a record is beyond its scale', () => {
    const watch = new DivergenceWatch(
      config({ optimizer: { generator: adam(10), discriminator: adam(10) }, divergence: { action: 'stop' } }),
    );
    watch.start(initial);
    const records = series(5, (r, i) => i >= 1 && (r.gLoss = 3e6));
    const events: EventContent[] = [];
    assert.equal(
      watch.observe(records[0]!, (e) => events.push(e)),
      undefined,
    );
    assert.equal(watch.holdCheckpoints, false);
    assert.equal(
      watch.observe(records[1]!, (e) => events.push(e)),
      undefined,
    );
    assert.equal(watch.holdCheckpoints, true);
    watch.observe(records[2]!, (e) => events.push(e));
    const diverged = watch.observe(records[3]!, (e) => events.push(e));
    assert.match(
      diverged ?? '',
      /^diverged at step 100: blow-up: G loss 3e\+6 is 3e\+6× its running scale \(.*\) since step 50 — try: lower the learning rate \(now 10 for G and D/,
    );
    assert.equal(events.length, 1);
    assert.match(events[0]!.message, /\(divergence\.action "stop": the run stops\)$/);
    assert.equal(blowUpData(events[0]!)?.action, 'stop');
  });

  it('the last sound state: the step before the last record within every scale (a record measures the networks before its update)', () => {
    const watch = new DivergenceWatch(config({ divergence: { action: 'stop' } }));
    assert.equal(watch.soundUpTo, undefined);
    watch.start(initial);
    assert.equal(watch.soundUpTo, 0);
    const records = series(10, (r, i) => i >= 4 && (r.dLoss = 1e7));
    for (const r of records.slice(0, 4)) watch.observe(r, () => {});
    assert.equal(watch.soundUpTo, 4 * EVERY - 1);
    for (const r of records.slice(4)) watch.observe(r, () => {});
    assert.equal(watch.soundUpTo, 4 * EVERY - 1);
    // A saturated D is not a sound state either, and holds checkpoints back meanwhile.
    const saturated = new DivergenceWatch(config({ loss: { kind: 'minimax' }, divergence: { action: 'stop' } }));
    saturated.start(initial);
    for (const r of series(10, (r, i) => i >= 3 && Object.assign(r, { dReal: 1, dFake: 0 }))) saturated.observe(r, () => {});
    assert.equal(saturated.soundUpTo, 3 * EVERY - 1);
    assert.equal(saturated.holdCheckpoints, true);
  });

  it('action off: nothing is watched', () => {
    const watch = new DivergenceWatch(config({ divergence: { action: 'off' } }));
    assert.equal(watch.enabled, false);
    const events: EventContent[] = [];
    for (const r of series(10, (r) => (r.dLoss = 1e9)))
      assert.equal(
        watch.observe(r, (e) => events.push(e)),
        undefined,
      );
    assert.deepEqual(events, []);
  });
});

describe('the experiment file’s divergence section', () => {
  it('left out: warn, factor 1000, 3 intervals, saturation 0.001 for 250 steps', () => {
    const result = validateExperiment(JSON.stringify(ringExperiment()));
    assert.ok(result.ok);
    assert.deepEqual(result.config.divergence, { action: 'warn', factor: 1000, intervals: 3, saturation: 0.001, saturatedSteps: 250 });
  });

  it('partly given: the rest from the defaults', () => {
    const result = validateExperiment(JSON.stringify(ringExperiment({ divergence: { action: 'stop', factor: 100 } })));
    assert.ok(result.ok);
    assert.deepEqual(result.config.divergence, { ...DIVERGENCE_DEFAULTS, action: 'stop', factor: 100 });
  });

  for (const [divergence, path] of [
    [{ action: 'abort' }, 'divergence.action'],
    [{ factor: 1 }, 'divergence.factor'],
    [{ intervals: 0 }, 'divergence.intervals'],
    [{ intervals: 1.5 }, 'divergence.intervals'],
    [{ saturation: 0.6 }, 'divergence.saturation'],
    [{ saturatedSteps: 0 }, 'divergence.saturatedSteps'],
    [{ factr: 10 }, 'divergence'],
  ] as const)
    it(`${JSON.stringify(divergence)} is refused at ${path}`, () => {
      const result = validateExperiment(JSON.stringify(ringExperiment({ divergence })));
      assert.ok(!result.ok);
      assert.ok(
        result.problems.some((p) => p.path.startsWith(path)),
        result.problems.map((p) => `${p.path}: ${p.message}`).join('\n'),
      );
    });
});

describe('a blow-up on the loss chart', () => {
  it('a marker at its step labelled with what blew up; other warnings keep their message', () => {
    const data = (signal: 'gradNormG' | 'saturation' | 'noGradient') => ({
      detector: 'blowUp',
      signal,
      since: 25,
      action: 'warn',
      advice: [],
    });
    const markers = markersFromEvents([
      { step: 75, time: 1, kind: 'warning', message: 'blow-up at step 75: …', data: data('gradNormG') },
      { step: 600, time: 2, kind: 'warning', message: 'blow-up at step 600: D saturated …', data: data('saturation') },
      { step: 700, time: 3, kind: 'warning', message: 'blow-up at step 700: no gradient …', data: data('noGradient') },
      { step: 0, time: 0, kind: 'warning', message: 'loss.kind: a gradient penalty with batch norm', data: { path: ['loss'] } },
    ]);
    assert.deepEqual(
      markers.map((m) => [m.step, m.kind, m.label]),
      [
        [0, 'warning', '⚠ loss.kind: a gradient pen…'],
        [75, 'warning', "⚠ blow-up: G's gradient norm"],
        [600, 'warning', '⚠ D saturated'],
        [700, 'warning', '⚠ no gradient'],
      ],
    );
    assert.equal(markers[1]!.message, 'blow-up at step 75: …');
  });
});
