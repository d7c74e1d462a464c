import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { constants, getPriority } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { LiveRun } from '../../src/extension/trainingRuns/liveRun';
import type { RunMeta } from '../../src/shared/runFormat';
import { api, processAlive, until, workspaceFile } from './helpers';

const readMeta = (dir: string) => JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as RunMeta;

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

  it('writes a dashboard hyper-parameter edit into the file, keeping comments, and the trainer applies it', async () => {
    const { workbench } = await api();
    const run = await start('long.gan.json');
    await until(() => run.lastMetrics, 60_000, 'the first metrics');
    const document = await vscode.workspace.openTextDocument(workspaceFile('long.gan.json'));
    const original = document.getText();
    try {
      await workbench.liveEdits.setFromDashboard(run, { dStepsPerGStep: 3 });
      const text = document.getText();
      assert.ok(!document.isDirty, 'the edit is saved');
      assert.match(text, /"dStepsPerGStep": 3/);
      assert.equal(text.replace('"dStepsPerGStep": 3', '"dStepsPerGStep": 1'), original, 'nothing else changed, comments included');
      await until(
        () => readFileSync(join(run.runDir!, 'events.jsonl'), 'utf8').includes('"dStepsPerGStep":{"from":1,"to":3}'),
        20_000,
        'the trainer to apply k = 3',
      );
    } finally {
      const editor = await vscode.window.showTextDocument(document);
      await editor.edit((b) =>
        b.replace(new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length)), original),
      );
      await document.save();
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
