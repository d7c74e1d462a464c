/* global window -- used only inside functions that run in the page */
// Serves out/harness and screenshots the dashboard and the samples view for every recorded run in
// dark, light and high-contrast themes (playwright-core + Debian chromium), into out/screenshots/.
// Fails when a page logs an error or a CSP violation.
//
//   node webview/harness/build.mjs && node webview/harness/screenshot.mjs [--only ring8] [--theme dark]
import { createServer } from 'node:http';
import { mkdirSync, readFileSync, existsSync } from 'node:fs';
import { dirname, extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const served = join(root, 'out', 'harness');
const shots = join(root, 'out', 'screenshots');
mkdirSync(shots, { recursive: true });

const arg = (name) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.map': 'application/json', '.css': 'text/css' };
const server = createServer((req, res) => {
  const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
  const file = join(served, path === '/' ? 'index.html' : path);
  if (path === '/favicon.ico') {
    res.writeHead(204).end();
    return;
  }
  if (!file.startsWith(served) || !existsSync(file)) {
    console.log(`     404 ${req.url}`);
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${server.address().port}`;

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-quic',
  ],
});

const runs = (arg('--only') ?? 'ring8,parabola-minimax,mixture1d,vec5').split(',').filter((r) => r !== '' && r !== 'none');
const themes = (arg('--theme') ?? 'dark,light,high-contrast').split(',');
const extra = arg('--extra') ?? 'live,warn,empty';
let failures = 0;

async function shoot(name, url, viewport, { wait = 'snapshot', action } = {}) {
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
  await page.screenshot({ path: file, fullPage: true });
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

await browser.close();
server.close();
console.log(failures ? `${failures} page(s) with problems` : 'all pages clean');
process.exit(failures ? 1 : 0);
