import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MetricRecord, RunMeta, SampleRecord } from '../../src/shared/runFormat';
import { selectBackend } from '../../src/training/backend';
import { ringExperiment } from '../helpers/experiments';
import { prepareRun } from '../helpers/runTrainer';
import type { TrainerToHost } from '../../src/shared/protocol';
import { resumePoint } from '../../src/training/run/resume';
import { Trainer } from '../../src/training/trainer';

const withoutTime = ({ time: _t, elapsed: _e, stepsPerSecond: _s, memory: _m, ...rest }: MetricRecord) => rest;
const lines = (path: string) =>
  readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as unknown);

describe('trainer loop (in process)', function () {
  this.timeout(120_000);
  before(async () => {
    await selectBackend('wasm');
  });

  it('keeps tf.memory().numTensors flat over 200 steps of the full loop, and frees everything at the end', async () => {
    const baseline = tf.memory().numTensors;
    const counts: number[] = [];
    const run = prepareRun(
      ringExperiment({
        schedule: { steps: 200, batchSize: 32, dStepsPerGStep: 2 },
        logging: { metricsEvery: 10, histogramsEvery: 30, samplesEvery: 50, checkpointEvery: 100, sampleCount: 32, gridResolution: 8 },
      }),
      {},
      (m) => {
        if (m.type === 'metrics') counts.push(tf.memory().numTensors);
      },
    );
    assert.equal(await run.trainer.run(), 'completed');
    assert.equal(counts.length, 20);
    assert.ok(
      counts.every((c) => c === counts[0]),
      `tensor counts over the run: ${counts.join(', ')}`,
    );
    assert.equal(tf.memory().numTensors, baseline);
  });

  it('the same seed and backend give identical metrics for the first 100 steps; another seed does not', async () => {
    const config = (seed: number) =>
      ringExperiment({ seed, schedule: { steps: 100, batchSize: 32 }, logging: { metricsEvery: 1, sampleCount: 16, gridResolution: 4 } });
    const metrics = async (seed: number) => {
      const run = prepareRun(config(seed));
      await run.trainer.run();
      return run.of('metrics').map((m) => withoutTime(m.payload));
    };
    const a = await metrics(11);
    const b = await metrics(11);
    const c = await metrics(12);
    assert.equal(a.length, 100);
    assert.deepEqual(a, b);
    assert.notDeepEqual(a, c);
  });

  it('writes the run directory: experiment, run meta, metrics, histograms, samples, quality, events, checkpoints', async () => {
    const run = prepareRun(ringExperiment());
    assert.equal(await run.trainer.run(), 'completed');
    const dir = run.runDir();
    const meta = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as RunMeta;
    assert.equal(meta.status, 'completed');
    assert.equal(meta.lastStep, 40);
    assert.equal(meta.backend?.name, 'wasm');
    assert.ok(meta.versions.tfjs && meta.endedAt);
    const experiment = JSON.parse(readFileSync(join(dir, 'experiment.json'), 'utf8')) as { schedule: { dStepsPerGStep: number } };
    assert.equal(experiment.schedule.dStepsPerGStep, 1, 'defaults are filled in the resolved config');
    const metrics = lines(join(dir, 'metrics.jsonl')) as MetricRecord[];
    assert.deepEqual(
      metrics.map((m) => m.step),
      [5, 10, 15, 20, 25, 30, 35, 40],
    );
    for (const key of ['dLoss', 'gLoss', 'dReal', 'dFake', 'gradNormD', 'gradNormG', 'stepsPerSecond'] as const) {
      assert.ok(
        metrics.every((m) => Number.isFinite(m[key])),
        key,
      );
    }
    assert.deepEqual(Object.keys(metrics[0]!.components).sort(), ['d.fake', 'd.real', 'g.adversarial']);
    // The trainer logs its own memory; between records nothing is left alive (step results, batches).
    assert.ok(metrics.every((m) => m.memory && m.memory.rssMb > 10 && m.memory.tensors > 0));
    assert.equal(new Set(metrics.slice(1).map((m) => m.memory!.tensors)).size, 1, JSON.stringify(metrics.map((m) => m.memory)));
    const histograms = lines(join(dir, 'histograms.jsonl')) as { step: number; real: number[]; fake: number[]; scale: string }[];
    assert.deepEqual(
      histograms.map((h) => h.step),
      [10, 20, 30, 40],
    );
    assert.ok(histograms.every((h) => h.real.length === 64 && h.fake.length === 64 && h.scale === 'probability'));
    assert.ok(histograms.every((h) => h.real.reduce((a, b) => a + b) === 64));
    const sampleFiles = readdirSync(join(dir, 'samples')).sort();
    assert.deepEqual(sampleFiles, ['step-00000000.json', 'step-00000020.json', 'step-00000040.json']);
    const first = JSON.parse(readFileSync(join(dir, 'samples', sampleFiles[0]!), 'utf8')) as SampleRecord;
    const last = JSON.parse(readFileSync(join(dir, 'samples', sampleFiles[2]!), 'utf8')) as SampleRecord;
    assert.equal(last.layout, 'points2d');
    assert.equal(last.fixed.length, 64);
    assert.equal(last.grid?.values.length, 64);
    assert.equal(last.fixedGradients?.length, 64);
    assert.ok(
      last.fixedGradients!.some(([gx, gy]) => gx !== 0 || gy !== 0),
      'gradient arrows are not all zero',
    );
    assert.notDeepEqual(first.fixed, last.fixed, 'the fixed batch evolves');
    const quality = lines(join(dir, 'quality.jsonl')) as { metrics: { modesTotal: number; js: number } }[];
    assert.ok(quality.every((q) => q.metrics.modesTotal === 8 && q.metrics.js >= 0));
    const events = lines(join(dir, 'events.jsonl')) as { kind: string }[];
    assert.ok(events.some((e) => e.kind === 'backend'));
    assert.ok(existsSync(join(dir, 'checkpoints', 'step-00000020', 'weights.bin')));
    assert.ok(existsSync(join(dir, 'checkpoints', 'step-00000040', 'checkpoint.json')));
    assert.deepEqual(
      readdirSync(dir).filter((n) => n.endsWith('.tmp')),
      [],
      'no temp files left',
    );
  });

  it('stops on request: checkpoint, status stopped', async () => {
    const run = prepareRun(ringExperiment({ schedule: { steps: 100000, batchSize: 16 } }), {}, (m, r) => {
      if (m.type === 'metrics' && m.payload.step === 15) r.trainer.stop();
    });
    assert.equal(await run.trainer.run(), 'stopped');
    const meta = JSON.parse(readFileSync(join(run.runDir(), 'run.json'), 'utf8')) as RunMeta;
    assert.equal(meta.status, 'stopped');
    assert.equal(meta.lastStep, 15);
    assert.ok(existsSync(join(run.runDir(), 'checkpoints', 'step-00000015')));
    assert.equal(run.of('finished')[0]?.payload.status, 'stopped');
  });

  it('a run stopped and resumed matches the uninterrupted run: metrics, quality and samples, step by step', async () => {
    // Every random stream matters here: batches, noise, WGAN-GP's interpolates, instance noise,
    // the evaluation draws, and batch-norm statistics and Adam's slots in the checkpoint.
    const config = ringExperiment({
      seed: 3,
      generator: { kind: 'mlp', hidden: [16, 16], normalization: 'batch' },
      loss: { kind: 'wganGp', lambda: 1 },
      regularizers: [{ kind: 'instanceNoise', std: 0.1, annealSteps: 100 }],
      schedule: { steps: 60, batchSize: 16, dStepsPerGStep: 2 },
      logging: { metricsEvery: 1, histogramsEvery: 10, samplesEvery: 10, checkpointEvery: 20, sampleCount: 16, gridResolution: 4 },
    });
    const whole = prepareRun(config);
    assert.equal(await whole.trainer.run(), 'completed');

    const first = prepareRun(config, {}, (m, r) => {
      if (m.type === 'metrics' && m.payload.step === 33) r.trainer.stop();
    });
    assert.equal(await first.trainer.run(), 'stopped');
    const dir = first.runDir();
    const point = resumePoint(dir);
    assert.match(point.checkpoint, /step-00000033$/);
    const resumedMessages: TrainerToHost[] = [];
    const resumed = new Trainer({
      experimentFile: point.previous.experimentFile,
      config: point.config,
      resume: point,
      emit: (m) => resumedMessages.push(m),
    });
    assert.equal(await resumed.run(), 'completed');

    const metricsOf = (runDir: string) => (lines(join(runDir, 'metrics.jsonl')) as MetricRecord[]).map(withoutTime);
    const wholeMetrics = metricsOf(whole.runDir());
    assert.equal(wholeMetrics.length, 60);
    assert.deepEqual(metricsOf(dir), wholeMetrics);
    assert.deepEqual(lines(join(dir, 'quality.jsonl')), lines(join(whole.runDir(), 'quality.jsonl')));
    assert.deepEqual(lines(join(dir, 'histograms.jsonl')), lines(join(whole.runDir(), 'histograms.jsonl')));
    for (const step of [40, 50, 60]) {
      const name = join('samples', `step-${String(step).padStart(8, '0')}.json`);
      assert.deepEqual(
        JSON.parse(readFileSync(join(dir, name), 'utf8')),
        JSON.parse(readFileSync(join(whole.runDir(), name), 'utf8')),
        name,
      );
    }
  });

  it('applies hyper-parameter edits between steps and records them as events', async () => {
    const run = prepareRun(ringExperiment(), {}, (m, r) => {
      if (m.type === 'metrics' && m.payload.step === 10)
        r.trainer.updateHyperparameters({ generatorLr: 0.002, dStepsPerGStep: 3, samplesEvery: 7 });
    });
    await run.trainer.run();
    const edit = run.of('event').find((e) => e.payload.kind === 'hyperparameters');
    assert.ok(edit, 'a hyperparameters event');
    assert.equal(edit.payload.step, 10);
    assert.deepEqual(edit.payload.data?.changes, {
      'generator.lr': { from: 0.0001, to: 0.002 },
      dStepsPerGStep: { from: 1, to: 3 },
      samplesEvery: { from: 20, to: 7 },
    });
    assert.deepEqual(
      run.of('samples').map((s) => s.payload.step),
      [0, 14, 21, 28, 35, 40],
    );
  });

  it('a run resumed after live edits goes on with the edited values (experiment.json keeps those it started with)', async () => {
    const run = prepareRun(ringExperiment(), {}, (m, r) => {
      if (m.type === 'metrics' && m.payload.step === 10) r.trainer.updateHyperparameters({ generatorLr: 0.002, dStepsPerGStep: 2 });
      if (m.type === 'metrics' && m.payload.step === 20) r.trainer.stop();
    });
    assert.equal(await run.trainer.run(), 'stopped');
    const point = resumePoint(run.runDir());
    assert.equal(point.config.optimizer.generator.lr, 0.002);
    assert.equal(point.config.schedule.dStepsPerGStep, 2);
    const started = JSON.parse(readFileSync(join(run.runDir(), 'experiment.json'), 'utf8')) as { optimizer: { generator: { lr: number } } };
    assert.equal(started.optimizer.generator.lr, 0.0001);
  });

  it('changes the total number of steps of a live run (never below the current step)', async () => {
    const run = prepareRun(ringExperiment(), {}, (m, r) => {
      if (m.type === 'metrics' && m.payload.step === 10) r.trainer.updateHyperparameters({ steps: 25 });
      if (m.type === 'metrics' && m.payload.step === 20) r.trainer.updateHyperparameters({ steps: 3 });
    });
    assert.equal(await run.trainer.run(), 'completed');
    const meta = JSON.parse(readFileSync(join(run.runDir(), 'run.json'), 'utf8')) as RunMeta;
    assert.equal(meta.lastStep, 21);
    assert.equal(meta.totalSteps, 21);
  });

  it('pauses and resumes', async () => {
    let pausedAt = -1;
    const run = prepareRun(ringExperiment(), {}, (m, r) => {
      if (m.type === 'metrics' && m.payload.step === 10) r.trainer.pause();
      if (m.type === 'paused' && m.payload.paused) {
        pausedAt = m.payload.step;
        setTimeout(() => r.trainer.resume(), 20);
      }
    });
    assert.equal(await run.trainer.run(), 'completed');
    assert.equal(pausedAt, 10);
    assert.deepEqual(
      run.of('paused').map((p) => p.payload.paused),
      [true, false],
    );
  });

  it('stops a diverging run within one metrics interval: status diverged, step and value, advice', async () => {
    const sgd = { kind: 'sgd', lr: 10 };
    const run = prepareRun(ringExperiment({ optimizer: { generator: sgd, discriminator: sgd }, schedule: { steps: 2000, batchSize: 64 } }));
    assert.equal(await run.trainer.run(), 'diverged');
    const meta = JSON.parse(readFileSync(join(run.runDir(), 'run.json'), 'utf8')) as RunMeta;
    assert.equal(meta.status, 'diverged');
    assert.match(
      meta.error ?? '',
      /^diverged at step \d+: .* is (NaN|Infinity|-Infinity) — try a lower learning rate or a gradient penalty$/,
    );
    assert.ok(meta.lastStep < 2000 && meta.lastStep % 5 === 0, `stopped at ${meta.lastStep}`);
    assert.equal(run.of('failed')[0]?.payload.status, 'diverged');
  });

  it('fails with a clear error when a forced backend cannot start, before creating a run directory', async () => {
    const run = prepareRun(ringExperiment({ backend: 'tensorflow' }));
    assert.equal(await run.trainer.run(), 'failed');
    const failed = run.of('failed')[0];
    assert.match(failed?.payload.error ?? '', /backend "tensorflow" cannot start: .*tfjs-node-gpu/);
    assert.equal(run.of('started').length, 0);
  });
});
