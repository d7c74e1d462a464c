/* global window, document, sessionStorage -- used only inside functions that run in the page */
// Serves out/harness and screenshots the dashboard and the samples view for every recorded run in
// dark, light and high-contrast themes (playwright-core + Debian chromium), into out/screenshots/.
// Fails when a page logs an error or a CSP violation.
//
//   node webview/harness/build.mjs && node webview/harness/screenshot.mjs [--only ring8] [--theme dark]
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, serveHarness } from './serve.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const served = join(root, 'out', 'harness');
const shots = join(root, 'out', 'screenshots');
mkdirSync(shots, { recursive: true });

const arg = (name) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const server = await serveHarness(served, { log: (m) => console.log(`     ${m}`) });
const base = server.base;

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });

const runs = (arg('--only') ?? 'ring8,parabola-minimax,mixture1d,vec5,ring8-wgangp,shapes-rgb,mnist,mnist-conditional,stacked-mnist')
  .split(',')
  .filter((r) => r !== '' && r !== 'none');
const themes = (arg('--theme') ?? 'dark,light,high-contrast').split(',');
const extra = arg('--extra') ?? 'live,warn,empty,compare,nearest';
let failures = 0;

async function shoot(name, url, viewport, { wait = 'snapshot', action, fullPage = true } = {}) {
  const page = await browser.newPage({ viewport, deviceScaleFactor: 1 });
  const problems = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || (m.type() === 'warning' && !m.text().includes('unknown message')))
      problems.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  await page.goto(`${base}/${url}`);
  await page.waitForFunction(() => window.__harness?.snapshotSent === true, null, { timeout: 15000 });
  if (wait === 'stream') await page.waitForFunction(() => window.__harness.streamDone === true, null, { timeout: 120000 });
  if (action) await action(page);
  await page.waitForTimeout(400);
  const state = await page.evaluate(() => ({ ...window.__harness, posted: undefined }));
  problems.push(...state.errors);
  const file = join(shots, `${name}.png`);
  await page.screenshot({ path: file, fullPage });
  await page.close();
  if (problems.length > 0) failures++;
  console.log(
    `${problems.length ? 'FAIL' : 'ok  '} ${file}${wait === 'stream' ? ` (${state.frames} frames, max gap ${state.maxFrameGapMs.toFixed(0)} ms, tasks > 50 ms: ${state.longTasks.length}${state.longTasks.length ? `, longest ${Math.max(...state.longTasks)} ms` : ''})` : ''}`,
  );
  for (const p of problems) console.log(`     ${p}`);
}

for (const run of runs) {
  for (const theme of themes) {
    await shoot(`dashboard-${run}-${theme}`, `index.html?run=${run}&theme=${theme}`, { width: 1280, height: 900 });
    await shoot(`samples-${run}-${theme}`, `samples.html?run=${run}&theme=${theme}`, { width: 340, height: 480 });
  }
}
if (extra.includes('nearest') && runs.includes('mnist'))
  for (const theme of themes)
    // A generated tile picked (click, then the arrow keys) beside its nearest training images.
    await shoot(
      `dashboard-mnist-nearest-${theme}`,
      `index.html?run=mnist&theme=${theme}`,
      { width: 1280, height: 900 },
      {
        action: async (page) => {
          const canvas = page.locator('section[aria-label="Samples"] canvas.gw-canvas');
          await canvas.click({ position: { x: 60, y: 40 } });
          await page.keyboard.press('ArrowRight');
          await page.waitForSelector('.gw-nearest figure');
        },
      },
    );
if (extra.includes('warn'))
  await shoot('dashboard-ring8-warnings-dark', 'index.html?run=ring8&theme=dark&warn=1', { width: 1280, height: 900 });
if (extra.includes('empty')) {
  await shoot('dashboard-empty-light', 'index.html?run=ring8&theme=light&mode=empty', { width: 1280, height: 900 });
  await shoot('samples-empty-dark', 'samples.html?run=ring8&theme=dark&mode=empty', { width: 340, height: 400 });
}
if (extra.includes('live')) {
  await shoot(
    'dashboard-ring8-live-dark',
    'index.html?run=ring8&theme=dark&mode=live',
    { width: 1280, height: 900 },
    {
      action: async (page) => {
        await page.waitForTimeout(1500);
        await page.fill('#hp-generatorLr', '0.0002');
        await page.press('#hp-generatorLr', 'Enter');
        await page.fill('#hp-dStepsPerGStep', '1.5');
        await page.press('#hp-dStepsPerGStep', 'Enter');
        await page.hover('section[aria-label="Losses"] canvas', { position: { x: 500, y: 150 } });
      },
    },
  );
}
if (extra.includes('stress'))
  await shoot(
    'dashboard-stress-dark',
    'index.html?run=mixture1d&theme=dark&mode=stress&count=20000',
    { width: 1280, height: 900 },
    { wait: 'stream' },
  );

if (extra.includes('compare')) {
  // Compare overlay: ring8 with mixture1d and parabola overlaid (picked with the keyboard), the picker open on a third.
  const compare = async (page) => {
    await page.evaluate(() => sessionStorage.clear());
    for (const n of [1, 2]) {
      await page.getByRole('button', { name: 'Compare…' }).first().click();
      await page.waitForSelector('.gw-picker-list li');
      await page.keyboard.press('Enter'); // the first run not shown yet
      await page.waitForFunction(
        (k) => document.querySelectorAll('.gw-chip').length === 2 * k && !document.body.textContent.includes('loading…)'),
        n,
      );
    }
    await page.getByRole('button', { name: 'Compare…' }).first().click();
    await page.waitForSelector('.gw-picker-list li');
  };
  await shoot('dashboard-ring8-compare-dark', 'index.html?run=ring8&theme=dark', { width: 1280, height: 900 }, { action: compare });
  await shoot(
    'dashboard-mixture1d-compare-light',
    'index.html?run=mixture1d&theme=light',
    { width: 1280, height: 900 },
    { action: compare },
  );
  // The samples view moved back to an older step with its slider (follow latest turns off).
  await shoot(
    'samples-ring8-slider-dark',
    'samples.html?run=ring8&theme=dark',
    { width: 340, height: 520 },
    {
      action: async (page) => {
        await page.evaluate(() => sessionStorage.clear());
        await page.getByLabel('samples step').focus();
        await page.keyboard.press('Home');
        await page.keyboard.press('ArrowRight');
        await page.waitForFunction(() => !document.body.textContent.includes('loading…'));
      },
    },
  );
  // An export's answer in the status line.
  await shoot(
    'dashboard-ring8-export-light',
    'index.html?run=ring8&theme=light',
    { width: 1280, height: 900 },
    {
      fullPage: false,
      action: async (page) => {
        await page.getByRole('button', { name: 'Save Losses as PNG' }).click();
        await page.waitForFunction(() => document.querySelector('.gw-toast')?.textContent?.includes('Saved'));
      },
    },
  );
}

await browser.close();
await server.close();
console.log(failures ? `${failures} page(s) with problems` : 'all pages clean');
process.exit(failures ? 1 : 0);
