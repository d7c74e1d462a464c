/**
 * Render tests of the dashboard's image cards on MNIST-like runs (webview/harness/mnistRun.ts:
 * real MNIST digits in the grids, the learned metrics in the quality records), played by the
 * webview harness in headless chromium, in a light and a dark theme:
 * - the learned metrics on quality panels of their own, one unit each: the Fréchet distance on a
 *   log axis with its real and noise levels, the kernel distance, precision and recall in %,
 *   classes covered of 10 and the classifier score of 10;
 * - the generated class histogram: a bar per class against the uniform level, KL and classes
 *   covered in the card's head, following the samples step; 1,000 Stacked MNIST modes sorted;
 * - nearest training images: a click (and the arrow keys) on a generated tile shows the tile beside
 *   its row of the nearest PNG, in the PNG's exact colours, with the record's distances;
 * - a conditional run's generated rows labelled with their class, in the dashboard and the side view.
 * Screenshots go to out/test-artifacts/render/.
 *
 * GAN_WORKBENCH_SKIP_RENDER=1 leaves the suite out (test/run.mjs).
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { PNG } from 'pngjs';
import type { QualityRecord, SampleRecord } from '../../src/shared/runFormat';
import { MNIST_CONDITIONAL_RUN, MNIST_RUN, NEAREST_COUNT, STACKED_MNIST_RUN, writeMnistRuns } from '../../webview/harness/mnistRun';
import { frames, openHarnessPage, startHarness, type HarnessSession } from './harnessPage';
import { requireChromium, repoRoot } from './setup';

const ARTIFACTS = join(repoRoot, 'out', 'test-artifacts', 'render');
const SAMPLES = 'section[aria-label="Samples"]';
const SAMPLES_CANVAS = `${SAMPLES} canvas.gw-canvas`;
const CLASSES = 'section[aria-label="Generated classes"]';
/** A panel of the quality card (qualitySeries.ts names them). */
const panel = (id: string) => `section[aria-label="Quality"] .gw-quality-panel[data-panel="${id}"] canvas`;
const CHART = {
  frechet: panel('frechet'),
  kid: panel('kid'),
  precisionRecall: panel('precisionRecall'),
  classesCovered: panel('classes'),
  score: panel('score'),
  shares: panel('shares'),
  bits: panel('bits'),
  classes: `${CLASSES} .gw-chart canvas`,
} as const;

interface Axis {
  id: string;
  type: string;
  title: string;
  series: string[];
  ticks: string[];
}
interface Tiles {
  left: number;
  top: number;
  scale: number;
  shape: { width: number; height: number };
  tiles: { columns: number; rows: number };
  selectable: number;
}

const data = <T>(page: Page, selector: string, key: string) =>
  page.evaluate(({ s, k }) => JSON.parse(document.querySelector<HTMLElement>(s)?.dataset[k] ?? 'null') as unknown, {
    s: selector,
    k: key,
  }) as Promise<T>;

/** Pixels of a canvas region (CSS pixels; the harness page's device pixel ratio is 1) near a theme colour, and all drawn ones. */
function ink(page: Page, selector: string, colorVar: string, region?: { x: number; y: number; width: number; height: number }) {
  return page.evaluate(
    ({ selector, colorVar, region }) => {
      const canvas = document.querySelector<HTMLCanvasElement>(selector)!;
      const r = region ?? { x: 0, y: 0, width: canvas.width, height: canvas.height };
      const pixels = canvas.getContext('2d')!.getImageData(r.x, r.y, r.width, r.height).data;
      const hex = getComputedStyle(document.documentElement).getPropertyValue(colorVar).trim().replace('#', '');
      const [cr, cg, cb] = [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16));
      let near = 0;
      let drawn = 0;
      for (let p = 0; p < pixels.length; p += 4) {
        if (pixels[p + 3]! < 128) continue;
        drawn++;
        if (Math.abs(pixels[p]! - cr!) + Math.abs(pixels[p + 1]! - cg!) + Math.abs(pixels[p + 2]! - cb!) < 60) near++;
      }
      return { near, drawn };
    },
    { selector, colorVar, region },
  );
}

/** Exact colours (r,g,b) of the opaque pixels of the canvases matching `selector`. */
async function canvasColors(page: Page, selector: string): Promise<Set<string>> {
  const colors = await page.evaluate((s) => {
    const out = new Set<string>();
    for (const canvas of Array.from(document.querySelectorAll<HTMLCanvasElement>(s))) {
      const d = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      for (let p = 0; p < d.length; p += 4) if (d[p + 3] === 255) out.add(`${d[p]},${d[p + 1]},${d[p + 2]}`);
    }
    return [...out];
  }, selector);
  return new Set(colors);
}

/** Exact colours of one row of tiles of a PNG grid (rows `tileHeight` high, 1-pixel gutters). */
function pngRowColors(file: string, row: number, tileHeight: number): Set<string> {
  const png = PNG.sync.read(readFileSync(file));
  const colors = new Set<string>();
  for (let y = row * (tileHeight + 1); y < row * (tileHeight + 1) + tileHeight; y++)
    for (let x = 0; x < png.width; x++) {
      const p = (y * png.width + x) * 4;
      if (png.data[p + 3] === 255) colors.add(`${png.data[p]},${png.data[p + 1]},${png.data[p + 2]}`);
    }
  return colors;
}

describe('render: MNIST image cards (learned metrics, class histogram, nearest training images, class rows)', function () {
  this.timeout(90_000);
  let harness: HarnessSession | undefined;
  let runsRoot = '';
  let dirs: Record<string, string> = {};
  const quality = (run: string) =>
    readFileSync(join(dirs[run]!, 'quality.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as QualityRecord);
  const samplesRecord = (run: string, step: number) =>
    JSON.parse(readFileSync(join(dirs[run]!, 'samples', `step-${String(step).padStart(8, '0')}.json`), 'utf8')) as SampleRecord;

  before(async function () {
    this.timeout(300_000);
    requireChromium();
    runsRoot = mkdtempSync(join(tmpdir(), 'gan-render-mnist-'));
    dirs = writeMnistRuns(runsRoot);
    mkdirSync(ARTIFACTS, { recursive: true });
    harness = await startHarness(runsRoot, join(ARTIFACTS, 'harness-mnist'));
    assert.deepEqual(harness.built, [MNIST_RUN, MNIST_CONDITIONAL_RUN, STACKED_MNIST_RUN].sort());
  });

  after(async () => {
    if (harness) await harness.close();
    else if (runsRoot) rmSync(runsRoot, { recursive: true, force: true });
  });

  async function open(path: string, viewport?: { width: number; height: number }) {
    const opened = await openHarnessPage(harness!.context, harness!.base, path, viewport);
    const clean = async () => {
      await opened.clean();
      await opened.page.close();
    };
    return { page: opened.page, clean };
  }

  for (const theme of ['light', 'dark'] as const) {
    it(`${theme} theme: the learned metrics on axes that fit their units, and the class histogram against uniform`, async () => {
      const { page, clean } = await open(`index.html?run=${MNIST_RUN}&theme=${theme}`);
      await page.screenshot({ path: join(ARTIFACTS, `dashboard-${MNIST_RUN}-${theme}.png`), fullPage: true });

      // One unit per panel: [type, title, series] of each panel's one axis.
      const axes = async (selector: string) => (await data<Axis[]>(page, selector, 'axes')).map((a) => [a.type, a.title, a.series]);
      assert.deepEqual(await axes(CHART.frechet), [
        ['logarithmic', 'Fréchet distance (log)', ['Fréchet distance', 'Fréchet distance (real)', 'Fréchet distance (noise)']],
      ]);
      assert.deepEqual(await axes(CHART.kid), [['linear', 'KID', ['kernel distance (KID)', 'kernel distance (real)']]]);
      assert.deepEqual(await axes(CHART.precisionRecall), [
        ['linear', 'share (%)', ['precision', 'precision (real)', 'recall', 'recall (real)']],
      ]);
      assert.deepEqual(await axes(CHART.classesCovered), [['linear', 'classes covered (of 10)', ['classes covered (of 10)']]]);
      assert.deepEqual(await axes(CHART.score), [
        ['linear', 'classifier score (of 10)', ['classifier score (of 10)', 'classifier score (real)']],
      ]);
      assert.deepEqual(await axes(CHART.shares), [
        ['linear', 'share (%)', ['single-blob share', 'single-blob share (real)', 'mean ink', 'mean ink (real)']],
      ]);
      assert.deepEqual(await axes(CHART.bits), [['linear', 'bits', ['KL(classes‖uniform)']]], 'no distance shares an axis with the shares');
      // No blank chart: each draws its first measure's colour (green) over much of the plot.
      for (const selector of [CHART.frechet, CHART.kid, CHART.precisionRecall, CHART.classesCovered, CHART.score, CHART.shares]) {
        const { near } = await ink(page, selector, '--vscode-charts-green');
        assert.ok(near > 150, `${selector}: ${near} green pixels`);
      }

      // The class histogram of the newest record: ten bars (the generated colour) and the uniform level (the real colour).
      const last = quality(MNIST_RUN).at(-1)!;
      assert.equal(await data<number>(page, CHART.classes, 'bars'), 10);
      assert.equal(await data<number>(page, CHART.classes, 'uniform'), 0.1);
      const total = last.classes!.counts.reduce((a, b) => a + b, 0);
      assert.deepEqual(
        (await data<{ text: string }[]>(page, CHART.classes, 'legend')).map((e) => e.text),
        [`generated (${total.toLocaleString('en')} images)`, 'uniform (1/10)'],
      );
      assert.equal(
        await page.locator(`${CLASSES} .gw-card-head .gw-hint`).textContent(),
        `step 1,500 · ${last.metrics.classesCovered}/10 classes covered · KL ${last.metrics.classKl!.toFixed(3)} bit`,
      );
      assert.ok((await ink(page, CHART.classes, '--vscode-charts-orange')).near > 2000, 'the bars are drawn');
      assert.ok((await ink(page, CHART.classes, '--vscode-charts-blue')).near > 100, 'the uniform line is drawn');

      // It follows the samples card's step: the first step's histogram shows the early collapse onto two digits.
      await page.getByLabel('timeline step').focus();
      await page.keyboard.press('Home');
      await page.waitForFunction(
        (s) => document.querySelector(s)?.textContent?.startsWith('step 250 ·'),
        `${CLASSES} .gw-card-head .gw-hint`,
      );
      const first = quality(MNIST_RUN)[0]!;
      assert.equal(first.metrics.classesCovered, 2);
      assert.match((await page.locator(`${CLASSES} .gw-card-head .gw-hint`).textContent()) ?? '', / 2\/10 classes covered /);
      await page.screenshot({ path: join(ARTIFACTS, `dashboard-${MNIST_RUN}-step250-${theme}.png`), fullPage: true });
      await clean();
    });
  }

  it('nearest training images: a click on a generated tile shows it beside its nearest row, the arrow keys move, Escape closes', async () => {
    const { page, clean } = await open(`index.html?run=${MNIST_RUN}&theme=dark`);
    const tiles = await data<Tiles>(page, SAMPLES_CANVAS, 'tiles');
    assert.deepEqual([tiles.tiles, tiles.selectable, tiles.scale], [{ columns: 8, rows: 8 }, 64, 1]);
    assert.equal(await page.locator('.gw-nearest').isVisible(), false, 'nothing until a tile is picked');
    assert.ok(
      (await page.locator(`${SAMPLES} .gw-legend > span`).allTextContents()).some((t) => t.startsWith('click a generated tile')),
      'the legend says how',
    );

    // Tile 10: row 1, column 2 (centre of the tile, in CSS pixels of the canvas).
    const centre = (tile: number) => ({
      x: tiles.left + ((tile % 8) * 29 + 14) * tiles.scale,
      y: tiles.top + (Math.floor(tile / 8) * 29 + 14) * tiles.scale,
    });
    await page.locator(SAMPLES_CANVAS).click({ position: centre(10) });
    await page.waitForSelector('.gw-nearest figure');
    const record = samplesRecord(MNIST_RUN, 1500);
    const distances = record.images!.nearest!.distances;
    const captions = () => page.locator('.gw-nearest figcaption').allTextContents();
    assert.deepEqual(await captions(), ['generated', ...distances[10]!.map((d) => `d = ${d}`)]);
    assert.match((await page.locator('.gw-nearest h3').textContent()) ?? '', /^Generated tile 11 \(row 2, column 3\) and its 5 nearest/);
    assert.equal(await page.locator('.gw-nearest-training canvas').count(), NEAREST_COUNT);
    // The neighbours are tile row 10 of the nearest PNG, in its exact grey levels (nearest neighbour, no blending).
    const shown = await canvasColors(page, '.gw-nearest-training canvas');
    const row = pngRowColors(join(dirs[MNIST_RUN]!, record.images!.nearest!.png), 10, 28);
    const foreign = [...shown].filter((c) => !row.has(c));
    assert.ok(shown.size > 20 && foreign.length === 0, `${shown.size} colours, not in the PNG row: ${foreign.slice(0, 5).join(' ')}`);
    await page.screenshot({
      path: join(ARTIFACTS, `dashboard-${MNIST_RUN}-nearest-dark.png`),
      clip: { x: 0, y: 480, width: 1280, height: 620 },
    });

    // The grid has the focus: ArrowDown goes one row down (tile 18), and the panel follows the slider's step.
    await page.keyboard.press('ArrowDown');
    await page.waitForFunction(() => document.querySelector('.gw-nearest h3')?.textContent?.startsWith('Generated tile 19 '));
    await page.getByLabel('timeline step').focus();
    await page.keyboard.press('Home');
    const early = samplesRecord(MNIST_RUN, 250).images!.nearest!.distances[18]!;
    await page.waitForFunction((d) => document.querySelectorAll('.gw-nearest figcaption')[1]?.textContent === `d = ${d}`, early[0]);
    await page.locator(SAMPLES_CANVAS).focus();
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => (document.querySelector('.gw-nearest') as HTMLElement).hidden);
    await clean();
  });

  it('conditional run: each generated row labelled with its class, in the dashboard and the side view', async () => {
    const names = Array.from({ length: 10 }, (_, c) => String(c));
    const rowsLegend = `generated rows by class: ${names.join(', ')}`;
    for (const [path, selector, viewport] of [
      [`index.html?run=${MNIST_CONDITIONAL_RUN}&theme=light`, SAMPLES_CANVAS, undefined],
      [`samples.html?run=${MNIST_CONDITIONAL_RUN}&theme=dark`, 'canvas.gw-canvas', { width: 340, height: 820 }],
    ] as const) {
      const { page, clean } = await open(path, viewport);
      await frames(page);
      const side = path.startsWith('samples');
      await page.screenshot({ path: join(ARTIFACTS, `${side ? 'samples' : 'dashboard'}-${MNIST_CONDITIONAL_RUN}.png`), fullPage: true });
      assert.ok((await page.locator('.gw-legend > span').allTextContents()).includes(rowsLegend));
      const tiles = await data<Tiles>(page, selector, 'tiles');
      assert.deepEqual(tiles.tiles, { columns: 6, rows: 10 });
      // Text left of every row.
      const rowHeight = 28 * tiles.scale;
      for (let r = 0; r < 10; r++) {
        const label = {
          x: Math.round(tiles.left - 24),
          y: Math.round(tiles.top + r * 29 * tiles.scale + rowHeight / 4),
          width: 20,
          height: Math.round(rowHeight / 2),
        };
        const { drawn } = await ink(page, selector, '--vscode-foreground', label);
        assert.ok(drawn > 8, `row ${r} (class ${names[r]}) has a label: ${drawn} pixels`);
      }
      await clean();
    }
    // Its label agreement is a share, in %.
    const { page, clean } = await open(`index.html?run=${MNIST_CONDITIONAL_RUN}&theme=dark`);
    const axes = await data<Axis[]>(page, CHART.shares, 'axes');
    assert.ok(axes[0]!.series.includes('label agreement'), JSON.stringify(axes));
    await clean();
  });

  it('Stacked MNIST: 1,000 modes as sorted shares, modes covered of 1,000; no nearest images, so no tile selection', async () => {
    const { page, clean } = await open(`index.html?run=${STACKED_MNIST_RUN}&theme=dark`);
    await page.screenshot({ path: join(ARTIFACTS, `dashboard-${STACKED_MNIST_RUN}-dark.png`), fullPage: true });
    const last = quality(STACKED_MNIST_RUN).at(-1)!;
    assert.equal(await data<number>(page, CHART.classes, 'bars'), 1000);
    assert.equal(await data<number>(page, CHART.classes, 'uniform'), 0.001);
    assert.equal(
      await page.locator(`${CLASSES} .gw-card-head .gw-hint`).textContent(),
      `step 1,500 · ${last.metrics.stackedModesCovered}/1,000 modes covered · KL ${last.metrics.stackedKl!.toFixed(3)} bit · sorted by share`,
    );
    assert.ok((await ink(page, CHART.classes, '--vscode-charts-orange')).near > 2000, 'the sorted shares are drawn');
    const modes = await data<Axis[]>(page, panel('stackedModes'), 'axes');
    assert.deepEqual(
      modes.map((a) => [a.title, a.series]),
      [['modes covered (of 1,000)', ['modes covered (of 1,000)', 'modes covered (real)']]],
    );
    assert.equal(modes[0]!.ticks.at(-1), '1,000', 'a count of 1,000: the axis ends at the total');
    assert.equal(await page.locator(panel('score')).count(), 0, 'no classifier score, so no panel for it');
    assert.equal(await page.locator(SAMPLES_CANVAS).getAttribute('tabindex'), null);
    assert.equal((await data<Tiles>(page, SAMPLES_CANVAS, 'tiles')).selectable, 0);
    await clean();
  });
});
