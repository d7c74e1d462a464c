/**
 * Render tests of the sweep dashboard (issue 23) in headless chromium: a sweep folder fixture
 * (test/fixtures/sweepFolder.ts, as a Slurm job array leaves it) read by the host's own reader
 * (src/extension/sweeps/sweepFolderReader.ts) and played by the sweep harness, in light, dark and
 * high-contrast themes:
 * - the trials table has one row per trial, ranked by the objective, the best trial marked; a click
 *   on a heading sorts by it (again: the other way);
 * - the scatter draws one point per trial with a value, at the trial's parameter and metric, and
 *   follows the choice of parameter and metric;
 * - the seeds of one setting show each setting's mean ± sample sd and range, computed here from
 *   the fixture's numbers;
 * - a row's Open posts `openTrial`, Compare Best Samples posts the best four trials;
 * - live: counts and the table follow the sweep as the host sends it again.
 * Screenshots of each theme go to out/test-artifacts/render/sweep-*.png.
 *
 * It needs chromium (`npm run setup` installs it). GAN_WORKBENCH_SKIP_RENDER=1 leaves the suite out (test/run.mjs).
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import type { SweepView } from '../../src/shared/protocol';
import { readSweepView } from '../../src/extension/sweeps/sweepFolderReader';
import { buildSweepHarness } from '../../webview/harness/sweepBuild.mjs';
import { serveHarness } from '../../webview/harness/serve.mjs';
import { FIXTURE_OBJECTIVE, FIXTURE_TRIALS } from '../fixtures/sweepTrials.fixture';
import { writeSweepFixture } from '../fixtures/sweepFolder';
import { launchChromium } from '../vscode/runInHost';
import { frames } from './harnessPage';
import { repoRoot, requireChromium } from './setup';

const ARTIFACTS = join(repoRoot, 'out', 'test-artifacts', 'render');
const THEMES = ['light', 'dark', 'high-contrast'] as const;
const ROWS = '.gw-trials tbody tr';
const LR = 'optimizer.generator.lr';

type SweepWindow = {
  __harness: {
    posted: { type: string; payload: Record<string, unknown> }[];
    errors: string[];
    sent: number;
    streamDone: boolean;
    release: () => void;
  };
};

const rowTrials = (page: Page) => page.$$eval(ROWS, (rows) => rows.map((r) => Number((r as HTMLElement).dataset.trial)));
const ranked = FIXTURE_TRIALS.filter((t) => t.js !== undefined).sort((a, b) => a.js! - b.js! || a.index - b.index);
const unranked = FIXTURE_TRIALS.filter((t) => t.js === undefined).map((t) => t.index);

describe('sweep dashboard (render)', function () {
  this.timeout(120_000);
  let folder: string;
  let sweep: SweepView;
  let server: { base: string; close(): Promise<void> };
  let chromium: { context: BrowserContext; close(): Promise<void> };

  before(async () => {
    requireChromium();
    folder = mkdtempSync(join(tmpdir(), 'gan-sweep-render-'));
    const dir = await writeSweepFixture(folder);
    sweep = await readSweepView(dir);
    const outDir = join(ARTIFACTS, 'sweep-harness');
    await buildSweepHarness({ sweeps: { fixture: sweep }, outDir });
    server = await serveHarness(outDir);
    chromium = await launchChromium();
    mkdirSync(ARTIFACTS, { recursive: true });
  });

  after(async () => {
    await chromium?.close();
    await server?.close();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  async function open(query: string): Promise<{ page: Page; clean: () => Promise<void> }> {
    const page = await chromium.context.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.addInitScript('globalThis.__name = globalThis.__name || ((f) => f);');
    const problems: string[] = [];
    page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    await page.goto(`${server.base}/sweep.html?sweep=fixture&${query}`);
    await page.waitForFunction(() => (window as unknown as SweepWindow).__harness.sent > 0);
    await page.waitForSelector(ROWS);
    await frames(page);
    const clean = async () => {
      const errors = await page.evaluate(() => (window as unknown as SweepWindow).__harness.errors);
      assert.deepEqual([...problems, ...errors], [], 'no console errors, page errors or CSP violations');
    };
    return { page, clean };
  }

  it('reads the fixture folder as the views show it: 12 trials, their states, the best trial', () => {
    assert.equal(sweep.trials.length, FIXTURE_TRIALS.length);
    assert.deepEqual(sweep.parameters, [LR, 'loss.kind', 'seed']);
    assert.equal(sweep.objective.metric, FIXTURE_OBJECTIVE);
    assert.equal(sweep.best, ranked[0]!.index);
    for (const t of FIXTURE_TRIALS) {
      const shown = sweep.trials.find((s) => s.index === t.index)!;
      assert.deepEqual(shown.params, { [LR]: t.lr, 'loss.kind': t.loss, seed: t.seed }, `trial ${t.index}`);
      assert.equal(shown.state, t.state, `trial ${t.index}`);
      assert.equal(shown.metrics.js, t.js, `trial ${t.index}`);
    }
  });

  for (const theme of THEMES) {
    it(`${theme} theme: table ranked with the best marked, every card drawn, no errors`, async () => {
      const { page, clean } = await open(`theme=${theme}`);
      await page.screenshot({ path: join(ARTIFACTS, `sweep-${theme}.png`), fullPage: true });
      assert.deepEqual(await rowTrials(page), [...ranked.map((t) => t.index), ...unranked]);
      const best = await page.$$eval('.gw-trials tr.best', (rows) => rows.map((r) => [(r as HTMLElement).dataset.trial, r.textContent]));
      assert.equal(best.length, 1);
      assert.equal(best[0]![0], String(ranked[0]!.index));
      assert.match(best[0]![1]!, /★/);
      const counts = await page.$$eval('.gw-sweep-counts [data-state]', (s) => s.map((e) => e.textContent));
      assert.deepEqual(counts, ['0 pending', '0 running', '10 done', '1 failed', '1 cancelled']);
      for (const canvas of ['parameters against the objective', 'metric against parameter', 'mean and spread over seeds']) {
        const size = await page.$eval(`canvas[aria-label^="${canvas}"]`, (c) => [
          (c as HTMLCanvasElement).width,
          (c as HTMLCanvasElement).height,
        ]);
        assert.ok(size[0]! > 200 && size[1]! > 150, `${canvas}: ${size.join('×')}`);
      }
      const lines = await page.$eval(
        'canvas[aria-label^="parameters against"]',
        (c) => JSON.parse((c as HTMLElement).dataset.lines!) as { trial: number; rank: number | null; positions: (number | null)[] }[],
      );
      assert.equal(lines.length, FIXTURE_TRIALS.length);
      const bestLine = lines.find((l) => l.rank === 0)!;
      assert.equal(bestLine.trial, ranked[0]!.index);
      assert.equal(bestLine.positions.at(-1), 0, 'the best trial is at the low (best) end of the js axis');
      await clean();
      await page.close();
    });
  }

  it('sorts by a heading, again the other way; the objective sorts trials without a value last', async () => {
    const { page, clean } = await open('theme=dark');
    await page.click('.gw-trials th:has-text("seed")');
    const bySeed = [...FIXTURE_TRIALS].sort((a, b) => a.seed - b.seed || a.index - b.index).map((t) => t.index);
    assert.deepEqual(await rowTrials(page), bySeed);
    assert.equal(await page.getAttribute('.gw-trials th.sorted', 'aria-sort'), 'ascending');
    await page.click('.gw-trials th:has-text("seed")');
    const bySeedDesc = [...FIXTURE_TRIALS].sort((a, b) => b.seed - a.seed || a.index - b.index).map((t) => t.index);
    assert.deepEqual(await rowTrials(page), bySeedDesc);
    await page.click('.gw-trials th:has-text("js")');
    assert.deepEqual(await rowTrials(page), [...ranked.map((t) => t.index), ...unranked]);
    await page.click('.gw-trials th:has-text("js")');
    const worstFirst = [...ranked].sort((a, b) => b.js! - a.js! || a.index - b.index).map((t) => t.index);
    assert.deepEqual(await rowTrials(page), [...worstFirst, ...unranked]);
    await clean();
    await page.close();
  });

  it('draws one scatter point per trial with a value, and follows the chosen parameter and metric', async () => {
    const { page, clean } = await open('theme=light');
    const points = () =>
      page.$eval(
        'canvas[aria-label^="metric against"]',
        (c) => JSON.parse((c as HTMLElement).dataset.points!) as { trial: number; x: unknown; y: number }[],
      );
    const expected = (x: (t: (typeof FIXTURE_TRIALS)[number]) => unknown, y: 'js' | 'modesCovered') =>
      FIXTURE_TRIALS.filter((t) => t[y] !== undefined).map((t) => ({ trial: t.index, x: x(t), y: t[y] }));
    const sortByTrial = <T extends { trial: number }>(p: T[]) => [...p].sort((a, b) => a.trial - b.trial);
    assert.deepEqual(
      sortByTrial(await points()).map(({ trial, x, y }) => ({ trial, x, y })),
      expected((t) => t.lr, 'js'),
    );
    await page.selectOption('select[aria-label="parameter (x)"]', 'loss.kind');
    await page.selectOption('select[aria-label="metric (y)"]', 'modesCovered');
    await frames(page);
    assert.deepEqual(
      sortByTrial(await points()).map(({ trial, x, y }) => ({ trial, x, y })),
      expected((t) => t.loss, 'modesCovered'),
    );
    const axes = await page.$eval(
      'canvas[aria-label^="metric against"]',
      (c) => JSON.parse((c as HTMLElement).dataset.axes!) as { xKind: string },
    );
    assert.equal(axes.xKind, 'category');
    await clean();
    await page.close();
  });

  it("shows each setting's mean ± sample sd over its seeds, computed from the fixture", async () => {
    const { page, clean } = await open('theme=dark');
    const rows = await page.$$eval('.gw-seed-table tbody tr', (trs) =>
      trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent ?? '')),
    );
    const settings = new Map<string, number[]>();
    for (const t of FIXTURE_TRIALS) {
      const key = `${LR} ${t.lr}, loss.kind ${t.loss}`;
      settings.set(key, [...(settings.get(key) ?? []), ...(t.js === undefined ? [] : [t.js])]);
    }
    assert.equal(rows.length, settings.size);
    const four = (v: number) => String(Number(v.toPrecision(4)));
    for (const [label, values] of settings) {
      const row = rows.find((r) => r[0] === label);
      assert.ok(row, `a row for ${label}: ${JSON.stringify(rows)}`);
      const mean = values.reduce((s, v) => s + v, 0) / values.length;
      const sd = values.length > 1 ? Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1)) : 0;
      assert.equal(row[1], `${values.length}/3`);
      assert.equal(row[2], `${four(mean)} ± ${four(sd)}`);
      assert.equal(row[3], `${four(Math.min(...values))} – ${four(Math.max(...values))}`);
    }
    await clean();
    await page.close();
  });

  it('posts openTrial from a row and the best four trials from Compare Best Samples', async () => {
    const { page, clean } = await open('theme=dark');
    const second = ranked[1]!.index;
    await page.click(`.gw-trials tr[data-trial="${second}"] button:has-text("Open")`);
    assert.equal(
      await page.isDisabled(`.gw-trials tr[data-trial="11"] button:has-text("Open")`),
      true,
      'a trial that never started has no dashboard',
    );
    await page.click('button:has-text("Compare Best Samples")');
    const posted = await page.evaluate(() => (window as unknown as SweepWindow).__harness.posted);
    assert.deepEqual(posted, [
      { type: 'sweepReady', payload: {} },
      { type: 'openTrial', payload: { index: second } },
      { type: 'compareTrials', payload: { indices: ranked.slice(0, 4).map((t) => t.index) } },
    ]);
    await clean();
    await page.close();
  });

  it('is live: counts and rows follow the sweep the host sends again', async () => {
    const { page, clean } = await open('theme=dark&mode=live&hold=1');
    const counts = () =>
      page.$$eval('.gw-sweep-counts [data-state]', (s) =>
        Object.fromEntries(s.map((e) => [(e as HTMLElement).dataset.state, Number(e.querySelector('b')!.textContent)])),
      );
    const first = await counts();
    assert.equal(first.done, 1);
    assert.equal(first.running, 1);
    assert.equal(first.pending, FIXTURE_TRIALS.length - 2);
    await page.evaluate(() => (window as unknown as SweepWindow).__harness.release());
    await page.waitForFunction(() => (window as unknown as SweepWindow).__harness.streamDone, undefined, { timeout: 20_000 });
    await frames(page);
    assert.deepEqual(await counts(), { pending: 0, running: 0, done: 10, failed: 1, cancelled: 1 });
    assert.deepEqual(await rowTrials(page), [...ranked.map((t) => t.index), ...unranked]);
    await clean();
    await page.close();
  });
});
