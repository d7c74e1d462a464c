/**
 * A stand-in for the native backend installed on demand: a folder laid out as npm leaves it
 * (`<dir>/node_modules/@tensorflow/tfjs-node` beside its own copy of @tensorflow/tfjs-core and that
 * copy's dependencies), whose package registers a backend named `tensorflow` built on the cpu
 * backend's kernels, as tfjs-node registers libtensorflow's. It writes to `report` which tfjs-core
 * file it was given and whether its engine is the process's one (tfjs-core's global `_tfengine`).
 */
import { copyFileSync, mkdirSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { tempDir } from './experiments';

const ROOT = join(__dirname, '..', '..');

const INDEX = `'use strict';
const tf = require('@tensorflow/tfjs-core');
const { writeFileSync } = require('node:fs');
tf.registerBackend('tensorflow', tf.findBackendFactory('cpu'), 3);
for (const kernel of tf.getKernelsForBackend('cpu')) tf.registerKernel({ ...kernel, backendName: 'tensorflow' });
writeFileSync(process.env.NATIVE_FIXTURE_REPORT, JSON.stringify({
  core: require.resolve('@tensorflow/tfjs-core'),
  oneEngine: tf.engine() === globalThis._tfengine,
}));
`;

export interface NativeFixture {
  dir: string;
  report: string;
  /** The fixture's own tfjs-core copy (which must not be the one loaded). */
  ownCore: string;
}

export function nativeFixture(version: string): NativeFixture {
  const dir = tempDir('gan-native-');
  const modules = join(dir, 'node_modules');
  const node = join(modules, '@tensorflow', 'tfjs-node');
  mkdirSync(node, { recursive: true });
  writeFileSync(join(node, 'package.json'), JSON.stringify({ name: '@tensorflow/tfjs-node', version, main: 'index.js' }));
  writeFileSync(join(node, 'index.js'), INDEX);
  // npm hoists the package's tfjs-core beside it: a real second copy, its dependencies linked in.
  const realCore = join(ROOT, 'node_modules', '@tensorflow', 'tfjs-core');
  const core = join(modules, '@tensorflow', 'tfjs-core');
  mkdirSync(join(core, 'dist'), { recursive: true });
  copyFileSync(join(realCore, 'package.json'), join(core, 'package.json'));
  copyFileSync(join(realCore, 'dist', 'tf-core.node.js'), join(core, 'dist', 'tf-core.node.js'));
  for (const dep of ['long', 'seedrandom', 'node-fetch']) {
    const target = join(ROOT, 'node_modules', dep);
    if (existsSync(target)) {
      mkdirSync(dirname(join(modules, dep)), { recursive: true });
      symlinkSync(target, join(modules, dep), 'dir');
    }
  }
  return { dir, report: join(dir, 'report.json'), ownCore: join(core, 'dist', 'tf-core.node.js') };
}
