/**
 * Render tests of the energy view: synthetic runs with the `energy` loss whose energies are known
 * (webview/harness/energyRun.ts: a bowl with 8 wells on the ring, and a 1-D mixture), and a short
 * non-saturating ring run recorded by the real trainer, played by the webview harness in headless
 * chromium. The energy card draws U with contour lines, the model density softmax(−U) brightest
 * where U is lowest beside the real density, follows the timeline (the Samples card's step) and overlays the
 * generated samples on request; the mutual-information card names its estimator; a non-energy run
 * shows neither card. Screenshots go to out/test-artifacts/render/.
 *
 * GAN_WORKBENCH_SKIP_RENDER=1 leaves the suite out (test/run.mjs).
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { SampleRecord } from '../../src/shared/runFormat';
import { ENERGY_LINE_RUN, ENERGY_RING_RUN, writeEnergyRuns } from '../../webview/harness/energyRun';
import { frames, openHarnessPage, startHarness, type HarnessSession } from './harnessPage';
import { requireChromium, ensureDist, readRecordedRun, repoRoot, trainRuns } from './setup';

const ARTIFACTS = join(repoRoot, 'out', 'test-artifacts', 'render');
const CRITIC_RUN = 'ring8';
const ENERGY_CARD = 'section[aria-label="Energy view"]';
const MI_CARD = 'section[aria-label="Mutual information"]';
const CANVAS = {
  surface: `${ENERGY_CARD} canvas[aria-label="energy surface"]`,
  model: `${ENERGY_CARD} canvas[aria-label="model density"]`,
  real: `${ENERGY_CARD} canvas[aria-label="real density"]`,
  line: `${ENERGY_CARD} canvas[aria-label="energy along the line"]`,
  mi: `${MI_CARD} .gw-chart canvas`,
} as const;

interface PlotPixels {
  /** Share of the canvas drawn in a colour other than the background. */
  drawn: number;
  /** Pixels of the plot area that are grey and far in lightness from the background (contour strokes). */
  strokes: number;
  /** Pixels close to the fake hue (generated samples). */
  fake: number;
  /** Distance from the background's colour at each point asked for (data coordinates). */
  intensities: number[];
}

/** Reads a canvas in the page: what is drawn, and the intensity at data points through its `data-frame`. */
function plotPixels(page: Page, selector: string, points: readonly (readonly [number, number])[] = []): Promise<PlotPixels | null> {
  return page.evaluate(
    ({ selector, points }) => {
      const canvas = document.querySelector<HTMLCanvasElement>(selector);
      if (!canvas || canvas.width === 0 || canvas.offsetParent === null) return null;
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      const rgb = (name: string) => {
        const hex = getComputedStyle(document.documentElement).getPropertyValue(name).trim().replace('#', '');
        return [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16));
      };
      const bg = rgb('--vscode-editor-background');
      const fake = rgb('--vscode-charts-orange');
      const lightness = (r: number, g: number, b: number) => (r + g + b) / 3;
      const frame = JSON.parse(canvas.dataset.frame ?? 'null') as {
        area: { left: number; top: number; width: number; height: number };
        x: { min: number; max: number };
        y: { min: number; max: number };
      } | null;
      const dpr = canvas.width / parseFloat(canvas.style.width);
      let drawn = 0;
      let strokes = 0;
      let fakeCount = 0;
      const inArea = (px: number, py: number) =>
        !!frame &&
        px >= frame.area.left * dpr &&
        px < (frame.area.left + frame.area.width) * dpr &&
        py >= frame.area.top * dpr &&
        py < (frame.area.top + frame.area.height) * dpr;
      for (let p = 0; p < data.length; p += 4) {
        if (data[p + 3]! === 0) continue;
        const [r, g, b] = [data[p]!, data[p + 1]!, data[p + 2]!];
        if (Math.abs(r - bg[0]!) + Math.abs(g - bg[1]!) + Math.abs(b - bg[2]!) > 24) drawn++;
        if (Math.abs(r - fake[0]!) + Math.abs(g - fake[1]!) + Math.abs(b - fake[2]!) <= 40) fakeCount++;
        const i = p / 4;
        const grey = Math.max(r, g, b) - Math.min(r, g, b) < 30;
        if (
          grey &&
          inArea(i % canvas.width, Math.floor(i / canvas.width)) &&
          Math.abs(lightness(r, g, b) - lightness(bg[0]!, bg[1]!, bg[2]!)) > 90
        )
          strokes++;
      }
      const intensities = points.map(([x, y]) => {
        if (!frame) return NaN;
        const px = Math.round((frame.area.left + ((x - frame.x.min) / (frame.x.max - frame.x.min)) * frame.area.width) * dpr);
        const py = Math.round(
          (frame.area.top + frame.area.height - ((y - frame.y.min) / (frame.y.max - frame.y.min)) * frame.area.height) * dpr,
        );
        const p = (py * canvas.width + px) * 4;
        return Math.abs(data[p]! - bg[0]!) + Math.abs(data[p + 1]! - bg[1]!) + Math.abs(data[p + 2]! - bg[2]!);
      });
      return { drawn: drawn / (canvas.width * canvas.height), strokes, fake: fakeCount, intensities };
    },
    { selector, points },
  );
}

/** The newest samples record of a run directory. */
function lastRecord(runDir: string): SampleRecord {
  const file = readdirSync(join(runDir, 'samples'))
    .filter((f) => f.endsWith('.json'))
    .sort()
    .at(-1)!;
  return JSON.parse(readFileSync(join(runDir, 'samples', file), 'utf8')) as SampleRecord;
}

describe('render: the energy view (synthetic energy runs, a non-energy run for contrast)', function () {
  this.timeout(60_000);
  let harness: HarnessSession | undefined;
  let runsRoot = '';
  let ringRecord: SampleRecord;
  let criticDir = '';

  before(async function () {
    this.timeout(300_000);
    requireChromium();
    ensureDist();
    runsRoot = mkdtempSync(join(tmpdir(), 'gan-render-energy-'));
    const energy = writeEnergyRuns(runsRoot);
    ringRecord = lastRecord(energy.ring);
    await trainRuns(runsRoot, [{ experiment: 'ring8-nonsaturating.gan.json', steps: 100 }]);
    criticDir = readRecordedRun(runsRoot, CRITIC_RUN).runDir;
    mkdirSync(ARTIFACTS, { recursive: true });
    harness = await startHarness(runsRoot, join(ARTIFACTS, 'harness-energy'));
    assert.deepEqual(harness.built, [CRITIC_RUN, ENERGY_LINE_RUN, ENERGY_RING_RUN].sort());
  });

  after(async () => {
    if (harness) await harness.close();
    else if (runsRoot) rmSync(runsRoot, { recursive: true, force: true });
  });

  async function open(path: string) {
    const opened = await openHarnessPage(harness!.context, harness!.base, path);
    const clean = async () => {
      await opened.clean();
      await opened.page.close();
    };
    return { page: opened.page, clean };
  }

  for (const theme of ['dark', 'light'] as const) {
    it(`2-D, ${theme} theme: U with contour lines, softmax(−U) brightest where U is lowest beside the real density, MI by T`, async () => {
      const { page, clean } = await open(`index.html?run=${ENERGY_RING_RUN}&theme=${theme}`);
      await page.screenshot({ path: join(ARTIFACTS, `dashboard-energy-ring8-${theme}.png`), fullPage: true });
      await page.locator(ENERGY_CARD).screenshot({ path: join(ARTIFACTS, `energy-card-ring8-${theme}.png`) });

      const grid = ringRecord.grid!;
      const n = grid.resolution;
      const centres = grid.values.map((_, i): [number, number] => [
        grid.xMin + (((i % n) + 0.5) / n) * (grid.xMax - grid.xMin),
        grid.yMin + ((Math.floor(i / n) + 0.5) / n) * (grid.yMax - grid.yMin),
      ]);
      for (const name of ['surface', 'model', 'real'] as const) {
        const pixels = await plotPixels(page, CANVAS[name]);
        assert.ok(pixels && pixels.drawn > 0.05, `${name}: ${((pixels?.drawn ?? 0) * 100).toFixed(1)}% drawn`);
      }
      const surface = (await plotPixels(page, CANVAS.surface))!;
      assert.ok(surface.strokes > 150, `contour strokes: ${surface.strokes} pixels`);
      const contourLegend = await page.locator(`${ENERGY_CARD} .gw-legend > span`).allTextContents();
      assert.ok(
        contourLegend.some((t) => /^contours: U = -?\d/.test(t)),
        contourLegend.join(' | '),
      );

      // The brightest cell of the model's density is one of the lowest energies.
      const model = (await plotPixels(page, CANVAS.model, centres))!;
      const brightest = model.intensities.indexOf(Math.max(...model.intensities));
      const lo = Math.min(...grid.values);
      const hi = Math.max(...grid.values);
      assert.ok(grid.values[brightest]! - lo < 0.1 * (hi - lo), `brightest at U = ${grid.values[brightest]} (U from ${lo} to ${hi})`);
      const lowest = grid.values.indexOf(lo);
      const highest = grid.values.indexOf(hi);
      assert.ok(model.intensities[lowest]! > model.intensities[highest]! + 50, 'low energy bright, high energy dark');
      assert.equal(model.fake, 0, 'no generated samples until asked for');

      await page.locator(ENERGY_CARD).getByLabel('generated samples').check();
      await frames(page);
      const overlaid = (await plotPixels(page, CANVAS.model))!;
      assert.ok(overlaid.fake > 100, `generated samples drawn: ${overlaid.fake} pixels`);

      assert.match((await page.locator(`${MI_CARD} h2`).textContent()) ?? '', /statistics network/);
      const mi = await page.evaluate(
        (s) => JSON.parse(document.querySelector<HTMLCanvasElement>(s)?.dataset.legend ?? '[]') as { text: string }[],
        CANVAS.mi,
      );
      assert.deepEqual(
        mi.map((e) => e.text),
        ['I estimate (nats)', "T's cross-entropy"],
      );
      await clean();
    });
  }

  it("2-D: the energy card follows the timeline (through the Samples card's step)", async () => {
    const { page, clean } = await open(`index.html?run=${ENERGY_RING_RUN}&theme=dark`);
    const hint = page.locator(`${ENERGY_CARD} .gw-hint`);
    const lastStep = ringRecord.step.toLocaleString('en');
    assert.equal(await hint.textContent(), `step ${lastStep} (the Samples card's step)`);
    const before = await page.locator(CANVAS.surface).evaluate((c: HTMLCanvasElement) => c.toDataURL());
    await page.getByLabel('timeline step').focus();
    await page.keyboard.press('Home');
    await page.waitForFunction((s) => document.querySelector(s)?.textContent?.startsWith('step 250 '), `${ENERGY_CARD} .gw-hint`);
    const after = await page.locator(CANVAS.surface).evaluate((c: HTMLCanvasElement) => c.toDataURL());
    assert.notEqual(after, before, 'the surface of the earlier step is drawn');
    await page.locator(ENERGY_CARD).screenshot({ path: join(ARTIFACTS, 'energy-card-ring8-step250-dark.png') });
    await clean();
  });

  it('1-D: U, exp(−U) normalised and the real and generated histograms over the line; MI by the encoder', async () => {
    const { page, clean } = await open(`index.html?run=${ENERGY_LINE_RUN}&theme=light`);
    await page.locator(ENERGY_CARD).screenshot({ path: join(ARTIFACTS, 'energy-card-mixture1d-light.png') });
    const line = await plotPixels(page, CANVAS.line);
    assert.ok(line && line.drawn > 0.03, `line: ${((line?.drawn ?? 0) * 100).toFixed(1)}% drawn`);
    assert.equal(await page.locator(CANVAS.surface).isVisible(), false);
    const legend = await page.locator(`${ENERGY_CARD} .gw-legend > span`).allTextContents();
    for (const entry of ['model exp(−U) / Z', 'real density', 'real batch', 'generated (fixed + fresh z)', 'U(x) (right axis)'])
      assert.ok(legend.includes(entry), `${entry} in ${legend.join(' | ')}`);
    assert.match((await page.locator(`${MI_CARD} h2`).textContent()) ?? '', /encoder/);
    const mi = await plotPixels(page, CANVAS.mi);
    assert.ok(mi && mi.drawn > 0.01, 'the reconstruction error is drawn');
    await clean();
  });

  it('a non-energy run shows no energy card and no mutual-information card; its samples carry the real density', async () => {
    const { page, clean } = await open(`index.html?run=${CRITIC_RUN}&theme=dark`);
    assert.equal(await page.locator(ENERGY_CARD).isVisible(), false);
    assert.equal(await page.locator(MI_CARD).isVisible(), false);
    assert.ok(await page.locator('section[aria-label="Samples"] canvas.gw-canvas').isVisible());
    await clean();
    const recorded = lastRecord(criticDir).grid!;
    const total = recorded.realProbability!.reduce((s, p) => s + p, 0);
    assert.equal(recorded.realProbability!.length, recorded.resolution ** 2);
    assert.ok(Math.abs(total - 1) < 1e-3, `real probabilities sum to ${total}`);
  });
});
