/**
 * "Save to experiment file": which of the run's values the file does not hold (defaults filled in
 * the same way on both sides), what saving writes (comments kept), what the dashboard says about the
 * file, and the run's values as its directory records them (experiment.json + the applied edits).
 */
import assert from 'node:assert/strict';
import { changesToSave, compareWithFile, describeDifferences } from '../../src/extension/editor/experimentFileState';
import { applyHyperparameterEdits } from '../../src/shared/experiment/editHyperparameters';
import type { Experiment } from '../../src/shared/experiment/schema';
import { validateExperiment } from '../../src/shared/experiment/validate';
import { withHyperparameters, withRecordedEdits } from '../../src/shared/hyperparameterValues';
import type { RunEvent } from '../../src/shared/runFormat';
import { experimentFileText } from '../../webview/src/logic/experimentFileText';

const FILE = `{
  // The ring, as a user writes it: comments and one-line objects.
  "name": "ring8",
  "seed": 1,
  "data": { "kind": "ring", "modes": 8, "radius": 2, "std": 0.02 },
  "generator": { "kind": "mlp", "hidden": [32, 32] },
  "discriminator": { "kind": "mlp", "hidden": [32, 32] },
  "loss": { "kind": "nonSaturating" },
  "optimizer": {
    "generator": { "kind": "adam", "lr": 0.0005 }, // G's learning rate
    "discriminator": { "kind": "adam", "lr": 0.0005 }
  },
  "schedule": { "steps": 5000 }
}
`;

function configOf(text: string): Experiment {
  const result = validateExperiment(text);
  assert.ok(result.ok, JSON.stringify(result.problems));
  return result.config;
}

const started = configOf(FILE);
const compare = (text: string | undefined, runConfig: Experiment | null, unsaved = false) =>
  compareWithFile({ text, file: 'ring8.gan.json', unsaved, runConfig });

describe('the experiment file against the run’s values', () => {
  it('is the same when the run uses what the file says, defaults included', () => {
    assert.deepEqual(compare(FILE, started), { file: 'ring8.gan.json', unsaved: false, differences: [], state: 'same' });
  });

  it('lists the run’s edits the file does not hold, in the table’s order, and saving writes exactly those (comments kept)', () => {
    const run = withHyperparameters(started, { generatorLr: 0.002, dStepsPerGStep: 3, metricsEvery: 50 });
    const state = compare(FILE, run);
    assert.equal(state.state, 'differs');
    assert.deepEqual(state.differences, [
      { key: 'generatorLr', run: 0.002, file: 0.0005 },
      { key: 'dStepsPerGStep', run: 3, file: 1 },
      { key: 'metricsEvery', run: 50, file: 10 },
    ]);
    assert.deepEqual(describeDifferences(state.differences), [
      'generator learning rate 0.0005 → 0.002',
      'k (D steps per G step) 1 → 3',
      'metrics every 10 → 50',
    ]);
    assert.deepEqual(changesToSave(state.differences), { generatorLr: 0.002, dStepsPerGStep: 3, metricsEvery: 50 });
    const saved = applyHyperparameterEdits(FILE, changesToSave(state.differences), run.optimizer);
    assert.match(saved, /"lr": 0\.002 }, \/\/ G's learning rate/);
    assert.match(saved, /\/\/ The ring, as a user writes it/);
    assert.equal(compare(saved, run).state, 'same', 'after saving, the file holds the run’s values');
  });

  it('compares with the editor’s unsaved text when there is one, and says so', () => {
    const run = withHyperparameters(started, { steps: 8000 });
    const typed = FILE.replace('"seed": 1', '"seed": 2');
    const state = compare(typed, run, true);
    assert.equal(state.state, 'differs');
    assert.equal(state.unsaved, true);
    assert.deepEqual(state.differences, [{ key: 'steps', run: 8000, file: 5000 }]);
  });

  it('says when the file is gone, does not validate, or the run has no values yet', () => {
    assert.equal(compare(undefined, started).state, 'missing');
    const invalid = compare(FILE.replace('"kind": "ring"', '"kind": "rinng"'), started);
    assert.equal(invalid.state, 'invalid');
    assert.match(invalid.reason ?? '', /rinng/);
    assert.equal(compare(FILE, null).state, 'unknown');
    assert.equal(compareWithFile({ text: FILE, file: '', unsaved: false, runConfig: started }).state, 'unknown');
  });

  it('leaves out a setting the file’s optimizer cannot have (a restart question, not a save)', () => {
    const rmsprop = FILE.replace('"generator": { "kind": "adam", "lr": 0.0005 }', '"generator": { "kind": "rmsprop", "lr": 0.0005 }');
    const run = withHyperparameters(started, { generatorBeta1: 0.9 });
    assert.equal(compare(rmsprop, run).state, 'same');
  });
});

describe('what the dashboard says about the experiment file', () => {
  it('offers Save only when the file differs from the run', () => {
    const run = withHyperparameters(started, { generatorLr: 0.002 });
    assert.deepEqual(experimentFileText(compare(FILE, run)), {
      text: "The run's values differ from ring8.gan.json: generator learning rate 0.0005 → 0.002.",
      canSave: true,
    });
    assert.deepEqual(experimentFileText(compare(FILE, started)), { text: "ring8.gan.json holds the run's values.", canSave: false });
    assert.deepEqual(experimentFileText(compare(undefined, started)), {
      text: "ring8.gan.json was deleted or renamed: there is no file to save the run's values to.",
      canSave: false,
    });
    assert.equal(experimentFileText(compare(FILE.replace('"seed": 1', '"seed": -1'), started)).canSave, false);
    assert.deepEqual(experimentFileText(null), { text: '', canSave: false });
    assert.match(experimentFileText(compare(FILE, run, true)).text, /\(its unsaved editor text\)/);
  });
});

describe('the run’s values as its directory records them', () => {
  const edit = (step: number, changes: Record<string, { from: number; to: number }>): RunEvent => ({
    step,
    time: step,
    kind: 'hyperparameters',
    message: `step ${step}: …`,
    data: { changes },
  });

  it('are experiment.json with every applied edit, in order (the trainer’s clamped values)', () => {
    const events: RunEvent[] = [
      { step: 0, time: 0, kind: 'backend', message: 'backend wasm' },
      edit(100, { 'generator.lr': { from: 0.0005, to: 0.002 } }),
      { step: 150, time: 150, kind: 'paused', message: 'paused', data: { since: 1 } },
      edit(200, { 'generator.lr': { from: 0.002, to: 0.001 }, steps: { from: 5000, to: 7000 } }),
    ];
    const values = withRecordedEdits(started, events);
    assert.equal(values.optimizer.generator.lr, 0.001);
    assert.equal(values.schedule.steps, 7000);
    assert.equal(started.optimizer.generator.lr, 0.0005, 'the config it was given is left alone');
    assert.equal(withRecordedEdits(started, []), started);
  });
});
