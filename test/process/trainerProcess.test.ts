import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HostToTrainer, TrainerToHost } from '../../src/shared/protocol';
import { samplingEvent } from '../../src/shared/runEvents';
import type { RunEvent, RunMeta } from '../../src/shared/runFormat';
import { ringExperiment, tempDir, writeExperimentFile } from '../helpers/experiments';
import { startTrainer } from '../helpers/trainerProcess';

const readMeta = (dir: string) => JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as RunMeta;
const startedDir = (messages: TrainerToHost[]) => {
  const started = messages.find((m) => m.type === 'started');
  assert.ok(started && started.type === 'started');
  return started.payload.runDir;
};

describe('trainer child process (fork + IPC, the built bundle)', function () {
  this.timeout(60_000);

  it('streams started, metrics, histograms, samples, checkpoints and finished, and writes the same run directory', async () => {
    const out = tempDir();
    const trainer = startTrainer([writeExperimentFile(ringExperiment()), '--out', out]);
    const { code } = await trainer.exited;
    assert.equal(code, 0, trainer.stderr());
    const types = trainer.messages.map((m) => m.type);
    assert.equal(types[0], 'started');
    assert.equal(types[types.length - 1], 'finished');
    for (const type of ['metrics', 'histogram', 'samples', 'quality', 'checkpoint', 'event'] as const)
      assert.ok(types.includes(type), type);
    const dir = startedDir(trainer.messages);
    assert.ok(dir.startsWith(join(out, 'test-ring')));
    assert.equal(readMeta(dir).status, 'completed');
    const fileMetrics = readFileSync(join(dir, 'metrics.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as unknown);
    assert.deepEqual(
      fileMetrics,
      trainer.messages.filter((m) => m.type === 'metrics').map((m) => m.payload),
    );
  });

  it('stops on a stop message: checkpoint, status stopped, exit 0', async () => {
    const trainer = startTrainer([writeExperimentFile(ringExperiment({ schedule: { steps: 1_000_000, batchSize: 16 } }))]);
    await trainer.waitFor((m) => m.type === 'metrics' && m.payload.step >= 20);
    trainer.send({ type: 'stop', payload: {} });
    const finished = await trainer.waitFor((m) => m.type === 'finished');
    assert.equal(finished.type === 'finished' && finished.payload.status, 'stopped');
    assert.equal((await trainer.exited).code, 0);
    const dir = startedDir(trainer.messages);
    const meta = readMeta(dir);
    assert.equal(meta.status, 'stopped');
    assert.ok(trainer.messages.some((m) => m.type === 'checkpoint' && m.payload.step === meta.lastStep));
  });

  it('pauses, applies a hyper-parameter update, samples on demand, resumes', async () => {
    const trainer = startTrainer([
      writeExperimentFile(ringExperiment({ schedule: { steps: 400, batchSize: 16 }, logging: { samplesEvery: 100000, metricsEvery: 5 } })),
    ]);
    await trainer.waitFor((m) => m.type === 'metrics');
    trainer.send({ type: 'pause', payload: {} });
    const paused = await trainer.waitFor((m) => m.type === 'paused' && m.payload.paused);
    trainer.send({ type: 'updateHyperparameters', payload: { discriminatorLr: 0.003 } });
    trainer.send({ type: 'sampleNow', payload: {} });
    trainer.send({ type: 'resume', payload: {} });
    const edit = await trainer.waitFor((m) => m.type === 'event' && m.payload.kind === 'hyperparameters');
    assert.deepEqual(edit.type === 'event' && edit.payload.data?.changes, { 'discriminator.lr': { from: 0.0001, to: 0.003 } });
    const pausedStep = paused.type === 'paused' ? paused.payload.step : -1;
    const sampled = await trainer.waitFor((m) => m.type === 'samples' && m.payload.step > 0);
    assert.equal(sampled.type === 'samples' && sampled.payload.step, pausedStep + 1);
    assert.equal((await trainer.exited).code, 0);
  });

  it('records its pauses, resumes and a sampling event the host hands it in events.jsonl, at the step', async () => {
    const trainer = startTrainer([
      writeExperimentFile(ringExperiment({ schedule: { steps: 300, batchSize: 16 }, logging: { metricsEvery: 5 } })),
    ]);
    await trainer.waitFor((m) => m.type === 'metrics');
    trainer.send({ type: 'pause', payload: {} });
    const paused = await trainer.waitFor((m) => m.type === 'paused' && m.payload.paused);
    const step = paused.type === 'paused' ? paused.payload.step : -1;
    // While paused: the trainer writes the event at once, at the step it holds.
    const sampling = samplingEvent({
      id: 'step-0-mala-20260101-120000',
      settings: { method: 'mala', steps: 20, chains: 8 },
      acceptanceRate: 0.75,
      checkpointStep: 0,
      durationSeconds: 0.4,
    });
    trainer.send({ type: 'recordEvent', payload: sampling });
    await trainer.waitFor((m) => m.type === 'event' && m.payload.kind === 'sampling');
    await new Promise((r) => setTimeout(r, 300));
    trainer.send({ type: 'resume', payload: {} });
    assert.equal((await trainer.exited).code, 0, trainer.stderr());
    const events = readFileSync(join(startedDir(trainer.messages), 'events.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as RunEvent);
    const kinds = events.map((e) => e.kind);
    const at = kinds.indexOf('paused');
    assert.deepEqual(kinds.slice(at, at + 3), ['paused', 'sampling', 'resumed'], kinds.join(', '));
    const [pause, sampled, resumed] = events.slice(at, at + 3) as [RunEvent, RunEvent, RunEvent];
    assert.deepEqual([pause.step, sampled.step, resumed.step], [step, step, step]);
    assert.equal(sampled.message, sampling.message);
    assert.deepEqual(sampled.data, sampling.data);
    const pausedSeconds = (resumed.data as { pausedSeconds?: number } | undefined)?.pausedSeconds ?? -1;
    assert.ok(pausedSeconds >= 0.2 && pausedSeconds < 30, `paused ${pausedSeconds} s`);
    assert.match(resumed.message, /^resumed after [\d.]+ s paused$/);
    // What the trainer wrote is what it sent: the views get the same records.
    const sent = trainer.messages.flatMap((m) => (m.type === 'event' ? [m.payload] : []));
    assert.deepEqual(sent, events);
  });

  it('refuses a recordEvent that is not a well-formed sampling event', async () => {
    const trainer = startTrainer([writeExperimentFile(ringExperiment({ schedule: { steps: 100, batchSize: 16 } }))]);
    await trainer.waitFor((m) => m.type === 'started');
    trainer.send({ type: 'recordEvent', payload: { kind: 'status', message: 'forged by the host', data: {} } } as unknown as HostToTrainer);
    const refused = await trainer.waitFor((m) => m.type === 'log' && /ignored an unknown message/.test(m.payload.message));
    assert.ok(refused);
    assert.equal((await trainer.exited).code, 0);
    const events = readFileSync(join(startedDir(trainer.messages), 'events.jsonl'), 'utf8');
    assert.doesNotMatch(events, /forged by the host/);
  });

  it('reports an invalid experiment file as failed, naming file, line and column', async () => {
    const dir = tempDir();
    const file = join(dir, 'bad.gan.json');
    writeFileSync(file, JSON.stringify(ringExperiment({ schedule: { steps: 10, batchSize: -4 } }), null, 2));
    const trainer = startTrainer([file]);
    const failed = await trainer.waitFor((m) => m.type === 'failed');
    assert.ok(failed.type === 'failed');
    assert.match(failed.payload.error, /bad\.gan\.json:\d+:\d+: schedule\.batchSize: out of range/);
    assert.equal((await trainer.exited).code, 1);
  });

  it('stops cleanly and exits when the host goes away (IPC channel closed)', async () => {
    const trainer = startTrainer([writeExperimentFile(ringExperiment({ schedule: { steps: 1_000_000, batchSize: 16 } }))]);
    await trainer.waitFor((m) => m.type === 'metrics');
    const dir = startedDir(trainer.messages);
    trainer.child.disconnect();
    const { code } = await trainer.exited;
    assert.equal(code, 0);
    assert.equal(readMeta(dir).status, 'stopped');
  });
});
