/**
 * gan-sweep with the local executor (issue 23): trials as gan-train processes on this machine, at
 * most maxParallel at a time, each in its own run directory; a failing trial; cancel of one trial
 * and of the whole sweep from another process; --status on the folder.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunMeta } from '../../src/shared/runFormat';
import { readSweep, trialStateFile, type TrialExit, type TrialStarted } from '../../src/shared/sweep/sweepFolder';
import { alive, runSweep, sweepWorkspace, trainerPids, waitFor, waitForTrial, writeSweep } from '../helpers/sweeps';

describe('gan-sweep, local executor', function () {
  this.timeout(180_000);

  it('runs a grid of four tiny trials, at most two at a time, each in its run directory, and ends with the ranked table', async () => {
    const ws = sweepWorkspace(40);
    const file = writeSweep(ws, {
      search: { kind: 'grid' },
      parameters: [
        { kind: 'values', path: 'optimizer.generator.lr', values: [0.0002, 0.001] },
        { kind: 'values', path: 'seed', values: [1, 2] },
      ],
      executor: { kind: 'local', maxParallel: 2 },
    });
    const run = runSweep([file, '--out', join(ws, 'out')]);
    const { code, stdout, stderr } = await run.done;
    assert.equal(code, 0, `${stdout}\n${stderr}`);
    const dir = /^sweep folder: (.+)$/m.exec(stdout)![1]!;
    assert.ok(dir.startsWith(join(ws, 'out', 'test')), dir);
    assert.match(stdout, /^sweep test: 4 trials on local, at most 2 at a time$/m);
    assert.match(stdout, /^\[\d done, \d running, \d pending\] trial-003 done at step 40: js [\d.]+$/m);
    // The table: a header with the parameters and the objective, one row per trial, ranked.
    assert.match(stdout, /^rank\s+trial\s+optimizer\.generator\.lr\s+seed\s+state\s+step\s+js ↓$/m);
    const rows = stdout.split('\n').filter((l) => /^ +\d {2}trial-00\d /.test(l));
    assert.equal(rows.length, 4, stdout);
    assert.deepEqual(
      rows.map((r) => Number(r.trim().split(/\s+/)[0])),
      [1, 2, 3, 4],
    );
    assert.match(stdout, /^test: 4 trials \(4 done\)$/m);
    assert.match(
      stdout,
      /^best: trial-00\d \(optimizer\.generator\.lr = [\d.]+, seed = \d\): js [\d.]+, run .*runs\/trial-00\d\/tiny-trial-00\d\//m,
    );

    const status = readSweep(dir);
    const js = status.trials.map((t) => t.objective!);
    assert.ok(rows[0]!.includes(status.trials[js.indexOf(Math.min(...js))]!.trial.id), 'the lowest js ranks first');
    for (const t of status.trials) {
      assert.equal(t.state, 'done');
      assert.ok(t.runPath!.startsWith(join(dir, 'runs', t.trial.id, `tiny-${t.trial.id}`)), t.runPath);
      const meta = JSON.parse(readFileSync(join(t.runPath!, 'run.json'), 'utf8')) as RunMeta;
      assert.equal(meta.status, 'completed');
      assert.equal(meta.experimentFile, join(dir, 'trials', `${t.trial.id}.gan.json`));
      const experiment = JSON.parse(readFileSync(join(t.runPath!, 'experiment.json'), 'utf8')) as {
        seed: number;
        optimizer: { generator: { lr: number } };
      };
      assert.deepEqual(
        [experiment.optimizer.generator.lr, experiment.seed],
        [t.trial.params['optimizer.generator.lr'], t.trial.params.seed],
      );
    }
    // At most two trainers at once, from the start and exit records.
    const spans = status.trials.map((t) => {
      const started = JSON.parse(readFileSync(trialStateFile(dir, t.trial.id, 'started'), 'utf8')) as TrialStarted;
      const exit = JSON.parse(readFileSync(trialStateFile(dir, t.trial.id, 'exit'), 'utf8')) as TrialExit;
      assert.equal(exit.code, 0);
      return [Date.parse(started.at), Date.parse(exit.at)] as const;
    });
    for (const [s] of spans) assert.ok(spans.filter(([a, b]) => a <= s && s < b).length <= 2, 'no more than two trainers at once');

    // --status prints the same table from the folder alone.
    const shown = await runSweep(['--status', dir]).done;
    assert.equal(shown.code, 0, shown.stderr);
    for (const row of rows) assert.ok(shown.stdout.includes(row), `${row}\n${shown.stdout}`);
  });

  it('a failing trial shows its error in the table; the others finish; exit status 1', async () => {
    const ws = sweepWorkspace(30);
    const base = JSON.parse(readFileSync(join(ws, 'base.gan.json'), 'utf8')) as Record<string, unknown>;
    const file = writeSweep(ws, {
      search: { kind: 'list' },
      parameters: [
        { kind: 'values', path: 'data', values: [{ kind: 'csv', path: 'points.csv' }, { kind: 'csv', path: 'gone.csv' }, base.data] },
        { kind: 'values', path: 'seed', values: [1, 2, 3] },
      ],
      executor: { kind: 'local', maxParallel: 2 },
    });
    const { code, stdout, stderr } = await runSweep([file, '--out', join(ws, 'out')]).done;
    assert.equal(code, 1, `${stdout}\n${stderr}`);
    assert.match(stdout, /^test: 3 trials \(2 done, 1 failed\)$/m);
    assert.match(stdout, /^\s+–\s+trial-001\s+.*failed\s+/m);
    // The trainer's own error, with the data file it could not read and the log to look in.
    assert.match(stdout, /^trial-001 failed: .*gone\.csv.*$/m);
    assert.match(stdout, /\(log: .*logs\/trial-001\.log\)/);
    const dir = /^sweep folder: (.+)$/m.exec(stdout)![1]!;
    const status = readSweep(dir);
    assert.deepEqual(
      status.trials.map((t) => t.state),
      ['done', 'failed', 'done'],
    );
  });

  it('cancels one trial, then the whole sweep, from another process; no trainer outlives it', async () => {
    const ws = sweepWorkspace(1_000_000);
    const file = writeSweep(ws, {
      search: { kind: 'grid' },
      parameters: [{ kind: 'values', path: 'seed', values: [1, 2, 3] }],
      executor: { kind: 'local', maxParallel: 1 },
    });
    const run = runSweep([file, '--out', join(ws, 'out')]);
    try {
      const dir = await run.folder();
      await waitForTrial(dir, 0, 'running');
      const one = await runSweep(['--cancel', dir, '--trial', '0']).done;
      assert.equal(one.code, 0, one.stderr);
      assert.match(one.stdout, /^cancelled trial-000 \(was running\)$/m);
      // The queue moves on: trial 1 starts once trial 0 has stopped.
      const status = await waitForTrial(dir, 1, 'running');
      assert.equal(status.trials[0]!.state, 'cancelled');
      assert.equal(status.trials[2]!.state, 'pending');
      const all = await runSweep(['--cancel', dir]).done;
      assert.equal(all.code, 0, all.stderr);
      assert.match(all.stdout, /^cancelled trial-001 \(was running\)$/m);
      assert.match(all.stdout, /^cancelled trial-002 \(was pending\)$/m);
      const { code, stdout } = await run.done;
      assert.equal(code, 130, stdout);
      assert.match(stdout, /^test: 3 trials \(3 cancelled\)$/m);
      const final = readSweep(dir);
      assert.deepEqual(
        final.trials.map((t) => t.state),
        ['cancelled', 'cancelled', 'cancelled'],
      );
      // Trial 2 never started; the stopped trainers recorded their runs as stopped, part way.
      assert.equal(final.trials[2]!.started, undefined);
      for (const t of final.trials.slice(0, 2)) {
        assert.equal(t.meta?.status, 'stopped');
        assert.ok(t.step < 1_000_000);
      }
      const pids = trainerPids(dir, ['trial-000', 'trial-001']);
      assert.equal(pids.length, 2);
      await waitFor(() => pids.every((p) => !alive(p)), 10_000, 'the trainers to exit');
    } finally {
      run.kill('SIGKILL');
    }
  });

  it('bad input: a sweep file with problems names the file, the place and the fix, and submits nothing', async () => {
    const ws = sweepWorkspace(10);
    const file = writeSweep(ws, {
      search: { kind: 'grid' },
      parameters: [{ kind: 'values', path: 'optimizer.generator.lrr', values: [0.1] }],
    });
    const { code, stdout, stderr } = await runSweep([file]).done;
    assert.equal(code, 1);
    assert.equal(stdout, '');
    assert.match(
      stderr,
      /^gan-sweep: .*test\.sweep\.json:\d+:\d+: parameters\[0\]\.path: "optimizer\.generator" of kind "adam" has no field "lrr"; did you mean "lr"\?/m,
    );
    assert.match(stderr, /^gan-sweep: .*test\.sweep\.json: a problem; nothing was submitted$/m);
    const usage = await runSweep(['--status']).done;
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /^gan-sweep: --status needs a value$/m);
    const notAFolder = await runSweep(['--status', ws]).done;
    assert.equal(notAFolder.code, 1);
    assert.match(notAFolder.stderr, /sweep\.json is missing: .* is not a sweep folder/);
  });
});
