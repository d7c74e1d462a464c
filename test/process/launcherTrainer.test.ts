/**
 * The trainer started through the launcher, as the RunManager starts it: the built dist/trainer.js
 * with its IPC channel (spawned with an `ipc` stdio slot, no longer forked), reporting `started` and
 * `finished`; and a launcher disposed mid-run (the window closes) stops it the trainer's way:
 * SIGTERM, on which it checkpoints and marks the run stopped. Needs `npm run build`.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isTrainerToHost, type TrainerToHost } from '../../src/shared/protocol';
import type { RunMeta } from '../../src/shared/runFormat';
import { ringExperiment, tempDir, writeExperimentFile } from '../helpers/experiments';
import { testLauncher } from '../helpers/launcher';

describe('the trainer through the launcher', function () {
  this.timeout(120_000);

  function start(steps: number, onMessage: (m: TrainerToHost) => void) {
    const launcher = testLauncher();
    const file = writeExperimentFile(ringExperiment({ schedule: { steps, batchSize: 32 } }));
    const launched = launcher.launch({ tool: 'trainer', args: [file, '--out', tempDir()], cwd: tempDir() });
    launched.child.stdout?.resume();
    launched.child.stderr?.resume();
    launched.child.on('message', (m: unknown) => {
      if (isTrainerToHost(m)) onMessage(m);
    });
    return { launcher, launched };
  }

  it('talks over its IPC channel: started, then finished with the run completed', async () => {
    const types: string[] = [];
    let meta: RunMeta | undefined;
    const { launched, launcher } = start(20, (m) => {
      types.push(m.type);
      if (m.type === 'finished') meta = m.payload.meta;
    });
    assert.deepEqual(await launched.exited, { code: 0, signal: null });
    assert.equal(types[0], 'started');
    assert.ok(types.includes('metrics'));
    assert.equal(types[types.length - 1], 'finished');
    assert.equal(meta?.status, 'completed');
    assert.equal(launcher.live.length, 0);
  });

  it('dispose mid-run: the trainer checkpoints, marks the run stopped and exits', async () => {
    let runDir = '';
    let disposed = false;
    const { launched, launcher } = start(100_000, (m) => {
      if (m.type === 'started') runDir = m.payload.runDir;
      if (m.type === 'metrics' && !disposed) {
        disposed = true;
        launcher.dispose();
      }
    });
    const exit = await launched.exited;
    assert.equal(exit.code, 0, 'a stopped run exits 0');
    const meta = JSON.parse(readFileSync(join(runDir, 'run.json'), 'utf8')) as RunMeta;
    assert.equal(meta.status, 'stopped');
    assert.ok(meta.lastStep > 0 && meta.lastStep < 100_000);
  });
});
