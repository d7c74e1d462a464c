import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { constants, getPriority } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { experimentFileState, savedRunOf } from '../../src/extension/editor/liveEdits';
import type { LiveRun } from '../../src/extension/trainingRuns/liveRun';
import type { RunMeta } from '../../src/shared/runFormat';
import { api, processAlive, until, workspaceFile } from './helpers';

const readMeta = (dir: string) => JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as RunMeta;

/** Puts the document's text back and saves it. */
async function restore(document: vscode.TextDocument, text: string): Promise<void> {
  if (document.getText() !== text) {
    const edit = new vscode.WorkspaceEdit();
    edit.replace(document.uri, new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length)), text);
    await vscode.workspace.applyEdit(edit);
  }
  if (document.isDirty) await document.save();
}

async function start(file: string): Promise<LiveRun> {
  const run = await vscode.commands.executeCommand<LiveRun | undefined>('ganWorkbench.startTraining', workspaceFile(file));
  assert.ok(run, 'Start Training returned no run');
  return run;
}

describe('training from the editor', function () {
  this.timeout(120_000);

  it('starts a real short run, which completes and appears in the Runs tree', async () => {
    const { workbench } = await api();
    const run = await start('ring.gan.json');
    await until(() => run.ended, 90_000, 'the ring run to end');
    assert.equal(run.phase, 'completed', run.error);
    assert.ok(run.runDir);
    assert.equal(readMeta(run.runDir).status, 'completed');
    await workbench.catalog.refresh();
    const node = await until(() => workbench.catalog.runs().find((n) => n.dir === run.runDir), 10_000, 'the run in the catalog');
    assert.equal(node.status, 'completed');
    assert.equal(node.meta?.lastStep, node.meta?.totalSteps);
    assert.equal(workbench.lastRunOf(workspaceFile('ring.gan.json')), run.runDir);
  });

  it('shows Stop and Open Dashboard lenses while live, and stops mid-run with no process left', async () => {
    const run = await start('long.gan.json');
    await until(() => run.lastMetrics, 60_000, 'the first metrics');
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>(
      'vscode.executeCodeLensProvider',
      workspaceFile('long.gan.json'),
    );
    assert.deepEqual(
      lenses.map((l) => l.command?.title),
      ['■ Stop', 'Open Dashboard'],
    );
    const pid = run.pid;
    assert.ok(processAlive(pid));
    assert.equal(getPriority(pid), constants.priority.PRIORITY_BELOW_NORMAL, 'trainers run below normal priority by default');
    await vscode.commands.executeCommand('ganWorkbench.stopTraining', run);
    await until(() => run.ended, 30_000, 'the run to stop');
    assert.equal(run.phase, 'stopped');
    await until(() => !processAlive(pid), 10_000, 'the trainer process to exit');
    assert.equal(readMeta(run.runDir!).status, 'stopped');
  });

  it('applies a learning-rate edit saved in the file to the running trainer (events.jsonl)', async () => {
    const run = await start('long.gan.json');
    await until(() => run.lastMetrics, 60_000, 'the first metrics');
    const document = await vscode.workspace.openTextDocument(workspaceFile('long.gan.json'));
    const original = document.getText();
    const editor = await vscode.window.showTextDocument(document);
    const at = original.indexOf('"lr": 0.0005');
    try {
      await editor.edit((b) =>
        b.replace(new vscode.Range(document.positionAt(at), document.positionAt(at + '"lr": 0.0005'.length)), '"lr": 0.002'),
      );
      await document.save();
      const events = await until(
        () => {
          const text = readFileSync(join(run.runDir!, 'events.jsonl'), 'utf8');
          return text.includes('"generator.lr"') ? text : undefined;
        },
        20_000,
        'the hyper-parameter event',
      );
      const edit = events
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { kind: string; step: number; data?: { changes?: Record<string, { from: number; to: number }> } })
        .find((e) => e.kind === 'hyperparameters');
      assert.deepEqual(edit?.data?.changes, { 'generator.lr': { from: 0.0005, to: 0.002 } });
      assert.ok(edit.step > 0);
    } finally {
      await editor.edit((b) =>
        b.replace(new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length)), original),
      );
      await document.save();
      await vscode.commands.executeCommand('ganWorkbench.stopTraining', run);
      await until(() => run.ended, 30_000, 'the run to stop');
    }
  });

  it('a dashboard edit applies to the run only (file unchanged, events.jsonl records it, the toast says so); Save to experiment file writes the run’s values, comments kept, and undo restores the file', async () => {
    const { workbench } = await api();
    const file = workspaceFile('long.gan.json');
    const original = readFileSync(file.fsPath, 'utf8');
    const run = await start('long.gan.json');
    await until(() => run.lastMetrics, 60_000, 'the first metrics');
    const document = await vscode.workspace.openTextDocument(file);
    try {
      const edit = await workbench.liveEdits.setFromDashboard(run, { generatorLr: 0.002 });
      assert.equal(edit.outcome, 'run', edit.message);
      assert.match(
        edit.message,
        /generator learning rate 0\.0005 → 0\.002 applied to the run only, from its next step \(recorded in its events\.jsonl\); long\.gan\.json is unchanged\./,
      );
      await until(
        () => readFileSync(join(run.runDir!, 'events.jsonl'), 'utf8').includes('"generator.lr":{"from":0.0005,"to":0.002}'),
        20_000,
        'the trainer to apply and record lr 0.002',
      );
      await until(() => run.config?.optimizer.generator.lr === 0.002, 10_000, 'the host to take the trainer’s acknowledgement');
      assert.equal(readFileSync(file.fsPath, 'utf8'), original, 'the experiment file on disk is unchanged');
      assert.equal(document.getText(), original);
      assert.ok(!document.isDirty);
      const state = await experimentFileState({ experimentFile: file.fsPath, config: run.config ?? null });
      assert.deepEqual(state.differences, [{ key: 'generatorLr', run: 0.002, file: 0.0005 }]);
      assert.equal(state.state, 'differs');

      const saved = await workbench.liveEdits.saveToExperimentFile(savedRunOf(run));
      assert.equal(saved.outcome, 'saved', saved.message);
      assert.deepEqual(saved.changed, ['generator learning rate 0.0005 → 0.002']);
      assert.match(saved.message, /^Saved the run's values in long\.gan\.json: generator learning rate 0\.0005 → 0\.002\./);
      const written = readFileSync(file.fsPath, 'utf8');
      const expected = original.replace('"generator": { "kind": "adam", "lr": 0.0005,', '"generator": { "kind": "adam", "lr": 0.002,');
      assert.notEqual(expected, original);
      assert.equal(written, expected, 'only the generator’s lr changed; the comment and the layout stay');
      assert.ok(!document.isDirty, 'saved');
      assert.equal((await experimentFileState({ experimentFile: file.fsPath, config: run.config ?? null })).state, 'same');
      const again = await workbench.liveEdits.saveToExperimentFile(savedRunOf(run));
      assert.equal(again.outcome, 'same');
      assert.match(again.message, /long\.gan\.json already holds the run's values/);

      // One undo step restores the file as it was.
      await vscode.window.showTextDocument(document);
      await vscode.commands.executeCommand('undo');
      await until(() => document.getText() === original, 5_000, 'undo to restore the file’s text');
      assert.equal((await experimentFileState({ experimentFile: file.fsPath, config: run.config ?? null })).unsaved, true);
    } finally {
      await restore(document, original);
      await vscode.commands.executeCommand('ganWorkbench.stopTraining', run);
      await until(() => run.ended, 30_000, 'the run to stop');
    }
  });

  it('with ganWorkbench.dashboardEdits at runAndFile, a dashboard edit is applied to the run and written into the file, comments kept, once', async () => {
    const { workbench } = await api();
    const config = vscode.workspace.getConfiguration('ganWorkbench');
    await config.update('dashboardEdits', 'runAndFile', vscode.ConfigurationTarget.Workspace);
    const file = workspaceFile('long.gan.json');
    const run = await start('long.gan.json');
    await until(() => run.lastMetrics, 60_000, 'the first metrics');
    const document = await vscode.workspace.openTextDocument(file);
    const original = document.getText();
    try {
      const edit = await workbench.liveEdits.setFromDashboard(run, { dStepsPerGStep: 3 });
      assert.equal(edit.outcome, 'saved', edit.message);
      assert.match(edit.message, /k \(D steps per G step\) 1 → 3 applied to the run from its next step and saved in long\.gan\.json\./);
      assert.ok(!document.isDirty, 'the edit is saved');
      const text = readFileSync(file.fsPath, 'utf8');
      assert.match(text, /"dStepsPerGStep": 3/);
      assert.equal(text.replace('"dStepsPerGStep": 3', '"dStepsPerGStep": 1'), original, 'nothing else changed, comments included');
      const events = await until(
        () => {
          const t = readFileSync(join(run.runDir!, 'events.jsonl'), 'utf8');
          return t.includes('"dStepsPerGStep":{"from":1,"to":3}') ? t : undefined;
        },
        20_000,
        'the trainer to apply k = 3',
      );
      await new Promise((r) => setTimeout(r, 1000));
      const edits = readFileSync(join(run.runDir!, 'events.jsonl'), 'utf8')
        .split('\n')
        .filter((l) => l.includes('"kind":"hyperparameters"'));
      assert.equal(edits.length, 1, `applied once, not again by the save: ${events}`);
    } finally {
      await config.update('dashboardEdits', undefined, vscode.ConfigurationTarget.Workspace);
      await restore(document, original);
      await vscode.commands.executeCommand('ganWorkbench.stopTraining', run);
      await until(() => run.ended, 30_000, 'the run to stop');
    }
  });

  it('a trainer that dies is reported: run failed with the reason, run.json marked failed', async () => {
    const run = await start('long.gan.json');
    await until(() => run.lastMetrics, 60_000, 'the first metrics');
    process.kill(run.pid!, 'SIGKILL');
    await until(() => run.ended, 20_000, 'the host to notice');
    assert.equal(run.phase, 'failed');
    assert.match(run.error ?? '', /killed by SIGKILL/);
    const meta = await until(
      () => {
        const m = readMeta(run.runDir!);
        return m.status === 'failed' ? m : undefined;
      },
      10_000,
      'run.json to say failed',
    );
    assert.match(meta.error ?? '', /killed by SIGKILL/);
  });

  it('queues starts beyond the concurrency limit and shows them as queued', async () => {
    const { workbench } = await api();
    const config = vscode.workspace.getConfiguration('ganWorkbench');
    await config.update('maxConcurrentRuns', 1, vscode.ConfigurationTarget.Workspace);
    try {
      const first = workbench.manager.start(workspaceFile('long.gan.json'), 'long-ring');
      const second = workbench.manager.start(workspaceFile('long.gan.json'), 'long-ring');
      await until(() => first.lastMetrics, 60_000, 'the first run to train');
      assert.equal(second.phase, 'queued');
      workbench.manager.stop(first);
      await until(() => second.phase === 'running' || second.phase === 'starting', 30_000, 'the queued run to start');
      workbench.manager.stop(second);
      await until(() => first.ended && second.ended, 30_000, 'both runs to stop');
    } finally {
      await config.update('maxConcurrentRuns', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('opens any run directory (Open Run…) in a dashboard', async () => {
    const { workbench } = await api();
    const runDir = workbench.lastRunOf(workspaceFile('ring.gan.json'));
    assert.ok(runDir);
    await vscode.commands.executeCommand('ganWorkbench.openRun', vscode.Uri.file(runDir));
    await until(
      () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.label.startsWith('GAN ring8-small')),
      10_000,
      'the dashboard tab',
    );
  });

  it('stops every trainer when the extension shuts down (deactivate): no orphan process', async () => {
    const { workbench } = await api();
    const run = await start('long.gan.json');
    await until(() => run.lastMetrics, 60_000, 'the first metrics');
    const pid = run.pid;
    await workbench.shutdown();
    assert.ok(run.ended);
    await until(() => !processAlive(pid), 10_000, 'the trainer process to exit');
    assert.equal(readMeta(run.runDir!).status, 'stopped');
  });
});
