/**
 * A value set on the dashboard: written into the experiment file, and applied to the run, without
 * ever saving the user's own unsaved edits of that file.
 */
import assert from 'node:assert/strict';
import { applyEdits } from 'jsonc-parser';
import { writeDashboardChange, type EditableDocument } from '../../src/extension/editor/dashboardEdit';
import { validateExperiment } from '../../src/shared/experiment/validate';
import type { HyperparameterChanges } from '../../src/shared/hyperparameterTable';
import { ringExperiment } from '../helpers/experiments';

const onDisk = JSON.stringify(ringExperiment({ loss: { kind: 'wgan' } }), null, 2);

/** An editor buffer: its text, whether it differs from the file on disk, and what was saved. */
class FakeDocument implements EditableDocument {
  saved: string | undefined;
  constructor(
    private text: string,
    public isDirty: boolean,
  ) {}
  getText(): string {
    return this.text;
  }
  applyEdits(edits: Parameters<EditableDocument['applyEdits']>[0]): Promise<boolean> {
    this.text = applyEdits(this.text, [...edits]);
    this.isDirty = true;
    return Promise.resolve(true);
  }
  save(): Promise<boolean> {
    this.saved = this.text;
    this.isDirty = false;
    return Promise.resolve(true);
  }
}

function runOf(text: string) {
  const result = validateExperiment(text);
  assert.ok(result.ok);
  const sent: HyperparameterChanges[] = [];
  return { sent, optimizers: result.config.optimizer, apply: (c: HyperparameterChanges) => sent.push(c) > 0 };
}

const lrOf = (text: string): unknown => {
  const result = validateExperiment(text);
  return result.ok ? result.config.optimizer.generator.lr : undefined;
};

describe('a dashboard edit of a live run’s experiment file', () => {
  it('saves a file that had no unsaved changes; the save applies it', async () => {
    const document = new FakeDocument(onDisk, false);
    const run = runOf(onDisk);
    assert.equal(await writeDashboardChange(document, { generatorLr: 1e-4 }, run), 'saved');
    assert.equal(lrOf(document.saved!), 1e-4);
    assert.deepEqual(run.sent, [], 'the save handler sends it, not this');
  });

  it('leaves the user’s unsaved edits unsaved: writes the value into the editor and sends it to the run', async () => {
    const unsaved = onDisk.replace('"test-ring"', '"half-typed-name"');
    const document = new FakeDocument(unsaved, true);
    const run = runOf(onDisk);
    assert.equal(await writeDashboardChange(document, { generatorLr: 1e-4 }, run), 'applied');
    assert.equal(document.saved, undefined, 'nothing saved');
    assert.equal(lrOf(document.getText()), 1e-4, 'the editor shows the new value');
    assert.match(document.getText(), /half-typed-name/);
    assert.deepEqual(run.sent, [{ generatorLr: 1e-4 }]);
  });

  it('sends a value the file already holds straight to the run (no save to trigger it)', async () => {
    const document = new FakeDocument(onDisk, false);
    const run = runOf(onDisk);
    assert.equal(await writeDashboardChange(document, { steps: 40 }, run), 'applied');
    assert.equal(document.saved, undefined);
    assert.deepEqual(run.sent, [{ steps: 40 }]);
  });

  it('fails, having done nothing, when the editor refuses the edit', async () => {
    const document = new FakeDocument(onDisk, false);
    document.applyEdits = () => Promise.resolve(false);
    const run = runOf(onDisk);
    assert.equal(await writeDashboardChange(document, { generatorLr: 1e-4 }, run), 'failed');
    assert.equal(document.saved, undefined);
    assert.deepEqual(run.sent, []);
  });
});
