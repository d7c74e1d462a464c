/**
 * Check Backends and auto through the built `gan-train` (needs `npm run build`), on this machine
 * (no NVIDIA GPU, no native package, no real WebGPU adapter):
 * - `--check-backends examples/parabola-minimax.gan.json --json` prints a progress line per backend
 *   then the result: cpu and wasm measured with positive steps/s, tensorflow (both variants) and
 *   webgpu skipped with their reasons, the fastest named, the measurement cached under
 *   XDG_CACHE_HOME; a following `auto` run's run.json cites the measurement;
 * - the native backend from GAN_WORKBENCH_NATIVE_DIR (a fixture package registering `tensorflow` on
 *   the cpu kernels, beside its own tfjs-core copy): the trainer loads it, it registers into the
 *   trainer's one engine with the trainer's tfjs-core (not its copy), passes the probe and trains,
 *   forced and under auto (the cpu variant comes before wasm), and the check measures it.
 */
import * as tf from '@tensorflow/tfjs';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { BackendCheckEntry, BackendCheckProgress, BackendCheckResult } from '../../src/shared/backendCheck';
import type { RunMeta } from '../../src/shared/runFormat';
import { GAN_TRAIN } from '../helpers/cli';
import { ringExperiment, tempDir, writeExperimentFile } from '../helpers/experiments';
import { nativeFixture } from '../helpers/nativeFixture';

const EXAMPLE = resolve(__dirname, '..', '..', 'examples', 'parabola-minimax.gan.json');

function ganTrain(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [GAN_TRAIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

async function check(file: string, env: NodeJS.ProcessEnv): Promise<{ progress: BackendCheckProgress[]; result: BackendCheckResult }> {
  const { code, stdout, stderr } = await ganTrain(['--check-backends', file, '--json'], env);
  assert.equal(code, 0, stderr);
  const lines = stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as BackendCheckProgress | BackendCheckResult);
  const result = lines.pop() as BackendCheckResult;
  assert.equal(result.type, 'backendCheck');
  assert.ok(lines.every((l) => l.type === 'backendCheckProgress'));
  return { progress: lines as BackendCheckProgress[], result };
}

const find = (result: BackendCheckResult, name: string, variant?: string): BackendCheckEntry => {
  const e = result.entries.find((x) => x.name === name && x.variant === variant);
  assert.ok(e, `${name} ${variant ?? ''} in ${JSON.stringify(result.entries)}`);
  return e;
};

async function trainedRun(args: string[], env: NodeJS.ProcessEnv): Promise<RunMeta> {
  const out = tempDir();
  const { code, stderr } = await ganTrain([...args, '--out', out, '--quiet'], env);
  assert.equal(code, 0, stderr);
  const [name] = readdirSync(out);
  const [run] = readdirSync(join(out, name!));
  return JSON.parse(readFileSync(join(out, name!, run!, 'run.json'), 'utf8')) as RunMeta;
}

describe('gan-train --check-backends and auto by measurement', function () {
  this.timeout(240_000);
  const cache = tempDir('gan-cache-');
  const env = { XDG_CACHE_HOME: cache, GAN_WORKBENCH_NATIVE_DIR: '' };
  let result: BackendCheckResult;

  before(async function () {
    this.timeout(240_000);
    const checked = await check(EXAMPLE, env);
    result = checked.result;
    assert.deepEqual(
      checked.progress.map((p) => [p.name, p.variant, p.index, p.count]),
      [
        ['tensorflow', 'gpu', 1, 5],
        ['webgpu', undefined, 2, 5],
        ['tensorflow', 'cpu', 3, 5],
        ['wasm', undefined, 4, 5],
        ['cpu', undefined, 5, 5],
      ],
    );
  });

  it('measures cpu and wasm with positive steps/s after warm-up, and names the fastest', () => {
    for (const name of ['cpu', 'wasm']) {
      const e = find(result, name);
      assert.equal(e.state, 'measured', e.reason);
      assert.ok(e.stepsPerSecond! > 0 && e.timedSteps! >= 5 && e.warmupSteps === 3, JSON.stringify(e));
    }
    assert.match(find(result, 'wasm').reason, /numerical probe against cpu passed/);
    const measured = result.entries.filter((e) => e.state === 'measured');
    const best = measured.reduce((a, b) => (b.stepsPerSecond! > a.stepsPerSecond! ? b : a));
    assert.equal(result.fastest, best.name);
    assert.equal(result.file, EXAMPLE);
  });

  it('skips tensorflow (no NVIDIA GPU; tfjs-node not installed) and webgpu (no real adapter: auto skips software ones) with reasons', () => {
    assert.deepEqual(find(result, 'tensorflow', 'gpu'), {
      name: 'tensorflow',
      variant: 'gpu',
      state: 'skipped',
      reason: 'no NVIDIA GPU visible (/proc/driver/nvidia/gpus is empty or absent), so @tensorflow/tfjs-node-gpu is not tried',
    });
    const cpuVariant = find(result, 'tensorflow', 'cpu');
    assert.equal(cpuVariant.state, 'skipped');
    assert.match(cpuVariant.reason, /^@tensorflow\/tfjs-node is not installed \(looked beside the trainer\)$/);
    const webgpu = find(result, 'webgpu');
    assert.equal(webgpu.state, 'skipped');
    assert.match(webgpu.reason, /^no WebGPU adapter: |a software adapter/);
  });

  it('caches the measurement under XDG_CACHE_HOME, keyed by model and machine', () => {
    const file = JSON.parse(readFileSync(join(cache, 'gan-workbench', 'backend-speeds.json'), 'utf8')) as {
      measurements: Record<string, BackendCheckResult>;
    };
    assert.deepEqual(file.measurements[result.cacheKey], result);
  });

  it('a following auto run (other step count) chooses the fastest and cites the measurement in run.json', async () => {
    const meta = await trainedRun([EXAMPLE, '--steps', '5'], env);
    assert.equal(meta.backend!.requested, 'auto');
    assert.equal(meta.backend!.name, result.fastest);
    assert.match(
      meta.backend!.reason,
      /^auto: fastest measured for this model on this machine \(Check Backends, \d{4}-\d\d-\d\d\): (wasm|cpu) [\d.]+ steps\/s, (wasm|cpu) [\d.]+ steps\/s, tensorflow \(gpu\) skipped: no NVIDIA GPU visible/,
    );
    assert.deepEqual(meta.backend!.skipped, []);
  });

  it('GAN_WORKBENCH_IGNORE_SPEED_CACHE: auto walks its fixed order', async () => {
    const meta = await trainedRun([EXAMPLE, '--steps', '5'], { ...env, GAN_WORKBENCH_IGNORE_SPEED_CACHE: '1' });
    assert.match(meta.backend!.reason, /^auto: first candidate that started; /);
  });
});

describe('the native backend from GAN_WORKBENCH_NATIVE_DIR (a fixture package)', function () {
  this.timeout(240_000);
  const fixture = nativeFixture(tf.version.tfjs);
  const env = { XDG_CACHE_HOME: tempDir('gan-cache-'), GAN_WORKBENCH_NATIVE_DIR: fixture.dir, NATIVE_FIXTURE_REPORT: fixture.report };
  const ring = () => writeExperimentFile(ringExperiment({ schedule: { steps: 10, batchSize: 32 }, backend: 'auto' }));

  it('forced: loaded from the folder, registered into the trainer’s one engine with the trainer’s tfjs-core, probed, trained', async () => {
    const meta = await trainedRun([ring(), '--backend', 'tensorflow'], env);
    assert.equal(meta.backend!.name, 'tensorflow');
    assert.equal(
      meta.backend!.reason.replace(/max abs error \d\.\de-\d+/, 'max abs error E'),
      `requested in the experiment or on the command line; @tensorflow/tfjs-node (cpu variant: libtensorflow's multi-threaded CPU kernels), from GAN_WORKBENCH_NATIVE_DIR (${fixture.dir}); numerical probe against cpu passed (max abs error E)`,
    );
    assert.equal(meta.status, 'completed');
    assert.equal(meta.lastStep, 10);
    const report = JSON.parse(readFileSync(fixture.report, 'utf8')) as { core: string; oneEngine: boolean };
    assert.ok(existsSync(fixture.ownCore));
    assert.notEqual(report.core, fixture.ownCore);
    assert.equal(report.core, require.resolve('@tensorflow/tfjs-core'));
    assert.equal(report.oneEngine, true);
  });

  it('auto: the cpu variant comes before wasm, its variant and folder in the reason', async () => {
    const meta = await trainedRun([ring()], env);
    assert.equal(meta.backend!.name, 'tensorflow');
    assert.match(
      meta.backend!.reason,
      /^auto: first candidate that started; @tensorflow\/tfjs-node \(cpu variant: .*\), from GAN_WORKBENCH_NATIVE_DIR/,
    );
    assert.deepEqual(
      meta.backend!.skipped.map((s) => s.name),
      ['tensorflow', 'webgpu'],
    );
  });

  it('the check measures it', async () => {
    const { result } = await check(ring(), env);
    const native = find(result, 'tensorflow', 'cpu');
    assert.equal(native.state, 'measured', native.reason);
    assert.ok(native.stepsPerSecond! > 0);
  });
});
