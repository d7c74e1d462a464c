/**
 * Values written into the experiment file from the dashboard ("Save to experiment file", or an edit
 * with the setting at runAndFile): a minimal edit, saved when the file had no unsaved changes, never
 * saving the user's own unsaved edits of that file.
 */
import assert from 'node:assert/strict';
import { applyEdits } from 'jsonc-parser';
import { writeIntoFile, type EditableDocument } from '../../src/extension/editor/dashboardEdit';
import { validateExperiment } from '../../src/shared/experiment/validate';
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

const optimizersOf = (text: string) => {
  const result = validateExperiment(text);
  assert.ok(result.ok);
  return result.config.optimizer;
};

const lrOf = (text: string): unknown => {
  const result = validateExperiment(text);
  return result.ok ? result.config.optimizer.generator.lr : undefined;
};

describe('writing values into a live run’s experiment file from the dashboard', () => {
  it('saves a file that had no unsaved changes', async () => {
    const document = new FakeDocument(onDisk, false);
    assert.equal(await writeIntoFile(document, { generatorLr: 1e-4 }, optimizersOf(onDisk)), 'saved');
    assert.equal(lrOf(document.saved!), 1e-4);
  });

  it('leaves the user’s unsaved edits unsaved: writes the value into the editor only', async () => {
    const unsaved = onDisk.replace('"test-ring"', '"half-typed-name"');
    const document = new FakeDocument(unsaved, true);
    assert.equal(await writeIntoFile(document, { generatorLr: 1e-4 }, optimizersOf(onDisk)), 'inEditor');
    assert.equal(document.saved, undefined, 'nothing saved');
    assert.equal(lrOf(document.getText()), 1e-4, 'the editor shows the new value');
    assert.match(document.getText(), /half-typed-name/);
  });

  it('touches nothing when the file already holds the value', async () => {
    const document = new FakeDocument(onDisk, false);
    assert.equal(await writeIntoFile(document, { steps: 40 }, optimizersOf(onDisk)), 'unchanged');
    assert.equal(document.saved, undefined);
    assert.equal(document.isDirty, false);
  });

  it('fails, having saved nothing, when the editor refuses the edit', async () => {
    const document = new FakeDocument(onDisk, false);
    document.applyEdits = () => Promise.resolve(false);
    assert.equal(await writeIntoFile(document, { generatorLr: 1e-4 }, optimizersOf(onDisk)), 'failed');
    assert.equal(document.saved, undefined);
  });
});
