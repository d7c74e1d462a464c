/**
 * The packaged extension (gan-workbench.vsix, made by the e2e runner) contains only what the
 * .vscodeignore allowlist names, every file the installed extension needs, and nothing that must
 * never ship (sources, tests, source maps, TypeScript, other dependencies, dotfiles).
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, VSIX } from './session';
import { allowedBy, vsixFileProblems, zipEntries } from './vsixContents';

describe('the vsix content list', () => {
  it('lists only allowlisted files, and every required one', () => {
    const entries = zipEntries(readFileSync(VSIX));
    assert.ok(entries.length > 10, `${entries.length} entries`);
    assert.deepEqual(vsixFileProblems(VSIX, join(repoRoot, '.vscodeignore')), []);
  });

  it('reads the allowlist the way vsce does (a `!` line re-includes whatever its place)', () => {
    const allowed = allowedBy(readFileSync(join(repoRoot, '.vscodeignore'), 'utf8'));
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
  });
});
