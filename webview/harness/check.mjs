/* global window, document, sessionStorage -- used only inside functions that run in the page */
// Drives the harness pages like a user and checks what the webview posts and shows: legend toggles,
// wheel zoom and Reset, log scale, the samples slider (requestSamples), play, gradient arrows,
// hyper-parameter validation, state restored after a reload, and a live theme switch. Writes
// screenshots of the interesting states into out/screenshots/.
//
//   node webview/harness/build.mjs && node webview/harness/check.mjs
import { createServer } from 'node:http';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const served = join(root, 'out', 'harness');
const shots = join(root, 'out', 'screenshots');
mkdirSync(shots, { recursive: true });
const server = createServer((req, res) => {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  const file = join(served, path === '/' ? 'index.html' : path);
  if (!file.startsWith(served) || !existsSync(file)) return void res.writeHead(path === '/favicon.ico' ? 204 : 404).end();
  res.writeHead(200, { 'content-type': extname(file) === '.html' ? 'text/html' : 'text/javascript' }).end(readFileSync(file));
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
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
const errors = [];
page.on('pageerror', (e) => errors.push(e.message));
page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));

const posted = () => page.evaluate(() => window.__harness.posted);
const open = async (query) => {
  await page.goto(`${base}/index.html?${query}`);
  await page.waitForFunction(() => window.__harness?.snapshotSent === true);
  await page.waitForTimeout(300);
};
let checks = 0;
const check = async (name, fn) => {
  await fn();
  checks++;
  console.log(`ok   ${name}`);
};

await open('run=ring8&theme=dark');
await page.evaluate(() => sessionStorage.clear());
await open('run=ring8&theme=dark');

await check('posts ready on load', async () => assert.equal((await posted())[0].type, 'ready'));

const lossCanvas = page.locator('section[aria-label="Losses"] canvas');
await check('legend click hides a series and the choice is kept in the view state', async () => {
  await lossCanvas.click({ position: { x: 40, y: 19 } }); // "D loss" legend entry
  await page.waitForTimeout(100);
  const state = await page.evaluate(() => JSON.parse(sessionStorage.getItem('gw-state')));
  assert.equal(state.visibility.loss.dLoss, false);
  await lossCanvas.click({ position: { x: 40, y: 19 } });
  await page.waitForTimeout(100);
  assert.equal((await page.evaluate(() => JSON.parse(sessionStorage.getItem('gw-state')))).visibility.loss.dLoss, true);
});

await check('wheel zooms x and enables Reset zoom; Reset restores', async () => {
  const reset = page.locator('section[aria-label="Losses"] button', { hasText: 'Reset zoom' });
  assert.equal(await reset.isDisabled(), true);
  await lossCanvas.hover({ position: { x: 600, y: 150 } });
  for (let i = 0; i < 5; i++) await page.mouse.wheel(0, -200);
  await page.waitForTimeout(300);
  assert.equal(await reset.isDisabled(), false);
  await page.screenshot({ path: join(shots, 'check-loss-zoomed-dark.png'), clip: { x: 0, y: 60, width: 1280, height: 380 } });
  await reset.click();
  await page.waitForTimeout(100);
  assert.equal(await reset.isDisabled(), true);
});

await check('log scale toggles and is remembered', async () => {
  await page.getByLabel('log scale').check();
  await page.waitForTimeout(100);
  await page.screenshot({ path: join(shots, 'check-loss-log-dark.png'), clip: { x: 0, y: 60, width: 1280, height: 380 } });
  assert.equal((await page.evaluate(() => JSON.parse(sessionStorage.getItem('gw-state')))).logScale, true);
});

await check('gradient arrows toggle draws the fixed gradients', async () => {
  await page.getByLabel('gradient arrows').check();
  await page.waitForTimeout(150);
  const box = await page.locator('section[aria-label="Samples"]').boundingBox();
  await page.screenshot({ path: join(shots, 'check-ring8-gradients-dark.png'), clip: box });
});

await check('the samples slider asks the host for that step and shows its record', async () => {
  const slider = page.getByLabel('samples step');
  await slider.focus();
  await page.keyboard.press('Home');
  await page.waitForTimeout(300);
  const requests = (await posted()).filter((m) => m.type === 'requestSamples');
  assert.deepEqual(requests.at(-1), { type: 'requestSamples', payload: { step: 0 } });
  const label = await page.locator('section[aria-label="Samples"] .gw-step-label').textContent();
  assert.match(label, /^step 0 of 1,500/);
  assert.equal(await page.getByLabel('follow latest').isChecked(), false);
  const box = await page.locator('section[aria-label="Samples"]').boundingBox();
  await page.screenshot({ path: join(shots, 'check-ring8-step0-dark.png'), clip: box });
});

await check('play animates through the steps', async () => {
  await page.getByRole('button', { name: '▶ Play' }).click();
  await page.waitForTimeout(1700);
  await page.getByRole('button', { name: '⏸ Pause' }).click();
  const steps = (await posted()).filter((m) => m.type === 'requestSamples').map((m) => m.payload.step);
  assert.ok(steps.length >= 3, `requests: ${steps}`);
});

await check('follow latest returns to the newest samples', async () => {
  await page.getByLabel('follow latest').check();
  await page.waitForTimeout(100);
  assert.match(await page.locator('section[aria-label="Samples"] .gw-step-label').textContent(), /^step 1,500 of 1,500/);
});

await check('the histogram slider selects an older record and turns "follow newest" off', async () => {
  const slider = page.getByLabel('histogram step');
  await slider.focus();
  await page.keyboard.press('Home');
  await page.waitForTimeout(100);
  assert.equal(await page.getByLabel('follow newest').isChecked(), false);
  assert.match(await page.locator('section[aria-label="D on real vs fake"] .gw-step-label').textContent(), /^step 100 /);
});

await check('a reload restores the UI choices', async () => {
  await page.reload();
  await page.waitForFunction(() => window.__harness?.snapshotSent === true);
  await page.waitForTimeout(200);
  assert.equal(await page.getByLabel('log scale').isChecked(), true);
  assert.equal(await page.getByLabel('gradient arrows').isChecked(), true);
  assert.equal(await page.getByLabel('follow newest').isChecked(), false);
});

await check('buttons are disabled for a finished run except the open buttons', async () => {
  for (const name of ['Stop', 'Pause', 'Sample Now'])
    assert.equal(await page.getByRole('button', { name, exact: true }).isDisabled(), true, name);
  await page.getByRole('button', { name: 'Open Run Folder' }).click();
  assert.deepEqual((await posted()).at(-1), { type: 'runAction', payload: { action: 'openRunFolder' } });
});

await page.evaluate(() => sessionStorage.clear());
await open('run=parabola-minimax&theme=light&mode=live');
await check('live: Pause posts runAction and the button becomes Resume', async () => {
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await page.waitForTimeout(200);
  assert.deepEqual((await posted()).filter((m) => m.type === 'runAction').at(-1), { type: 'runAction', payload: { action: 'pause' } });
  await page.getByRole('button', { name: 'Resume', exact: true }).click();
  assert.deepEqual((await posted()).at(-1), { type: 'runAction', payload: { action: 'resume' } });
});

await check('live: hyper-parameters validate and post setHyperparameter on Enter and on blur', async () => {
  await page.fill('#hp-discriminatorLr', '-1');
  await page.press('#hp-discriminatorLr', 'Enter');
  assert.match(await page.locator('.gw-field:has(#hp-discriminatorLr) .gw-error').textContent(), /negative/);
  await page.fill('#hp-discriminatorLr', '3e-4');
  await page.press('#hp-discriminatorLr', 'Enter');
  await page.fill('#hp-samplesEvery', '100');
  await page.locator('#hp-steps').focus(); // blur commits
  await page.fill('#hp-steps', '10');
  await page.press('#hp-steps', 'Enter');
  const sent = (await posted()).filter((m) => m.type === 'setHyperparameter').map((m) => m.payload);
  assert.deepEqual(sent, [
    { key: 'discriminatorLr', value: 3e-4 },
    { key: 'samplesEvery', value: 100 },
  ]);
  assert.match(await page.locator('.gw-field:has(#hp-steps) .gw-error').textContent(), /at least/);
  await page.press('#hp-steps', 'Escape');
  await page.locator('#hp-steps').blur();
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(200);
  await page.screenshot({ path: join(shots, 'check-parabola-live-light.png'), fullPage: true });
});

await check('a theme switch at run time recolours the charts', async () => {
  const before = await page.locator('section[aria-label="Losses"] canvas').screenshot();
  await page.evaluate(() => {
    document.body.classList.replace('vscode-light', 'vscode-dark');
    const vars = {
      '--vscode-editor-background': '#1f1f1f',
      '--vscode-foreground': '#cccccc',
      '--vscode-descriptionForeground': '#9d9d9d',
      '--vscode-charts-purple': '#b180d7',
    };
    for (const [k, v] of Object.entries(vars)) document.documentElement.style.setProperty(k, v);
  });
  await page.waitForTimeout(300);
  const after = await page.locator('section[aria-label="Losses"] canvas').screenshot();
  assert.notDeepEqual(before, after);
});

assert.deepEqual(errors, []);
await browser.close();
server.close();
console.log(`${checks} checks passed`);
