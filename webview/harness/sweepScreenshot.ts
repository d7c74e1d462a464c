/**
 * Screenshots the sweep dashboard of a real sweep folder, read by the host's own reader and played
 * by the sweep harness (how the README's picture is made). Fails when the page logs an error.
 *
 *   npx tsx webview/harness/sweepScreenshot.ts SWEEP_DIR OUT.png [--theme dark|light|high-contrast] [--width 1280]
 */
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { readSweepView } from '../../src/extension/sweeps/sweepFolderReader';
import { launchChromium } from '../../test/vscode/runInHost';
import { buildSweepHarness } from './sweepBuild.mjs';
import { serveHarness } from './serve.mjs';

const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1]! : fallback;
};

async function main(): Promise<void> {
  const [dir, out] = process.argv.slice(2).filter((a, i, all) => !a.startsWith('--') && !all[i - 1]?.startsWith('--'));
  if (!dir || !out) throw new Error('usage: npx tsx webview/harness/sweepScreenshot.ts SWEEP_DIR OUT.png [--theme dark] [--width 1280]');
  const theme = arg('--theme', 'dark');
  const width = Number(arg('--width', '1280'));
  const sweep = await readSweepView(resolve(dir));
  const outDir = join(__dirname, '..', '..', 'out', 'sweep-screenshot');
  await buildSweepHarness({ sweeps: { shot: sweep }, outDir });
  const server = await serveHarness(outDir);
  const chromium = await launchChromium();
  try {
    const page = await chromium.context.newPage();
    await page.setViewportSize({ width, height: 900 });
    await page.addInitScript('globalThis.__name = globalThis.__name || ((f) => f);');
    const problems: string[] = [];
    page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    await page.goto(`${server.base}/sweep.html?sweep=shot&theme=${theme}`);
    await page.waitForSelector('.gw-trials tbody tr');
    await page.waitForTimeout(600);
    mkdirSync(dirname(resolve(out)), { recursive: true });
    await page.screenshot({ path: resolve(out), fullPage: true });
    if (problems.length > 0) throw new Error(problems.join('\n'));
    console.log(`${resolve(out)}: ${sweep.trials.length} trials, ${theme} theme`);
  } finally {
    await chromium.close();
    await server.close();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
