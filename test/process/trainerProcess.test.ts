import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TrainerToHost } from '../../src/shared/protocol';
import type { RunMeta } from '../../src/shared/runFormat';
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
