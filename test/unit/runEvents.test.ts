/**
 * The events of pauses, resumes and MCMC sampling (built once for the trainer, gan-sample and the
 * host), the guard on the one event a host may hand a trainer, gan-sample's --no-event, and the
 * dashboard's Save to experiment file action in the webview contract.
 */
import assert from 'node:assert/strict';
import { samplingArgs } from '../../src/extension/trainingRuns/samplingProcess';
import { samplerRecordsEvent } from '../../src/extension/trainingRuns/samplingEvent';
import { isHostToTrainer, isWebviewToHost } from '../../src/shared/protocol';
import { isSamplingEvent, pausedEvent, resumedEvent, samplingEvent } from '../../src/shared/runEvents';
import { parseSampleArgs } from '../../src/training/cli/sampleArgs';

const result = {
  id: 'step-5000-mala-20260101-120000',
  settings: { method: 'mala' as const, steps: 100, chains: 64 },
  acceptanceRate: 0.7584,
  checkpointStep: 5000,
  durationSeconds: 1.2,
};

describe('run events of pauses, resumes and sampling', () => {
  it('pause and resume: the resume says how long the trainer was held', () => {
    assert.deepEqual(pausedEvent(1234), { kind: 'paused', message: 'paused', data: { since: 1234 } });
    assert.deepEqual(resumedEvent(12_345), { kind: 'resumed', message: 'resumed after 12.3 s paused', data: { pausedSeconds: 12.3 } });
  });

  it('sampling: chains, steps, method, acceptance and the result folder, in the message and the data', () => {
    const event = samplingEvent(result);
    assert.equal(
      event.message,
      'MCMC sampling: 64 chains × 100 MALA steps from the checkpoint at step 5000, acceptance 75.8% → sampling/step-5000-mala-20260101-120000',
    );
    assert.deepEqual(event.data, {
      id: result.id,
      folder: `sampling/${result.id}`,
      method: 'mala',
      chains: 64,
      steps: 100,
      acceptanceRate: 0.7584,
      checkpointStep: 5000,
      durationSeconds: 1.2,
    });
    assert.ok(isSamplingEvent(event));
  });

  it('a trainer takes only a well-formed sampling event from the host', () => {
    const event = samplingEvent(result);
    assert.ok(isHostToTrainer({ type: 'recordEvent', payload: event }));
    const refused = [
      { ...event, kind: 'status' },
      { ...event, data: { ...event.data, folder: '../../elsewhere' } },
      { ...event, data: { ...event.data, id: '../x' } },
      { ...event, data: { ...event.data, acceptanceRate: 2 } },
      { ...event, message: 'x'.repeat(1001) },
      { kind: 'sampling', message: 'no data' },
    ];
    for (const payload of refused)
      assert.equal(isHostToTrainer({ type: 'recordEvent', payload }), false, JSON.stringify(payload).slice(0, 80));
  });

  it('gan-sample records its result unless --no-event; the host passes it for a run its trainer writes', () => {
    const args = parseSampleArgs(['run', '--no-event']);
    assert.ok(args !== 'help');
    assert.equal(args.recordEvent, false);
    const plain = parseSampleArgs(['run']);
    assert.ok(plain !== 'help' && plain.recordEvent === undefined);
    assert.throws(() => parseSampleArgs(['run', '--no-event=1']), /--no-event takes no value/);
    const settings = { method: 'mala', steps: 5, stepSize: 0.01, temperature: 1, start: 'fresh', prior: true } as const;
    assert.ok(samplingArgs({ runDir: 'r', settings, recordEvent: false }).includes('--no-event'));
    assert.ok(!samplingArgs({ runDir: 'r', settings }).includes('--no-event'));
    const run = (live: boolean, exit?: unknown) =>
      ({ live, exit, meta: undefined, send: () => true, onDidChange: () => ({ dispose() {} }), noteEvent() {} }) as const;
    assert.equal(samplerRecordsEvent(undefined), true, 'a run not trained here');
    assert.equal(samplerRecordsEvent(run(true)), false, 'a live trainer of this window writes it');
    assert.equal(samplerRecordsEvent(run(false)), true, 'an ended run');
    assert.equal(samplerRecordsEvent(run(true, { code: 0 })), true, 'a trainer that has exited');
  });

  it('the dashboard may ask to save the run’s values to the experiment file', () => {
    assert.ok(isWebviewToHost({ type: 'runAction', payload: { action: 'saveToExperimentFile' } }));
    assert.equal(isWebviewToHost({ type: 'runAction', payload: { action: 'saveToExperimentFile', file: '/etc/passwd' } }), false);
  });
});
