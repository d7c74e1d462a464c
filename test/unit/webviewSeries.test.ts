import assert from 'node:assert/strict';
import type { MetricRecord, QualityRecord, RunEvent } from '../../src/shared/runFormat';
import { appendRecords, emptyColumns } from '../../webview/src/logic/metricColumns';
import { buildLossSeries, componentLabel, componentRole } from '../../webview/src/logic/lossSeries';
import { compactNumber, layoutLabels, markersFromEvents } from '../../webview/src/logic/markers';
import { buildQualityPanels, unitTick } from '../../webview/src/logic/qualitySeries';

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

describe('webview quality panels (one unit per axis)', () => {
  it('a toy run: modes as a count of 8, shares in %, divergences in bits, Wasserstein on its own', () => {
    const records: QualityRecord[] = [
      { step: 0, metrics: { js: 1, kl: 20, modesCovered: 0, modesTotal: 8, highQualityShare: 0 } },
      { step: 250, metrics: { js: 0.5, kl: 3, modesCovered: 6, modesTotal: 8, highQualityShare: 0.4, wasserstein: 0.2 } },
    ];
    const { panels, series } = buildQualityPanels(records);
    assert.deepEqual(
      panels.map((p) => [p.id, p.unit, p.axisTitle]),
      [
        ['modes', 'count', 'modes covered (of 8)'],
        ['shares', 'share', 'share (%)'],
        ['bits', 'bits', 'bits'],
        ['wasserstein', 'distance', 'data units'],
      ],
    );
    assert.deepEqual(
      series.map((s) => [s.id, s.panel]),
      [
        ['modesCovered', 'modes'],
        ['highQualityShare', 'shares'],
        ['js', 'bits'],
        ['kl', 'bits'],
        ['wasserstein', 'wasserstein'],
      ],
    );
    const modes = series[0]!;
    assert.equal(modes.label, 'modes covered (of 8)');
    assert.deepEqual(modes.values, [0, 6], 'counts, not shares');
    assert.equal(modes.format(6, 1), '6 of 8');
    assert.equal(panels[0]!.total, 8);
    assert.equal(series[1]!.format(0.4, 1), '40%');
    assert.equal(series[2]!.format(0.5, 1), '0.5 bit');
    assert.ok(Number.isNaN(series[4]!.values[0]), 'missing values are gaps');
    assert.deepEqual([0, 0.25, 1].map(unitTick('share')), ['0%', '25%', '100%']);
    assert.deepEqual([0, 4, 8].map(unitTick('count')), ['0', '4', '8']);
  });

  it('a real-data reference follows its measure on its panel, when that is recorded', () => {
    const metrics = { singleBlobShare: 0.8, realSingleBlobShare: 1, shapeFitShare: 0.1, realShapeFitShare: 0.99, realMeanInk: 0.1 };
    const { series } = buildQualityPanels([{ step: 100, metrics }]);
    assert.deepEqual(
      series.map((s) => [s.id, s.panel, s.referenceFor]),
      [
        ['singleBlobShare', 'shares', undefined],
        ['realSingleBlobShare', 'shares', 'singleBlobShare'],
        ['realMeanInk', 'shares', undefined],
        ['shapeFitShare', 'shares', undefined],
        ['realShapeFitShare', 'shares', 'shapeFitShare'],
      ],
    );
  });

  it('a shapes run: the shape mix on a panel of its own, beside the shares it sums to', () => {
    const metrics = {
      singleBlobShare: 0.8,
      realSingleBlobShare: 1,
      meanInk: 0.2,
      realMeanInk: 0.21,
      shapeFitShare: 0.6,
      realShapeFitShare: 0.99,
      squareShare: 0.2,
      ellipseShare: 0.3,
      triangleShare: 0.1,
    };
    const { panels, series } = buildQualityPanels([{ step: 100, metrics }]);
    assert.deepEqual(
      panels.map((p) => p.id),
      ['shares', 'shapes'],
    );
    assert.deepEqual(
      series.filter((s) => s.panel === 'shapes').map((s) => s.label),
      ['squares', 'ellipses', 'triangles'],
    );
  });

  it('unknown keys are kept, each on a panel of its own', () => {
    const { panels } = buildQualityPanels([{ step: 1, metrics: { fid: 12, coverage: 0.5 } as never }]);
    assert.deepEqual(
      panels.map((p) => [p.id, p.unit]),
      [
        ['other:coverage', 'share'],
        ['other:fid', 'value'],
      ],
    );
  });

  it('learned image metrics: Fréchet (log) and KID each on their own scale, classes as a count of 10, the classifier score of 10', () => {
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
    const { panels, series } = buildQualityPanels([{ step: 500, metrics }]);
    assert.deepEqual(
      panels.map((p) => [p.id, p.unit, p.log, p.axisTitle]),
      [
        ['classes', 'count', false, 'classes covered (of 10)'],
        ['shares', 'share', false, 'share (%)'],
        ['precisionRecall', 'share', false, 'share (%)'],
        ['bits', 'bits', false, 'bits'],
        ['frechet', 'distance', true, 'Fréchet distance (log)'],
        ['kid', 'distance', false, 'KID'],
        ['score', 'score', false, 'classifier score (of 10)'],
      ],
    );
    const where = Object.fromEntries(series.map((s) => [s.id, s.panel]));
    assert.deepEqual(where, {
      classesCovered: 'classes',
      singleBlobShare: 'shares',
      labelAgreement: 'shares',
      precision: 'precisionRecall',
      realPrecision: 'precisionRecall',
      recall: 'precisionRecall',
      realRecall: 'precisionRecall',
      classKl: 'bits',
      frechetDistance: 'frechet',
      realFrechetDistance: 'frechet',
      noiseFrechetDistance: 'frechet',
      kernelDistance: 'kid',
      realKernelDistance: 'kid',
      classifierScore: 'score',
      realClassifierScore: 'score',
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
    assert.deepEqual(covered.values, [9]);
    assert.equal(covered.format(9, 0), '9 of 10');
    assert.equal(byId.get('classifierScore')!.label, 'classifier score (of 10)');
    assert.equal(byId.get('classifierScore')!.format(8.2, 0), '8.2 of 10');
    assert.equal(byId.get('kernelDistance')!.format(0.0123, 0), '0.0123 ± 0.0011');
    assert.equal(byId.get('frechetDistance')!.format(12.5, 0), '12.5');
    assert.equal(byId.get('precision')!.format(0.7, 0), '70%');
  });

  it('Stacked MNIST: modes covered as a count of 1,000, its real level a reference on the same panel', () => {
    const { panels, series } = buildQualityPanels([
      { step: 1, metrics: { frechetDistance: 40, stackedModesCovered: 700, stackedModesTotal: 1000, realStackedModesCovered: 865 } },
    ]);
    const modes = series.find((s) => s.id === 'stackedModesCovered')!;
    const real = series.find((s) => s.id === 'realStackedModesCovered')!;
    assert.equal(panels[0]!.axisTitle, 'modes covered (of 1,000)');
    assert.equal(modes.label, 'modes covered (of 1,000)');
    assert.deepEqual([modes.values, real.values], [[700], [865]]);
    assert.equal(real.format(865, 0), '865 of 1,000');
    assert.equal(real.referenceFor, 'stackedModesCovered');
  });

  it('precision and recall of a 2-D toy (no learned metric) are shares too', () => {
    const { series } = buildQualityPanels([{ step: 1, metrics: { js: 0.2, precision: 0.9, recall: 0.4, realPrecision: 0.95 } }]);
    assert.deepEqual(
      series.map((s) => [s.id, s.panel, s.referenceFor]),
      [
        ['precision', 'precisionRecall', undefined],
        ['realPrecision', 'precisionRecall', 'precision'],
        ['recall', 'precisionRecall', undefined],
        ['js', 'bits', undefined],
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
