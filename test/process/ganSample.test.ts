/**
 * gan-sample end to end: a ring-8 run trained here for 300 steps (and a tiny image run), sampled
 * with MALA and Langevin through the real bin, the results checked on disk, read back by the
 * host's reader, and run through the extension's child-process runner (progress, cancellation).
 * Bad input gets exit 2 (command line) or 1 (the run cannot be sampled) and writes nothing.
 */
import assert from 'node:assert/strict';
import { appendFileSync, cpSync, existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { samplingIds, readSampling, samplingMessage } from '../../src/extension/trainingRuns/samplingResults';
import { runSampling } from '../../src/extension/trainingRuns/samplingProcess';
import type { HostToTrainer, TrainerToHost } from '../../src/shared/protocol';
import type { RunEvent, RunMeta, SampleRecord, SamplingRecord } from '../../src/shared/runFormat';
import { GAN_SAMPLE, runCli } from '../helpers/cli';
import { testLauncher } from '../helpers/launcher';
import { ringExperiment, tempDir, writeExperimentFile } from '../helpers/experiments';

const TRAIN_STEPS = 300;

async function train(config: Record<string, unknown>): Promise<string> {
  const out = tempDir();
  const { code, stderr } = await runCli([writeExperimentFile(config), '--out', out, '--quiet']).done;
  assert.equal(code, 0, stderr);
  const name = config.name as string;
  return join(out, name, readdirSync(join(out, name))[0]!);
}

async function sample(runDir: string, ...args: string[]): Promise<{ record: SamplingRecord; folder: string; stdout: string }> {
  const { code, stdout, stderr } = await runCli([runDir, ...args], undefined, GAN_SAMPLE).done;
  assert.equal(code, 0, stderr);
  const folder = /^wrote (.+)$/m.exec(stdout)?.[1];
  assert.ok(folder, stdout);
  return { record: JSON.parse(readFileSync(join(folder, 'sampling.json'), 'utf8')) as SamplingRecord, folder, stdout };
}

const finite = (values: (number | null)[]) => values.every((v) => typeof v === 'number' && Number.isFinite(v));

/** No temp folders: every entry of sampling/ is a complete result. */
function assertOnlyCompleteResults(runDir: string): void {
  for (const name of readdirSync(join(runDir, 'sampling'))) {
    assert.ok(!name.startsWith('.'), `left-over temp folder ${name}`);
    assert.ok(existsSync(join(runDir, 'sampling', name, 'sampling.json')), `${name} has no sampling.json`);
  }
}

describe('gan-sample CLI on a trained ring-8 run', function () {
  this.timeout(120_000);
  let runDir = '';
  /** Result ids in the order they were written. */
  const written: string[] = [];

  before(async function () {
    this.timeout(180_000);
    runDir = await train(
      ringExperiment({
        schedule: { steps: TRAIN_STEPS, batchSize: 64 },
        logging: { metricsEvery: 50, histogramsEvery: 100, samplesEvery: 100, checkpointEvery: 100, sampleCount: 128, gridResolution: 8 },
      }),
    );
  });

  it('MALA: writes sampling.json with settings, per-step energy and acceptance, paths, samples and quality before and after', async () => {
    const { record, folder, stdout } = await sample(runDir, '--steps', '40', '--chains', '64', '--seed', '3');
    written.push(record.id);
    assert.match(stdout, /^step 40\/40$/m);
    assert.match(stdout, /^sampled 64 chains × 40 mala steps \(ε 0\.01, T 1, fresh start\) from the checkpoint at step 300 /m);
    assert.match(stdout, /^ {2}before: modes \d\/8, high-quality [\d.]+%/m);
    assert.match(folder, /sampling[/\\]step-300-mala-\d{8}-\d{6}$/);
    assert.deepEqual(readdirSync(folder), ['sampling.json']);
    assert.equal(record.id, folder.split(/[/\\]/).pop());
    assert.equal(record.checkpointStep, TRAIN_STEPS);
    assert.deepEqual(record.settings, {
      method: 'mala',
      steps: 40,
      stepSize: 0.01,
      temperature: 1,
      start: 'fresh',
      prior: true,
      chains: 64,
      seed: 3,
    });
    assert.equal(record.energy.loss, 'nonSaturating');
    assert.match(record.energy.formula, /−logit D\(x\)/);
    assert.equal(record.backend, 'wasm', 'the backend the run trained on');
    assert.equal(record.layout, 'points2d');
    assert.ok(record.acceptanceRate > 0 && record.acceptanceRate <= 1, `acceptance ${record.acceptanceRate}`);
    assert.deepEqual(
      record.trace.steps,
      Array.from({ length: 40 }, (_, i) => i + 1),
    );
    assert.ok(record.trace.acceptanceRate.every((a) => a >= 0 && a <= 1));
    assert.ok(record.trace.acceptanceRate.some((a) => a > 0));
    for (const series of [
      record.trace.meanEnergy,
      record.trace.minEnergy,
      record.trace.maxEnergy,
      record.startEnergies,
      record.finalEnergies,
    ])
      assert.ok(finite(series));
    record.trace.meanEnergy.forEach((m, i) => assert.ok(record.trace.minEnergy[i]! <= m! && m! <= record.trace.maxEnergy[i]!));
    assert.equal(record.startEnergies.length, 64);
    assert.equal(record.finalEnergies.length, 64);
    assert.equal(record.before.length, 64);
    assert.equal(record.after.length, 64);
    assert.ok(record.before.every((row) => row.length === 2));
    assert.equal(record.real.length, 512);
    assert.equal(record.paths.latentDim, 2);
    assert.equal(record.paths.complete, true);
    assert.equal(record.paths.chains.length, 16);
    assert.ok(record.paths.chains.every((path) => path.length === 41 && path.every((p) => p.length === 2)));
    assert.deepEqual(record.paths.steps, [0, ...record.trace.steps]);
    assert.equal(record.paths.energyGrid?.values.length, 48 * 48);
    assert.ok(record.quality, 'quality metrics');
    for (const side of [record.quality.before, record.quality.after]) {
      assert.equal(side.modesTotal, 8);
      assert.ok(side.highQualityShare !== undefined && side.highQualityShare >= 0 && side.highQualityShare <= 1);
      assert.ok(side.js !== undefined);
    }
    assert.deepEqual(record.notes, []);
    assertOnlyCompleteResults(runDir);
  });

  it('Langevin: every step is taken (acceptance exactly 1), and the seed fixes the chains', async () => {
    const a = await sample(runDir, '--method', 'langevin', '--steps', '25', '--chains', '32', '--seed', '5', '--step-size', '0.005');
    assert.equal(a.record.acceptanceRate, 1);
    assert.ok(a.record.trace.acceptanceRate.every((r) => r === 1));
    assert.match(a.stdout, /acceptance 1 \(Langevin has no accept\/reject test\)/);
    assert.ok(finite(a.record.trace.meanEnergy));
    const b = await sample(runDir, '--method', 'langevin', '--steps', '25', '--chains', '32', '--seed', '5', '--step-size', '0.005');
    written.push(a.record.id, b.record.id);
    assert.notEqual(b.folder, a.folder, 'a second result never replaces the first');
    assert.deepEqual(b.record.after, a.record.after);
    assert.deepEqual(b.record.finalEnergies, a.record.finalEnergies);
  });

  it('--start fixed starts from the run’s fixed noise batch: G(z₀) is the run’s fixed-z samples', async () => {
    const { record } = await sample(runDir, '--start', 'fixed', '--chains', '16', '--steps', '2', '--no-prior');
    written.push(record.id);
    const samples = JSON.parse(
      readFileSync(join(runDir, 'samples', `step-${String(TRAIN_STEPS).padStart(8, '0')}.json`), 'utf8'),
    ) as SampleRecord;
    assert.equal(record.settings.prior, false);
    record.before.forEach((row, i) =>
      row.forEach((v, j) => assert.ok(Math.abs(v - samples.fixed[i]![j]!) < 1e-3, `row ${i}: ${row} vs ${samples.fixed[i]}`)),
    );
  });

  it('bad input: exit 2 with the usage for the command line, exit 1 naming the problem for the run, nothing written', async () => {
    const before = readdirSync(join(runDir, 'sampling')).length;
    const usage = await runCli([runDir, '--step-size', 'big'], undefined, GAN_SAMPLE).done;
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /^gan-sample: --step-size: expected a step size above 0 and at most 10, got "big"$/m);
    assert.match(usage.stderr, /Usage: gan-sample <run directory>/);
    const missing = await runCli([join(runDir, 'nope')], undefined, GAN_SAMPLE).done;
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /^gan-sample: .*nope: no such run directory$/m);
    const tooMany = await runCli([runDir, '--start', 'fixed', '--chains', '129'], undefined, GAN_SAMPLE).done;
    assert.equal(tooMany.code, 1);
    assert.match(
      tooMany.stderr,
      /--start fixed starts from the run's fixed noise batch, which has 128 rows \(logging\.sampleCount\): use --chains 128 or fewer/,
    );
    const badCheckpoint = await runCli([runDir, '--checkpoint', join(runDir, 'samples')], undefined, GAN_SAMPLE).done;
    assert.equal(badCheckpoint.code, 1);
    assert.match(badCheckpoint.stderr, /samples: not a checkpoint folder \(checkpoint\.json is missing\)/);
    const copy = join(tempDir(), 'run');
    cpSync(runDir, copy, { recursive: true });
    rmSync(join(copy, 'checkpoints'), { recursive: true });
    const noCheckpoint = await runCli([copy], undefined, GAN_SAMPLE).done;
    assert.equal(noCheckpoint.code, 1);
    assert.match(noCheckpoint.stderr, /run: no checkpoint \(checkpoints are written every logging\.checkpointEvery steps and at the end\)/);
    assert.equal(readdirSync(join(runDir, 'sampling')).length, before);
  });

  it('the host lists the results newest first and reads one back (the views’ reader)', async () => {
    const ids = await samplingIds(runDir);
    assert.equal(ids.length, written.length);
    assert.deepEqual(ids, [...written].reverse(), 'newest first');
    const newest = await readSampling(runDir, ids[0]!);
    assert.equal(newest?.id, ids[0]);
    assert.equal(await readSampling(runDir, '../checkpoints'), null);
    assert.equal(await readSampling(runDir, 'step-1-mala-20000101-000000'), null);
    const message = await samplingMessage(runDir, ids[ids.length - 1]);
    assert.equal(message.payload.shown?.id, ids[ids.length - 1]);
    assert.deepEqual(message.payload.ids, ids);
  });

  it('the extension’s runner reports progress, returns the result, and a cancel leaves nothing behind', async () => {
    const launcher = testLauncher();
    const progress: number[] = [];
    const outcome = await runSampling(launcher, {
      request: { runDir, settings: { method: 'mala', steps: 60, stepSize: 0.01, temperature: 1, start: 'fresh', prior: true, chains: 32 } },
      onProgress: (step, total) => {
        assert.equal(total, 60);
        progress.push(step);
      },
    });
    assert.ok(outcome.ok, outcome.message);
    assert.deepEqual(progress, [3, 6, 9, 12, 15, 18, 21, 24, 27, 30, 33, 36, 39, 42, 45, 48, 51, 54, 57, 60]);
    assert.ok(outcome.id && existsSync(join(runDir, 'sampling', outcome.id, 'sampling.json')));
    assert.match(outcome.message, /^acceptance 0\.\d+ · mean energy .* → .* · after: modes \d\/8/);
    assert.equal(outcome.result?.settings.chains, 32);

    const before = readdirSync(join(runDir, 'sampling')).sort();
    const abort = new AbortController();
    const cancelled = await runSampling(launcher, {
      request: {
        runDir,
        settings: { method: 'mala', steps: 20_000, stepSize: 0.01, temperature: 1, start: 'fresh', prior: true, chains: 8 },
      },
      signal: abort.signal,
      onProgress: () => abort.abort(),
    });
    assert.deepEqual(cancelled, { ok: false, cancelled: true, message: 'Sampling was cancelled; nothing was written.' });
    assert.deepEqual(readdirSync(join(runDir, 'sampling')).sort(), before);

    const failed = await runSampling(launcher, {
      request: {
        runDir: join(runDir, 'nope'),
        settings: { method: 'mala', steps: 1, stepSize: 0.01, temperature: 1, start: 'fresh', prior: true },
      },
    });
    assert.equal(failed.ok, false);
    assert.match(failed.message, /nope: no such run directory$/);
  });

  it('records each result in the run’s events.jsonl once: gan-sample for a run not training here, the live trainer (or the host, when it has exited) for one that is', async () => {
    const events = () =>
      readFileSync(join(runDir, 'events.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as RunEvent)
        .filter((e) => e.kind === 'sampling');
    // The CLI results above: one event each, at the step the run reached, naming the folder.
    for (const id of written) {
      const found = events().filter((e) => e.data?.id === id);
      assert.equal(found.length, 1, id);
      assert.equal(found[0]!.step, TRAIN_STEPS);
      assert.equal(found[0]!.data?.folder, `sampling/${id}`);
      assert.match(
        found[0]!.message,
        /^MCMC sampling: \d+ chains × \d+ (MALA|Langevin) steps from the checkpoint at step 300, acceptance [\d.]+% → sampling\//,
      );
    }
    const settings = { method: 'mala', steps: 5, stepSize: 0.01, temperature: 1, start: 'fresh', prior: true, chains: 8 } as const;
    const launcher = testLauncher();
    /** A run this window trains: its "trainer" writes what the host hands it and sends it back, unless it has exited. */
    const liveRun = (trainerAlive: boolean) => {
      const listeners = new Set<(m: TrainerToHost | undefined) => void>();
      const noted: RunEvent[] = [];
      const run = {
        live: true,
        exit: undefined as unknown,
        meta: { lastStep: 321 } as RunMeta,
        noted,
        send(message: HostToTrainer) {
          if (message.type !== 'recordEvent') return false;
          if (!trainerAlive) {
            // It takes the message, then exits without writing it.
            setTimeout(() => {
              run.exit = { code: 0 };
              for (const l of [...listeners]) l(undefined);
            }, 20);
            return true;
          }
          const event: RunEvent = { step: 321, time: Date.now(), ...message.payload };
          appendFileSync(join(runDir, 'events.jsonl'), `${JSON.stringify(event)}\n`);
          setTimeout(() => {
            for (const l of [...listeners]) l({ type: 'event', payload: event });
          }, 20);
          return true;
        },
        onDidChange(listener: (m: TrainerToHost | undefined) => void) {
          listeners.add(listener);
          return { dispose: () => listeners.delete(listener) };
        },
        noteEvent: (event: RunEvent) => void noted.push(event),
      };
      return run;
    };

    const alive = liveRun(true);
    const byTrainer = await runSampling(launcher, { request: { runDir, settings }, run: alive });
    assert.ok(byTrainer.ok, byTrainer.message);
    assert.equal(byTrainer.event, 'trainer');
    assert.deepEqual(
      events()
        .filter((e) => e.data?.id === byTrainer.id)
        .map((e) => e.step),
      [321],
      'written once, by the trainer (gan-sample ran with --no-event)',
    );

    const gone = liveRun(false);
    const byHost = await runSampling(launcher, { request: { runDir, settings }, run: gone });
    assert.equal(byHost.event, 'host');
    const hostEvents = events().filter((e) => e.data?.id === byHost.id);
    assert.equal(hostEvents.length, 1);
    assert.equal(hostEvents[0]!.step, 321, 'the step the run had reached');
    assert.deepEqual(gone.noted, hostEvents, 'and the run’s views are told');

    const ended = { ...liveRun(true), live: false };
    const bySampler = await runSampling(launcher, { request: { runDir, settings }, run: ended });
    assert.equal(bySampler.event, 'gan-sample');
    assert.equal(events().filter((e) => e.data?.id === bySampler.id).length, 1);

    const count = events().length;
    const { code } = await runCli([runDir, '--steps', '3', '--chains', '4', '--no-event'], undefined, GAN_SAMPLE).done;
    assert.equal(code, 0);
    assert.equal(events().length, count, '--no-event adds none');
  });
});

describe('gan-sample CLI on image data', function () {
  this.timeout(120_000);

  it('writes before.png and after.png grids, image quality before and after, and the host decodes the grids', async () => {
    const runDir = await train({
      name: 'tiny-shapes',
      seed: 2,
      data: { kind: 'shapes', size: 28, channels: 1 },
      latent: { dim: 8 },
      generator: { kind: 'mlp', hidden: [32], outputActivation: 'tanh' },
      discriminator: { kind: 'mlp', hidden: [32] },
      loss: { kind: 'hinge' },
      schedule: { steps: 10, batchSize: 16 },
      logging: { metricsEvery: 5, histogramsEvery: 10, samplesEvery: 10, checkpointEvery: 10, sampleCount: 32 },
      backend: 'wasm',
    });
    const { record, folder } = await sample(runDir, '--steps', '3');
    assert.equal(record.settings.chains, 32, 'the run’s sample count (under the cap of 64 for images)');
    assert.equal(record.layout, 'images');
    assert.deepEqual(readdirSync(folder).sort(), ['after.png', 'before.png', 'sampling.json']);
    assert.deepEqual(record.before, []);
    assert.deepEqual(record.images, {
      shape: { height: 28, width: 28, channels: 1 },
      columns: 6,
      beforePng: 'before.png',
      afterPng: 'after.png',
    });
    const png = PNG.sync.read(readFileSync(join(folder, 'after.png')));
    assert.deepEqual([png.width, png.height], [6 * 28 + 5, 6 * 28 + 5]);
    assert.ok(record.quality?.before.singleBlobShare !== undefined && record.quality.after.singleBlobShare !== undefined);
    assert.equal(record.paths.complete, false);
    assert.match(record.notes.join('\n'), /the latent has 8 coordinates: the chains' paths hold only the first two/);
    const shown = await readSampling(runDir, record.id);
    assert.equal(shown?.grids?.after?.width, png.width);
    assert.equal(shown?.grids?.before?.channels, 1);
  });
});
