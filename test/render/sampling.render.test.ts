/**
 * Render test of the dashboard's MCMC card in headless chromium: a ring-8 run trained here, then
 * sampled with gan-sample (Langevin, then MALA), played by the webview harness. In a light and a
 * dark theme every canvas of the card (samples before and after, latent paths, energy, acceptance,
 * quality) has drawn pixels in its series' colours; the picker lists both results newest first and
 * asks the host for the other one; the button posts the action; a run without results shows the
 * empty state with the button. Screenshots go to out/test-artifacts/render/.
 *
 * It needs chromium (`npm run setup` installs it). GAN_WORKBENCH_SKIP_RENDER=1 leaves the suite out (test/run.mjs).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { openHarnessPage, startHarness, type HarnessSession } from './harnessPage';
import { requireChromium, ensureDist, readRecordedRun, repoRoot, trainRuns } from './setup';

const ARTIFACTS = join(repoRoot, 'out', 'test-artifacts', 'render');
const CARD = 'section[aria-label="MCMC sampling in latent space"]';
const CANVAS = {
  pair: `${CARD} canvas[aria-label="samples before and after sampling"]`,
  paths: `${CARD} canvas[aria-label="chains in latent space"]`,
  energy: `${CARD} canvas[aria-label^="energy per step"]`,
  acceptance: `${CARD} canvas[aria-label^="acceptance rate per step"]`,
  quality: `${CARD} canvas[aria-label="quality before and after sampling"]`,
} as const;

/** Share of the canvas drawn (not background), and the pixels near each theme colour asked for. */
function ink(page: Page, selector: string, colorVars: readonly string[]): Promise<{ share: number; matches: number[] } | null> {
  return page.evaluate(
    ({ selector, colorVars }) => {
      const canvas = document.querySelector<HTMLCanvasElement>(selector);
      if (!canvas || canvas.width === 0 || canvas.height === 0) return null;
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      const rgb = (name: string) => {
        const hex = getComputedStyle(document.documentElement).getPropertyValue(name).trim().replace('#', '');
        return [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16));
      };
      const bg = rgb('--vscode-editor-background');
      const colors = colorVars.map(rgb);
      const matches = colors.map(() => 0);
      let drawn = 0;
      for (let p = 0; p < data.length; p += 4) {
        if (data[p + 3]! === 0) continue;
        const [r, g, b] = [data[p]!, data[p + 1]!, data[p + 2]!];
        if (Math.abs(r - bg[0]!) + Math.abs(g - bg[1]!) + Math.abs(b - bg[2]!) > 24) drawn++;
        if (data[p + 3]! < 100) continue;
        colors.forEach((c, i) => {
          if (Math.abs(r - c[0]!) + Math.abs(g - c[1]!) + Math.abs(b - c[2]!) <= 60) matches[i]!++;
        });
      }
      return { share: drawn / (canvas.width * canvas.height), matches };
    },
    { selector, colorVars },
  );
}

function sample(runDir: string, ...args: string[]): string {
  const r = spawnSync(process.execPath, [join(repoRoot, 'bin', 'gan-sample.js'), runDir, ...args], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return /^wrote .*[/\\]([^/\\\n]+)$/m.exec(r.stdout)![1]!;
}

describe('render: the MCMC sampling card in chromium, a trained and sampled ring-8 run', function () {
  this.timeout(60_000);
  let harness: HarnessSession | undefined;
  let runsRoot = '';
  let ids: { langevin: string; mala: string } = { langevin: '', mala: '' };

  before(async function () {
    this.timeout(300_000);
    requireChromium();
    ensureDist();
    runsRoot = mkdtempSync(join(tmpdir(), 'gan-render-sampling-'));
    await trainRuns(runsRoot, [{ experiment: 'ring8-nonsaturating.gan.json', steps: 600 }]);
    const { runDir } = readRecordedRun(runsRoot, 'ring8');
    const langevin = sample(runDir, '--method', 'langevin', '--chains', '256', '--steps', '60');
    const mala = sample(runDir, '--method', 'mala', '--chains', '256', '--steps', '60');
    ids = { langevin, mala };
    mkdirSync(ARTIFACTS, { recursive: true });
    harness = await startHarness(runsRoot, join(ARTIFACTS, 'sampling-harness'));
  });

  after(async () => {
    if (harness) await harness.close();
    else if (runsRoot) rmSync(runsRoot, { recursive: true, force: true });
  });

  const open = (path: string) => openHarnessPage(harness!.context, harness!.base, path, { width: 1400, height: 1000 });

  for (const theme of ['dark', 'light'] as const) {
    it(`${theme} theme: samples, paths, energy, acceptance and quality are drawn; the newest (MALA) result is shown`, async () => {
      const { page, clean } = await open(`index.html?run=ring8&theme=${theme}`);
      await page.waitForSelector(`${CARD} .gw-sampling-row`, { state: 'visible' });
      const card = page.locator(CARD);
      await card.scrollIntoViewIfNeeded();
      await card.screenshot({ path: join(ARTIFACTS, `sampling-ring8-${theme}.png`) });
      const expected: [keyof typeof CANVAS, string[]][] = [
        // The points are in the point palette's colours (checked below).
        ['pair', []],
        ['paths', []],
        ['energy', ['--vscode-charts-purple']],
        ['acceptance', ['--vscode-charts-green']],
        ['quality', ['--vscode-charts-orange']],
      ];
      for (const [name, colors] of expected) {
        const drawn = await ink(page, CANVAS[name], colors);
        assert.ok(drawn, `${name}: canvas present and sized`);
        assert.ok(drawn.share > 0.01, `${name}: ${(drawn.share * 100).toFixed(2)}% of the canvas drawn`);
        drawn.matches.forEach((m, i) => assert.ok(m >= 20, `${name}: ${m} pixels in ${colors[i]}`));
      }
      // Generated points and the real data over them, each in its colour of the theme's point palette.
      const points = await page.evaluate((selector) => {
        const canvas = document.querySelector<HTMLCanvasElement>(selector)!;
        const palette = JSON.parse(canvas.dataset.palette!) as Record<'generated' | 'real', { r: number; g: number; b: number }>;
        const d = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
        const count = (c: { r: number; g: number; b: number }) => {
          let n = 0;
          for (let p = 0; p < d.length; p += 4)
            if (d[p + 3]! > 200 && Math.abs(d[p]! - c.r) + Math.abs(d[p + 1]! - c.g) + Math.abs(d[p + 2]! - c.b) <= 30) n++;
          return n;
        };
        return { generated: count(palette.generated), real: count(palette.real) };
      }, CANVAS.pair);
      assert.ok(points.generated >= 100 && points.real >= 100, `pair: ${points.generated} generated, ${points.real} real pixels`);
      const options = await page
        .getByLabel('sampling result')
        .evaluate((s: HTMLSelectElement) => Array.from(s.options, (o) => [o.value, o.text]));
      assert.deepEqual(
        options.map(([value]) => value),
        [ids.mala, ids.langevin],
        'newest first',
      );
      assert.match(options[0]![1]!, /^MALA · checkpoint 600 · \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/);
      const text = (await card.textContent()) ?? '';
      assert.match(text, /256 chains × 60 MALA steps · ε 0\.01 · T 1 · fresh start · prior on/);
      assert.match(text, /acceptance \d+\.\d% of proposals/);
      assert.match(text, /high-quality share \(within 3σ of a mode\)/);
      const legend = await card.locator('.gw-legend > span').allTextContents();
      assert.ok(
        legend.some((t) => t.startsWith('prior N(0, I): ‖z‖ = 1, 2, 3')),
        legend.join(' | '),
      );
      assert.ok(legend.includes('E(z): low … high'), legend.join(' | '));
      await clean();
      await page.close();
    });
  }

  it('the picker asks the host for another result and shows it; the button posts the MCMC action', async () => {
    const { page, posted, clean } = await open('index.html?run=ring8&theme=dark');
    await page.waitForSelector(`${CARD} .gw-sampling-row`, { state: 'visible' });
    await page.getByLabel('sampling result').selectOption(ids.langevin);
    assert.deepEqual((await posted()).at(-1), { type: 'requestSampling', payload: { id: ids.langevin } });
    await page.waitForFunction((card) => document.querySelector(card)?.textContent?.includes('Langevin takes every step'), CARD);
    const acceptance = await ink(page, CANVAS.acceptance, ['--vscode-charts-green']);
    assert.ok(acceptance && acceptance.matches[0]! >= 20, 'Langevin’s line at 1');
    await page.locator(CARD).screenshot({ path: join(ARTIFACTS, 'sampling-ring8-langevin-dark.png') });
    await page.locator(CARD).getByRole('button', { name: 'Sample With MCMC…' }).first().click();
    assert.deepEqual((await posted()).at(-1), { type: 'runAction', payload: { action: 'sampleWithMcmc' } });
    await clean();
    await page.close();
  });

  it('a run without results shows the empty state, whose button posts the MCMC action', async () => {
    const { page, posted, clean } = await open('index.html?run=ring8&theme=light&mode=empty');
    const empty = page.locator(`${CARD} .gw-sampling-empty`);
    await empty.waitFor({ state: 'visible' });
    assert.match((await empty.textContent()) ?? '', /^No MCMC sampling yet\./);
    assert.equal(await page.locator(`${CARD} .gw-sampling-row`).first().isVisible(), false);
    assert.equal(await page.getByLabel('sampling result').isVisible(), false);
    await empty.getByRole('button', { name: 'Sample With MCMC…' }).click();
    assert.deepEqual((await posted()).at(-1), { type: 'runAction', payload: { action: 'sampleWithMcmc' } });
    await clean();
    await page.close();
  });
});
