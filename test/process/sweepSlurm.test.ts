/**
 * gan-sweep with the Slurm executor (issue 23), on a real single-node Slurm cluster brought up by
 * the test (test/helpers/slurmCluster.ts) and torn down in the after hook, also when tests fail.
 * If the cluster cannot be brought up the before hook fails, and so do these tests: they never skip.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readSweep, type SlurmSubmission, type TrialStarted } from '../../src/shared/sweep/sweepFolder';
import { startSlurmCluster, type SlurmCluster } from '../helpers/slurmCluster';
import { alive, runSweep, sweepWorkspace, trainerPids, waitFor, waitForTrial, writeSweep } from '../helpers/sweeps';

describe('gan-sweep, Slurm executor (a real single-node cluster)', function () {
  this.timeout(240_000);
  let cluster: SlurmCluster;

  before(async function () {
    this.timeout(60_000);
    cluster = await startSlurmCluster();
  });

  after(async function () {
    this.timeout(60_000);
    await cluster?.stop();
  });

  const slurmSweep = (ws: string, parameters: unknown[], executor: Record<string, unknown> = {}, search: unknown = { kind: 'grid' }) =>
    writeSweep(ws, { search, parameters, executor: { kind: 'slurm', cpusPerTask: 1, mem: '400M', time: '10', ...executor } });

  /** Array tasks of `jobId` squeue still lists. */
  const queued = (jobId: string) =>
    cluster
      .command('squeue', ['-h', '-r', '-j', jobId, '-o', '%i'])
      .stdout.split('\n')
      .filter((l) => l.trim() !== '');

  it('runs a grid as one job array: every trial completes with its run directory on the shared folder; --status reads the folder', async () => {
    const ws = sweepWorkspace(40);
    const file = slurmSweep(
      ws,
      [
        { kind: 'values', path: 'optimizer.generator.lr', values: [0.0002, 0.001] },
        { kind: 'values', path: 'seed', values: [1, 2] },
      ],
      { maxParallel: 2 },
    );
    const { code, stdout, stderr } = await runSweep([file, '--out', cluster.shared], cluster.env).done;
    assert.equal(code, 0, `${stdout}\n${stderr}`);
    assert.match(stdout, /^submitted job array \d+ \(sbatch --parsable --array=0-3%2 /m);
    const dir = /^sweep folder: (.+)$/m.exec(stdout)![1]!;
    assert.ok(dir.startsWith(cluster.shared), dir);
    assert.match(stdout, /^test: 4 trials \(4 done\)$/m);
    const slurm = JSON.parse(readFileSync(join(dir, 'slurm.json'), 'utf8')) as SlurmSubmission;
    const status = readSweep(dir);
    for (const t of status.trials) {
      assert.equal(t.state, 'done', `${t.trial.id}: ${t.error}`);
      assert.equal(t.meta?.status, 'completed');
      assert.ok(t.runPath!.startsWith(join(dir, 'runs', t.trial.id)));
      const started = t.started as TrialStarted;
      // Each trial ran as its own array task.
      assert.equal(started.slurmJob, `${slurm.jobId}_${t.trial.index}`);
      assert.match(readFileSync(t.log, 'utf8'), /completed: 40\/40 steps/);
    }
    // Nothing of the job is left in the queue; the folder alone says how it went.
    assert.deepEqual(queued(slurm.jobId), []);
    const shown = await runSweep(['--status', dir]).done;
    assert.equal(shown.code, 0, shown.stderr);
    assert.match(shown.stdout, /^rank\s+trial\s+optimizer\.generator\.lr\s+seed\s+state\s+step\s+js ↓$/m);
    assert.equal(shown.stdout.split('\n').filter((l) => /^\s+\d\s+trial-00\d\s.*\sdone\s+40\/40\s/.test(l)).length, 4, shown.stdout);
    assert.match(shown.stdout, /^best: trial-00\d /m);
  });

  it('a failing trial: its error is shown, the other tasks finish, exit status 1', async () => {
    const ws = sweepWorkspace(30);
    const file = slurmSweep(
      ws,
      [
        {
          kind: 'values',
          path: 'data',
          values: [
            { kind: 'csv', path: 'points.csv' },
            { kind: 'csv', path: 'gone.csv' },
            { kind: 'csv', path: 'points.csv' },
          ],
        },
        { kind: 'values', path: 'seed', values: [1, 2, 3] },
      ],
      {},
      { kind: 'list' },
    );
    const { code, stdout, stderr } = await runSweep([file, '--out', cluster.shared], cluster.env).done;
    assert.equal(code, 1, `${stdout}\n${stderr}`);
    assert.match(stdout, /^\[.*\] trial-001 failed \(gan-train: .*gone\.csv/m);
    assert.match(stdout, /^test: 3 trials \(2 done, 1 failed\)$/m);
    assert.match(stdout, /^trial-001 failed: gan-train: .*data\.path: file not found: .*gone\.csv/m);
  });

  it('cancels one trial (scancel JOB_N), then the whole sweep (scancel JOB); --detach submits and returns', async () => {
    const ws = sweepWorkspace(1_000_000);
    const file = slurmSweep(ws, [{ kind: 'values', path: 'seed', values: [1, 2, 3] }], { maxParallel: 1 });
    const submitted = await runSweep([file, '--out', cluster.shared, '--detach'], cluster.env).done;
    assert.equal(submitted.code, 0, submitted.stderr);
    const dir = /^sweep folder: (.+)$/m.exec(submitted.stdout)![1]!;
    const { jobId } = JSON.parse(readFileSync(join(dir, 'slurm.json'), 'utf8')) as SlurmSubmission;
    await waitForTrial(dir, 0, 'running');

    const one = await runSweep(['--cancel', dir, '--trial', '0'], cluster.env).done;
    assert.equal(one.code, 0, one.stderr);
    assert.match(one.stdout, /^cancelled trial-000 \(was running\)$/m);
    // Task 1 starts once task 0 has left the array's one slot.
    const status = await waitForTrial(dir, 1, 'running');
    assert.equal(status.trials[0]!.state, 'cancelled');
    assert.ok(!queued(jobId).includes(`${jobId}_0`));

    const all = await runSweep(['--cancel', dir], cluster.env).done;
    assert.equal(all.code, 0, all.stderr);
    assert.match(all.stdout, /^cancelled trial-001 \(was running\)$/m);
    assert.match(all.stdout, /^cancelled trial-002 \(was pending\)$/m);
    await waitFor(() => queued(jobId).length === 0, 30_000, `job ${jobId} to leave the queue`);
    const final = readSweep(dir);
    assert.deepEqual(
      final.trials.map((t) => t.state),
      ['cancelled', 'cancelled', 'cancelled'],
    );
    assert.equal(final.trials[2]!.started, undefined, 'trial 2 never started');
    const pids = trainerPids(dir, ['trial-000', 'trial-001']);
    await waitFor(() => pids.every((p) => !alive(p)), 15_000, 'the trainers to exit');
    const table = await runSweep(['--status', dir]).done;
    assert.match(table.stdout, /^test: 3 trials \(3 cancelled\)$/m);
  });

  it('a requeued task resumes its run from the checkpoint', async () => {
    const ws = sweepWorkspace(1_000_000);
    const file = slurmSweep(ws, [{ kind: 'values', path: 'seed', values: [1] }]);
    const submitted = await runSweep([file, '--out', cluster.shared, '--detach'], cluster.env).done;
    assert.equal(submitted.code, 0, submitted.stderr);
    const dir = /^sweep folder: (.+)$/m.exec(submitted.stdout)![1]!;
    const { jobId } = JSON.parse(readFileSync(join(dir, 'slurm.json'), 'utf8')) as SlurmSubmission;
    const running = await waitForTrial(dir, 0, 'running');
    const runPath = running.trials[0]!.runPath!;
    await waitFor(
      () => existsSync(join(runPath, 'checkpoints')) && readdirSync(join(runPath, 'checkpoints')).some((n) => /^step-\d+$/.test(n)),
      60_000,
      'a checkpoint',
    );
    const requeue = cluster.command('scontrol', ['requeue', `${jobId}_0`]);
    assert.equal(requeue.status, 0, requeue.stderr);
    const log = running.trials[0]!.log;
    await waitFor(() => /attempt 2 .*: resuming /.test(readFileSync(log, 'utf8')), 60_000, 'the requeued task to start again');
    const again = await waitForTrial(dir, 0, 'running');
    // The same run directory, continued (not a new run).
    assert.equal(again.trials[0]!.runPath, runPath);
    assert.equal(again.trials[0]!.started?.attempt, 2);
    await runSweep(['--cancel', dir], cluster.env).done;
    await waitFor(() => queued(jobId).length === 0, 30_000, `job ${jobId} to leave the queue`);
  });
});
