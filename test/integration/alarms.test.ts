/**
 * An alarm in the editor (issue 24), in a real extension host: a run started with GAN: Start
 * Training from alarm-pause.gan.json (made to collapse, `alarms.modeCollapse.action` "pause")
 * raises the mode-collapse alarm; the user is told with a warning notification naming the
 * experiment, the alarm, its step and the advice; the run holds (paused) at that step with a
 * checkpoint there, and Resume Training takes it on to its end.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { LiveRun } from '../../src/extension/trainingRuns/liveRun';
import type { RunEvent } from '../../src/shared/runFormat';
import { api, until, workspaceFile } from './helpers';

const events = (dir: string) =>
  readFileSync(join(dir, 'events.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as RunEvent);

describe('alarms in the editor', function () {
  this.timeout(120_000);

  it('a pausing alarm: a warning notification, the run paused at its step with a checkpoint, Resume Training goes on to the end', async () => {
    const { workbench } = await api();
    const run = await vscode.commands.executeCommand<LiveRun | undefined>(
      'ganWorkbench.startTraining',
      workspaceFile('alarm-pause.gan.json'),
    );
    assert.ok(run, 'Start Training returned no run');
    const notice = await until(
      () => workbench.notices.shown.find((n) => n.message.startsWith('GAN alarm-pause: mode collapse at step ')),
      90_000,
      'the alarm notification',
    );
    assert.equal(notice.severity, 'warning');
    assert.match(
      notice.message,
      /precision \d+% but recall \d+% .* — try: lower G's learning rate .*\(checkpoint written; the run pauses\)$/,
    );
    await until(() => run.phase === 'paused', 30_000, 'the run to pause');
    const dir = run.runDir!;
    const alarm = events(dir).find((e) => e.kind === 'alarm');
    assert.ok(alarm);
    assert.ok(
      events(dir).some((e) => e.kind === 'checkpoint' && e.step === alarm.step),
      'a checkpoint at the alarm step',
    );
    assert.ok(!run.ended);
    await vscode.commands.executeCommand('ganWorkbench.resumeTraining', run);
    await until(() => run.ended, 90_000, 'the run to end');
    assert.equal(run.phase, 'completed', run.error);
    assert.equal(run.meta?.lastStep, 500);
  });
});
