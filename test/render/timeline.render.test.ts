/**
 * Render tests of issue 24's timeline and comparison, in headless chromium with runs recorded by
 * the trainer (ring8 for 1,000 steps: samples every 250, histograms every 100; WGAN-GP on the ring
 * for 600 steps) and the synthetic energy run (webview/harness/energyRun.ts), in every theme of the
 * harness (dark, light, high contrast):
 * - the timeline moved to a step S by its step field: every stepped view draws the record at or
 *   before S, checked against the run's files: the samples card (the record's points over D's heat
 *   map, asked of the host by step; the gradient arrows redraw it), the D histogram (its counts)
 *   and the heat strip's outlined column, the energy card and the loss, score, quality and
 *   mutual-information charts' cursor at S; a click on the loss chart moves the timeline; the keys
 *   Home, →, End and space; an unpinned card keeps its step;
 * - the comparison page with two runs where one has no record at the step: both panels, the note,
 *   histograms overlaid, the losses' cursor.
 * Screenshots go to out/test-artifacts/render/ (timeline-*.png, compare-*.png).
 *
 * GAN_WORKBENCH_SKIP_RENDER=1 leaves the suite out (test/run.mjs).
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { HistogramRecord } from '../../src/shared/runFormat';
import { buildCompareHarness } from '../../webview/harness/compareBuild.mjs';
import { readComparisonFixture } from '../../webview/harness/compareFixture';
import { ENERGY_RING_RUN, writeEnergyRuns } from '../../webview/harness/energyRun';
import { THEMES } from '../../webview/harness/themes';
import { serveHarness } from '../../webview/harness/serve.mjs';
import { frames, openHarnessPage, startHarness, type HarnessSession, type HarnessWindow } from './harnessPage';
import { ensureDist, readRecordedRun, repoRoot, requireChromium, trainRuns, type RecordedRun } from './setup';

const ARTIFACTS = join(repoRoot, 'out', 'test-artifacts', 'render');
const THEME_NAMES = Object.keys(THEMES);
const SAMPLES = 'section[aria-label="Samples"]';
const HISTOGRAM = 'section[aria-label="D on real vs fake"]';
const CURSOR_CHARTS = {
  loss: 'section[aria-label="Losses"] .gw-chart canvas',
  scores: 'section[aria-label="Discriminator scores"] .gw-chart canvas',
  quality: 'section[aria-label="Quality"] .gw-chart canvas',
};

const histogramsOf = (runDir: string): HistogramRecord[] =>
  readFileSync(join(runDir, 'histograms.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as HistogramRecord);

const attr = (page: Page, selector: string, name: string) => page.locator(selector).first().getAttribute(name);
const timelineStep = async (page: Page) => Number(await attr(page, '.gw-timeline', 'data-step'));

/** Types a step into the timeline's field and presses Enter. */
async function goToStep(page: Page, step: number): Promise<void> {
  await page.getByLabel('go to step').fill(String(step));
  await page.getByLabel('go to step').press('Enter');
  await frames(page);
}

describe('render: one timeline drives every stepped view; runs side by side (issue 24)', function () {
  this.timeout(120_000);
  let harness: HarnessSession | undefined;
  let runsRoot = '';
  let ring: RecordedRun;
  let critic: RecordedRun;

  before(async function () {
    this.timeout(400_000);
    requireChromium();
    ensureDist();
    runsRoot = mkdtempSync(join(tmpdir(), 'gan-render-timeline-'));
    writeEnergyRuns(runsRoot);
    await trainRuns(runsRoot, [
      { experiment: 'ring8-nonsaturating.gan.json', steps: 1000 },
      { experiment: 'ring8-wgangp.gan.json', steps: 600 },
    ]);
    ring = readRecordedRun(runsRoot, 'ring8');
    critic = readRecordedRun(runsRoot, 'ring8-wgangp');
    mkdirSync(ARTIFACTS, { recursive: true });
    harness = await startHarness(runsRoot, join(ARTIFACTS, 'harness-timeline'));
  });

  after(async () => {
    if (harness) await harness.close();
    else if (runsRoot) rmSync(runsRoot, { recursive: true, force: true });
  });

  const open = (path: string) => openHarnessPage(harness!.context, harness!.base, path);

  for (const theme of THEME_NAMES) {
    it(`${theme} theme: at step S every stepped view draws the record at or before S; charts mark S; a chart click and the keys move it`, async () => {
      const { page, posted, clean } = await open(`index.html?run=ring8&theme=${theme}`);
      const histograms = histogramsOf(ring.runDir);
      // Follows the newest record at first.
      assert.equal(await attr(page, '.gw-timeline', 'data-follow'), 'true');
      assert.equal(await timelineStep(page), 1000);

      // S = 620: the timeline snaps to the recorded step at or before it (600, a histogram).
      await goToStep(page, 620);
      assert.equal(await timelineStep(page), 600);
      assert.equal(await attr(page, '.gw-timeline', 'data-follow'), 'false');
      // Samples: the record at 500 (the newest at or before 600), asked of the host by step.
      await page.waitForFunction((s) => document.querySelector(s)?.getAttribute('data-shown-step') === '500', SAMPLES);
      assert.deepEqual((await posted()).filter((m) => m.type === 'requestSamples').at(-1), {
        type: 'requestSamples',
        payload: { step: 500 },
      });
      assert.equal(await attr(page, `${SAMPLES} canvas.gw-canvas`, 'aria-label'), 'points2d samples at step 500');
      assert.equal(await page.locator(`${SAMPLES} .gw-shown-step`).textContent(), 'step 500 of 1,000');
      // D's heat map and the points are those of step 500: the picture differs from step 1,000's, and the arrows redraw it.
      const at500 = await page.locator(`${SAMPLES} canvas.gw-canvas`).evaluate((c: HTMLCanvasElement) => c.toDataURL());
      await page.locator(SAMPLES).getByLabel('gradient arrows').check();
      await frames(page);
      const arrows = await page.locator(`${SAMPLES} canvas.gw-canvas`).evaluate((c: HTMLCanvasElement) => c.toDataURL());
      assert.notEqual(arrows, at500, 'the gradient arrows of step 500 are drawn');
      assert.equal(await attr(page, `${SAMPLES} canvas.gw-canvas`, 'aria-label'), 'points2d samples at step 500');

      // The histogram card: the record at 600, its counts as in histograms.jsonl; the heat strip outlines it.
      const record = JSON.parse((await attr(page, `${HISTOGRAM} .gw-chart canvas`, 'data-record')) ?? 'null') as {
        step: number;
        real: number[];
        fake: number[];
      };
      const expected = histograms.find((h) => h.step === 600)!;
      assert.deepEqual(record, { step: 600, real: expected.real, fake: expected.fake });
      assert.equal(await attr(page, `${HISTOGRAM} canvas.gw-canvas`, 'data-selected-step'), '600');
      assert.equal(await page.locator(`${HISTOGRAM} .gw-shown-step`).textContent(), `step 600 (6/${histograms.length})`);
      // Every step chart draws the cursor at 600.
      for (const [name, selector] of Object.entries(CURSOR_CHARTS))
        assert.equal(await attr(page, selector, 'data-cursor-step'), '600', `${name} chart's cursor`);
      await page.screenshot({ path: join(ARTIFACTS, `timeline-ring8-step600-${theme}.png`), fullPage: true });

      // A click on the loss chart at step ≈ 280 moves the timeline there (snapped to 250, a samples step).
      const loss = page.locator(CURSOR_CHARTS.loss);
      const area = JSON.parse((await loss.getAttribute('data-plot-area')) ?? '{}') as {
        left: number;
        right: number;
        top: number;
        bottom: number;
      };
      const [min, max] = JSON.parse((await loss.getAttribute('data-x-range')) ?? '[0,1]') as [number, number];
      const x = area.left + ((280 - min) / (max - min)) * (area.right - area.left);
      await loss.click({ position: { x, y: (area.top + area.bottom) / 2 } });
      await frames(page);
      assert.equal(await timelineStep(page), 250);
      await page.waitForFunction((s) => document.querySelector(s)?.getAttribute('data-shown-step') === '250', SAMPLES);
      assert.equal(await attr(page, `${HISTOGRAM} canvas.gw-canvas`, 'data-selected-step'), '200');

      // Unpinned, the samples card keeps step 250 while the timeline moves on.
      await page.locator(SAMPLES).getByLabel('pinned to timeline').uncheck();
      await goToStep(page, 800);
      assert.equal(await timelineStep(page), 800);
      assert.equal(await attr(page, `${HISTOGRAM} canvas.gw-canvas`, 'data-selected-step'), '800');
      assert.equal(await attr(page, SAMPLES, 'data-shown-step'), '250');
      assert.equal(await page.locator(`${SAMPLES} .gw-shown-step`).textContent(), 'step 250 of 1,000 · unpinned');
      await page.locator(SAMPLES).getByLabel('pinned to timeline').check();
      await page.waitForFunction((s) => document.querySelector(s)?.getAttribute('data-shown-step') === '750', SAMPLES);

      // The keys (outside a text field): Home, →, End, space.
      await page.locator('h1, .gw-title').first().click();
      await page.keyboard.press('Home');
      assert.equal(await timelineStep(page), 0);
      await page.keyboard.press('ArrowRight');
      assert.equal(await timelineStep(page), 100);
      await page.keyboard.press('End');
      assert.equal(await timelineStep(page), 1000);
      assert.equal(await attr(page, '.gw-timeline', 'data-follow'), 'true');
      await page.keyboard.press(' ');
      assert.equal(await page.locator('.gw-play').textContent(), '⏸ Pause');
      await page.waitForFunction(() => Number(document.querySelector('.gw-timeline')?.getAttribute('data-step')) >= 100);
      await page.keyboard.press(' ');
      assert.equal(await page.locator('.gw-play').textContent(), '▶ Play');
      await clean();
      await page.close();
    });

    it(`${theme} theme: the energy card and the mutual-information chart follow the timeline`, async () => {
      const { page, clean } = await open(`index.html?run=${ENERGY_RING_RUN}&theme=${theme}`);
      const hint = page.locator('section[aria-label="Energy view"] .gw-hint');
      await page.getByLabel('timeline step').focus();
      await page.keyboard.press('Home');
      await page.keyboard.press('ArrowRight');
      await frames(page);
      const s = await timelineStep(page);
      const sampleSteps = readRecordedRun(runsRoot, ENERGY_RING_RUN).sampleSteps;
      const shown = sampleSteps.filter((step) => step <= s).at(-1) ?? sampleSteps[0]!;
      assert.ok(shown < sampleSteps.at(-1)!, `an earlier record than the newest (${shown})`);
      await page.waitForFunction(([selector, step]) => document.querySelector(selector)?.getAttribute('data-shown-step') === step, [
        SAMPLES,
        String(shown),
      ] as const);
      await page.waitForFunction(([selector, text]) => document.querySelector(selector!)?.textContent === text, [
        'section[aria-label="Energy view"] .gw-hint',
        `step ${shown.toLocaleString('en')} (the Samples card's step)`,
      ] as const);
      assert.equal(await hint.textContent(), `step ${shown.toLocaleString('en')} (the Samples card's step)`);
      assert.equal(await attr(page, 'section[aria-label^="Mutual information"] .gw-chart canvas', 'data-cursor-step'), String(s));
      await clean();
      await page.close();
    });
  }

  it('comparison page: two runs at one step, side by side; the run without a record there says so; light and dark', async () => {
    const comparison = await readComparisonFixture([ring.runDir, critic.runDir]);
    const outDir = join(ARTIFACTS, 'harness-compare');
    await buildCompareHarness({ comparisons: { two: comparison }, outDir });
    const server = await serveHarness(outDir);
    try {
      for (const theme of THEME_NAMES) {
        const page = await harness!.context.newPage();
        await page.setViewportSize({ width: 1280, height: 900 });
        await page.addInitScript('globalThis.__name = globalThis.__name || ((f) => f);');
        const problems: string[] = [];
        page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
        page.on('pageerror', (e) => problems.push(e.message));
        await page.goto(`${server.base}/compare.html?comparison=two&theme=${theme}`);
        await page.waitForFunction(() => (window as unknown as HarnessWindow).__harness?.snapshotSent === true);
        await frames(page);
        // Following: each run shows its newest record.
        await page.waitForFunction(
          () => document.querySelector('.gw-compare-panel[data-run="1"]')?.getAttribute('data-shown-step') === '600',
        );
        assert.equal(await attr(page, '.gw-compare-panel[data-run="0"]', 'data-shown-step'), '1000');
        // Step 750: ring8 has samples there, the WGAN-GP run (600 steps) does not.
        await goToStep(page, 750);
        assert.equal(await timelineStep(page), 750);
        await page.waitForFunction(
          () => document.querySelector('.gw-compare-panel[data-run="0"]')?.getAttribute('data-shown-step') === '750',
        );
        assert.equal(await attr(page, '.gw-compare-panel[data-run="0"]', 'data-exact'), 'true');
        assert.equal(await attr(page, '.gw-compare-panel[data-run="1"]', 'data-shown-step'), '600');
        assert.equal(await attr(page, '.gw-compare-panel[data-run="1"]', 'data-exact'), 'false');
        assert.equal(
          await page.locator('.gw-compare-panel[data-run="1"] .gw-missing').textContent(),
          'no samples at step 750 · showing step 600',
        );
        assert.equal(await page.locator('.gw-compare-panel[data-run="0"] .gw-missing').textContent(), '');
        // Asked for the step each run has a record at, never a step a run lacks.
        const requests = (
          await page.evaluate(() => (window as unknown as { __harness: { posted: { type: string; payload: unknown }[] } }).__harness.posted)
        )
          .filter((m) => m.type === 'requestComparedSamples')
          .map((m) => m.payload as { run: number; step: number });
        assert.deepEqual(requests.at(-1), { run: 0, step: 750 });
        assert.ok(!requests.some((r) => r.run === 1 && r.step > 600), JSON.stringify(requests));
        // Histograms overlaid: each run's record at or before 750, both drawn, the notes say which step.
        assert.equal(await attr(page, 'section[aria-label="D on real vs fake, overlaid"] canvas', 'data-shown-steps'), '[700,600]');
        const legend = JSON.parse(
          (await attr(page, 'section[aria-label="D on real vs fake, overlaid"] canvas', 'data-legend')) ?? '[]',
        ) as string[];
        assert.equal(legend.length, 4, legend.join(' | '));
        const notes = await page.locator('.gw-compare-notes .gw-missing').allTextContents();
        assert.deepEqual(
          notes.map((n) => n.split(': ')[1]),
          ['no histogram at step 750 · showing step 700', 'no histogram at step 750 · showing step 600'],
        );
        // Losses of both runs on one chart, with the cursor at 750.
        assert.equal(await attr(page, 'section[aria-label="Losses"] canvas', 'data-cursor-step'), '750');
        const lossLegend = JSON.parse((await attr(page, 'section[aria-label="Losses"] canvas', 'data-legend')) ?? '[]') as {
          text: string;
        }[];
        assert.equal(lossLegend.length, 4, JSON.stringify(lossLegend));
        await page.screenshot({ path: join(ARTIFACTS, `compare-ring8-wgangp-step750-${theme}.png`), fullPage: true });
        assert.deepEqual(problems, []);
        assert.deepEqual(await page.evaluate(() => (window as unknown as HarnessWindow).__harness.errors), []);
        await page.close();
      }
    } finally {
      await server.close();
    }
  });
});
