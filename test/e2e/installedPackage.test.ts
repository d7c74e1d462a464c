/**
 * The installed linux-x64 package trains on the GPU path. gan-workbench-linux-x64.vsix is installed
 * by code-server's `--install-extension` into an extensions folder of its own (as a user installs
 * it), and the CLI it carries (bin/gan-train.js in the installed folder, the same trainer bundle the
 * editor starts) trains the ring experiment from there: the installed folder sits in a temporary
 * folder with no node_modules above it, so TensorFlow.js, Dawn and the WebGPU backend can only come
 * from the package.
 *
 * - `--backend webgpu` trains on this machine's adapter: Mesa's llvmpipe through Dawn's OpenGL ES
 *   backend (a software adapter, the one the process suite's webgpu test uses), and run.json records
 *   webgpu with the adapter named.
 * - `--backend auto` loads Dawn and the backend, finds no adapter it should use (auto takes only a
 *   real GPU: here there is no Vulkan loader, so no adapter at all; with Mesa's lavapipe installed,
 *   a software adapter it skips) and records that, then trains on wasm.
 * - Another platform's package (linux-arm64) installs as well (code-server does not refuse it), but
 *   Dawn's loader looks for this platform's binary, which it lacks: auto records that and trains on
 *   wasm.
 * - The universal package, installed by the session's setup, records webgpu as not installed.
 *
 * Driving the editor adds nothing here that test/e2e/training.test.ts does not cover (the editor
 * starts the same dist/cli bundle with the experiment's backend), so the CLI is launched directly.
 */
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { requireSoftwareWebgpu } from '../../scripts/requirements';
import { dawnBinary, vsixName } from '../../scripts/packageTargets';
import type { RunMeta } from '../../src/shared/runFormat';
import { vulkanLoaderPresent } from '../../src/training/backends/vulkanLoader';
import { currentSession, installExtension, runInGroup } from './session';

const STEPS = 40;

interface TrainedRun {
  meta: RunMeta;
  lastDLoss: number;
  output: string;
}

/** gan-train from an installed extension folder, on the ring experiment, into a fresh folder under `out`. */
async function trainFrom(extensionDir: string, backend: string, out: string): Promise<TrainedRun> {
  const session = currentSession();
  const experiment = join(session.root, `installed-${backend}.gan.json`);
  writeFileSync(experiment, readFileSync(session.experimentFile, 'utf8'));
  const env = { ...process.env };
  delete env.NODE_PATH;
  const result = await runInGroup(
    process.execPath,
    [join(extensionDir, 'bin', 'gan-train.js'), experiment, '--backend', backend, '--steps', String(STEPS), '--out', out, '--quiet'],
    { cwd: session.root, env, timeoutMs: 180_000 },
  );
  assert.equal(result.code, 0, `gan-train --backend ${backend} from ${extensionDir}:\n${result.output}`);
  const experimentRuns = join(out, 'ring8');
  const runDir = join(experimentRuns, readdirSync(experimentRuns)[0]!);
  const meta = JSON.parse(readFileSync(join(runDir, 'run.json'), 'utf8')) as RunMeta;
  const records = readFileSync(join(runDir, 'metrics.jsonl'), 'utf8').trim().split('\n');
  const last = JSON.parse(records.at(-1)!) as { dLoss: number };
  return { meta, lastDLoss: last.dLoss, output: result.output };
}

describe('the installed linux-x64 package', function () {
  let installed = '';
  let adapter = '';

  before(async function () {
    this.timeout(180_000);
    requireSoftwareWebgpu();
    assert.equal(`${process.platform}-${process.arch}`, 'linux-x64', 'this step installs the linux-x64 package on its own platform');
    const session = currentSession();
    const vsix = session.packages[vsixName('linux-x64')];
    assert.ok(vsix, `${vsixName('linux-x64')} was not packaged`);
    const extensionsDir = join(session.root, 'extensions-linux-x64');
    mkdirSync(extensionsDir);
    installed = await installExtension(vsix, join(session.root, 'install-linux-x64'), extensionsDir, (line) =>
      console.log(`      ${line}`),
    );
  });

  it('is installed with its own Dawn binary only, and the WebGPU backend', () => {
    assert.ok(existsSync(join(installed, dawnBinary('linux-x64'))), dawnBinary('linux-x64'));
    assert.deepEqual(readdirSync(join(installed, 'node_modules', 'webgpu', 'dist')), ['linux-x64']);
    assert.ok(existsSync(join(installed, 'node_modules', '@tensorflow', 'tfjs-backend-webgpu', 'dist', 'tf-backend-webgpu.node.js')));
  });

  it('trains with backend "webgpu" on the machine’s adapter, named in run.json', async function () {
    this.timeout(200_000);
    const run = await trainFrom(installed, 'webgpu', join(currentSession().root, 'runs-installed-webgpu'));
    assert.equal(run.meta.status, 'completed');
    assert.equal(run.meta.lastStep, STEPS);
    assert.equal(run.meta.backend?.name, 'webgpu');
    assert.equal(run.meta.backend?.requested, 'webgpu');
    adapter = run.meta.backend?.device ?? '';
    assert.ok(adapter !== '', `the adapter is named: ${JSON.stringify(run.meta.backend)}`);
    assert.ok(run.meta.backend?.reason.includes(adapter), run.meta.backend?.reason);
    assert.match(run.meta.backend?.reason ?? '', /numerical probe against cpu passed/);
    assert.ok(Number.isFinite(run.lastDLoss), `last D loss ${run.lastDLoss}`);
    console.log(`      adapter: ${adapter}`);
  });

  it('with "auto" loads Dawn, records why webgpu was skipped (no real GPU), then trains on wasm', async function () {
    this.timeout(200_000);
    const run = await trainFrom(installed, 'auto', join(currentSession().root, 'runs-installed-auto'));
    assert.equal(run.meta.status, 'completed');
    assert.equal(run.meta.backend?.name, 'wasm');
    const webgpu = run.meta.backend?.skipped.find((s) => s.name === 'webgpu');
    assert.ok(webgpu, `webgpu among the skipped: ${JSON.stringify(run.meta.backend?.skipped)}`);
    assert.doesNotMatch(webgpu.reason, /not installed or cannot load/);
    // auto looks for an adapter through Vulkan only (a real GPU on Linux has a Vulkan driver).
    if (vulkanLoaderPresent()) assert.match(webgpu.reason, /software adapter/);
    else assert.match(webgpu.reason, /no WebGPU adapter: no Vulkan loader/);
  });

  it('another platform’s package (linux-arm64) installs too, but its webgpu cannot load here: auto records why and trains on wasm', async function () {
    this.timeout(200_000);
    const session = currentSession();
    const vsix = session.packages[vsixName('linux-arm64')];
    assert.ok(vsix, `${vsixName('linux-arm64')} was not packaged`);
    const extensionsDir = join(session.root, 'extensions-linux-arm64');
    mkdirSync(extensionsDir);
    const arm = await installExtension(vsix, join(session.root, 'install-linux-arm64'), extensionsDir, (line) =>
      console.log(`      ${line}`),
    );
    const run = await trainFrom(arm, 'auto', join(session.root, 'runs-arm64-auto'));
    assert.equal(run.meta.backend?.name, 'wasm');
    const webgpu = run.meta.backend?.skipped.find((s) => s.name === 'webgpu');
    assert.match(webgpu?.reason ?? '', /"webgpu" \(Dawn\) is not installed or cannot load: .*linux-x64/);
  });

  it('the universal package, by contrast, records webgpu as not installed and trains on wasm', async function () {
    this.timeout(200_000);
    const session = currentSession();
    assert.ok(!existsSync(join(session.installedExtension, 'node_modules', 'webgpu')));
    const run = await trainFrom(session.installedExtension, 'auto', join(session.root, 'runs-universal-auto'));
    assert.equal(run.meta.backend?.name, 'wasm');
    const webgpu = run.meta.backend?.skipped.find((s) => s.name === 'webgpu');
    assert.match(webgpu?.reason ?? '', /"webgpu" \(Dawn\) is not installed or cannot load/);
  });
});
