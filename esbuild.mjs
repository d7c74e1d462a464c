// Builds the three bundles: extension (node, cjs, `vscode` external), trainer + CLI (node; the
// TensorFlow.js packages stay external so the optional native backend shares one tfjs engine),
// and the webview front end (browser).
import * as esbuild from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');
const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

const common = {
  bundle: true,
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  define: { GAN_WORKBENCH_VERSION: JSON.stringify(version) },
  // jsonc-parser's "main" is a UMD build that esbuild cannot follow; its ESM build bundles cleanly.
  mainFields: ['module', 'main'],
};

const builds = [
  {
    ...common,
    entryPoints: { extension: 'src/extension/extension.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
  },
  {
    ...common,
    entryPoints: {
      trainer: 'src/training/trainerProcess.ts',
      'cli/gan-train': 'src/training/cli/ganTrain.ts',
      'cli/gan-export': 'src/training/cli/ganExport.ts',
      'cli/gan-sample': 'src/training/cli/ganSample.ts',
      'cli/gan-sweep': 'src/training/cli/ganSweep.ts',
    },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // webgpu (Dawn) is an optional, native, ESM-only package: loaded by a dynamic import() at run time.
    external: ['@tensorflow/*', 'webgpu'],
  },
  {
    ...common,
    entryPoints: {
      'webview/main': 'webview/src/main.ts',
      'webview/samples': 'webview/src/samplesMain.ts',
      'webview/sweep': 'webview/src/sweepMain.ts',
      'webview/compare': 'webview/src/compareMain.ts',
    },
    outdir: 'dist',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  },
];

// A production build is what gets packaged: start from an empty dist/ so no stale file (a source
// map of an earlier development build, a removed bundle) ends up in the vsix.
if (production) rmSync('dist', { recursive: true, force: true });

if (watch) {
  const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('esbuild: watching for changes');
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
