// Builds the sweep dashboard's harness: the real sweep bundle (same esbuild options as esbuild.mjs),
// sweepHarness.js (a fake host playing the sweeps given, as the host sends them) and sweep.html,
// served with the same CSP as the extension's panels. The render tests build it with sweeps read
// from a sweep folder fixture by the host's own reader.
import * as esbuild from 'esbuild';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BROWSER_BUILD, inlineDataPlugin } from './bundleOptions.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');

/** Builds into outDir: sweep.html with the sweeps (name → SweepView) inlined. */
export async function buildSweepHarness({ sweeps, outDir }) {
  const sweepData = inlineDataPlugin('sweep-harness-data', { sweeps });
  mkdirSync(outDir, { recursive: true });
  const browser = BROWSER_BUILD;
  await esbuild.build({ ...browser, entryPoints: { sweep: join(root, 'webview/src/sweepMain.ts') }, outdir: outDir });
  await esbuild.build({ ...browser, entryPoints: { sweepHarness: join(here, 'sweepHarness.ts') }, outdir: outDir, plugins: [sweepData] });
  const template = readFileSync(join(here, 'harness.html'), 'utf8');
  writeFileSync(
    join(outDir, 'sweep.html'),
    template
      .replaceAll('harness.js', 'sweepHarness.js')
      .replaceAll('{{ENTRY}}', 'sweep.js')
      .replaceAll('{{TITLE}}', 'GAN sweep dashboard (harness)'),
  );
}
