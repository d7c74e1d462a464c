/**
 * The real thing: `npm install @tensorflow/tfjs-node` at the trainer's TensorFlow.js version, run
 * by the install's own code through the launcher into a temporary storage folder. On this
 * project's machines the npm registry answers but storage.googleapis.com does not, so the package's
 * install script fails to download libtensorflow (about 10 s): the failure must say so with npm's
 * line, and leave no folder behind. Where npm fails otherwise (no registry), the message must name
 * that; where the download works, the install must be complete.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { findNpm } from '../../src/extension/nativeBackend/findNpm';
import { installNativeBackend } from '../../src/extension/nativeBackend/installNative';
import { completeInstall } from '../../src/extension/nativeBackend/nativeInstallFolder';
import { trainerTfjsVersion } from '../../src/extension/nativeBackend/tfjsVersion';
import { tempDir } from '../helpers/experiments';
import { REPO_ROOT, testLauncher } from '../helpers/launcher';

describe('the real npm install of the native CPU backend', function () {
  this.timeout(240_000);

  it('fails at the libtensorflow download here (about 10 s, real npm and registry): a clear message with npm’s line, nothing left in the storage folder', async () => {
    const npm = await findNpm({ env: process.env, platform: process.platform, nodePath: '' });
    assert.ok(npm, 'npm is on the PATH of the test machine');
    const version = await trainerTfjsVersion(REPO_ROOT);
    const storageDir = join(tempDir('gan-real-npm-'), 'globalStorage');
    const stages: string[] = [];
    const launcher = testLauncher();
    try {
      const started = Date.now();
      const outcome = await installNativeBackend({ launcher, npm, storageDir, variant: 'cpu', version, onStage: (s) => stages.push(s) });
      const seconds = (Date.now() - started) / 1000;
      console.log(
        `      npm install @tensorflow/tfjs-node@${version}: ${outcome.kind} after ${seconds.toFixed(1)} s; stages: ${[...new Set(stages)].length}`,
      );
      if (outcome.kind === 'installed') {
        // A machine that can download libtensorflow: the install is complete where the trainer looks.
        assert.ok(completeInstall(outcome.dir));
        return;
      }
      assert.equal(outcome.kind, 'failed');
      const { failure } = outcome;
      console.log(`      ${failure.what} npm: “${failure.keyLine}”`);
      assert.match(
        failure.what,
        /could not download libtensorflow from https:\/\/storage\.googleapis\.com\/|could not reach the package registry/,
      );
      assert.notEqual(failure.keyLine, '', 'npm’s own line is quoted');
      if (/libtensorflow/.test(failure.what)) {
        assert.match(failure.keyLine, /storage\.googleapis\.com|ENOTFOUND|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN/);
        assert.ok(
          stages.some((s) => s.startsWith('downloading libtensorflow')),
          stages.join(' | '),
        );
      }
      assert.match(failure.advice, /webgpu or wasm/);
      assert.deepEqual(existsSync(storageDir) ? readdirSync(storageDir) : [], [], 'neither an install nor a staging folder remains');
      assert.deepEqual(launcher.live, [], 'npm has exited');
    } finally {
      launcher.dispose();
    }
  });
});
