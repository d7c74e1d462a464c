/**
 * Compare Runs from the Runs tree (issue 24): two runs selected in the tree and the context menu's
 * command (VS Code passes the clicked node and the selection) open one comparison panel whose page
 * loads both runs and asks for both runs' samples at the same step of its shared timeline. One run
 * selected opens nothing. A comparison with a run that still trains follows it.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { CatalogRun } from '../../src/extension/trainingRuns/catalogRun';
import type { LiveRun } from '../../src/extension/trainingRuns/liveRun';
import { RunsTreeProvider } from '../../src/extension/views/runsTree';
import { PAGE_LOAD_TIMEOUT_MS } from '../../src/extension/webviews/pageLoadGuard';
import { api, until, workspaceFile } from './helpers';

async function trainRing(): Promise<string> {
  const run = await vscode.commands.executeCommand<LiveRun | undefined>('ganWorkbench.startTraining', workspaceFile('ring.gan.json'));
  assert.ok(run, 'Start Training returned no run');
  await until(() => run.ended, 90_000, 'the ring run to end');
  assert.equal(run.phase, 'completed', run.error);
  assert.ok(run.runDir);
  return run.runDir;
}

describe('Compare Runs from the Runs tree', function () {
  this.timeout(180_000);

  it('two runs selected in the tree open one comparison whose page shows both at the same step', async () => {
    const { workbench } = await api();
    const dirs = [await trainRing(), await trainRing()];
    await workbench.catalog.refresh();
    const tree = new RunsTreeProvider(workbench.catalog);
    const nodes = await until(
      () => {
        const shown = tree.getChildren().flatMap((experiment) => tree.getChildren(experiment));
        const runs = dirs.map((d) => shown.find((n): n is CatalogRun => n.kind === 'run' && n.dir === d && n.status === 'completed'));
        return runs.every((n) => n !== undefined) ? (runs as CatalogRun[]) : undefined;
      },
      20_000,
      'both runs completed in the Runs tree',
    );
    tree.dispose();
    const before = workbench.comparisons().length;

    // One selected run: a message, no panel.
    assert.equal(await vscode.commands.executeCommand('ganWorkbench.compareRuns', nodes[0], [nodes[0]]), undefined);
    assert.equal(workbench.comparisons().length, before);

    // The context menu on the second of two selected runs.
    const compared = await vscode.commands.executeCommand<string[]>('ganWorkbench.compareRuns', nodes[1], nodes);
    assert.deepEqual(compared, dirs);
    const panel = await until(
      () => workbench.comparisons().find((p) => p.runDirs.join('\n') === dirs.join('\n') && p.posted),
      PAGE_LOAD_TIMEOUT_MS + 30_000, // time for a page that never loads to be opened anew
      'the comparison page to load both runs',
    );
    try {
      assert.equal(panel.panel.title, 'GAN Compare 2 Runs');
      assert.deepEqual(
        panel.posted!.map((r) => r.runDir),
        dirs,
      );
      for (const run of panel.posted!) {
        assert.equal(run.error, null);
        assert.ok(run.metrics.length > 0 && run.sampleSteps.includes(200), `${run.runDir}: the page got its metrics and sample steps`);
      }
      // The shared timeline starts at the latest step both runs recorded samples at: the page asks for both there.
      const step = await until(
        () =>
          [...panel.served].map((s) => Number(s.split('@')[1])).find((st) => panel.served.has(`0@${st}`) && panel.served.has(`1@${st}`)),
        30_000,
        "the page to ask for both runs' samples at one step",
      );
      assert.equal(step, 200, 'the timeline starts at the last recorded step');
      // Run again on the same selection: the open comparison is revealed, not a second one.
      await vscode.commands.executeCommand('ganWorkbench.compareRuns', nodes[0], nodes);
      assert.equal(workbench.comparisons().filter((p) => p.runDirs.join('\n') === dirs.join('\n')).length, 1);
    } finally {
      panel.dispose();
    }
  });

  it('follows a compared run that is still training: the page gets its newer records', async () => {
    const { workbench } = await api();
    const finished = await trainRing();
    const live = await vscode.commands.executeCommand<LiveRun | undefined>('ganWorkbench.startTraining', workspaceFile('long.gan.json'));
    assert.ok(live, 'Start Training returned no run');
    try {
      const liveDir = await until(() => live.lastMetrics && live.runDir, 60_000, 'the long run to record metrics');
      const dirs = [finished, liveDir];
      await vscode.commands.executeCommand('ganWorkbench.compareRuns', dirs);
      const panel = await until(
        () => workbench.comparisons().find((p) => p.runDirs.join('\n') === dirs.join('\n') && p.posted),
        PAGE_LOAD_TIMEOUT_MS + 30_000,
        'the comparison page to load both runs',
      );
      try {
        const lastStep = () => panel.posted![1]!.metrics.at(-1)?.step ?? 0;
        const first = lastStep();
        const finishedRecords = panel.posted![0]!.metrics.length;
        await until(() => lastStep() > first, 20_000, `a newer metrics record of the live run than step ${first}`);
        assert.equal(panel.posted![0]!.metrics.length, finishedRecords, 'the finished run is unchanged');
      } finally {
        panel.dispose();
      }
    } finally {
      await vscode.commands.executeCommand('ganWorkbench.stopTraining', live);
      await until(() => live.ended, 30_000, 'the long run to stop');
    }
  });
});
