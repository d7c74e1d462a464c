/**
 * The editor's alarm notification (issue 24, src/extension/views/alarmNotice.ts): a run's alarm
 * event (or blow-up warning) becomes one warning with the alarm's message and its actions; Open
 * Dashboard opens the run's, Resume Training resumes a run the alarm paused, Stop stops it; other
 * events and events after the run ended say nothing.
 */
import '../helpers/fakeVscode';
import assert from 'node:assert/strict';
import { alarmNotice, runAlarmNotices, OPEN_DASHBOARD, RESUME_TRAINING, STOP } from '../../src/extension/views/alarmNotice';
import type { LiveRun } from '../../src/extension/trainingRuns/liveRun';
import type { DashboardHandle } from '../../src/extension/deps';
import type { TrainerToHost } from '../../src/shared/protocol';
import { alarmEvent, blowUpEvent } from '../../src/shared/runEvents';
import type { RunEvent } from '../../src/shared/runFormat';

const alarm = (action: 'none' | 'checkpoint' | 'pause'): RunEvent => ({
  step: 300,
  time: 0,
  ...alarmEvent(300, '2 of 8 modes covered since step 200, down from 8', {
    alarm: 'modeCollapse',
    signal: 'modes',
    since: 200,
    values: { covered: 2, total: 8, peak: 8 },
    action,
    advice: ["lower G's learning rate"],
  }),
});

/** A run that fires the messages given to `send`. */
function fakeRun() {
  const listeners: ((m: TrainerToHost | undefined) => void)[] = [];
  const run = {
    experimentName: 'ring8',
    runDir: '/runs/ring8/a',
    phase: 'running',
    ended: false,
    live: true,
    onDidChange: (l: (m: TrainerToHost | undefined) => void) => {
      listeners.push(l);
      return { dispose: () => listeners.splice(listeners.indexOf(l), 1) };
    },
  };
  return { run, send: (m: TrainerToHost | undefined) => [...listeners].forEach((l) => l(m)), listeners };
}

describe('alarm notifications in the editor', () => {
  it('an alarm reads as its message with Open Dashboard; a paused one adds Resume Training and Stop; a blow-up is one too', () => {
    assert.deepEqual(alarmNotice('ring8', alarm('checkpoint')), {
      message: `GAN ring8: mode collapse at step 300: 2 of 8 modes covered since step 200, down from 8 — try: lower G's learning rate (checkpoint written at this step)`,
      actions: [OPEN_DASHBOARD],
    });
    assert.deepEqual(alarmNotice('ring8', alarm('pause'))?.actions, [OPEN_DASHBOARD, RESUME_TRAINING, STOP]);
    const blowUp = blowUpEvent(75, {
      detector: 'blowUp',
      signal: 'dLoss',
      since: 25,
      value: 1e6,
      scale: 1,
      ratio: 1e6,
      action: 'warn',
      advice: [],
    });
    assert.match(alarmNotice('ring8', blowUp)!.message, /^GAN ring8: blow-up at step 75: D loss/);
    assert.equal(alarmNotice('ring8', { kind: 'warning', message: 'loss: odd', data: { path: ['loss'] } }), undefined);
  });

  it("each choice does what it says on the run that raised it; nothing after the run's end", async () => {
    const shown: string[][] = [];
    let answer: string | undefined;
    const calls: string[] = [];
    const watch = runAlarmNotices({
      notices: { warning: (message, ...actions) => (shown.push([message, ...actions]), Promise.resolve(answer)) },
      openDashboard: (target) => {
        calls.push(`open ${target.runDir}`);
        return {} as DashboardHandle;
      },
      resume: () => calls.push('resume'),
      stop: () => calls.push('stop'),
    });
    const { run, send, listeners } = fakeRun();
    watch(run as unknown as LiveRun);
    send({ type: 'event', payload: { step: 10, time: 0, kind: 'checkpoint', message: 'checkpoint at step 10' } });
    assert.equal(shown.length, 0);
    answer = OPEN_DASHBOARD;
    send({ type: 'event', payload: alarm('checkpoint') });
    run.phase = 'paused';
    answer = RESUME_TRAINING;
    send({ type: 'event', payload: alarm('pause') });
    answer = STOP;
    send({ type: 'event', payload: alarm('pause') });
    await new Promise((r) => setImmediate(r));
    assert.equal(shown.length, 3);
    assert.deepEqual(calls, ['open /runs/ring8/a', 'resume', 'stop']);
    run.ended = true;
    send(undefined);
    assert.equal(listeners.length, 0, 'unsubscribed when the run ended');
  });
});
