import assert from 'node:assert/strict';
import type { MetricRecord, QualityRecord, RunEvent } from '../../src/shared/runFormat';
import { appendRecords, emptyColumns } from '../../webview/src/logic/metricColumns';
import { buildLossSeries, componentLabel, componentRole } from '../../webview/src/logic/lossSeries';
import { compactNumber, layoutLabels, markersFromEvents } from '../../webview/src/logic/markers';
import { buildQualitySeries } from '../../webview/src/logic/qualitySeries';

const metric = (step: number, components: Record<string, number>, extra: Partial<MetricRecord> = {}): MetricRecord => ({
  step,
  time: 1000 * step,
  elapsed: step / 10,
  stepsPerSecond: 10,
  dLoss: 1.3,
  gLoss: 0.7,
  components,
  dReal: 0.55,
  dFake: 0.45,
  gradNormD: 1,
  gradNormG: 1,
  ...extra,
});

describe('webview metric columns', () => {
  it('appends records as columns; late component keys are back-filled with NaN', () => {
    const c = emptyColumns();
    appendRecords(c, [metric(10, { 'd.real': 0.6 }), metric(20, { 'd.real': 0.7, 'd.fake': 0.5 })]);
    appendRecords(c, [metric(30, { 'd.fake': 0.4 })]);
    assert.deepEqual(c.steps, [10, 20, 30]);
    assert.deepEqual(c.scalars.dLoss, [1.3, 1.3, 1.3]);
    const real = c.components.get('d.real')!;
    assert.equal(real.length, 3);
    assert.ok(Number.isNaN(real[2]));
    const fake = c.components.get('d.fake')!;
    assert.ok(Number.isNaN(fake[0]));
    assert.deepEqual(fake.slice(1), [0.5, 0.4]);
  });

  it('a record at or before the last step replaces the tail (a resumed run) and bumps the generation', () => {
    const c = emptyColumns();
    appendRecords(c, [metric(10, {}), metric(20, {}), metric(30, {})]);
    appendRecords(c, [metric(20, {}, { dLoss: 9 })]);
    assert.deepEqual(c.steps, [10, 20]);
    assert.deepEqual(c.scalars.dLoss, [1.3, 9]);
    assert.equal(c.generation, 1);
  });

  it('JSON nulls (NaN written by the trainer) become NaN', () => {
    const c = emptyColumns();
    appendRecords(c, [metric(10, {}, { dLoss: null as unknown as number })]);
    assert.ok(Number.isNaN(c.scalars.dLoss[0]));
  });
});

describe('webview loss series', () => {
  it('D loss, G loss, then every component; a component identical to a total starts hidden', () => {
    const c = emptyColumns();
    appendRecords(c, [
      metric(10, { 'd.real': 0.6, 'd.fake': 0.7, 'g.adversarial': 0.7 }),
      metric(20, { 'd.real': 0.5, 'd.fake': 0.8, 'g.adversarial': 0.7 }),
    ]);
    const series = buildLossSeries(c);
    assert.deepEqual(
      series.map((s) => [s.id, s.role, s.dashed, s.hiddenByDefault]),
      [
        ['dLoss', 'dLoss', false, false],
        ['gLoss', 'gLoss', false, false],
        ['component:d.real', 'real', true, false],
        ['component:d.fake', 'fake', true, false],
        ['component:g.adversarial', 'other', true, true],
      ],
    );
  });

  it('colour roles', () => {
    assert.equal(componentRole('d.real'), 'real');
    assert.equal(componentRole('D.Fake'), 'fake');
    assert.equal(componentRole('penalty'), 'other');
  });

  it("a critic's components: the distance estimate (solid) and the penalties are shown by default, with readable labels", () => {
    assert.deepEqual(
      ['critic.wassersteinEstimate', 'd.gradientPenalty', 'd.r1', 'd.real', 'g.adversarial', 'custom.term'].map(componentLabel),
      ['W estimate', 'gradient penalty', 'R1 penalty', 'd.real', 'g.adversarial', 'custom.term'],
    );
    const c = emptyColumns();
    const record = (step: number, w: number) =>
      metric(
        step,
        { 'd.real': -w, 'd.fake': 0, 'critic.wassersteinEstimate': w, 'd.gradientPenalty': 0.1, 'g.adversarial': 0.7 },
        { dLoss: 0.1 - w },
      );
    appendRecords(c, [record(10, 2), record(20, 1.5)]);
    assert.deepEqual(
      buildLossSeries(c).map((s) => [s.id, s.label, s.dashed, s.hiddenByDefault]),
      [
        ['dLoss', 'D loss', false, false],
        ['gLoss', 'G loss', false, false],
        ['component:d.real', 'd.real', true, false],
        ['component:d.fake', 'd.fake', true, false],
        ['component:critic.wassersteinEstimate', 'W estimate', false, false],
        ['component:d.gradientPenalty', 'gradient penalty', true, false],
        ['component:g.adversarial', 'g.adversarial', true, true],
      ],
    );
  });
});

describe('webview quality series', () => {
  it('one series per key present; modes covered as a share with "k/n" text', () => {
    const records: QualityRecord[] = [
      { step: 0, metrics: { js: 1, kl: 20, modesCovered: 0, modesTotal: 8, highQualityShare: 0 } },
      { step: 250, metrics: { js: 0.5, kl: 3, modesCovered: 6, modesTotal: 8, highQualityShare: 0.4, wasserstein: 0.2 } },
    ];
    const series = buildQualitySeries(records);
    assert.deepEqual(
      series.map((s) => [s.id, s.chart, s.axis]),
      [
        ['modesCovered', 'quality', 'y'],
        ['highQualityShare', 'quality', 'y'],
        ['js', 'quality', 'y'],
        ['kl', 'quality', 'y2'],
        ['wasserstein', 'quality', 'y2'],
      ],
    );
    const modes = series[0]!;
    assert.equal(modes.label, 'modes covered (of 8)');
    assert.deepEqual(modes.values, [0, 0.75]);
    assert.equal(modes.format(0.75, 1), '6/8');
    assert.ok(Number.isNaN(series[4]!.values[0]), 'missing values are gaps');
  });

  it('a real-data reference names its generated counterpart, when that is recorded', () => {
    const metrics = { singleBlobShare: 0.8, realSingleBlobShare: 1, shapeFitShare: 0.1, realShapeFitShare: 0.99, realMeanInk: 0.1 };
    const series = buildQualitySeries([{ step: 100, metrics }]);
    assert.deepEqual(
      series.map((s) => [s.id, s.referenceFor]),
      [
        ['singleBlobShare', undefined],
        ['realSingleBlobShare', 'singleBlobShare'],
        ['realMeanInk', undefined],
        ['shapeFitShare', undefined],
        ['realShapeFitShare', 'shapeFitShare'],
      ],
    );
  });

  it('unknown keys are kept, on the axis their values fit', () => {
    const series = buildQualitySeries([{ step: 1, metrics: { fid: 12 } as never }]);
    assert.deepEqual(
      series.map((s) => [s.id, s.chart, s.axis]),
      [['fid', 'quality', 'y2']],
    );
  });

  it('learned image metrics: distances on their own chart (Fréchet left, KID right), shares and the classifier score on another', () => {
    const metrics = {
      singleBlobShare: 0.5,
      classKl: 0.2,
      frechetDistance: 12.5,
      realFrechetDistance: 1.1,
      noiseFrechetDistance: 281,
      kernelDistance: 0.0123,
      kernelDistanceStd: 0.0011,
      realKernelDistance: 0.0004,
      precision: 0.7,
      recall: 0.6,
      realPrecision: 0.78,
      realRecall: 0.76,
      classesCovered: 9,
      classesTotal: 10,
      classifierScore: 8.2,
      realClassifierScore: 9.8,
      labelAgreement: 0.9,
    };
    const series = buildQualitySeries([{ step: 500, metrics }]);
    const where = Object.fromEntries(series.map((s) => [s.id, `${s.chart}/${s.axis}`]));
    assert.deepEqual(where, {
      singleBlobShare: 'quality/y',
      classKl: 'quality/y2',
      frechetDistance: 'distance/y',
      realFrechetDistance: 'distance/y',
      noiseFrechetDistance: 'distance/y',
      kernelDistance: 'distance/y2',
      realKernelDistance: 'distance/y2',
      precision: 'coverage/y',
      realPrecision: 'coverage/y',
      recall: 'coverage/y',
      realRecall: 'coverage/y',
      classesCovered: 'coverage/y',
      labelAgreement: 'coverage/y',
      classifierScore: 'coverage/y2',
      realClassifierScore: 'coverage/y2',
    });
    const byId = new Map(series.map((s) => [s.id, s]));
    assert.deepEqual(
      ['realFrechetDistance', 'noiseFrechetDistance', 'realKernelDistance', 'realClassifierScore'].map((id) => [
        byId.get(id)!.referenceFor,
        byId.get(id)!.referenceKind,
      ]),
      [
        ['frechetDistance', 'real'],
        ['frechetDistance', 'noise'],
        ['kernelDistance', 'real'],
        ['classifierScore', 'real'],
      ],
    );
    const covered = byId.get('classesCovered')!;
    assert.equal(covered.label, 'classes covered (of 10)');
    assert.deepEqual(covered.values, [0.9]);
    assert.equal(covered.format(0.9, 0), '9/10');
    assert.equal(byId.get('classifierScore')!.label, 'classifier score (of 10)');
    assert.equal(byId.get('kernelDistance')!.format(0.0123, 0), '0.0123 ± 0.0011');
    assert.equal(byId.get('frechetDistance')!.format(12.5, 0), '12.5');
  });

  it('Stacked MNIST: modes covered of 1,000 as a share, its real level a reference with the same total', () => {
    const series = buildQualitySeries([
      { step: 1, metrics: { frechetDistance: 40, stackedModesCovered: 700, stackedModesTotal: 1000, realStackedModesCovered: 865 } },
    ]);
    const modes = series.find((s) => s.id === 'stackedModesCovered')!;
    const real = series.find((s) => s.id === 'realStackedModesCovered')!;
    assert.equal(modes.label, 'modes covered (of 1,000)');
    assert.deepEqual([modes.values, real.values], [[0.7], [0.865]]);
    assert.equal(real.format(0.865, 0), '865/1000');
    assert.equal(real.referenceFor, 'stackedModesCovered');
  });

  it('precision and recall of a 2-D toy (no learned metric) are shares on the quality chart', () => {
    const series = buildQualitySeries([{ step: 1, metrics: { js: 0.2, precision: 0.9, recall: 0.4, realPrecision: 0.95 } }]);
    assert.deepEqual(
      series.map((s) => [s.id, s.chart, s.axis, s.referenceFor]),
      [
        ['js', 'quality', 'y', undefined],
        ['precision', 'quality', 'y', undefined],
        ['realPrecision', 'quality', 'y', 'precision'],
        ['recall', 'quality', 'y', undefined],
      ],
    );
  });
});

describe('webview event markers', () => {
  const event = (kind: RunEvent['kind'], step: number, message: string, data?: Record<string, unknown>): RunEvent => ({
    kind,
    step,
    time: 0,
    message,
    data,
  });

  it('hyper-parameter edits and warnings become markers with short labels', () => {
    const markers = markersFromEvents([
      event('checkpoint', 100, 'checkpoint at step 100'),
      event('hyperparameters', 300, 'step 300: generator.lr 0.0005 → 0.0002, dStepsPerGStep 1 → 3', {
        changes: { 'generator.lr': { from: 5e-4, to: 2e-4 }, dStepsPerGStep: { from: 1, to: 3 } },
      }),
      event('warning', 200, 'D(real) − D(fake) > 0.9 for 500 steps: D is winning by a lot'),
      event('hyperparameters', 400, 'step 400: steps 5000 → 8000'),
    ]);
    assert.deepEqual(
      markers.map((m) => [m.step, m.kind, m.label]),
      [
        [200, 'warning', '⚠ D(real) − D(fake) > 0.9 f…'],
        [300, 'hyperparameters', 'G lr 2e-4, k 3'],
        [400, 'hyperparameters', 'steps 5000 → 8000'],
      ],
    );
  });

  it('compact numbers', () => {
    assert.equal(compactNumber(0.0005), '5e-4');
    assert.equal(compactNumber(0.00025), '2.5e-4');
    assert.equal(compactNumber(0.999), '0.999');
    assert.equal(compactNumber(2000), '2000');
  });

  it('labels that would overlap go to the next row; those that fit no row are dropped', () => {
    assert.deepEqual(
      layoutLabels(
        [
          { x: 0, width: 50 },
          { x: 30, width: 50 },
          { x: 60, width: 50 },
          { x: 40, width: 10 },
        ],
        2,
      ),
      [0, 1, 0, -1],
    );
    assert.deepEqual(layoutLabels([], 3), []);
  });
});
