import assert from 'node:assert/strict';
import { metricsCsv } from '../../src/extension/trainingRuns/metricsCsv';
import type { MetricRecord } from '../../src/shared/runFormat';

const record = (step: number, components: Record<string, number>, dLoss = 1.2): MetricRecord => ({
  step,
  time: 1000 + step,
  elapsed: step / 10,
  stepsPerSecond: 10,
  dLoss,
  gLoss: 0.7,
  components,
  dReal: 0.6,
  dFake: 0.4,
  gradNormD: 1,
  gradNormG: 2,
});

describe('metrics CSV export', () => {
  it('one header with every scalar and every component, one row per record, blanks where a component is absent', () => {
    const csv = metricsCsv([record(10, { 'd.real': 0.5 }), record(20, { 'd.real': 0.4, 'g.adversarial': 0.9 }, NaN)]);
    const [header, first, second, end] = csv.split('\n');
    assert.equal(header, 'step,time,elapsed,stepsPerSecond,dLoss,gLoss,dReal,dFake,gradNormD,gradNormG,d.real,g.adversarial');
    assert.equal(first, '10,1010,1,10,1.2,0.7,0.6,0.4,1,2,0.5,');
    assert.equal(second, '20,1020,2,10,NaN,0.7,0.6,0.4,1,2,0.4,0.9');
    assert.equal(end, '');
  });
});
