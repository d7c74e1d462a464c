/**
 * "Save to experiment file" writes into the file a run names (run.json's experimentFile), and a run
 * folder can come from anywhere: into a file inside the workspace at once, anywhere else only after a
 * modal that names the path, never into what is not a file; and the dashboard reads no more of a
 * named file than an experiment file can hold.
 */
import { ui } from '../helpers/fakeVscode';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { experimentFileState, LiveEdits, MAX_EXPERIMENT_FILE_BYTES, type SavedRun } from '../../src/extension/editor/liveEdits';
import type { RunManager } from '../../src/extension/trainingRuns/runManager';
import { validateExperiment } from '../../src/shared/experiment/validate';
import type { Experiment } from '../../src/shared/experiment/schema';
import { ringExperiment, tempDir } from '../helpers/experiments';

const log = { info: () => undefined, warn: () => undefined, error: () => undefined } as unknown as ConstructorParameters<
  typeof LiveEdits
>[1];
const manager = { liveRunFor: () => undefined } as unknown as RunManager;

describe('Save to experiment file: where the run values may be written', () => {
  let root = '';
  let workspaceDir = '';
  let outsideDir = '';
  const fileText = `${JSON.stringify(ringExperiment(), null, 2)}\n`;

  /** The run's values: the file's, with the generator's learning rate changed. */
  const runConfig = (): Experiment => {
    const result = validateExperiment(fileText);
    assert.ok(result.ok);
    const config = result.config;
    return { ...config, optimizer: { ...config.optimizer, generator: { ...config.optimizer.generator, lr: 0.0042 } } } as Experiment;
  };
  const savedRun = (experimentFile: string): SavedRun => ({ experimentName: 'test-ring', experimentFile, config: runConfig() });

  beforeEach(() => {
    ui.reset();
    root = tempDir('gan-save-foreign-');
    workspaceDir = join(root, 'workspace');
    outsideDir = join(root, 'elsewhere');
    mkdirSync(workspaceDir);
    mkdirSync(outsideDir);
    ui.folder = workspaceDir;
  });

  it('writes into a file inside the workspace without asking', async () => {
    const file = join(workspaceDir, 'ring.gan.json');
    writeFileSync(file, fileText);
    const edits = new LiveEdits(manager, log);
    const result = await edits.saveToExperimentFile(savedRun(file));
    edits.dispose();
    assert.equal(result.outcome, 'saved', result.message);
    assert.match(readFileSync(file, 'utf8'), /0\.0042/);
    assert.equal(ui.called('window.showWarningMessage').length, 0);
  });

  for (const [name, place] of [
    ['a file outside the workspace', (f: string) => f],
    ['a path that leaves the workspace with ..', () => `${workspaceDir}/../elsewhere/ring.gan.json`],
    [
      'a link inside the workspace to a file outside',
      (f: string) => {
        const link = join(workspaceDir, 'link.gan.json');
        symlinkSync(f, link);
        return link;
      },
    ],
  ] as const) {
    it(`${name}: asks with the full path first, and writes nothing when dismissed`, async () => {
      const file = join(outsideDir, 'ring.gan.json');
      writeFileSync(file, fileText);
      const named = place(file);
      const edits = new LiveEdits(manager, log);
      const result = await edits.saveToExperimentFile(savedRun(named));
      const asked = ui.called('window.showWarningMessage');
      assert.equal(asked.length >= 1, true, 'a modal asked');
      assert.match(String(asked[0]!.args[0]), new RegExp(`Write the run's values into ${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\?`));
      assert.equal(result.outcome, 'failed');
      assert.equal(readFileSync(file, 'utf8'), fileText, 'the file is unchanged');

      ui.answer = (api) => (api === 'window.showWarningMessage' ? 'Write' : undefined);
      const confirmed = await edits.saveToExperimentFile(savedRun(named));
      edits.dispose();
      assert.equal(confirmed.outcome, 'saved', confirmed.message);
      assert.match(readFileSync(file, 'utf8'), /0\.0042/);
    });
  }

  it('reads no more of a named file than an experiment file can hold', async () => {
    const big = join(workspaceDir, 'big.gan.json');
    writeFileSync(big, Buffer.alloc(MAX_EXPERIMENT_FILE_BYTES + 1, 0x20));
    const state = await experimentFileState({ experimentFile: big, config: runConfig() });
    assert.equal(state.state, 'invalid');
    assert.match(state.reason ?? '', /larger than 1 MiB/);
  });
});
