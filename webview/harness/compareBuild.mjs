// Builds the comparison page's harness: the real compare bundle (same esbuild options as
// esbuild.mjs), compareHarness.js (a fake host playing the comparisons given) and compare.html,
// served with the same CSP as the extension's panels. The render tests and the screenshots build
// it with comparisons read from run directories by the host's own reader (readComparison).
import * as esbuild from 'esbuild';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BROWSER_BUILD, inlineDataPlugin } from './bundleOptions.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');

/** Builds into outDir: compare.html with the comparisons (name → { runs, samples per run }) inlined. */
export async function buildCompareHarness({ comparisons, outDir }) {
  const compareData = inlineDataPlugin('compare-harness-data', { comparisons });
  mkdirSync(outDir, { recursive: true });
  const browser = BROWSER_BUILD;
  await esbuild.build({ ...browser, entryPoints: { compare: join(root, 'webview/src/compareMain.ts') }, outdir: outDir });
  await esbuild.build({
    ...browser,
    entryPoints: { compareHarness: join(here, 'compareHarness.ts') },
    outdir: outDir,
    plugins: [compareData],
  });
  const template = readFileSync(join(here, 'harness.html'), 'utf8');
  writeFileSync(
    join(outDir, 'compare.html'),
    template
      .replaceAll('harness.js', 'compareHarness.js')
      .replaceAll('{{ENTRY}}', 'compare.js')
      .replaceAll('{{TITLE}}', 'GAN compare runs (harness)'),
  );
}
