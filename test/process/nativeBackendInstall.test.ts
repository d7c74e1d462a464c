/**
 * GAN: Install Native TensorFlow Backend, as behaviour: the command on the fake vscode, the real
 * launcher, and a fake `npm` (a script on a PATH of its own) and a fake `gan-train` (the backend
 * check's JSON lines) as real processes. Success puts a complete install in place and verifies it
 * with the install's folder in gan-train's environment; a failed download says what failed, npm's
 * line and what to do, and leaves nothing behind; Cancel ends npm and what it started and leaves
 * nothing behind; without npm the command says to install Node.js and starts nothing.
 */
import { ui } from '../helpers/fakeVscode';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { installNativeTensorflowBackend } from '../../src/extension/commands/installNativeBackend';
import { NATIVE_MARKER, nativeBackendDirFor } from '../../src/extension/nativeBackend/nativeInstallFolder';
import { launchPlan } from '../../src/extension/trainingRuns/launchPlan';
import { NATIVE_BACKEND_DIR_ENV } from '../../src/shared/backendCheck';
import { tempDir } from '../helpers/experiments';
import { REPO_ROOT } from '../helpers/launcher';
import { cancelProgressAt, fakeNpm, installingNpm, launcherWithGanTrain } from '../helpers/nativeBackendFakes';

/** A gan-train whose check finds the native CPU backend started, naming the folder it was given. */
const CHECK_FINDS_NATIVE = `
const dir = process.env.${NATIVE_BACKEND_DIR_ENV};
const line = (o) => console.log(JSON.stringify(o));
line({ type: 'backendCheckProgress', name: 'tensorflow', variant: 'cpu', index: 1, count: 2 });
line({ type: 'backendCheckProgress', name: 'wasm', index: 2, count: 2 });
line({ type: 'backendCheck', file: process.argv[3], cacheKey: 'k', measuredAt: '2026-12-05T00:00:00.000Z', fastest: 'tensorflow', entries: [
  { name: 'tensorflow', variant: 'cpu', state: 'measured', reason: 'tensorflow (cpu) from ' + dir, stepsPerSecond: 812.5, timedSteps: 20, warmupSteps: 3 },
  { name: 'wasm', state: 'measured', reason: 'wasm with SIMD', stepsPerSecond: 120, timedSteps: 20, warmupSteps: 3 } ] });
`;

/** The output of the real `npm install @tensorflow/tfjs-node@4.22.0` on a machine that cannot reach storage.googleapis.com (npm 11). */
const DOWNLOAD_FAILS = `
const fs = require('fs'), path = require('path');
const prefix = process.argv[process.argv.indexOf('--prefix') + 1];
fs.mkdirSync(path.join(prefix, 'node_modules', '@tensorflow', 'tfjs-node', 'deps'), { recursive: true });
fs.writeFileSync(path.join(prefix, 'node_modules', '@tensorflow', 'tfjs-node', 'package.json'), '{"name":"@tensorflow/tfjs-node","version":"4.22.0"}');
console.error('npm http fetch GET 200 https://registry.npmjs.org/@tensorflow/tfjs-node/-/tfjs-node-4.22.0.tgz 1868ms (cache miss)');
console.log('> @tensorflow/tfjs-node@4.22.0 install');
console.log('> node scripts/install.js');
console.log('CPU-linux-4.22.0.tar.gz');
console.error('* Downloading libtensorflow');
console.log('https://storage.googleapis.com/tensorflow/libtensorflow/libtensorflow-cpu-linux-x86_64-2.9.1.tar.gz');
console.error(\`node:events:502
      throw er; // Unhandled 'error' event
      ^

Error: getaddrinfo ENOTFOUND storage.googleapis.com
    at GetAddrInfoReqWrap.onlookupall [as oncomplete] (node:dns:122:26)
npm error code 1
npm error path \${prefix}/node_modules/@tensorflow/tfjs-node
npm error command failed
npm error command sh -c node scripts/install.js
npm error A complete log of this run can be found in: /tmp/npm-debug-0.log\`);
process.exit(1);
`;

function errors(): string[] {
  return ui.called('window.showErrorMessage').map((c) => String(c.args[0]));
}

function infos(): string[] {
  return ui.called('window.showInformationMessage').map((c) => String(c.args[0]));
}

/** What the storage folder holds besides the install (staging or replaced folders). */
function leftovers(storageDir: string): string[] {
  return existsSync(storageDir) ? readdirSync(storageDir).filter((n) => n !== 'native') : [];
}

/** Whether `pid` runs (a zombie has ended: where init does not reap, an orphan stays one). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

describe('GAN: Install Native TensorFlow Backend', function () {
  this.timeout(30_000);
  let storageDir: string;
  const nativeBackend = () => ({ storageDir, extensionPath: REPO_ROOT });

  beforeEach(() => {
    ui.reset();
    storageDir = join(tempDir('gan-storage-'), 'globalStorage');
  });

  it('installs into a staging folder, puts it in place with its marker, and verifies it with the folder in gan-train’s environment', async () => {
    const npm = fakeNpm(installingNpm('@tensorflow/tfjs-node', '4.22.0'));
    const launcher = launcherWithGanTrain(CHECK_FINDS_NATIVE);
    const progress = cancelProgressAt(/^$/); // records the reports, never cancels
    try {
      const outcome = await installNativeTensorflowBackend({ launcher, nativeBackend: nativeBackend(), npmSearch: npm.search }, 'cpu');
      const dir = join(storageDir, 'native');
      assert.equal(outcome?.kind, 'verified');
      assert.deepEqual(leftovers(storageDir), [], 'no staging folder is left');
      const marker = JSON.parse(readFileSync(join(dir, NATIVE_MARKER), 'utf8')) as {
        variant: string;
        packageName: string;
        version: string;
      };
      assert.deepEqual([marker.variant, marker.packageName, marker.version], ['cpu', '@tensorflow/tfjs-node', '4.22.0']);
      assert.equal(nativeBackendDirFor(storageDir), dir);
      assert.ok(progress.reports.includes('resolving packages (1)…'), progress.reports.join(' | '));
      assert.ok(progress.reports.includes('downloading packages (1)…'));
      assert.ok(progress.reports.includes("running @tensorflow/tfjs-node's install script…"));
      assert.ok(progress.reports.some((r) => r.startsWith('downloading libtensorflow for @tensorflow/tfjs-node')));
      assert.ok(progress.reports.includes('tensorflow (cpu), 1 of 2…'), 'the verification’s progress');
      const [told] = infos();
      assert.match(told!, /^Installed @tensorflow\/tfjs-node@4\.22\.0 \(multi-threaded CPU\) in /);
      assert.ok(told!.includes(`It started: tensorflow (cpu) from ${dir}, 812.5 steps/s`), told);
      assert.deepEqual(errors(), []);
    } finally {
      progress.restore();
      launcher.dispose();
    }
  });

  it('a failed libtensorflow download: says what failed, npm’s line and what to do; nothing half-installed remains and runs get no native folder', async () => {
    const npm = fakeNpm(DOWNLOAD_FAILS);
    const launcher = launcherWithGanTrain(CHECK_FINDS_NATIVE);
    try {
      const outcome = await installNativeTensorflowBackend({ launcher, nativeBackend: nativeBackend(), npmSearch: npm.search }, 'cpu');
      assert.equal(outcome?.kind, 'failed');
      const [message] = errors();
      assert.ok(message, 'an error message');
      assert.match(
        message,
        /^Could not install @tensorflow\/tfjs-node@4\.22\.0 \(multi-threaded CPU\): @tensorflow\/tfjs-node's install script could not download libtensorflow from https:\/\/storage\.googleapis\.com\/tensorflow\/libtensorflow\/libtensorflow-cpu-linux-x86_64-2\.9\.1\.tar\.gz\./,
      );
      assert.ok(message.includes('npm: “Error: getaddrinfo ENOTFOUND storage.googleapis.com”'), message);
      assert.match(message, /install on a machine with internet access, or set HTTPS_PROXY/);
      assert.match(message, /runs use webgpu or wasm\. Nothing was installed\.$/);
      assert.deepEqual(ui.called('window.showErrorMessage')[0]!.args.slice(1), ['Open npm Log']);
      assert.equal(existsSync(join(storageDir, 'native')), false);
      assert.deepEqual(leftovers(storageDir), [], 'the staging folder npm wrote into is gone');
      assert.equal(nativeBackendDirFor(storageDir), undefined);
      const env = launchPlan(
        { tool: 'trainer', args: [] },
        { nodePath: '', priority: 'normal' },
        {
          extensionPath: REPO_ROOT,
          env: {},
          execPath: process.execPath,
          platform: process.platform,
          nativeBackendDir: nativeBackendDirFor(storageDir),
        },
      ).options.env!;
      assert.equal(env[NATIVE_BACKEND_DIR_ENV], undefined, 'a run starts without the native backend (on wasm)');
    } finally {
      launcher.dispose();
    }
  });

  it('a failure keeps an earlier complete install in place', async () => {
    const launcher = launcherWithGanTrain(CHECK_FINDS_NATIVE);
    try {
      const good = fakeNpm(installingNpm('@tensorflow/tfjs-node', '4.22.0'));
      await installNativeTensorflowBackend({ launcher, nativeBackend: nativeBackend(), npmSearch: good.search }, 'cpu');
      const bad = fakeNpm(DOWNLOAD_FAILS);
      const outcome = await installNativeTensorflowBackend({ launcher, nativeBackend: nativeBackend(), npmSearch: bad.search }, 'cpu');
      assert.equal(outcome?.kind, 'failed');
      assert.equal(nativeBackendDirFor(storageDir), join(storageDir, 'native'));
      assert.deepEqual(leftovers(storageDir), []);
    } finally {
      launcher.dispose();
    }
  });

  it('Cancel ends npm and the process it started, removes the staging folder and says nothing was installed', async () => {
    const pidFile = join(tempDir('gan-pids-'), 'pids');
    const npm = fakeNpm(`
const fs = require('fs'), path = require('path'), { spawn } = require('child_process');
const prefix = process.argv[process.argv.indexOf('--prefix') + 1];
fs.mkdirSync(path.join(prefix, 'node_modules', '@tensorflow', 'tfjs-node'), { recursive: true });
const script = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
fs.writeFileSync(${JSON.stringify(pidFile)}, process.pid + ' ' + script.pid);
console.log('> @tensorflow/tfjs-node@4.22.0 install');
setInterval(() => {}, 1000);
`);
    const launcher = launcherWithGanTrain(CHECK_FINDS_NATIVE);
    const progress = cancelProgressAt(/install script/);
    try {
      const outcome = await installNativeTensorflowBackend({ launcher, nativeBackend: nativeBackend(), npmSearch: npm.search }, 'cpu');
      assert.equal(outcome?.kind, 'cancelled');
      const pids = readFileSync(pidFile, 'utf8').split(' ').map(Number);
      await new Promise((resolve) => setTimeout(resolve, 200));
      for (const pid of pids) assert.equal(isAlive(pid), false, `process ${pid} was ended`);
      assert.deepEqual(launcher.live, []);
      assert.equal(existsSync(join(storageDir, 'native')), false);
      assert.deepEqual(leftovers(storageDir), []);
      assert.deepEqual(infos(), ['The install of @tensorflow/tfjs-node@4.22.0 (multi-threaded CPU) was cancelled; nothing was installed.']);
    } finally {
      progress.restore();
      launcher.dispose();
    }
  });

  it('without npm on the PATH it says to install Node.js (with the link) and starts nothing', async () => {
    const empty = tempDir('gan-no-npm-');
    const launched: string[] = [];
    const launcher = launcherWithGanTrain(CHECK_FINDS_NATIVE, {
      spawn: ((command: string) => {
        launched.push(command);
        throw new Error('nothing may start');
      }) as never,
    });
    try {
      const search = () => ({ env: { PATH: empty }, platform: process.platform, nodePath: '' });
      const outcome = await installNativeTensorflowBackend({ launcher, nativeBackend: nativeBackend(), npmSearch: search }, 'gpu');
      assert.deepEqual(outcome, { kind: 'noNpm' });
      const [message] = errors();
      assert.match(message!, /^Installing the native TensorFlow backend needs npm, and there is none on the PATH/);
      assert.match(message!, /Install Node\.js 20 or later, which includes npm \(https:\/\/nodejs\.org\/en\/download\)/);
      assert.doesNotMatch(message!, /ENOENT|spawn/);
      assert.deepEqual(ui.called('window.showErrorMessage')[0]!.args.slice(1), ['Get Node.js']);
      assert.deepEqual(launched, []);
      assert.equal(existsSync(storageDir), false);
    } finally {
      launcher.dispose();
    }
  });

  it('finds npm beside the configured Node executable before the PATH', async () => {
    const npm = fakeNpm(installingNpm('@tensorflow/tfjs-node-gpu', '4.22.0'));
    const launcher = launcherWithGanTrain(CHECK_FINDS_NATIVE);
    try {
      const search = () => ({ env: { PATH: tempDir('gan-no-npm-') }, platform: process.platform, nodePath: join(npm.folder, 'node') });
      const outcome = await installNativeTensorflowBackend({ launcher, nativeBackend: nativeBackend(), npmSearch: search }, 'gpu');
      assert.equal(outcome?.kind, 'verified');
      assert.equal(existsSync(join(storageDir, 'native', 'node_modules', '@tensorflow', 'tfjs-node-gpu', 'package.json')), true);
    } finally {
      launcher.dispose();
    }
  });
});
