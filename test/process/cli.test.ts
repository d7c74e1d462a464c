import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunMeta } from '../../src/shared/runFormat';
import { GAN_EXPORT, runCli } from '../helpers/cli';
import { ringExperiment, tempDir, writeExperimentFile } from '../helpers/experiments';

const onlyRun = (root: string, name: string) => {
  const runs = readdirSync(join(root, name));
  assert.equal(runs.length, 1);
  return join(root, name, runs[0]!);
};

describe('gan-train CLI', function () {
  this.timeout(60_000);

  it('trains, prints one line per metrics interval when not a TTY and a summary, exits 0', async () => {
    const out = tempDir();
    const { code, stdout } = await runCli([writeExperimentFile(ringExperiment()), '--steps', '20', '--out', out, '--backend', 'cpu']).done;
    assert.equal(code, 0);
    assert.equal(stdout.split('\n').filter((l) => l.startsWith('step ')).length, 4);
    assert.match(stdout, /^step 20\/20 · \d+ it\/s · D [\d.]+ G [\d.]+ · D\(real\) [\d.]+ D\(fake\) [\d.]+ · ETA/m);
    assert.match(stdout, /backend cpu: requested/);
    assert.match(stdout, /^completed: 20\/20 steps in \d\d:\d\d on cpu$/m);
    assert.match(stdout, /modes \d\/8/);
    const dir = onlyRun(out, 'test-ring');
    assert.match(stdout, new RegExp(`run directory: ${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    const meta = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as RunMeta;
    assert.equal(meta.totalSteps, 20);
    assert.equal(meta.backend?.name, 'cpu');
  });

  it('--quiet prints only the summary', async () => {
    const { code, stdout } = await runCli([writeExperimentFile(ringExperiment()), '--steps', '10', '--out', tempDir(), '--quiet']).done;
    assert.equal(code, 0);
    assert.doesNotMatch(stdout, /^step /m);
    assert.match(stdout, /^completed: 10\/10/m);
  });

  it('writes runs/<name>/<run id>/ beside the experiment file by default', async () => {
    const dir = tempDir();
    const { code } = await runCli([writeExperimentFile(ringExperiment(), dir), '--steps', '5', '--quiet']).done;
    assert.equal(code, 0);
    assert.ok(readdirSync(onlyRun(join(dir, 'runs'), 'test-ring')).includes('run.json'));
  });

  it('reports every problem of an invalid experiment file with file:line:col and exits 1', async () => {
    const file = join(tempDir(), 'broken.gan.json');
    writeFileSync(
      file,
      '{\n  "name": "x",\n  "sead": 3,\n  "data": { "kind": "rinng" },\n  "generator": { "kind": "mlp" },\n  "discriminator": { "kind": "mlp" },\n  "loss": { "kind": "minimax" }\n}\n',
    );
    const { code, stderr } = await runCli([file]).done;
    assert.equal(code, 1);
    assert.match(stderr, /^gan-train: .*broken\.gan\.json: 2 problems in the experiment file; nothing was trained$/m);
    assert.match(stderr, /^gan-train: .*broken\.gan\.json:3:3: sead: unknown property "sead"; did you mean "seed"\?/m);
    assert.match(stderr, /^gan-train: .*broken\.gan\.json:4:21: data\.kind: unknown kind "rinng"; did you mean "ring"\?/m);
  });

  it('a missing experiment file and bad options get clear messages and non-zero exits', async () => {
    const missing = await runCli([join(tempDir(), 'nope.gan.json')]).done;
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /nope\.gan\.json: cannot read the experiment file: file not found/);
    const usage = await runCli(['a.gan.json', '--steps', 'many']).done;
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /^gan-train: --steps: expected an integer, as schedule\.steps in an experiment file \(found "many"\)$/m);
    assert.match(usage.stderr, /Usage: gan-train/);
    const help = await runCli(['--help']).done;
    assert.equal(help.code, 0);
    assert.match(help.stdout, /--backend B/);
  });

  it('a run that fails before it has a directory still says why (an --out under a file)', async () => {
    const dir = tempDir();
    const blocker = join(dir, 'not-a-folder');
    writeFileSync(blocker, 'x');
    const { code, stdout, stderr } = await runCli([writeExperimentFile(ringExperiment(), dir), '--out', join(blocker, 'runs'), '--quiet'])
      .done;
    assert.equal(code, 1);
    assert.match(stderr, /^gan-train: .*not-a-folder/m);
    assert.match(stdout, /^failed: the run did not start$/m);
  });

  it('Ctrl-C (SIGINT) stops cleanly: run marked stopped, checkpoint written, exit 130', async () => {
    const out = tempDir();
    const cli = runCli([writeExperimentFile(ringExperiment({ schedule: { steps: 1_000_000, batchSize: 16 } })), '--out', out]);
    await cli.waitForOutput(/^step 10\//m);
    cli.child.kill('SIGINT');
    const { code, stdout } = await cli.done;
    assert.equal(code, 130);
    assert.match(stdout, /^stopped: \d+\/1000000 steps/m);
    const dir = onlyRun(out, 'test-ring');
    const meta = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as RunMeta;
    assert.equal(meta.status, 'stopped');
    assert.ok(readdirSync(join(dir, 'checkpoints')).includes(`step-${String(meta.lastStep).padStart(8, '0')}`));
  });
});

describe('gan-train --resume', function () {
  this.timeout(60_000);

  it('continues a run in its own directory from its latest checkpoint, dropping records written after it', async () => {
    const out = tempDir();
    const file = writeExperimentFile(
      ringExperiment({
        schedule: { steps: 1_000_000, batchSize: 16 },
        logging: { metricsEvery: 5, checkpointEvery: 20, samplesEvery: 20, sampleCount: 16, gridResolution: 4 },
      }),
    );
    const first = runCli([file, '--out', out]);
    await first.waitForOutput(/^step 35\//m);
    first.child.kill('SIGKILL'); // a crash: no final checkpoint, run.json still says running
    await first.done;
    const dir = onlyRun(out, 'test-ring');
    const checkpoints = readdirSync(join(dir, 'checkpoints')).filter((n) => n.startsWith('step-'));
    const last = Math.max(...checkpoints.map((n) => Number(n.slice(5))));
    assert.ok(last >= 20, `checkpoints: ${checkpoints.join(', ')}`);

    const resumed = await runCli(['--resume', dir, '--steps', String(last + 25), '--quiet']).done;
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.match(resumed.stdout, new RegExp(`^completed: ${last + 25}/${last + 25} steps`, 'm'));
    const steps = readFileSync(join(dir, 'metrics.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { step: number }).step);
    assert.deepEqual(
      steps,
      [...new Set(steps)].sort((a, b) => a - b),
      'each step once, in order',
    );
    assert.equal(steps.at(-1), last + 25);
    const events = readFileSync(join(dir, 'events.jsonl'), 'utf8');
    assert.match(events, new RegExp(`resumed from the checkpoint at step ${last}`));
    const meta = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as RunMeta;
    assert.equal(meta.status, 'completed');
    assert.equal(readdirSync(out).length, 1, 'no new run directory');
  });

  it('explains why a directory cannot be resumed', async () => {
    const empty = tempDir();
    const { code, stderr } = await runCli(['--resume', empty]).done;
    assert.equal(code, 1);
    assert.match(stderr, /cannot resume: .*not a run directory/);
  });
});

describe('gan-export CLI', function () {
  this.timeout(60_000);

  it('writes the generator of a run as model.json + weights.bin and says where; exit codes 0, 1 and 2', async () => {
    const out = tempDir();
    assert.equal((await runCli([writeExperimentFile(ringExperiment()), '--steps', '20', '--out', out, '--quiet']).done).code, 0);
    const dir = onlyRun(out, 'test-ring');
    const ok = await runCli([dir], undefined, GAN_EXPORT).done;
    assert.equal(ok.code, 0, ok.stderr);
    const folder = join(dir, 'exports', 'generator-step-00000020');
    assert.equal(ok.stdout.trim(), `exported the generator at step 20 to ${folder}`);
    assert.deepEqual(readdirSync(folder).sort(), ['model.json', 'weights.bin']);

    const again = await runCli([dir], undefined, GAN_EXPORT).done;
    assert.equal(again.code, 1);
    assert.match(again.stderr, /^gan-export: .*generator-step-00000020: already exists; remove it or choose another folder with --out$/m);
    const usage = await runCli([], undefined, GAN_EXPORT).done;
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /no run directory given[\s\S]*Usage: gan-export/);
  });
});

describe("a run with the generator's weight average", function () {
  this.timeout(120_000);

  /** A checkpoint's values by variable name. */
  function checkpointValues(folder: string): Map<string, Float32Array> {
    const manifest = JSON.parse(readFileSync(join(folder, 'checkpoint.json'), 'utf8')) as {
      weightsManifest: { weights: { name: string; shape: number[] }[] }[];
    };
    const bytes = readFileSync(join(folder, 'weights.bin'));
    const all = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
    const values = new Map<string, Float32Array>();
    let offset = 0;
    for (const { name, shape } of manifest.weightsManifest[0]!.weights) {
      const size = shape.reduce((a, b) => a * b, 1);
      values.set(name, all.slice(offset, offset + size));
      offset += size;
    }
    return values;
  }

  it('checkpoints the average, resumes with it, and gan-export writes the average, not G', async () => {
    const out = tempDir();
    const file = writeExperimentFile(
      ringExperiment({
        generatorAverage: { decay: 0.9 },
        schedule: { steps: 40, batchSize: 16 },
        logging: { metricsEvery: 5, checkpointEvery: 20, samplesEvery: 20, sampleCount: 16, gridResolution: 4 },
      }),
    );
    assert.equal((await runCli([file, '--out', out, '--steps', '20', '--quiet']).done).code, 0);
    const dir = onlyRun(out, 'test-ring');
    const resumed = await runCli(['--resume', dir, '--steps', '40', '--quiet']).done;
    assert.equal(resumed.code, 0, resumed.stderr);

    const checkpoint = checkpointValues(join(dir, 'checkpoints', 'step-00000040'));
    const names = [...checkpoint.keys()];
    const averaged = names.filter((n) => n.startsWith('generatorAverage/'));
    const own = averaged.map((n) => n.replace('generatorAverage/', 'generator/'));
    assert.deepEqual(
      own,
      ['dense0/kernel', 'dense0/bias', 'dense1/kernel', 'dense1/bias', 'output/kernel', 'output/bias'].map((n) => `generator/${n}`),
    );
    assert.ok(
      own.every((n) => checkpoint.has(n)),
      'one averaged copy of every generator variable',
    );
    const exported = await runCli([dir], undefined, GAN_EXPORT).done;
    assert.equal(exported.code, 0, exported.stderr);
    const bytes = readFileSync(join(dir, 'exports', 'generator-step-00000040', 'weights.bin'));
    const weights = Array.from(new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4));
    const concatenated = (variables: string[]) => variables.flatMap((n) => Array.from(checkpoint.get(n)!));
    assert.deepEqual(weights, concatenated(averaged), 'the exported weights are the average');
    assert.notDeepEqual(weights, concatenated(own), "and not G's");
  });
});
