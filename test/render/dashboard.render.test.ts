/**
 * Render tests: the real webview bundles (dashboard and samples side view) in headless Debian
 * chromium, served with the extensions' CSP by the webview harness, whose fake host plays runs
 * recorded here by the trainer (ring8: points2d, parabola: curves, mixture1d: points1d). For each
 * run in a light and a dark theme: every chart canvas has drawn pixels in its series' colours,
 * legends list their series, the timeline spans the records, and nothing is logged as an error or
 * blocked by the CSP. Then the compare overlay, the exports and the side view's controls, checked
 * through the messages the page posts to the fake host. Screenshots go to out/test-artifacts/render/.
 *
 * It needs chromium (`npm run setup` installs it). GAN_WORKBENCH_SKIP_RENDER=1 leaves the suite out (test/run.mjs).
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { shortRunLabel } from '../../webview/src/logic/compare';
import { COMPARE_DARK } from '../../webview/src/ui/theme';
import { decodeGif } from './gifDecoder';
import { frames, openHarnessPage, startHarness, type HarnessSession, type HarnessWindow } from './harnessPage';
import { requireChromium, ensureDist, readRecordedRun, repoRoot, trainRuns, type RecordedRun } from './setup';

const ARTIFACTS = join(repoRoot, 'out', 'test-artifacts', 'render');

interface Kind {
  name: string;
  file: string;
  steps: number;
  layout: string;
  /** The colour variable of what the samples plot must show (generated points, the real band); points2d: the point palette's. */
  samplesColor: string;
  quality: string;
}

const KINDS: Kind[] = [
  {
    name: 'ring8',
    file: 'ring8-nonsaturating.gan.json',
    steps: 500,
    layout: 'points2d',
    samplesColor: '--vscode-charts-orange',
    quality: 'modes covered (of 8)',
  },
  {
    name: 'parabola-minimax',
    file: 'parabola-minimax.gan.json',
    steps: 600,
    layout: 'curves',
    samplesColor: '--vscode-charts-blue',
    quality: 'curve-fit share',
  },
  {
    name: 'mixture1d',
    file: 'mixture1d.gan.json',
    steps: 500,
    layout: 'points1d',
    samplesColor: '--vscode-charts-orange',
    quality: 'Wasserstein-1',
  },
];
const THEMES = ['light', 'dark'] as const;
/** The run trained with a generator average. */
const AVERAGED = 'ring8-average';

const CANVAS = {
  loss: 'section[aria-label="Losses"] .gw-chart canvas',
  scores: 'section[aria-label="Discriminator scores"] .gw-chart canvas',
  histogram: 'section[aria-label="D on real vs fake"] .gw-chart canvas',
  heatStrip: 'section[aria-label="D on real vs fake"] canvas.gw-canvas',
  /** The first panel of the quality card (one panel per unit). */
  quality: 'section[aria-label="Quality"] .gw-chart canvas',
  samples: 'section[aria-label="Samples"] canvas.gw-canvas',
} as const;

interface Ink {
  width: number;
  height: number;
  /** Pixels drawn (not transparent) in a colour other than the background. */
  drawn: number;
  /** Opaque-ish pixels near each colour asked for. */
  matches: number[];
}

/** Reads a canvas's pixels in the page: how much is drawn, and how much in each of the theme colours named. */
function ink(page: Page, selector: string, colorVars: readonly string[], background = '--vscode-editor-background'): Promise<Ink | null> {
  return page.evaluate(
    ({ selector, colorVars, background }) => {
      const canvas = document.querySelector<HTMLCanvasElement>(selector);
      if (!canvas || canvas.width === 0 || canvas.height === 0) return null;
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      const rgb = (name: string) => {
        const hex = getComputedStyle(document.documentElement).getPropertyValue(name).trim().replace('#', '');
        return [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16));
      };
      const bg = rgb(background);
      const colors = colorVars.map((v) => (v.startsWith('#') ? [1, 3, 5].map((i) => parseInt(v.slice(i, i + 2), 16)) : rgb(v)));
      const matches = colors.map(() => 0);
      let drawn = 0;
      for (let p = 0; p < data.length; p += 4) {
        if (data[p + 3]! === 0) continue;
        const r = data[p]!;
        const g = data[p + 1]!;
        const b = data[p + 2]!;
        if (Math.abs(r - bg[0]!) + Math.abs(g - bg[1]!) + Math.abs(b - bg[2]!) > 24) drawn++;
        if (data[p + 3]! < 100) continue;
        colors.forEach((c, i) => {
          if (Math.abs(r - c[0]!) + Math.abs(g - c[1]!) + Math.abs(b - c[2]!) <= 60) matches[i]!++;
        });
      }
      return { width: canvas.width, height: canvas.height, drawn, matches };
    },
    { selector, colorVars, background },
  );
}

const legend = (page: Page, selector: string) =>
  page.evaluate(
    (s) => JSON.parse(document.querySelector<HTMLCanvasElement>(s)?.dataset.legend ?? '[]') as { text: string; hidden: boolean }[],
    selector,
  );

/** The legend entries of every panel of the quality card. */
const qualityLegends = (page: Page) =>
  page.evaluate(() =>
    Array.from(document.querySelectorAll<HTMLCanvasElement>('section[aria-label="Quality"] .gw-chart canvas')).flatMap(
      (c) => JSON.parse(c.dataset.legend ?? '[]') as { text: string; hidden: boolean }[],
    ),
  );

/** The point palette's colours (#rrggbb) of a points2d canvas: generated, real. */
const pointColors = async (page: Page, selector: string) => {
  const palette = await page.evaluate(
    (s) =>
      JSON.parse(document.querySelector<HTMLCanvasElement>(s)?.dataset.palette ?? 'null') as Record<
        string,
        { r: number; g: number; b: number }
      > | null,
    selector,
  );
  assert.ok(palette, `${selector}: data-palette`);
  const hex = (c: { r: number; g: number; b: number }) => `#${[c.r, c.g, c.b].map((v) => v.toString(16).padStart(2, '0')).join('')}`;
  return [hex(palette.generated!), hex(palette.real!)];
};

const slider = (page: Page, label: string) =>
  page
    .getByLabel(label, { exact: true })
    .evaluate((el: HTMLInputElement) => ({ min: Number(el.min), max: Number(el.max), value: Number(el.value) }));

describe('render: dashboard and samples view in chromium, recorded runs', function () {
  this.timeout(60_000);
  let harness: HarnessSession | undefined;
  let runsRoot = '';
  const runs = new Map<string, RecordedRun>();

  before(async function () {
    this.timeout(300_000);
    requireChromium();
    ensureDist();
    runsRoot = mkdtempSync(join(tmpdir(), 'gan-render-runs-'));
    // ring-8 with the generator's weight average: the Samples card says where its samples come from.
    const ring8 = JSON.parse(readFileSync(join(repoRoot, 'examples', 'ring8-nonsaturating.gan.json'), 'utf8')) as Record<string, unknown>;
    const averaged = join(mkdtempSync(join(tmpdir(), 'gan-render-average-')), 'ring8-average.gan.json');
    writeFileSync(averaged, JSON.stringify({ ...ring8, $schema: undefined, name: AVERAGED, generatorAverage: { decay: 0.99 } }));
    await trainRuns(runsRoot, [...KINDS.map((k) => ({ experiment: k.file, steps: k.steps })), { experiment: averaged, steps: 250 }]);
    for (const name of [...KINDS.map((k) => k.name), AVERAGED]) runs.set(name, readRecordedRun(runsRoot, name));
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(join(ARTIFACTS, 'fixtures.json'), JSON.stringify([...runs.values()], null, 2));
    harness = await startHarness(runsRoot, join(ARTIFACTS, 'harness'));
    assert.deepEqual(harness.built, [...KINDS.map((k) => k.name), AVERAGED].sort());
  });

  after(async () => {
    if (harness) await harness.close();
    else if (runsRoot) rmSync(runsRoot, { recursive: true, force: true });
  });

  /** Opens a harness page with a fresh view state; `problems` collects console errors, page errors and CSP violations. */
  const open = (path: string, viewport?: { width: number; height: number }) =>
    openHarnessPage(harness!.context, harness!.base, path, viewport);

  for (const kind of KINDS) {
    for (const theme of THEMES) {
      it(`${kind.name} (${kind.layout}), ${theme} theme: every chart draws, legends, slider ranges, no errors`, async () => {
        const run = runs.get(kind.name)!;
        const { page, clean } = await open(`index.html?run=${kind.name}&theme=${theme}`);
        await page.screenshot({ path: join(ARTIFACTS, `dashboard-${kind.name}-${theme}.png`), fullPage: true });

        const expected: [keyof typeof CANVAS, string[]][] = [
          ['loss', ['--vscode-charts-purple', '--vscode-charts-green']],
          ['scores', ['--vscode-charts-blue', '--vscode-charts-orange']],
          ['histogram', ['--vscode-charts-blue', '--vscode-charts-orange']],
          ['heatStrip', []],
          ['quality', ['--vscode-charts-green']],
          ['samples', kind.layout === 'points2d' ? await pointColors(page, CANVAS.samples) : [kind.samplesColor]],
        ];
        for (const [name, colors] of expected) {
          const drawn = await ink(page, CANVAS[name], colors);
          assert.ok(drawn, `${name}: canvas present and sized`);
          const share = drawn.drawn / (drawn.width * drawn.height);
          assert.ok(share > 0.01, `${name}: ${(share * 100).toFixed(2)}% of the canvas drawn`);
          drawn.matches.forEach((m, i) => assert.ok(m >= 20, `${name}: ${m} pixels in ${colors[i]}`));
        }

        const texts = async (selector: string) => (await legend(page, selector)).map((e) => e.text);
        const loss = await texts(CANVAS.loss);
        assert.ok(loss.includes('D loss') && loss.includes('G loss'), `loss legend: ${loss.join(', ')}`);
        assert.deepEqual(await texts(CANVAS.scores), ['D(real)', 'D(fake)']);
        assert.deepEqual(await texts(CANVAS.histogram), ['real', 'fake']);
        const quality = (await qualityLegends(page)).map((e) => e.text);
        assert.ok(quality.includes(kind.quality), `quality legend: ${quality.join(', ')}`);
        const samplesLegend = await page.locator('section[aria-label="Samples"] .gw-legend > span').allTextContents();
        assert.ok(
          samplesLegend.some((t) => t.startsWith('real')) && samplesLegend.some((t) => t.startsWith('generated')),
          samplesLegend.join(' | '),
        );
        const stripLegend = await page.locator('section[aria-label="D on real vs fake"] .gw-legend > span').allTextContents();
        assert.deepEqual(stripLegend.slice(0, 2), ['real', 'fake']);

        // One timeline over every recorded step (samples and histograms), at the newest.
        const recorded = [...new Set([...run.sampleSteps, ...run.histogramSteps])];
        assert.deepEqual(await slider(page, 'timeline step'), { min: 0, max: recorded.length - 1, value: recorded.length - 1 });
        assert.deepEqual(await slider(page, 'smoothing'), { min: 0, max: 0.99, value: 0.6 });
        const last = run.sampleSteps.at(-1)!.toLocaleString('en');
        assert.equal(await page.locator('section[aria-label="Samples"] .gw-step-label').textContent(), `step ${last} of ${last}`);
        assert.match((await page.locator('.gw-stats b').first().textContent()) ?? '', new RegExp(`^${kind.steps.toLocaleString('en')} / `));

        // The samples side view of the same run.
        const side = await open(`samples.html?run=${kind.name}&theme=${theme}`, { width: 340, height: 560 });
        await side.page.screenshot({ path: join(ARTIFACTS, `samples-${kind.name}-${theme}.png`), fullPage: true });
        const sideColors = kind.layout === 'points2d' ? await pointColors(side.page, 'canvas.gw-canvas') : [kind.samplesColor];
        const sideInk = await ink(side.page, 'canvas.gw-canvas', sideColors, '--vscode-sideBar-background');
        assert.ok(
          sideInk && sideInk.drawn / (sideInk.width * sideInk.height) > 0.01 && sideInk.matches.every((m) => m >= 20),
          'side view samples drawn',
        );
        assert.deepEqual(await slider(side.page, 'samples step'), {
          min: 0,
          max: run.sampleSteps.length - 1,
          value: run.sampleSteps.length - 1,
        });
        assert.equal(await side.page.getByLabel('follow latest').isChecked(), true);
        await side.clean();
        await side.page.close();
        await clean();
        await page.close();
      });
    }
  }

  it("samples from the generator's weight average say so in the Samples card's head; a run without one does not", async () => {
    const head = (page: Page) => page.locator('section[aria-label="Samples"] .gw-hint').first().textContent();
    const averaged = await open(`index.html?run=${AVERAGED}&theme=dark`);
    await averaged.page.screenshot({ path: join(ARTIFACTS, `dashboard-${AVERAGED}-dark.png`), fullPage: true });
    assert.equal(await head(averaged.page), "ring · points2d · G's weight average (β 0.99)");
    await averaged.clean();
    await averaged.page.close();
    const plain = await open('index.html?run=ring8&theme=dark');
    assert.equal(await head(plain.page), 'ring · points2d');
    await plain.clean();
    await plain.page.close();
  });

  it('compare: the picker (keyboard) posts addCompareRun, the overlay draws with legend entries by run, × removes, a reload asks again', async () => {
    const ring8 = runs.get('ring8')!;
    const { page, posted, clean } = await open('index.html?run=ring8&theme=dark');
    const compare = page.locator('section[aria-label="Losses"]').getByRole('button', { name: 'Compare…' });
    await compare.click();
    await page.waitForSelector('.gw-picker-list [role="option"]');
    assert.deepEqual((await posted()).at(-1), { type: 'listCompareRuns', payload: {} });
    const options = await page.locator('.gw-picker-list [role="option"]').evaluateAll((els) => els.map((e) => e.getAttribute('title')));
    assert.deepEqual(
      [...options].sort(),
      [...runs.values()]
        .filter((r) => r !== ring8)
        .map((r) => r.runDir)
        .sort(),
      'the other runs, not this one',
    );
    // Escape closes and gives the focus back to the button; open again and choose the second run by keyboard.
    await page.keyboard.press('Escape');
    assert.equal(await page.locator('.gw-popover').count(), 0);
    assert.equal(await compare.evaluate((b) => b === document.activeElement), true);
    await compare.click();
    await page.waitForSelector('.gw-picker-list [role="option"]');
    await page.keyboard.press('ArrowDown');
    const chosen = (await page.locator('.gw-picker-list [role="option"][aria-selected="true"]').getAttribute('title'))!;
    await page.keyboard.press('Enter');
    assert.deepEqual((await posted()).at(-1), { type: 'addCompareRun', payload: { runDir: chosen } });
    const other = [...runs.values()].find((r) => r.runDir === chosen)!;
    const short = shortRunLabel(`${other.experimentName} · ${other.runId} · completed`, other.runDir);
    await page.waitForFunction(
      () => document.querySelectorAll('.gw-chip').length === 2 && !document.body.textContent!.includes('loading…)'),
    );
    await frames(page);

    const lossLegend = (await legend(page, CANVAS.loss)).map((e) => e.text);
    assert.ok(lossLegend.includes(`D loss · ${short}`) && lossLegend.includes(`G loss · ${short}`), lossLegend.join(', '));
    const qualityLegend = (await qualityLegends(page)).map((e) => e.text);
    assert.ok(qualityLegend.filter((t) => t.endsWith(` · ${short}`)).length >= 2, qualityLegend.join(', '));
    const overlay = await ink(page, CANVAS.loss, [COMPARE_DARK[0]!]);
    assert.ok(overlay!.matches[0]! >= 20, `the compared run's hue is drawn (${overlay!.matches[0]} pixels)`);
    const chip = await page.locator('section[aria-label="Losses"] .gw-chip').textContent();
    assert.ok(chip?.startsWith(short), chip ?? '');
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-ring8-compare-dark.png'), fullPage: true });

    // A reload (VS Code reloads hidden webviews) asks for the compared run again after the snapshot.
    await page.reload();
    await page.waitForFunction(() => (window as unknown as HarnessWindow).__harness?.snapshotSent === true);
    await page.waitForFunction(
      () => document.querySelectorAll('.gw-chip').length === 2 && !document.body.textContent!.includes('loading…)'),
    );
    await frames(page);
    const afterReload = (await posted()).map((m) => m.type);
    assert.deepEqual(afterReload.slice(0, 2), ['ready', 'addCompareRun']);
    assert.ok((await legend(page, CANVAS.loss)).some((e) => e.text === `D loss · ${short}`));

    // × on a chip removes the run from both charts and from the view state.
    await page
      .locator('section[aria-label="Quality"]')
      .getByRole('button', { name: `Stop comparing with ${short}` })
      .click();
    await frames(page);
    assert.equal(await page.locator('.gw-chip').count(), 0);
    assert.ok(!(await legend(page, CANVAS.loss)).some((e) => e.text.includes(short)));
    assert.ok(!(await qualityLegends(page)).some((e) => e.text.includes(short)));
    const state = await page.evaluate(
      () => JSON.parse(sessionStorage.getItem('gw-state') ?? '{}') as { compareRuns: string[]; runDir: string },
    );
    assert.deepEqual(state.compareRuns, []);
    assert.equal(state.runDir, ring8.runDir);
    await clean();
    await page.close();
  });

  it('exports: a PNG per chart (opaque, named <experiment>-<run id>-<chart>.png), Metrics CSV, an animated GIF of every step', async () => {
    const ring8 = runs.get('ring8')!;
    const { page, posted, clean } = await open('index.html?run=ring8&theme=light');
    const stem = `ring8-${ring8.runId}`;
    const last = ring8.sampleSteps.at(-1)!;
    for (const [name, file] of [
      ['Save Losses as PNG', `${stem}-loss.png`],
      ['Save Discriminator scores as PNG', `${stem}-scores.png`],
      ['Save D on real vs fake as PNG', `${stem}-histogram-step${ring8.lastHistogramStep}.png`],
      ['Save D histograms over time as PNG', `${stem}-heatstrip.png`],
      ['Save Quality as PNG', `${stem}-quality.png`],
      ['Save Samples as PNG', `${stem}-samples-step${last}.png`],
    ] as const) {
      await page.getByRole('button', { name, exact: true }).click();
      const saved = await page.evaluate(() => (window as unknown as HarnessWindow).__harness.exports.at(-1)!);
      assert.equal(saved.format, 'png', name);
      assert.equal(saved.suggestedName, file);
      const bytes = Buffer.from(saved.data, 'base64');
      assert.deepEqual([...bytes.subarray(0, 8)], [137, 80, 78, 71, 13, 10, 26, 10], `${file} is a PNG`);
      writeFileSync(join(ARTIFACTS, file.replace(ring8.runId, 'run')), bytes);
      // Decoded by chromium: opaque theme background at the corner, the chart drawn inside.
      const look = await page.evaluate(async (data) => {
        const img = new Image();
        img.src = `data:image/png;base64,${data}`;
        await img.decode();
        const c = document.createElement('canvas');
        c.width = img.naturalWidth;
        c.height = img.naturalHeight;
        const ctx = c.getContext('2d')!;
        ctx.drawImage(img, 0, 0);
        const px = ctx.getImageData(0, 0, c.width, c.height).data;
        let transparent = 0;
        let drawn = 0;
        for (let p = 0; p < px.length; p += 4) {
          if (px[p + 3]! < 255) transparent++;
          else if (px[p]! + px[p + 1]! + px[p + 2]! < 600) drawn++;
        }
        return { width: c.width, height: c.height, corner: [...px.subarray(0, 4)], transparent, drawn };
      }, saved.data);
      assert.deepEqual(look.corner, [255, 255, 255, 255], `${file}: the light theme's background, opaque`);
      assert.equal(look.transparent, 0, `${file}: no transparent pixel`);
      assert.ok(look.drawn > 0.01 * look.width * look.height, `${file}: the chart is in the picture`);
    }
    await page.waitForFunction(() => document.querySelector('.gw-toast')?.textContent?.includes('Saved'));
    assert.match((await page.locator('.gw-toast-text').textContent()) ?? '', /^Saved ring8-.*-samples-step\d+\.png \(harness\)$/);

    await page.getByRole('button', { name: 'Metrics CSV' }).click();
    assert.deepEqual((await posted()).at(-1), { type: 'exportMetricsCsv', payload: {} });
    await page.waitForFunction(() => document.querySelector('.gw-toast-text')?.textContent === 'Saved metrics.csv (harness)');

    // The GIF: every recorded step, asked of the host unless cached, encoded in the page.
    const before = (await posted()).length;
    await page.getByRole('button', { name: 'Animated GIF' }).click();
    await page.waitForFunction(() => (window as unknown as HarnessWindow).__harness.exports.some((e) => e.format === 'gif'), null, {
      timeout: 30_000,
    });
    const requests = (await posted())
      .slice(before)
      .filter((m) => m.type === 'requestSamples')
      .map((m) => m.payload.step);
    assert.deepEqual(requests, ring8.sampleSteps.slice(0, -1), 'the steps not cached are asked of the host');
    const gifExport = await page.evaluate(() => (window as unknown as HarnessWindow).__harness.exports.find((e) => e.format === 'gif')!);
    assert.equal(gifExport.suggestedName, `${stem}-samples.gif`);
    const gifBytes = Buffer.from(gifExport.data, 'base64');
    writeFileSync(join(ARTIFACTS, 'ring8-samples.gif'), gifBytes);
    const gif = decodeGif(new Uint8Array(gifBytes));
    assert.equal(gif.version, 'GIF89a');
    assert.deepEqual([gif.width, gif.height], [480, 480]);
    assert.equal(gif.loop, 0, 'loops forever (NETSCAPE2.0)');
    assert.equal(gif.frames.length, ring8.sampleSteps.length, 'a frame per recorded step');
    assert.deepEqual(
      gif.frames.map((f) => f.delayCs),
      [...ring8.sampleSteps.slice(1).map(() => 12), 150],
    );
    // Chromium decodes it too.
    const decoded = await page.evaluate(async (data) => {
      const img = new Image();
      img.src = `data:image/gif;base64,${data}`;
      await img.decode();
      return [img.naturalWidth, img.naturalHeight];
    }, gifExport.data);
    assert.deepEqual(decoded, [480, 480]);
    await page.waitForFunction(() => document.querySelector('.gw-toast-text')?.textContent?.endsWith('-samples.gif (harness)'));
    await clean();
    await page.close();

    // A failed save shows the host's message as an error.
    const failing = await open('index.html?run=ring8&theme=dark&exportFail=1');
    await failing.page.getByRole('button', { name: 'Save Losses as PNG' }).click();
    await failing.page.waitForFunction(() => document.querySelector('.gw-toast.error')?.textContent?.includes('disk full'));
    await failing.clean();
    await failing.page.close();
  });

  it('samples side view: the step slider asks for samples and turns "follow latest" off and on; Open Dashboard', async () => {
    const run = runs.get('mixture1d')!;
    const { page, posted, clean } = await open('samples.html?run=mixture1d&theme=dark', { width: 340, height: 560 });
    const label = page.locator('.gw-step-label');
    const lastText = run.sampleSteps.at(-1)!.toLocaleString('en');
    assert.equal(await label.textContent(), `step ${lastText} of ${lastText}`);
    await page.getByLabel('samples step').focus();
    await page.keyboard.press('Home');
    // Asked of the host, shown when its answer arrives.
    const labelIs = (text: string) => page.waitForFunction((t) => document.querySelector('.gw-step-label')?.textContent === t, text);
    await labelIs(`step ${run.sampleSteps[0]!.toLocaleString('en')} of ${lastText}`);
    assert.deepEqual((await posted()).filter((m) => m.type === 'requestSamples').at(-1), {
      type: 'requestSamples',
      payload: { step: run.sampleSteps[0] },
    });
    assert.equal(await page.getByLabel('follow latest').isChecked(), false);
    const older = await ink(page, 'canvas.gw-canvas', ['--vscode-charts-orange'], '--vscode-sideBar-background');
    assert.ok(older && older.matches[0]! >= 20);
    await page.screenshot({ path: join(ARTIFACTS, 'samples-mixture1d-step0-dark.png') });
    await page.keyboard.press('End');
    await labelIs(`step ${lastText} of ${lastText}`);
    assert.equal(await page.getByLabel('follow latest').isChecked(), true);
    await page.getByRole('button', { name: 'Open Dashboard' }).click();
    assert.deepEqual((await posted()).at(-1), { type: 'openDashboard', payload: {} });
    await clean();
    await page.close();
  });

  it('events table: pauses, resumes and MCMC sampling are rows like stops and edits; the file line offers Save to experiment file only when the file differs', async () => {
    const { page, posted, clean } = await open('index.html?run=ring8&theme=dark');
    const step = KINDS.find((k) => k.name === 'ring8')!.steps;
    const send = (message: unknown) => page.evaluate((m) => window.postMessage(m, '*'), message);
    const t = Date.now();
    await send({ type: 'eventAppended', payload: { step, time: t, kind: 'paused', message: 'paused', data: { since: t } } });
    await send({
      type: 'eventAppended',
      payload: {
        step,
        time: t + 1,
        kind: 'sampling',
        message:
          'MCMC sampling: 64 chains × 100 MALA steps from the checkpoint at step 500, acceptance 75.8% → sampling/step-500-mala-20260101-120000',
        data: { id: 'step-500-mala-20260101-120000' },
      },
    });
    await send({
      type: 'eventAppended',
      payload: { step, time: t + 2, kind: 'resumed', message: 'resumed after 4.2 s paused', data: { pausedSeconds: 4.2 } },
    });
    await send({
      type: 'experimentFileState',
      payload: {
        state: 'differs',
        file: 'ring8-nonsaturating.gan.json',
        unsaved: false,
        differences: [{ key: 'generatorLr', run: 0.002, file: 0.0005 }],
      },
    });
    await frames(page);
    const rows = page.locator('.gw-events tbody tr');
    const texts = (await rows.allInnerTexts()).map((r) => r.replace(/\s+/g, ' '));
    // Newest first: the three events at the run's last step lead the table, in the order they happened (latest on top).
    const kinds = await rows.locator('td.gw-kind').allTextContents();
    assert.deepEqual(kinds.slice(0, 3), ['resumed', 'sampling', 'paused'], texts.slice(0, 4).join('\n'));
    assert.match(texts[0]!, new RegExp(`${step} resumed resumed after 4\\.2 s paused`));
    assert.match(texts[1]!, /sampling MCMC sampling: 64 chains × 100 MALA steps .* acceptance 75\.8% → sampling\/step-500-mala/);
    assert.ok(kinds.includes('hyperparameters') && kinds.includes('status'), `edits and stops are rows too: ${kinds.join(', ')}`);
    // Each kind in its own colour, none in the body text's.
    const colors = await rows.locator('td.gw-kind').evaluateAll((cells) => cells.slice(0, 3).map((c) => getComputedStyle(c).color));
    const bodyColor = await page.evaluate(() => getComputedStyle(document.body).color);
    for (const c of colors) assert.notEqual(c, bodyColor);

    const fileLine = page.locator('.gw-file-state');
    const save = page.getByRole('button', { name: 'Save to experiment file' });
    assert.equal(
      (await fileLine.innerText()).split('\n')[0],
      "The run's values differ from ring8-nonsaturating.gan.json: generator learning rate 0.0005 → 0.002.",
    );
    await page
      .locator('section[aria-label="Hyper-parameters & events"]')
      .screenshot({ path: join(ARTIFACTS, 'events-and-file-state-dark.png') });
    await save.click();
    assert.deepEqual((await posted()).at(-1), { type: 'runAction', payload: { action: 'saveToExperimentFile' } });
    await send({
      type: 'experimentFileState',
      payload: { state: 'same', file: 'ring8-nonsaturating.gan.json', unsaved: false, differences: [] },
    });
    await frames(page);
    assert.equal(await save.isVisible(), false);
    assert.equal(await fileLine.innerText(), "ring8-nonsaturating.gan.json holds the run's values.");
    await send({
      type: 'experimentFileState',
      payload: { state: 'missing', file: 'ring8-nonsaturating.gan.json', unsaved: false, differences: [] },
    });
    await frames(page);
    assert.equal(await save.isVisible(), false);
    assert.match(await fileLine.innerText(), /was deleted or renamed: there is no file to save the run's values to/);
    await clean();
    await page.close();
  });
});
