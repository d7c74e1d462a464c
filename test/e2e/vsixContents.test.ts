/**
 * The packages (gan-workbench.vsix and gan-workbench-<target>.vsix, made once by the e2e runner's
 * setup with `npm run package:targets`) contain only what their allowlist names (.vscodeignore, plus
 * the target's lines for a platform package), every file the installed extension needs, and
 * nothing that must never ship (sources, tests, source maps, TypeScript, other dependencies,
 * dotfiles). A platform package carries exactly its target's Dawn binary and the WebGPU backend and
 * declares its target; the universal package carries neither. Each stays within its size bound.
 */
import * as assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { dawnBinary, targetIgnoreText, TARGETS, vsixName, WEBGPU_BACKEND_FILES, type Target } from '../../scripts/packageTargets';
import { currentSession, repoRoot } from './session';
import { allowedBy, vsixFileProblems, vsixProblems, vsixTargetPlatform, zipEntries } from './vsixContents';

const MiB = 2 ** 20;
/**
 * Upper bounds on each package's size: what was measured (December 2026) plus about 1 MiB, room for
 * the code to grow, not for a second Dawn binary (8–19 MiB compressed) or a whole dependency.
 * Measured: universal 3.01 MiB; linux-x64 10.12, linux-arm64 10.09, darwin-x64 and
 * darwin-arm64 8.92 (both carry the universal Mach-O binary), win32-x64 17.09 and win32-arm64 18.38
 * (dawn.node with the D3D compiler and DXC libraries it loads).
 */
const SIZE_BOUNDS_MIB: Record<Target | 'universal', number> = {
  universal: 4,
  'linux-x64': 11.2,
  'linux-arm64': 11.2,
  'darwin-x64': 10,
  'darwin-arm64': 10,
  'win32-x64': 18.2,
  'win32-arm64': 19.5,
};

const baseIgnore = () => readFileSync(join(repoRoot, '.vscodeignore'), 'utf8');

/** The suite's private copy of a package (failing the step when the setup made none). */
function packageCopy(target?: Target): string {
  const copy = currentSession().packages[vsixName(target)];
  assert.ok(copy, `${vsixName(target)} was not packaged (or not found beside GAN_WORKBENCH_E2E_VSIX)`);
  return copy;
}

const entryFiles = (vsix: string) =>
  zipEntries(readFileSync(vsix))
    .filter((e) => e.startsWith('extension/'))
    .map((e) => e.slice('extension/'.length));

describe('the vsix content list', () => {
  it('universal: lists only allowlisted files and every required one, no GPU backend, no target, within its size bound', () => {
    const vsix = packageCopy();
    const entries = zipEntries(readFileSync(vsix));
    assert.ok(entries.length > 10, `${entries.length} entries`);
    assert.deepEqual(vsixFileProblems(vsix, join(repoRoot, '.vscodeignore')), []);
    assert.ok(!entries.some((e) => e.includes('webgpu')), 'nothing of webgpu or tfjs-backend-webgpu');
    assert.equal(vsixTargetPlatform(readFileSync(vsix)), undefined);
    const mib = statSync(vsix).size / MiB;
    assert.ok(mib <= SIZE_BOUNDS_MIB.universal, `${mib.toFixed(2)} MiB, bound ${SIZE_BOUNDS_MIB.universal} MiB`);
  });

  for (const target of TARGETS) {
    it(`${target}: its own dawn.node and none other, the WebGPU backend, every required file, its target, within its size bound`, () => {
      const vsix = packageCopy(target);
      assert.deepEqual(vsixFileProblems(vsix, join(repoRoot, '.vscodeignore'), target), []);
      const files = entryFiles(vsix);
      assert.deepEqual(
        files.filter((f) => f.endsWith('/dawn.node')),
        [dawnBinary(target)],
      );
      for (const file of WEBGPU_BACKEND_FILES) assert.ok(files.includes(file), file);
      assert.equal(vsixTargetPlatform(readFileSync(vsix)), target);
      const mib = statSync(vsix).size / MiB;
      assert.ok(mib <= SIZE_BOUNDS_MIB[target], `${mib.toFixed(2)} MiB, bound ${SIZE_BOUNDS_MIB[target]} MiB`);
    });
  }

  it('flags another target’s Dawn binary, a missing one, and GPU files in the universal package', () => {
    const linux = zipEntries(readFileSync(packageCopy('linux-x64')));
    const arm = 'extension/node_modules/webgpu/dist/linux-arm64/dawn.node';
    assert.ok(
      vsixProblems([...linux, arm], baseIgnore(), 'linux-x64').some((p) => p.includes(arm.slice('extension/'.length))),
      'a second Dawn binary',
    );
    const withoutDawn = linux.filter((e) => !e.endsWith('dawn.node'));
    assert.ok(vsixProblems(withoutDawn, baseIgnore(), 'linux-x64').includes(`missing: ${dawnBinary('linux-x64')}`));
    assert.ok(
      vsixProblems(linux, baseIgnore()).some((p) => p.startsWith('a GPU backend file in the universal package')),
      'the linux-x64 files read as a universal package',
    );
  });

  it('reads the allowlist the way vsce does (a `!` line re-includes whatever its place), with each target’s lines', () => {
    const allowed = allowedBy(baseIgnore());
    for (const shipped of [
      'dist/extension.js',
      'dist/webview/main.js',
      'bin/launch.js',
      'node_modules/@tensorflow/tfjs/dist/tf.node.js',
      'media/mnist-classifier/mnist-classifier.bin',
    ])
      assert.ok(allowed(shipped), shipped);
    for (const kept of [
      'src/extension/extension.ts',
      'dist/extension.js.map',
      'node_modules/chart.js/dist/chart.js',
      'node_modules/@tensorflow/tfjs-backend-webgpu/dist/tf-backend-webgpu.node.js',
      'node_modules/@tensorflow/tfjs-backend-webgpu/package.json',
      'node_modules/webgpu/dist/linux-x64/dawn.node',
      'test/run.mjs',
      '.vscodeignore',
    ])
      assert.ok(!allowed(kept), kept);

    const darwinArm = allowedBy(targetIgnoreText(baseIgnore(), 'darwin-arm64'));
    assert.ok(darwinArm('node_modules/webgpu/dist/darwin-universal/dawn.node'));
    assert.ok(darwinArm('node_modules/@tensorflow/tfjs-backend-webgpu/dist/tf-backend-webgpu.node.js'));
    assert.ok(darwinArm('dist/extension.js'));
    for (const kept of [
      'node_modules/webgpu/dist/linux-x64/dawn.node',
      'node_modules/webgpu/README.md',
      'node_modules/webgpu/build/postinstall.js',
      'node_modules/@tensorflow/tfjs-backend-webgpu/dist/index.js',
    ])
      assert.ok(!darwinArm(kept), kept);
  });
});
