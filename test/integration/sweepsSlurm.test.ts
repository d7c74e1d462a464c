/**
 * GAN: Start Sweep with the Slurm executor, in the real extension host (issue 23), on a real
 * single-node Slurm cluster brought up by the test (test/helpers/slurmCluster.ts; its SLURM_CONF
 * is set in the extension host's environment, which every process the launcher starts inherits)
 * and torn down in the after hook. The editor starts `gan-sweep --detach`, which submits the job
 * array and exits; the sweep then lives on the cluster, and the Runs tree and the sweep dashboard
 * follow it from the folder the tasks write on the "shared" storage, to the end.
 */
import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { SweepNode } from '../../src/extension/sweeps/sweepNode';
import { RunsTreeProvider } from '../../src/extension/views/runsTree';
import { startSlurmCluster, type SlurmCluster } from '../helpers/slurmCluster';
import { api, sweepDashboardDone, until, workspaceFile } from './helpers';

describe('sweeps on Slurm: Start Sweep submits, the tree and the dashboard follow the folder', function () {
  this.timeout(240_000);
  let cluster: SlurmCluster | undefined;
  let previous: string | undefined;

  before(async function () {
    this.timeout(90_000);
    cluster = await startSlurmCluster();
    previous = process.env.SLURM_CONF;
    process.env.SLURM_CONF = cluster.env.SLURM_CONF;
  });

  after(async function () {
    this.timeout(90_000);
    if (previous === undefined) delete process.env.SLURM_CONF;
    else process.env.SLURM_CONF = previous;
    await cluster?.stop();
  });

  it('runs a two-trial sweep as a job array; gan-sweep exits after submitting; the views reach 2 done', async () => {
    const { workbench } = await api();
    const file = join(cluster!.dir, 'slurm-seeds.sweep.json');
    writeFileSync(
      file,
      JSON.stringify({
        name: 'slurm-seeds',
        experiment: workspaceFile('ring.gan.json').fsPath,
        search: { kind: 'grid' },
        parameters: [
          { kind: 'values', path: 'seed', values: [1, 2] },
          { kind: 'values', path: 'schedule.steps', values: [60] },
        ],
        objective: { metric: 'js', goal: 'minimize' },
        executor: { kind: 'slurm', cpusPerTask: 1, mem: '400M', time: '10', output: cluster!.shared },
      }),
    );
    const started = await vscode.commands.executeCommand<{ dir: string } | undefined>('ganWorkbench.startSweep', vscode.Uri.file(file));
    assert.ok(started, 'Start Sweep returned the sweep folder');
    assert.ok(started.dir.startsWith(cluster!.shared), started.dir);
    assert.equal(workbench.sweeps.engine.runs(started.dir), false, 'gan-sweep --detach has exited: the cluster runs the trials');
    const tree = new RunsTreeProvider(workbench.catalog, workbench.sweeps.catalog);
    try {
      const done = await until(
        () => {
          const sweep = workbench.sweeps.catalog.sweep(started.dir);
          return sweep && sweep.trials.every((t) => t.state === 'done') ? sweep : undefined;
        },
        180_000,
        `both array tasks done (states: ${JSON.stringify(workbench.sweeps.catalog.sweep(started.dir)?.trials.map((t) => t.state))})`,
      );
      assert.equal(done.executor, 'slurm');
      for (const t of done.trials) assert.ok(t.runDir?.startsWith(cluster!.shared), `trial ${t.index}'s run is on the shared folder`);
      const node = tree.getChildren().find((n): n is SweepNode => n.kind === 'sweep' && n.sweep.dir === started.dir);
      assert.ok(node, 'the sweep is in the Runs tree');
      assert.match(String(tree.getTreeItem(node).description), /^0 pending · 0 running · 2 done · 0 failed · best #[01] js /);
      const panel = await sweepDashboardDone(workbench, started.dir);
      panel.dispose();
    } finally {
      tree.dispose();
    }
  });
});
