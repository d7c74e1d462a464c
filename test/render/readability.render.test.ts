/**
 * Render tests of what makes the dashboard readable at a glance (issue 19), in headless chromium on
 * a ring-8 run trained and MCMC-sampled here and the synthetic MNIST run (webview/harness/mnistRun.ts):
 * - the Quality card draws one unit per panel: modes as a count of 8 (integer ticks up to 8),
 *   shares in % (0 %–100 %), divergences in bits, and for the image run the Fréchet distance (log),
 *   the kernel distance, classes of 10 and the classifier score of 10 each on their own axis;
 * - the mouse wheel over a chart scrolls the page and leaves the chart's steps alone; Ctrl + wheel
 *   zooms, and neither zooming out, a drag nor Shift + drag (pan) goes outside the steps recorded;
 *   the quality panels follow each other's zoom;
 * - contrast, in the light, dark and high-contrast themes: generated points vs D's heat map, real
 *   points vs the heat map, real vs generated and each vs the background keep at least 3:1 (WCAG 2.1
 *   SC 1.4.11, graphical objects), from the palette's colours and from the pixels drawn (the heat
 *   map's most contrasting pixel); the same in the MCMC before/after plots; every real point's centre
 *   pixel shows the real colour (none hidden under a generated point);
 * - a reference line's label covers no curve: the pixels round an in-plot label hold no series
 *   colour, and a label with no free place is drawn outside the plot area;
 * - "Loading the sampling results…" shows only while the host's answer is on its way.
 * Screenshots and the measured ratios (contrast.json) go to out/test-artifacts/render/.
 *
 * It needs chromium (`npm run setup` installs it). GAN_WORKBENCH_SKIP_RENDER=1 leaves the suite out (test/run.mjs).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { SAMPLING_FILES, type SampleRecord, type SamplingRecord } from '../../src/shared/runFormat';
import { MNIST_RUN, writeMnistRuns } from '../../webview/harness/mnistRun';
import { luminance } from '../../webview/src/logic/colors';
import { contrastRatio, GRAPHICAL_CONTRAST, paletteContrasts, type PointPalette } from '../../webview/src/logic/pointPalette';
import { frames, openHarnessPage, startHarness, type HarnessSession } from './harnessPage';
import { ensureDist, readRecordedRun, repoRoot, requireChromium, trainRuns, type RecordedRun } from './setup';

const ARTIFACTS = join(repoRoot, 'out', 'test-artifacts', 'render');
const QUALITY = 'section[aria-label="Quality"]';
const panel = (id: string) => `${QUALITY} .gw-quality-panel[data-panel="${id}"] canvas`;
const LOSS = 'section[aria-label="Losses"] .gw-chart canvas';
const SCORES = 'section[aria-label="Discriminator scores"] .gw-chart canvas';
const SAMPLES = 'section[aria-label="Samples"] canvas.gw-canvas';
const MCMC = 'section[aria-label="MCMC sampling in latent space"]';
const PAIR = `${MCMC} canvas[aria-label="samples before and after sampling"]`;
const THEMES = ['light', 'dark', 'high-contrast'] as const;

interface Axis {
  id: string;
  type: string;
  title: string;
  series: string[];
  ticks: string[];
}
interface Area {
  left: number;
  top: number;
  width: number;
  height: number;
  x: { min: number; max: number };
  y: { min: number; max: number };
}

const data = <T>(page: Page, selector: string, key: string) =>
  page.evaluate(({ s, k }) => JSON.parse(document.querySelector<HTMLElement>(s)?.dataset[k] ?? 'null') as unknown, {
    s: selector,
    k: key,
  }) as Promise<T>;

const legend = async (page: Page, selector: string) => (await data<{ text: string }[]>(page, selector, 'legend')).map((e) => e.text);

/** Pixels of a canvas near a colour (sum of channel differences ≤ 60). */
function inkOf(page: Page, selector: string, color: string) {
  return page.evaluate(
    ({ selector, color }) => {
      const canvas = document.querySelector<HTMLCanvasElement>(selector)!;
      const d = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      const hex = getComputedStyle(document.documentElement).getPropertyValue(color).trim().replace('#', '');
      const [r, g, b] = [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16));
      let near = 0;
      for (let p = 0; p < d.length; p += 4)
        if (d[p + 3]! > 128 && Math.abs(d[p]! - r!) + Math.abs(d[p + 1]! - g!) + Math.abs(d[p + 2]! - b!) <= 60) near++;
      return near;
    },
    { selector, color },
  );
}

/**
 * What a points plot drew inside `area`: pixels of the generated and real colours (exact, ±6 per
 * channel sum), and the pixels left once every point drawn (`points`, data coordinates) is taken out
 * with a 6-pixel margin (its outline and anti-aliased edge): the heat map or the background — how
 * many, and the one furthest in luminance from the background.
 */
function measurePoints(page: Page, selector: string, area: Area, palette: PointPalette, points: readonly (readonly number[])[]) {
  return page.evaluate(
    ({ selector, area, palette, points }) => {
      const canvas = document.querySelector<HTMLCanvasElement>(selector)!;
      const ratio = canvas.width / canvas.getBoundingClientRect().width;
      const x0 = Math.ceil((area.left + 2) * ratio);
      const y0 = Math.ceil((area.top + 2) * ratio);
      const w = Math.floor((area.width - 4) * ratio);
      const h = Math.floor((area.height - 4) * ratio);
      // The canvas over the page's background (a plot without a heat map leaves it transparent).
      const d = canvas.getContext('2d')!.getImageData(x0, y0, w, h).data;
      const bgc = palette.background;
      for (let p = 0; p < d.length; p += 4) {
        const a = d[p + 3]! / 255;
        d[p] = Math.round(d[p]! * a + bgc.r * (1 - a));
        d[p + 1] = Math.round(d[p + 1]! * a + bgc.g * (1 - a));
        d[p + 2] = Math.round(d[p + 2]! * a + bgc.b * (1 - a));
        d[p + 3] = 255;
      }
      const distance = (p: number, c: { r: number; g: number; b: number }) =>
        Math.abs(d[p]! - c.r) + Math.abs(d[p + 1]! - c.g) + Math.abs(d[p + 2]! - c.b);
      let generated = 0;
      let real = 0;
      for (let i = 0; i < w * h; i++) {
        if (distance(i * 4, palette.generated) <= 6) generated++;
        else if (distance(i * 4, palette.real) <= 6) real++;
      }
      const taken = new Uint8Array(w * h);
      const margin = Math.ceil(6 * ratio);
      for (const [x, y] of points) {
        if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
        const px = Math.round((area.left + ((x! - area.x.min) / (area.x.max - area.x.min)) * area.width) * ratio) - x0;
        const py = Math.round((area.top + area.height - ((y! - area.y.min) / (area.y.max - area.y.min)) * area.height) * ratio) - y0;
        for (let dy = -margin; dy <= margin; dy++)
          for (let dx = -margin; dx <= margin; dx++) {
            const yy = py + dy;
            const xx = px + dx;
            if (yy >= 0 && yy < h && xx >= 0 && xx < w) taken[yy * w + xx] = 1;
          }
      }
      const lin = (v: number) => (v / 255 <= 0.03928 ? v / 255 / 12.92 : Math.pow((v / 255 + 0.055) / 1.055, 2.4));
      const lum = (r: number, g: number, b: number) => 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
      const bg = lum(palette.background.r, palette.background.g, palette.background.b);
      let rest = 0;
      let extreme = { r: palette.background.r, g: palette.background.g, b: palette.background.b, a: 1 };
      let furthest = 0;
      for (let i = 0; i < w * h; i++) {
        if (taken[i]) continue;
        rest++;
        const p = i * 4;
        const l = lum(d[p]!, d[p + 1]!, d[p + 2]!);
        if (Math.abs(l - bg) > furthest) {
          furthest = Math.abs(l - bg);
          extreme = { r: d[p]!, g: d[p + 1]!, b: d[p + 2]!, a: 1 };
        }
      }
      return { generated, real, rest, extreme };
    },
    { selector, area, palette, points },
  );
}

/** The share of `points` whose centre pixel (in `area`'s data ranges) shows the real colour. */
function realCentres(page: Page, selector: string, area: Area, palette: PointPalette, points: readonly (readonly number[])[]) {
  return page.evaluate(
    ({ selector, area, palette, points }) => {
      const canvas = document.querySelector<HTMLCanvasElement>(selector)!;
      const ratio = canvas.width / canvas.getBoundingClientRect().width;
      const ctx = canvas.getContext('2d')!;
      let inside = 0;
      let shown = 0;
      for (const [x, y] of points) {
        const px = area.left + ((x! - area.x.min) / (area.x.max - area.x.min)) * area.width;
        const py = area.top + area.height - ((y! - area.y.min) / (area.y.max - area.y.min)) * area.height;
        if (px < area.left + 3 || px > area.left + area.width - 3 || py < area.top + 3 || py > area.top + area.height - 3) continue;
        inside++;
        const [r, g, b] = ctx.getImageData(Math.floor(px * ratio), Math.floor(py * ratio), 1, 1).data;
        if (Math.abs(r! - palette.real.r) + Math.abs(g! - palette.real.g) + Math.abs(b! - palette.real.b) <= 30) shown++;
      }
      return { inside, shown };
    },
    { selector, area, palette, points },
  );
}

describe('render: readable at a glance (quality units, wheel and zoom, contrast, reference labels, loading text)', function () {
  this.timeout(60_000);
  let harness: HarnessSession | undefined;
  let runsRoot = '';
  let ring8: RecordedRun;
  let samplingDir = '';
  const contrast: Record<string, Record<string, number>> = {};

  before(async function () {
    this.timeout(300_000);
    requireChromium();
    ensureDist();
    runsRoot = mkdtempSync(join(tmpdir(), 'gan-render-readability-'));
    await trainRuns(runsRoot, [{ experiment: 'ring8-nonsaturating.gan.json', steps: 600 }]);
    ring8 = readRecordedRun(runsRoot, 'ring8');
    const sampled = spawnSync(
      process.execPath,
      [join(repoRoot, 'bin', 'gan-sample.js'), ring8.runDir, '--method', 'mala', '--chains', '256', '--steps', '40'],
      { encoding: 'utf8' },
    );
    assert.equal(sampled.status, 0, sampled.stderr);
    samplingDir = /^wrote (.*)$/m.exec(sampled.stdout)![1]!.trim();
    writeMnistRuns(runsRoot);
    mkdirSync(ARTIFACTS, { recursive: true });
    harness = await startHarness(runsRoot, join(ARTIFACTS, 'harness-readability'));
  });

  after(async () => {
    if (Object.keys(contrast).length > 0) writeFileSync(join(ARTIFACTS, 'contrast.json'), `${JSON.stringify(contrast, null, 2)}\n`);
    if (harness) await harness.close();
    else if (runsRoot) rmSync(runsRoot, { recursive: true, force: true });
  });

  const open = (path: string, viewport?: { width: number; height: number }) =>
    openHarnessPage(harness!.context, harness!.base, path, viewport);

  it('Quality, toy run: modes as a count of 8, shares in %, divergences in bits, one unit per axis', async () => {
    const { page, clean } = await open('index.html?run=ring8&theme=dark');
    await page.locator(QUALITY).screenshot({ path: join(ARTIFACTS, 'quality-ring8-dark.png') });
    const panels = await page.locator(`${QUALITY} .gw-quality-panel`).evaluateAll((els) => els.map((e) => e.getAttribute('data-panel')));
    assert.deepEqual(panels, ['modes', 'shares', 'precisionRecall', 'bits']);
    const modes = await data<Axis[]>(page, panel('modes'), 'axes');
    assert.equal(modes.length, 1, 'one axis');
    assert.equal(modes[0]!.title, 'modes covered (of 8)');
    assert.deepEqual(modes[0]!.series, ['modes covered (of 8)']);
    assert.ok(
      modes[0]!.ticks.every((t) => /^\d$/.test(t)) && modes[0]!.ticks.at(-1) === '8' && modes[0]!.ticks[0] === '0',
      `integer ticks 0 … 8: ${modes[0]!.ticks.join(' ')}`,
    );
    const shares = await data<Axis[]>(page, panel('shares'), 'axes');
    assert.equal(shares[0]!.title, 'share (%)');
    assert.ok(shares[0]!.ticks.every((t) => /^\d+%$/.test(t)) && shares[0]!.ticks.at(-1) === '100%', shares[0]!.ticks.join(' '));
    const bits = await data<Axis[]>(page, panel('bits'), 'axes');
    assert.deepEqual(
      bits.map((a) => [a.title, a.series]),
      [['bits', ['JS divergence', 'KL(real‖gen)']]],
    );
    for (const id of panels) {
      assert.equal((await data<Axis[]>(page, panel(id!), 'axes')).length, 1, `${id}: one unit, one axis`);
      const drawn = await inkOf(page, panel(id!), '--vscode-charts-green');
      assert.ok(drawn > 40, `${id}: its first measure is drawn (${drawn} green pixels)`);
    }
    await clean();
    await page.close();
  });

  it('Quality, image run: Fréchet (log), KID, classes of 10, shares in %, bits and the classifier score of 10, each on its own axis', async () => {
    const { page, clean } = await open(`index.html?run=${MNIST_RUN}&theme=light`);
    await page.locator(QUALITY).screenshot({ path: join(ARTIFACTS, 'quality-mnist-light.png') });
    const axes = async (id: string) => (await data<Axis[]>(page, panel(id), 'axes'))!;
    const all: Record<string, Axis[]> = {};
    for (const id of ['classes', 'shares', 'precisionRecall', 'bits', 'frechet', 'kid', 'score']) all[id] = await axes(id);
    for (const [id, a] of Object.entries(all)) assert.equal(a.length, 1, `${id}: one axis`);
    assert.deepEqual(Object.fromEntries(Object.entries(all).map(([id, a]) => [id, [a[0]!.type, a[0]!.title]])), {
      classes: ['linear', 'classes covered (of 10)'],
      shares: ['linear', 'share (%)'],
      precisionRecall: ['linear', 'share (%)'],
      bits: ['linear', 'bits'],
      frechet: ['logarithmic', 'Fréchet distance (log)'],
      kid: ['linear', 'KID'],
      score: ['linear', 'classifier score (of 10)'],
    });
    assert.deepEqual(all.frechet![0]!.series, ['Fréchet distance', 'Fréchet distance (real)', 'Fréchet distance (noise)']);
    assert.deepEqual(all.kid![0]!.series, ['kernel distance (KID)', 'kernel distance (real)']);
    assert.deepEqual(all.bits![0]!.series, ['KL(classes‖uniform)']);
    assert.ok(
      all.classes![0]!.ticks.at(-1) === '10' && all.classes![0]!.ticks.every((t) => /^\d+$/.test(t)),
      all.classes![0]!.ticks.join(' '),
    );
    assert.ok(all.precisionRecall![0]!.ticks.every((t) => t.endsWith('%')));
    assert.equal(all.score![0]!.ticks.at(-1), '10');
    assert.ok((await legend(page, panel('score'))).includes('classifier score (of 10)'));
    for (const id of Object.keys(all)) assert.ok((await inkOf(page, panel(id), '--vscode-charts-green')) > 40, `${id} is drawn`);
    // The card's PNG is every panel in one picture.
    await page.getByRole('button', { name: 'Save Quality as PNG', exact: true }).click();
    const saved = await page.evaluate(() =>
      (window as unknown as { __harness: { exports: { data: string }[] } }).__harness.exports.at(-1)!,
    );
    writeFileSync(join(ARTIFACTS, 'quality-mnist-export.png'), Buffer.from(saved.data, 'base64'));
    const size = await page.evaluate(async (png) => {
      const img = new Image();
      img.src = `data:image/png;base64,${png}`;
      await img.decode();
      return [img.naturalWidth, img.naturalHeight];
    }, saved.data);
    const grid = await page.locator(`${QUALITY} .gw-quality-panels`).boundingBox();
    assert.ok(size[0]! >= grid!.width - 1 && size[1]! >= grid!.height, `the picture holds the whole grid: ${size.join('×')}`);
    await clean();
    await page.close();
  });

  it('the wheel scrolls the page; Ctrl + wheel, a drag and Shift + drag zoom and pan within the steps recorded; the quality panels follow', async () => {
    const { page, clean } = await open('index.html?run=ring8&theme=dark', { width: 1280, height: 700 });
    const range = (selector = LOSS) => data<[number, number]>(page, selector, 'xRange');
    const full = await range();
    assert.deepEqual(full, [0, ring8.sampleSteps.at(-1)], 'unzoomed: step 0 to the last step');
    const box = (await page.locator(LOSS).boundingBox())!;
    const centre = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    await page.mouse.move(centre.x, centre.y);

    // A plain wheel scrolls the page and leaves the chart alone.
    const scrolled = await page.evaluate(() => window.scrollY);
    await page.mouse.wheel(0, 240);
    await page.waitForFunction((y) => window.scrollY > y, scrolled);
    await page.waitForTimeout(400);
    assert.deepEqual(await range(), full, 'the wheel did not zoom');
    assert.equal(await page.getByRole('button', { name: 'Reset zoom' }).first().isDisabled(), true);
    await page.evaluate(() => window.scrollTo(0, 0));
    await frames(page);

    // Ctrl + wheel zooms in around the pointer, and the page does not scroll.
    const lossBox = (await page.locator(LOSS).boundingBox())!;
    await page.mouse.move(lossBox.x + lossBox.width / 2, lossBox.y + lossBox.height / 2);
    await page.keyboard.down('Control');
    for (let i = 0; i < 4; i++) await page.mouse.wheel(0, -120);
    await page.keyboard.up('Control');
    await page.waitForFunction(
      ({ s, f }) => JSON.stringify(JSON.parse((document.querySelector(s) as HTMLElement).dataset.xRange!)) !== JSON.stringify(f),
      { s: LOSS, f: full },
    );
    assert.equal(await page.evaluate(() => window.scrollY), 0, 'Ctrl + wheel does not scroll the page');
    const zoomed = await range();
    assert.ok(zoomed[0] > full[0] && zoomed[1] < full[1], `zoomed in: ${zoomed.join('…')}`);

    // Zooming out as far as it goes stops at the steps recorded (not past step 0 into negative steps).
    await page.keyboard.down('Control');
    for (let i = 0; i < 30; i++) await page.mouse.wheel(0, 240);
    await page.keyboard.up('Control');
    await page.waitForTimeout(500);
    const out = await range();
    assert.ok(out[0] >= full[0] && out[1] <= full[1], `zoomed out within the data: ${out.join('…')}`);
    assert.deepEqual(out, full);

    // A drag across steps 150 … 300 zooms to them; Shift + drag pans, and not past the last step.
    const area = (await data<{ left: number; right: number; top: number; bottom: number }>(page, LOSS, 'plotArea'))!;
    const atStep = (step: number) => lossBox.x + area.left + ((step - full[0]) / (full[1] - full[0])) * (area.right - area.left);
    const y = lossBox.y + (area.top + area.bottom) / 2;
    await page.mouse.move(atStep(150), y);
    await page.mouse.down();
    await page.mouse.move(atStep(225), y, { steps: 4 });
    await page.mouse.move(atStep(300), y, { steps: 4 });
    await page.mouse.up();
    await frames(page);
    const dragged = await range();
    assert.ok(Math.abs(dragged[0] - 150) < 8 && Math.abs(dragged[1] - 300) < 8, `drag zoom to 150…300: ${dragged.join('…')}`);
    await page.keyboard.down('Shift');
    await page.mouse.move(atStep(300), y);
    await page.mouse.down();
    for (const step of [200, 100, 0, -200]) await page.mouse.move(atStep(step), y, { steps: 3 });
    await page.mouse.up();
    await page.keyboard.up('Shift');
    await page.waitForTimeout(300);
    const panned = await range();
    assert.ok(panned[0] > dragged[0], `Shift + drag to the left moves to later steps: ${panned.join('…')}`);
    assert.ok(panned[1] <= full[1] + 1e-9 && panned[0] >= full[0], `panned within the data: ${panned.join('…')}`);
    await page.screenshot({ path: join(ARTIFACTS, 'zoom-ring8-dark.png') });

    // The quality panels share their steps: Ctrl + wheel on one zooms all; Reset zoom shows every step again.
    const qualityFull = await range(panel('modes'));
    assert.deepEqual(await range(panel('bits')), qualityFull);
    await page.locator(panel('modes')).scrollIntoViewIfNeeded();
    const modesBox = (await page.locator(panel('modes')).boundingBox())!;
    await page.mouse.move(modesBox.x + modesBox.width / 2, modesBox.y + modesBox.height / 2);
    await page.keyboard.down('Control');
    for (let i = 0; i < 3; i++) await page.mouse.wheel(0, -120);
    await page.keyboard.up('Control');
    await page.waitForFunction(({ s, f }) => (document.querySelector(s) as HTMLElement).dataset.xRange !== JSON.stringify(f), {
      s: panel('modes'),
      f: qualityFull,
    });
    // The others follow once the zoom is complete (Chart.js's zoom plugin reports a wheel zoom after 250 ms).
    await page.waitForFunction(
      ({ a, b }) => (document.querySelector(a) as HTMLElement).dataset.xRange === (document.querySelector(b) as HTMLElement).dataset.xRange,
      { a: panel('modes'), b: panel('bits') },
    );
    const modesRange = await range(panel('modes'));
    assert.ok(modesRange[0] > qualityFull[0] && modesRange[1] < qualityFull[1], `zoomed: ${modesRange.join('…')}`);
    assert.deepEqual(await range(panel('shares')), modesRange, 'the other panels follow');
    const reset = page.locator(QUALITY).getByRole('button', { name: 'Reset zoom' });
    assert.equal(await reset.isDisabled(), false);
    await reset.click();
    await frames(page);
    assert.deepEqual(await range(panel('bits')), qualityFull);
    assert.deepEqual(await range(panel('modes')), qualityFull);
    await clean();
    await page.close();
  });

  for (const theme of THEMES) {
    it(`${theme} theme: points, heat map and background keep ≥ ${GRAPHICAL_CONTRAST}:1; no real point hidden under a generated one`, async () => {
      const { page, clean } = await open(`index.html?run=ring8&theme=${theme}`, { width: 1400, height: 1000 });
      await page.locator('section[aria-label="Samples"]').screenshot({ path: join(ARTIFACTS, `contrast-samples-ring8-${theme}.png`) });
      const palette = (await data<PointPalette>(page, SAMPLES, 'palette'))!;
      const area = (await data<Area>(page, SAMPLES, 'frame'))!;
      const ratios: Record<string, number> = {};
      for (const { pair, ratio } of paletteContrasts(palette)) {
        ratios[`palette: ${pair}`] = round(ratio);
        assert.ok(ratio >= GRAPHICAL_CONTRAST, `${theme}: ${pair} ${ratio.toFixed(2)}:1`);
      }
      // From the pixels: the colours drawn, and the heat map's pixel furthest from the background.
      const record = JSON.parse(
        readFileSync(join(ring8.runDir, 'samples', `step-${String(ring8.sampleSteps.at(-1)).padStart(8, '0')}.json`), 'utf8'),
      ) as SampleRecord;
      const drawn = await measurePoints(page, SAMPLES, area, palette, [...record.real, ...record.fixed]);
      assert.ok(drawn.generated > 100 && drawn.real > 100, `points drawn: ${drawn.generated} generated, ${drawn.real} real pixels`);
      assert.ok(drawn.rest > 0.3 * area.width * area.height, `the heat map shows between the points (${drawn.rest} pixels)`);
      const pixels = {
        'generated vs heat map': contrastRatio(palette.generated, drawn.extreme),
        'real vs heat map': contrastRatio(palette.real, drawn.extreme),
        'real vs generated': contrastRatio(palette.real, palette.generated),
      };
      for (const [pair, ratio] of Object.entries(pixels)) {
        ratios[`pixels: ${pair}`] = round(ratio);
        assert.ok(
          ratio >= GRAPHICAL_CONTRAST,
          `${theme}, measured: ${pair} ${ratio.toFixed(2)}:1 (heat map pixel ${JSON.stringify(drawn.extreme)})`,
        );
      }
      ratios['pixels: heat map extreme luminance'] = round(luminance(drawn.extreme), 4);
      // Every real point's centre shows the real colour: drawn over the generated points, never under.
      const centres = await realCentres(page, SAMPLES, area, palette, record.real);
      assert.ok(centres.inside > 50 && centres.shown === centres.inside, `real centres shown: ${centres.shown} of ${centres.inside}`);

      // The MCMC plots: samples before and after, with the real data over them.
      await page.locator(MCMC).scrollIntoViewIfNeeded();
      await page.waitForSelector(PAIR);
      await frames(page);
      await page.locator(PAIR).screenshot({ path: join(ARTIFACTS, `contrast-mcmc-ring8-${theme}.png`) });
      const pairPalette = (await data<PointPalette>(page, PAIR, 'palette'))!;
      const sampling = JSON.parse(readFileSync(join(samplingDir, SAMPLING_FILES.record), 'utf8')) as SamplingRecord;
      for (const [i, frame] of (await data<Area[]>(page, PAIR, 'frames'))!.entries()) {
        const measured = await measurePoints(page, PAIR, frame, pairPalette, [
          ...sampling.real,
          ...(i === 0 ? sampling.before : sampling.after),
        ]);
        assert.ok(
          measured.generated > 50 && measured.real > 50,
          `MCMC panel ${i}: ${measured.generated} generated, ${measured.real} real pixels`,
        );
        const mcmc = {
          'real vs generated': contrastRatio(pairPalette.real, pairPalette.generated),
          'generated vs background': contrastRatio(pairPalette.generated, measured.extreme),
          'real vs background': contrastRatio(pairPalette.real, measured.extreme),
        };
        for (const [pair, ratio] of Object.entries(mcmc)) {
          ratios[`MCMC pixels: ${pair}`] = round(ratio);
          assert.ok(ratio >= GRAPHICAL_CONTRAST, `${theme}, MCMC panel ${i}: ${pair} ${ratio.toFixed(2)}:1`);
        }
        const shown = await realCentres(page, PAIR, frame, pairPalette, sampling.real);
        assert.ok(
          shown.inside > 50 && shown.shown === shown.inside,
          `MCMC panel ${i}: real centres shown ${shown.shown} of ${shown.inside}`,
        );
      }
      contrast[theme] = ratios;
      await clean();
      await page.close();
    });
  }

  for (const theme of ['dark', 'light'] as const) {
    it(`${theme} theme: a reference line's label covers no curve (beside its line where no curve passes, else outside the plot)`, async () => {
      const { page, clean } = await open(`index.html?run=ring8&theme=${theme}&harnessEvents=0`);
      for (const [name, selector, colors] of [
        ['loss', LOSS, ['--vscode-charts-purple', '--vscode-charts-green']],
        ['scores', SCORES, ['--vscode-charts-blue', '--vscode-charts-orange']],
      ] as const) {
        await page.locator(selector).screenshot({ path: join(ARTIFACTS, `reference-label-${name}-ring8-${theme}.png`) });
        const labels = (await data<
          { label: string; inside: boolean; x: number; y: number; width: number; height: number; lineY: number }[]
        >(page, selector, 'referenceLabels'))!;
        assert.ok(labels.length >= 1, `${name}: a reference label (${JSON.stringify(labels)})`);
        const area = (await data<{ left: number; right: number; top: number; bottom: number }>(page, selector, 'plotArea'))!;
        for (const label of labels) {
          if (!label.inside) {
            // No free place by the line: below the plot area, where no curve is drawn.
            assert.ok(label.y >= area.bottom, `${name}: "${label.label}" is outside the plot area (y ${label.y} ≥ ${area.bottom})`);
            continue;
          }
          assert.ok(
            label.x >= area.left && label.x + label.width <= area.right && label.y >= area.top && label.y + label.height <= area.bottom,
            `${name}: "${label.label}" in the plot area`,
          );
          const result = await page.evaluate(
            ({ selector, label, colors }) => {
              const canvas = document.querySelector<HTMLCanvasElement>(selector)!;
              const ratio = canvas.width / canvas.getBoundingClientRect().width;
              const ctx = canvas.getContext('2d')!;
              const rgb = colors.map((v) => {
                const hex = getComputedStyle(document.documentElement).getPropertyValue(v).trim().replace('#', '');
                return [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16));
              });
              // The ring of pixels 2–4 px round the label's box, without the rows of its own line: a
              // curve that passed under the label would cross it.
              let curve = 0;
              let ring = 0;
              for (let y = Math.floor(label.y - 4); y <= Math.ceil(label.y + label.height + 4); y++)
                for (let x = Math.floor(label.x - 4); x <= Math.ceil(label.x + label.width + 4); x++) {
                  const inBox = x >= label.x - 2 && x <= label.x + label.width + 2 && y >= label.y - 2 && y <= label.y + label.height + 2;
                  if (inBox || Math.abs(y - label.lineY) <= 1.5) continue;
                  ring++;
                  const [r, g, b, a] = ctx.getImageData(Math.round(x * ratio), Math.round(y * ratio), 1, 1).data;
                  if (a! < 128) continue;
                  if (rgb.some((c) => Math.abs(r! - c[0]!) + Math.abs(g! - c[1]!) + Math.abs(b! - c[2]!) <= 60)) curve++;
                }
              return { curve, ring };
            },
            { selector, label, colors: [...colors] },
          );
          assert.ok(result.ring > 100, `${name}: pixels checked round "${label.label}": ${result.ring}`);
          assert.equal(result.curve, 0, `${name}: no curve pixel round "${label.label}"`);
        }
      }
      await clean();
      await page.close();
    });
  }

  it('"Loading the sampling results…" only while they load: not for a run without a directory, nor after the answer', async () => {
    const text = (page: Page) => page.locator(`${MCMC} .gw-sampling-empty span`).textContent();
    // A run still starting (no directory): nothing will come, so the card says what sampling is.
    const starting = await open('index.html?run=ring8&theme=dark&mode=empty&starting=1');
    await frames(starting.page);
    assert.match((await text(starting.page)) ?? '', /^No MCMC sampling yet/);
    assert.equal(await starting.page.getByText('Loading the sampling results…').count(), 0);
    await starting.clean();
    await starting.page.close();
    // The host's answer on its way: the card says it loads, then shows the result.
    const slow = await open('index.html?run=ring8&theme=dark&samplingDelay=1500');
    assert.equal(await text(slow.page), 'Loading the sampling results…');
    await slow.page.waitForSelector(PAIR, { state: 'visible' });
    assert.equal(await slow.page.getByText('Loading the sampling results…', { exact: true }).isVisible(), false);
    await slow.clean();
    await slow.page.close();
    // A run without results: the empty state once the answer came.
    const none = await open('index.html?run=ring8&theme=light&mode=empty');
    await none.page.waitForFunction(
      (s) => document.querySelector(s)?.textContent?.startsWith('No MCMC sampling yet'),
      `${MCMC} .gw-sampling-empty span`,
    );
    await none.clean();
    await none.page.close();
  });
});

const round = (v: number, digits = 2) => Math.round(v * 10 ** digits) / 10 ** digits;
