/**
 * The alarms' defaults against the examples (issue 24): the recorded metrics and quality records of
 * the 16 examples trained to their end (test/fixtures/alarms/converging.json, from full runs measured
 * with bench/alarmReplay.ts) replayed through the alarm watch with each example's own config raise
 * no alarm; the same series with a collapse, a D that wins or a growing swing spliced in do, so
 * the replay is not silent for want of reading them.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateExperiment } from '../../src/shared/experiment/validate';
import type { Experiment } from '../../src/shared/experiment/schema';
import type { QualityRecord } from '../../src/shared/runFormat';
import { replayAlarms } from '../../src/training/watchdog/alarmReplay';
import type { WatchedValues } from '../../src/training/watchdog/blowUp';

interface RecordedRun {
  example: string;
  metricFields: (keyof WatchedValues)[];
  metrics: number[][];
  quality: QualityRecord[];
}

const root = join(__dirname, '..', '..');
const recorded = JSON.parse(readFileSync(join(root, 'test', 'fixtures', 'alarms', 'converging.json'), 'utf8')) as { runs: RecordedRun[] };

function exampleConfig(file: string): Experiment {
  const result = validateExperiment(readFileSync(join(root, 'examples', file), 'utf8'));
  assert.ok(result.ok, `${file}: ${JSON.stringify(!result.ok && result.problems)}`);
  return result.config;
}

const metricsOf = (run: RecordedRun): WatchedValues[] =>
  run.metrics.map((row) => Object.fromEntries(run.metricFields.map((k, i) => [k, row[i]])) as unknown as WatchedValues);

describe('alarms replayed over the converging examples', () => {
  it('covers every example that converges within the recorded runs', () => {
    assert.equal(recorded.runs.length, 16);
  });

  for (const run of recorded.runs)
    it(`${run.example}: no alarm over its ${run.metrics.length} metrics and ${run.quality.length} quality records`, () => {
      const raised = replayAlarms(exampleConfig(run.example), metricsOf(run), run.quality);
      assert.deepEqual(
        raised.map((a) => a.event.message),
        [],
      );
    });

  it('the same records with a failure spliced in raise its alarm', () => {
    const ring = recorded.runs.find((r) => r.example === 'ring8-nonsaturating.gan.json')!;
    const config = exampleConfig(ring.example);
    const metrics = metricsOf(ring);
    // Collapse: from step 3000 the modes covered fall to 1 of 8 and stay.
    const collapsed = ring.quality.map((q) => (q.step >= 3000 ? { ...q, metrics: { ...q.metrics, modesCovered: 1 } } : q));
    assert.deepEqual(
      replayAlarms(config, metrics, collapsed).map((a) => a.event.data.alarm),
      ['modeCollapse'],
    );
    // D wins: from step 2000 on, D(real) 0.999 and D(fake) 0.001.
    const won = metrics.map((m) => (m.step >= 2000 ? { ...m, dReal: 0.999, dFake: 0.001 } : m));
    assert.deepEqual(
      replayAlarms(config, won, ring.quality).map((a) => a.event.data.alarm),
      ['discriminatorWins'],
    );
    // Oscillation: from step 2000 G's loss swings, its amplitude doubling every 10 records.
    const swinging = metrics.map((m, i) =>
      m.step >= 2000 ? { ...m, gLoss: m.gLoss + 0.05 * 2 ** ((m.step - 2000) / 250) * (i % 2 ? 1 : -1) } : m,
    );
    assert.deepEqual(
      replayAlarms(config, swinging, ring.quality).map((a) => a.event.data.alarm),
      ['oscillation'],
    );
  });
});
