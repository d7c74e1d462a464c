/**
 * Render tests of image samples and of the objective's reference lines: a run on image data
 * (webview/harness/imageRun.ts: the real trainer, PNG grids) and a WGAN-GP run of the ring example,
 * played by the webview harness in headless chromium. Image grids: the dashboard's samples card and
 * the side view draw the generated and the real grid with the PNGs' exact colours (nearest
 * neighbour: no blended colours when upscaled), in a light and a dark theme; the timeline's slider, Play
 * and the animated GIF walk the steps. Reference lines: the critic's chart has one 0 line for D
 * loss and the Wasserstein estimate, its estimate and gradient penalty are labelled and shown; the
 * image run (non-saturating) has D = 0.5 and 2·log 2. Screenshots go to out/test-artifacts/render/.
 *
 * GAN_WORKBENCH_SKIP_RENDER=1 leaves the suite out (test/run.mjs).
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { IMAGE_RUN_NAME, recordImageRun } from '../../webview/harness/imageRun';
import { decodeGif } from './gifDecoder';
import { frames, openHarnessPage, startHarness, type HarnessSession, type HarnessWindow } from './harnessPage';
import { requireChromium, ensureDist, readRecordedRun, repoRoot, trainRuns, type RecordedRun } from './setup';

const ARTIFACTS = join(repoRoot, 'out', 'test-artifacts', 'render');
const IMAGE_STEPS = 150;
const CRITIC = 'ring8-wgangp';
const SAMPLES_CANVAS = 'section[aria-label="Samples"] canvas.gw-canvas';
const LOSS_CANVAS = 'section[aria-label="Losses"] .gw-chart canvas';
const SCORES_CANVAS = 'section[aria-label="Discriminator scores"] .gw-chart canvas';

/** Exact colours (r,g,b) of the opaque pixels of a PNG, with their counts. */
function pngColors(file: string): Map<string, number> {
  const png = PNG.sync.read(readFileSync(file));
  const colors = new Map<string, number>();
  for (let p = 0; p < png.data.length; p += 4) {
    if (png.data[p + 3] !== 255) continue;
    const key = `${png.data[p]},${png.data[p + 1]},${png.data[p + 2]}`;
    colors.set(key, (colors.get(key) ?? 0) + 1);
  }
  return colors;
}

/** Exact colours of a canvas's opaque pixels, with their counts. */
async function canvasColors(page: Page, selector: string): Promise<Map<string, number>> {
  const entries = await page.evaluate((s) => {
    const canvas = document.querySelector<HTMLCanvasElement>(s);
    if (!canvas || canvas.width === 0) return [];
    const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    const counts = new Map<string, number>();
    for (let p = 0; p < data.length; p += 4) {
      if (data[p + 3] !== 255) continue;
      const key = `${data[p]},${data[p + 1]},${data[p + 2]}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    return [...counts.entries()];
  }, selector);
  return new Map(entries);
}

/** Share of the PNG's opaque pixels whose exact colour the canvas shows. */
function shareShown(png: Map<string, number>, canvas: Map<string, number>): number {
  let total = 0;
  let shown = 0;
  for (const [color, n] of png) {
    total += n;
    if (canvas.has(color)) shown += n;
  }
  return total === 0 ? 0 : shown / total;
}

describe('render: image samples and objective reference lines', function () {
  this.timeout(90_000);
  let harness: HarnessSession | undefined;
  let runsRoot = '';
  let imageRunDir = '';
  let imageRun: RecordedRun;

  before(async function () {
    this.timeout(600_000);
    requireChromium();
    ensureDist();
    runsRoot = mkdtempSync(join(tmpdir(), 'gan-render-images-'));
    [imageRunDir] = await Promise.all([
      recordImageRun(runsRoot, IMAGE_STEPS),
      trainRuns(runsRoot, [{ experiment: `${CRITIC}.gan.json`, steps: 300 }]),
    ]);
    imageRun = readRecordedRun(runsRoot, IMAGE_RUN_NAME);
    mkdirSync(ARTIFACTS, { recursive: true });
    harness = await startHarness(runsRoot, join(ARTIFACTS, 'harness-images'));
    assert.deepEqual(harness.built, [IMAGE_RUN_NAME, CRITIC].sort());
  });

  after(async () => {
    if (harness) await harness.close();
    else if (runsRoot) rmSync(runsRoot, { recursive: true, force: true });
  });

  /** A harness page whose `clean()` also closes it. */
  async function open(path: string, viewport?: { width: number; height: number }) {
    const opened = await openHarnessPage(harness!.context, harness!.base, path, viewport);
    const clean = async () => {
      await opened.clean();
      await opened.page.close();
    };
    return { page: opened.page, posted: opened.posted, clean };
  }

  const png = (step: number | 'real') =>
    pngColors(join(imageRunDir, 'samples', step === 'real' ? 'real.png' : `step-${String(step).padStart(8, '0')}.png`));

  for (const theme of ['light', 'dark'] as const) {
    it(`image grids, ${theme} theme: dashboard and side view draw the generated and the real grid in the PNGs' exact colours`, async () => {
      const last = imageRun.sampleSteps.at(-1)!;
      assert.equal(imageRun.layout, 'images');
      const { page, clean } = await open(`index.html?run=${IMAGE_RUN_NAME}&theme=${theme}`);
      await page.screenshot({ path: join(ARTIFACTS, `dashboard-${IMAGE_RUN_NAME}-${theme}.png`), fullPage: true });
      const shown = await canvasColors(page, SAMPLES_CANVAS);
      assert.ok(shareShown(png(last), shown) > 0.98, `generated grid: ${shareShown(png(last), shown)}`);
      assert.ok(shareShown(png('real'), shown) > 0.98, `real grid: ${shareShown(png('real'), shown)}`);
      assert.ok(png('real').size > 10, 'the real grid has colours to find');
      const legend = await page.locator('section[aria-label="Samples"] .gw-legend > span').allTextContents();
      assert.deepEqual(legend, ['28×28 px RGB · shown 1×, nearest neighbour']);
      const lastText = last.toLocaleString('en');
      assert.equal(await page.locator('section[aria-label="Samples"] .gw-step-label').textContent(), `step ${lastText} of ${lastText}`);
      assert.match((await page.locator(SAMPLES_CANVAS).getAttribute('aria-label')) ?? '', /^images samples at step/);
      await clean();

      // The side view, wide enough for 2× (nearest neighbour: every colour drawn is one of the PNGs' or the page's own).
      const side = await open(`samples.html?run=${IMAGE_RUN_NAME}&theme=${theme}`, { width: 800, height: 700 });
      await side.page.screenshot({ path: join(ARTIFACTS, `samples-${IMAGE_RUN_NAME}-${theme}.png`), fullPage: true });
      const sideShown = await canvasColors(side.page, 'canvas.gw-canvas');
      assert.ok(shareShown(png(last), sideShown) > 0.98 && shareShown(png('real'), sideShown) > 0.98);
      const known = new Set([...png(last).keys(), ...png('real').keys()]);
      let foreign = 0;
      let total = 0;
      for (const [color, n] of sideShown) {
        total += n;
        if (!known.has(color)) foreign += n;
      }
      // Upscaled grids cover most of the canvas; what is not a PNG colour is the title text, the frames and the gutters' background.
      const sideLegend = await side.page.locator('.gw-legend > span').allTextContents();
      assert.deepEqual(sideLegend, ['28×28 px RGB · shown 2×, nearest neighbour']);
      assert.ok(foreign / total < 0.2, `${((foreign / total) * 100).toFixed(1)}% of the opaque pixels are not a PNG colour`);
      await side.clean();
    });
  }

  it('image steps: the timeline asks for a step and shows its grid, Play walks the steps, the GIF has a frame per step', async () => {
    const steps = imageRun.sampleSteps;
    const { page, posted, clean } = await open(`index.html?run=${IMAGE_RUN_NAME}&theme=dark`);
    const label = (text: string) =>
      page.waitForFunction((t) => document.querySelector('section[aria-label="Samples"] .gw-step-label')?.textContent === t, text);
    const lastText = steps.at(-1)!.toLocaleString('en');
    await page.getByLabel('timeline step').focus();
    await page.keyboard.press('Home');
    await label(`step ${steps[0]!.toLocaleString('en')} of ${lastText}`);
    assert.deepEqual((await posted()).filter((m) => m.type === 'requestSamples').at(-1), {
      type: 'requestSamples',
      payload: { step: steps[0] },
    });
    await frames(page);
    const first = await canvasColors(page, SAMPLES_CANVAS);
    assert.ok(shareShown(png(steps[0]!), first) > 0.98, 'the first step’s grid');
    await page.screenshot({
      path: join(ARTIFACTS, `dashboard-${IMAGE_RUN_NAME}-step0-dark.png`),
      clip: { x: 0, y: 480, width: 1280, height: 420 },
    });

    // Play: the label moves on through further steps.
    const seen = new Set<string>();
    await page.getByRole('button', { name: '▶ Play' }).click();
    await page.waitForFunction(
      () => {
        const text = document.querySelector('section[aria-label="Samples"] .gw-step-label')?.textContent ?? '';
        const w = window as unknown as { __seen?: Set<string> };
        (w.__seen ??= new Set()).add(text.replace(' (loading…)', ''));
        return w.__seen.size >= 3;
      },
      null,
      { polling: 50, timeout: 20_000 },
    );
    for (const t of await page.evaluate(() => [...((window as unknown as { __seen: Set<string> }).__seen ?? [])])) seen.add(t);
    await page.getByRole('button', { name: '⏸ Pause' }).click();
    assert.ok(seen.size >= 3, [...seen].join(' | '));

    // The GIF: one frame per recorded step, image grids drawn into each.
    await page.getByRole('button', { name: 'Animated GIF' }).click();
    await page.waitForFunction(() => (window as unknown as HarnessWindow).__harness.exports.some((e) => e.format === 'gif'), null, {
      timeout: 60_000,
    });
    const data = await page.evaluate(() => (window as unknown as HarnessWindow).__harness.exports.find((e) => e.format === 'gif')!.data);
    const bytes = Buffer.from(data, 'base64');
    writeFileSync(join(ARTIFACTS, `${IMAGE_RUN_NAME}-samples.gif`), bytes);
    const gif = decodeGif(new Uint8Array(bytes));
    assert.equal(gif.frames.length, steps.length);
    const lastFrame = gif.frames.at(-1)!.rgb;
    const firstFrame = gif.frames[0]!.rgb;
    let changed = 0;
    for (let i = 0; i < lastFrame.length; i += 3) if (lastFrame[i] !== firstFrame[i] || lastFrame[i + 1] !== firstFrame[i + 1]) changed++;
    assert.ok(changed > 2000, `the generated grid changes between the first and the last frame (${changed} pixels)`);
    writeFileSync(join(ARTIFACTS, `${IMAGE_RUN_NAME}-gif-last-frame.png`), PNG.sync.write(rgbToPng(lastFrame, gif.width, gif.height)));
    await clean();
  });

  it('critic (WGAN-GP): one 0 line for D loss and the W estimate, the estimate and the gradient penalty labelled and shown, no D = 0.5', async () => {
    for (const theme of ['dark', 'light'] as const) {
      const { page, clean } = await open(`index.html?run=${CRITIC}&theme=${theme}`);
      await page.screenshot({ path: join(ARTIFACTS, `dashboard-${CRITIC}-${theme}.png`), fullPage: true });
      const data = (selector: string, key: 'legend' | 'references') =>
        page.evaluate(({ s, k }) => JSON.parse(document.querySelector<HTMLCanvasElement>(s)?.dataset[k] ?? 'null') as unknown, {
          s: selector,
          k: key,
        });
      assert.deepEqual(await data(LOSS_CANVAS, 'references'), [{ y: 0, label: 'equilibrium D loss = W estimate = 0' }]);
      assert.deepEqual(await data(SCORES_CANVAS, 'references'), []);
      const legend = (await data(LOSS_CANVAS, 'legend')) as { text: string; hidden: boolean }[];
      for (const text of ['D loss', 'G loss', 'W estimate', 'gradient penalty'])
        assert.ok(
          legend.some((e) => e.text === text && !e.hidden),
          `${text} shown: ${JSON.stringify(legend)}`,
        );
      assert.match(
        (await page.locator(LOSS_CANVAS).getAttribute('aria-label')) ?? '',
        /reference lines: equilibrium D loss = W estimate = 0$/,
      );
      await clean();
    }
    // The image run's objective is non-saturating: D = 0.5 and 2·log 2.
    const { page, clean } = await open(`index.html?run=${IMAGE_RUN_NAME}&theme=dark`);
    const references = (s: string) =>
      page.evaluate((sel) => JSON.parse(document.querySelector<HTMLCanvasElement>(sel)!.dataset.references!) as unknown, s);
    assert.deepEqual(await references(SCORES_CANVAS), [{ y: 0.5, label: 'equilibrium D = 0.5' }]);
    assert.deepEqual(await references(LOSS_CANVAS), [{ y: 2 * Math.log(2), label: 'equilibrium D loss = 2·log 2' }]);
    await clean();
  });
});

function rgbToPng(rgb: Uint8Array, width: number, height: number): PNG {
  const png = new PNG({ width, height });
  for (let p = 0; p < width * height; p++) {
    png.data[p * 4] = rgb[p * 3]!;
    png.data[p * 4 + 1] = rgb[p * 3 + 1]!;
    png.data[p * 4 + 2] = rgb[p * 3 + 2]!;
    png.data[p * 4 + 3] = 255;
  }
  return png;
}
