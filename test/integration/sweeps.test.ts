/**
 * Sweeps in the real extension host (issue 23):
 * - a sweep folder written by Slurm on "shared storage" outside the workspace (the fixture of
 *   test/fixtures/sweepFolder.ts), found through `ganWorkbench.sweepFolders`: the Runs tree shows it
 *   as one node with its state counts and best trial, its 12 trials as children (the best starred),
 *   and its dashboard gets the sweep;
 * - GAN: Start Sweep on workspace/tiny.sweep.json (two 60-step trials of the small ring) runs it
 *   through gan-sweep: the tree follows it to 2 done, the best trial is the one with the lower JS,
 *   and no gan-sweep or trainer process is left;
 * - Cancel Trial on a pending trial of a longer sweep, then Cancel Sweep: the trials end cancelled.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { SweepView } from '../../src/shared/protocol';
import { trialStateFile, trialId, type TrialStarted } from '../../src/shared/sweep/sweepFolder';
import type { SweepNode, TrialNode } from '../../src/extension/sweeps/sweepNode';
import { RunsTreeProvider } from '../../src/extension/views/runsTree';
import { FIXTURE_SWEEP_NAME, writeSweepFixture } from '../fixtures/sweepFolder';
import { api, processAlive, sweepDashboardDone, until, workspaceFile } from './helpers';
import { PAGE_LOAD_TIMEOUT_MS } from '../../src/extension/webviews/pageLoadGuard';

const label = (item: vscode.TreeItem) => (typeof item.label === 'string' ? item.label : (item.label?.label ?? ''));

function startedPid(dir: string, index: number): number | undefined {
  try {
    return (JSON.parse(readFileSync(trialStateFile(dir, trialId(index), 'started'), 'utf8')) as TrialStarted).pid;
  } catch {
    return undefined;
  }
}

describe('sweeps: the Runs tree, the sweep dashboard, Start and Cancel Sweep', function () {
  this.timeout(180_000);
  let shared: string;

  before(() => {
    shared = mkdtempSync(join(tmpdir(), 'gan-shared-storage-'));
  });

  after(async () => {
    await vscode.workspace.getConfiguration('ganWorkbench').update('sweepFolders', undefined, vscode.ConfigurationTarget.Global);
    rmSync(shared, { recursive: true, force: true });
  });

  it('shows a sweep folder from ganWorkbench.sweepFolders as one node with its counts, best trial and trials', async () => {
    const { workbench } = await api();
    const dir = await writeSweepFixture(shared);
    await vscode.workspace.getConfiguration('ganWorkbench').update('sweepFolders', [shared], vscode.ConfigurationTarget.Global);
    const tree = new RunsTreeProvider(workbench.catalog, workbench.sweeps.catalog);
    try {
      const node = await until(
        () => tree.getChildren().find((n): n is SweepNode => n.kind === 'sweep' && n.sweep.dir === dir),
        20_000,
        'the fixture sweep in the Runs tree',
      );
      const item = tree.getTreeItem(node);
      assert.equal(label(item), `Sweep ${FIXTURE_SWEEP_NAME}`);
      assert.equal(item.description, '0 pending · 0 running · 10 done · 1 failed · 1 cancelled · best #4 js 0.09');
      assert.equal(item.contextValue, 'sweep', 'a finished sweep offers no Cancel');
      const trials = tree.getChildren(node) as TrialNode[];
      assert.equal(trials.length, 12);
      const items = trials.map((t) => tree.getTreeItem(t));
      assert.equal(label(items[4]!), '★ #4 lr 0.0002, kind hinge, seed 2');
      assert.equal(items[4]!.description, 'done · 400/400 · js 0.09');
      assert.match(String(items[8]!.description), /^failed: the losses became NaN at step 123/);
      assert.equal(items[11]!.description, 'cancelled');
      assert.equal(items[11]!.command, undefined, 'a trial that never ran opens nothing');
      assert.equal(items[4]!.command?.command, 'ganWorkbench.openSweepTrial');

      await vscode.commands.executeCommand('ganWorkbench.openSweepDashboard', node);
      const panel = await until(
        () => workbench.sweeps.panels().find((p) => p.dir === dir && p.posted),
        PAGE_LOAD_TIMEOUT_MS + 30_000, // time for a page that never loads to be opened anew
        'the sweep dashboard to get the sweep',
      );
      assert.equal(panel.posted!.trials.length, 12);
      assert.equal(panel.posted!.best, 4);
      // A row's Open: the trial's own run dashboard.
      await panel.act({ type: 'openTrial', payload: { index: 4 } });
      const trialRun = panel.posted!.trials[4]!.runDir!;
      const dashboard = await until(() => workbench.dashboards.all().find((d) => d.runDir === trialRun), 20_000, "trial 4's dashboard");
      dashboard.dispose();
      // Compare Best Samples: the best trials' runs side by side in GAN: Compare Runs.
      await panel.act({ type: 'compareTrials', payload: { indices: [4, 3, 10, 5] } });
      const compareTab = await until(
        () =>
          vscode.window.tabGroups.all
            .flatMap((g) => g.tabs)
            .find((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('ganWorkbench.compareRuns')),
        20_000,
        'the Compare Runs panel',
      );
      assert.equal(compareTab.label, 'GAN Compare 4 Runs');
      await vscode.window.tabGroups.close(compareTab);
      panel.dispose();
    } finally {
      tree.dispose();
    }
  });

  it('GAN: Start Sweep runs tiny.sweep.json through gan-sweep; the tree follows it to the end; no process is left', async () => {
    const { workbench } = await api();
    await vscode.window.showTextDocument(workspaceFile('tiny.sweep.json'));
    const lenses = await until(
      async () => {
        const found = await vscode.commands.executeCommand<vscode.CodeLens[]>(
          'vscode.executeCodeLensProvider',
          workspaceFile('tiny.sweep.json'),
        );
        return found && found.length > 0 ? found : undefined;
      },
      10_000,
      'the CodeLenses of tiny.sweep.json',
    );
    const startLens = lenses.find((l) => l.command?.title === '▶ Start Sweep');
    assert.equal(startLens?.command?.command, 'ganWorkbench.startSweep');
    assert.equal((startLens?.command?.arguments?.[0] as vscode.Uri).fsPath, workspaceFile('tiny.sweep.json').fsPath);
    const started = await vscode.commands.executeCommand<{ dir: string } | undefined>(
      'ganWorkbench.startSweep',
      workspaceFile('tiny.sweep.json'),
    );
    assert.ok(started, 'Start Sweep returned the sweep folder');
    const engine = workbench.sweeps.engine;
    const tree = new RunsTreeProvider(workbench.catalog, workbench.sweeps.catalog);
    try {
      const done = await until(
        () => {
          const sweep = workbench.sweeps.catalog.sweep(started.dir);
          return sweep && sweep.trials.every((t) => t.state === 'done') ? sweep : undefined;
        },
        150_000,
        'both trials done',
      );
      const best = [...done.trials].sort((a, b) => a.metrics.js! - b.metrics.js!)[0]!;
      assert.equal(done.best, best.index);
      const node = tree.getChildren().find((n): n is SweepNode => n.kind === 'sweep' && n.sweep.dir === started.dir)!;
      assert.match(
        String(tree.getTreeItem(node).description),
        new RegExp(`^0 pending · 0 running · 2 done · 0 failed · best #${best.index} js `),
      );
      // Start Sweep opened the sweep's dashboard, which followed the trials to the end.
      const panel = await sweepDashboardDone(workbench, started.dir);
      assert.equal(panel.posted!.best, best.index);
      panel.dispose();
      await until(() => !engine.runs(started.dir), 20_000, 'gan-sweep to exit');
      for (const t of done.trials)
        assert.equal(processAlive(startedPid(started.dir, t.index)), false, `trial ${t.index}'s trainer has ended`);
    } finally {
      tree.dispose();
    }
  });

  it('Cancel Trial and Cancel Sweep end the trials of a running sweep as cancelled', async () => {
    const { workbench } = await api();
    const file = workspaceFile('long.sweep.json');
    const started = await vscode.commands.executeCommand<{ dir: string } | undefined>('ganWorkbench.startSweep', file);
    assert.ok(started);
    const sweep = (): SweepView | undefined => workbench.sweeps.catalog.sweep(started.dir);
    await until(() => sweep()?.trials.some((t) => t.state === 'running'), 60_000, 'a trial running');
    const pending = sweep()!.trials.find((t) => t.state === 'pending')!;
    await vscode.commands.executeCommand('ganWorkbench.cancelSweepTrial', { kind: 'trial', sweep: sweep(), trial: pending });
    await until(() => sweep()?.trials[pending.index]?.state === 'cancelled', 20_000, `trial ${pending.index} cancelled`);
    assert.ok(await vscode.commands.executeCommand('ganWorkbench.cancelSweep', { kind: 'sweep', sweep: sweep() }, { confirm: false }));
    const ended = await until(() => (sweep()?.active === false ? sweep() : undefined), 60_000, 'the sweep to end');
    assert.ok(
      ended.trials.every((t) => t.state === 'cancelled' || t.state === 'failed'),
      JSON.stringify(ended.trials.map((t) => t.state)),
    );
    await until(() => !workbench.sweeps.engine.runs(started.dir), 20_000, 'gan-sweep to exit');
    for (const t of ended.trials)
      assert.equal(processAlive(startedPid(started.dir, t.index)), false, `trial ${t.index}'s trainer has ended`);
  });
});
