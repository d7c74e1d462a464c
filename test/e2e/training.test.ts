/**
 * End to end: the extension as users install it (the vsix), in a real VS Code (code-server) shown
 * in chromium, driven through the UI like a person: open an experiment, start training from the
 * command palette, watch the dashboard, the Runs tree and the Samples view fill, edit a learning
 * rate in the dashboard, stop, reload the window, and read the Problems panel for broken files.
 *
 * One `it` per step; each saves `out/test-artifacts/e2e/NN-name.png`. A failed step also saves the
 * page's console (webviews included), code-server's output and the extension host's logs there
 * (NN-name.*.log), and the steps that need its result are skipped. Run by test/e2e/runE2e.ts, which
 * sets up the session (see session.ts).
 */
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'jsonc-parser';
import type { FrameLocator } from 'playwright-core';
import { runRowLabel } from '../../src/shared/runDirectory/runId';
import { BROKEN_FILE, currentSession, EXPERIMENT_FILE, INCONSISTENT_FILE, TRAINING_STEPS, type E2eSession } from './session';
import { canvasInk, leadingInteger, renderedTextNow, textNow, verticalLineShare, waitFor, Workbench, type CanvasInk } from './workbenchUi';

/** Data drawn on a chart: a few series, bars or points, far more than a legend or axes alone. */
const MIN_COLORED_PIXELS = 1500;

interface RunOnDisk {
  dir: string;
  runId: string;
  status: string;
  lastStep: number;
}

function readRun(workspace: string): RunOnDisk | undefined {
  const experimentRuns = join(workspace, 'runs', 'ring8');
  if (!existsSync(experimentRuns)) return undefined;
  for (const runId of readdirSync(experimentRuns)) {
    const file = join(experimentRuns, runId, 'run.json');
    if (!existsSync(file)) continue;
    try {
      const meta = JSON.parse(readFileSync(file, 'utf8')) as { runId: string; status: string; lastStep: number };
      return { dir: join(experimentRuns, runId), runId: meta.runId, status: meta.status, lastStep: meta.lastStep };
    } catch {
      // being rewritten: read it next time
    }
  }
  return undefined;
}

/** The server's logs: extension host, remote agent and the extension's "GAN Workbench" channel (each file's end). */
function extensionHostLogs(userDataDir: string): string {
  const out: string[] = [];
  const visit = (dir: string) => {
    for (const name of existsSync(dir) ? readdirSync(dir).sort() : []) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) visit(full);
      else if (/(remoteexthost|remoteagent)\.log$|gan-workbench\.gan-workbench/.test(full) && name.endsWith('.log')) {
        out.push(`===== ${full}\n${readFileSync(full, 'utf8').slice(-200_000)}`);
      }
    }
  };
  visit(join(userDataDir, 'logs'));
  return out.join('\n') || `(no extension host log under ${userDataDir}/logs)\n`;
}

function generatorLr(file: string): unknown {
  const config = parse(readFileSync(file, 'utf8')) as { optimizer?: { generator?: { lr?: unknown } } };
  return config.optimizer?.generator?.lr;
}

/** What a run directory holds: records per file, the newest samples' step. */
interface RunFiles {
  histograms: number;
  events: number;
  newestSamples: number;
}

function runFiles(dir: string): RunFiles {
  const lines = (name: string) =>
    existsSync(join(dir, name))
      ? readFileSync(join(dir, name), 'utf8')
          .split('\n')
          .filter((l) => l.trim() !== '').length
      : 0;
  const sampleSteps = existsSync(join(dir, 'samples'))
    ? readdirSync(join(dir, 'samples'))
        .map((n) => /^step-(\d+)\.json$/.exec(n)?.[1])
        .filter((n): n is string => n !== undefined)
        .map(Number)
    : [];
  return { histograms: lines('histograms.jsonl'), events: lines('events.jsonl'), newestSamples: Math.max(-1, ...sampleSteps) };
}

/** Differences between what a dashboard shows and the run's files, one line each. */
function compareWithDisk(what: string, r: DashboardReading, disk: RunFiles, lastStep: number): string[] {
  const out: string[] = [];
  const histograms = Number(/\/(\d+)\)$/.exec(r.histogramStep)?.[1] ?? NaN);
  if (histograms !== disk.histograms)
    out.push(`${what}: ${histograms} histogram record(s) ("${r.histogramStep}"), histograms.jsonl has ${disk.histograms}`);
  if (r.events !== disk.events) out.push(`${what}: ${r.events} event row(s), events.jsonl has ${disk.events}`);
  const samples = Number(/of ([\d,]+)/.exec(r.samplesStep)?.[1]?.replace(/,/g, '') ?? NaN);
  if (samples !== disk.newestSamples)
    out.push(`${what}: newest samples at step ${samples} ("${r.samplesStep}"), on disk ${disk.newestSamples}`);
  if (leadingInteger(r.step) !== lastStep) out.push(`${what}: header step "${r.step}", run.json lastStep ${lastStep}`);
  return out;
}

/** What the dashboard shows, to compare before and after a reload. */
interface DashboardReading {
  badge: string;
  runId: string;
  step: string;
  events: number;
  histogramStep: string;
  samplesStep: string;
  loss: CanvasInk;
  histogram: CanvasInk;
  samples: CanvasInk;
  scores: CanvasInk;
}

const dash = {
  badge: '.gw-header .gw-badge',
  runId: '.gw-header .gw-run-id',
  step: '.gw-header .gw-stats > span:first-child > b',
  // Chart canvases are labelled "<what>: <series…>" once they have data.
  lossCanvas: 'section[aria-label="Losses"] canvas[aria-label^="loss curves"]',
  scoresCanvas: 'section[aria-label="Discriminator scores"] canvas[aria-label^="mean D"]',
  histogramCanvas: 'section[aria-label="D on real vs fake"] canvas[aria-label^="histogram of D"]',
  histogramStep: 'section[aria-label="D on real vs fake"] .gw-step-label',
  samplesCanvas: 'section[aria-label="Samples"] canvas.gw-canvas',
  samplesStep: 'section[aria-label="Samples"] .gw-step-label',
  events: 'section[aria-label="Hyper-parameters & events"] .gw-events',
  eventRows: 'section[aria-label="Hyper-parameters & events"] .gw-events tbody tr',
  generatorLr: '#hp-generatorLr',
  fileState: 'section[aria-label="Hyper-parameters & events"] .gw-file-state-text',
  saveToFile: 'section[aria-label="Hyper-parameters & events"] button.gw-save-to-file',
  stop: '.gw-header .gw-actions button',
};

async function readDashboard(frame: FrameLocator): Promise<DashboardReading> {
  return {
    badge: await textNow(frame.locator(dash.badge)),
    runId: await textNow(frame.locator(dash.runId)),
    step: await textNow(frame.locator(dash.step)),
    events: await frame.locator(dash.eventRows).count(),
    histogramStep: await textNow(frame.locator(dash.histogramStep)),
    samplesStep: await textNow(frame.locator(dash.samplesStep)),
    loss: await canvasInk(frame.locator(dash.lossCanvas)),
    histogram: await canvasInk(frame.locator(dash.histogramCanvas)),
    samples: await canvasInk(frame.locator(dash.samplesCanvas)),
    scores: await canvasInk(frame.locator(dash.scoresCanvas)),
  };
}

const filled = (ink: CanvasInk) => ink.visible && ink.colored >= MIN_COLORED_PIXELS;
const chartsFilled = (r: DashboardReading) => filled(r.loss) && filled(r.histogram) && filled(r.samples) && filled(r.scores);

function summarize(r: DashboardReading): string {
  const ink = (c: CanvasInk) => (c.visible ? `${c.colored} coloured px of ${c.width}×${c.height}` : 'hidden');
  return (
    `badge "${r.badge}", run "${r.runId}", step "${r.step}", ${r.events} event row(s), histogram "${r.histogramStep}", ` +
    `samples "${r.samplesStep}"; loss ${ink(r.loss)}, histogram ${ink(r.histogram)}, samples ${ink(r.samples)}, scores ${ink(r.scores)}`
  );
}

describe('GAN Workbench end to end (the vsix installed in code-server, driven in chromium)', function () {
  let s: E2eSession;
  let wb: Workbench;
  /** Steps that passed, by number: later steps that need one skip when it did not. */
  const passed = new Set<string>();
  let run: RunOnDisk | undefined;
  let beforeReload: DashboardReading | undefined;
  let current = '';

  before(function () {
    s = currentSession();
    wb = new Workbench(s.page);
  });

  const artifact = (name: string) => join(s.artifacts, name);
  const screenshot = async (name: string) => {
    await s.page.screenshot({ path: artifact(`${name}.png`), timeout: 30_000 });
  };

  afterEach(async function () {
    if (this.currentTest?.state !== 'failed' || !current) return;
    await screenshot(current).catch((e: Error) => writeFileSync(artifact(`${current}.screenshot-error.txt`), e.message));
    writeFileSync(artifact(`${current}.console.log`), s.consoleLog.join('\n') + '\n');
    // CI shows only this output: the webview frames' service-worker lines say whether a page never started.
    const webviewLines = s.consoleLog.filter((l) => /service worker|controllerchange|webview fatal/i.test(l)).slice(-8);
    if (webviewLines.length > 0)
      console.log(
        `      webview frames (last ${webviewLines.length}):\n${webviewLines.map((l) => `        ${l.slice(0, 240)}`).join('\n')}`,
      );
    writeFileSync(artifact(`${current}.code-server.log`), s.server.output());
    writeFileSync(artifact(`${current}.extension-host.log`), extensionHostLogs(s.server.userDataDir));
  });

  /** One step: `it` titled "NN …", skipped when a step it needs failed, screenshot `NN-name.png` at the end. */
  function step(nn: string, name: string, title: string, needs: string[], body: () => Promise<void>): void {
    it(`${nn} ${title}`, async function () {
      const missing = needs.filter((n) => !passed.has(n));
      if (missing.length > 0) {
        console.log(`      (skipped: needs step ${missing.join(', ')})`);
        this.skip();
      }
      current = `${nn}-${name}`;
      await body();
      await screenshot(current);
      passed.add(nn);
    });
  }

  /** The dashboard's content frame (the webview with the dashboard's header). */
  const dashboard = () => wb.webview('.gw-header', 'the dashboard webview', 60_000);

  step('01', 'experiment-open', 'opens the workspace and the experiment, with the ▶ Start Training CodeLens', [], async () => {
    const response = await s.page.goto(s.workbenchUrl, { waitUntil: 'domcontentloaded', timeout: 90_000 });
    assert.ok(response?.ok(), `the workbench answered ${response?.status() ?? 'nothing'}`);
    await wb.waitUntilLoaded();
    await wb.quickOpen(EXPERIMENT_FILE);
    await waitFor('the experiment to be the active editor', async () => (await wb.activeTabLabel()) === EXPERIMENT_FILE, {
      timeoutMs: 30_000,
      describe: async () => `active tab "${await wb.activeTabLabel()}"`,
    });
    // The extension activates on *.gan.json in the workspace; its CodeLens shows once it has.
    await wb.codeLens('▶ Start Training').first().waitFor({ state: 'visible', timeout: 90_000 });
  });

  step('02', 'start-training', 'starts training with GAN: Start Training from the command palette', ['01'], async () => {
    await wb.runCommand('GAN: Start Training', { timeoutMs: 60_000 });
    run = await waitFor('the run directory with its run.json', () => readRun(s.workspace), { timeoutMs: 60_000 });
    // The dashboard opens beside as an editor tab named after the run.
    await wb
      .tab(/^GAN ring8/)
      .first()
      .waitFor({ state: 'visible', timeout: 60_000 });
  });

  step('03', 'training-dashboard', 'shows the run: dashboard charts and samples fill, Runs tree and Samples view', ['02'], async () => {
    assert.ok(run);
    const started = Date.now();
    const lap = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
    await wb.tab(`GAN ring8 · ${run.runId}`).first().waitFor({ state: 'visible', timeout: 60_000 });
    const frame = await dashboard();
    let reading: DashboardReading | undefined;
    await waitFor(
      'the dashboard to show the live run with losses, D scores, the D histogram and samples drawn',
      async () => {
        reading = await readDashboard(frame);
        return reading.badge === 'running' && reading.runId === run!.runId && chartsFilled(reading);
      },
      { timeoutMs: 120_000, intervalMs: 1000, describe: () => (reading ? summarize(reading) : 'nothing read') },
    );
    console.log(`      dashboard (${lap()}): ${summarize(reading!)}`);
    const first = leadingInteger(await textNow(frame.locator(dash.step)));
    assert.ok(first > 0, `the header's step counter reads ${first}`);
    const later = await waitFor(
      'the step counter to move on',
      async () => {
        const now = leadingInteger(await textNow(frame.locator(dash.step)));
        return now > first ? now : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    console.log(`      step counter (${lap()}): ${first} → ${later} of ${TRAINING_STEPS}`);
    assert.match(await textNow(frame.locator(dash.step)), new RegExp(`/ ${TRAINING_STEPS.toLocaleString('en-US')}`));

    // The GAN view container: the Runs tree lists the run, spinning while it trains.
    if ((await textNow(s.page.locator('.part.sidebar .title-label'))) !== 'GAN') {
      await s.page.locator('.part.activitybar .action-item .action-label[aria-label="GAN"]').first().click();
    }
    // The row is labelled with the run's start (the full id is in its tooltip).
    const row = wb.sideBarRows(runRowLabel(run.runId)).first();
    await row.waitFor({ state: 'visible', timeout: 30_000 });
    await waitFor('the run row to show a spinning (running) icon', async () => (await row.locator('.codicon-modifier-spin').count()) > 0, {
      timeoutMs: 30_000,
      describe: async () => `row HTML: ${(await row.innerHTML()).slice(0, 600)}`,
    });
    console.log(`      Runs tree (${lap()}): ${await renderedTextNow(row)}`);
    // The Samples view (a webview view in the same container) draws the run's newest samples.
    const samples = await wb.webview('body.gw-side', 'the Samples view', 90_000);
    const sideFound = lap();
    let side: CanvasInk | undefined;
    let sideHead = '';
    const trace: string[] = [];
    await waitFor(
      'the Samples view to draw the run',
      async () => {
        let state: string;
        try {
          sideHead = await renderedTextNow(samples.locator('.gw-side-head'));
          side = await canvasInk(samples.locator('canvas.gw-canvas'));
          state = `${sideHead} | ${side.visible ? `${side.colored} coloured px` : 'no canvas'}`;
        } catch (e) {
          state = `error: ${(e as Error).message.split('\n')[0]}`;
        }
        if (trace[trace.length - 1]?.endsWith(state) !== true) trace.push(`${lap()} ${state}`);
        return side !== undefined && sideHead.includes(run!.runId) && filled(side);
      },
      { timeoutMs: 90_000, intervalMs: 500, describe: () => `states seen: ${trace.join(' → ')}` },
    );
    console.log(`      Samples view (${lap()}, its webview found at ${sideFound}): "${sideHead}", ${side!.colored} coloured px`);
    if (trace.length > 1) console.log(`      Samples view states: ${trace.join(' → ')}`);
    assert.match(sideHead, /running/);
    // The status bar shows the live run's progress.
    const status = s.page.locator('.part.statusbar .statusbar-item').filter({ hasText: /GAN ring8/ });
    await status.first().waitFor({ state: 'visible', timeout: 30_000 });
    console.log(`      status bar (${lap()}): ${await renderedTextNow(status)}`);
    await frame.locator(dash.lossCanvas).scrollIntoViewIfNeeded();
  });

  step(
    '04',
    'edit-learning-rate',
    'edits the generator learning rate in the dashboard: applied to the run only (file on disk unchanged), event row and marker; Save to experiment file writes it',
    ['03'],
    async () => {
      assert.ok(run);
      const frame = await dashboard();
      const fileBefore = readFileSync(s.experimentFile, 'utf8');
      assert.equal(generatorLr(s.experimentFile), 0.0005);
      const loss = frame.locator(dash.lossCanvas);
      const markerColor = await frame
        .locator('body')
        .evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--vscode-textLink-foreground').trim());
      assert.ok(markerColor, 'the webview has no --vscode-textLink-foreground');
      const markerBefore = await verticalLineShare(loss, markerColor);

      const input = frame.locator(dash.generatorLr);
      await input.waitFor({ state: 'visible', timeout: 30_000 });
      assert.equal(await input.inputValue(), '0.0005');
      assert.equal(await input.isEnabled(), true, 'the learning rate field is read-only although the run is live');
      await input.click();
      await input.press('Control+A');
      await input.pressSequentially('0.001');
      await input.press('Enter');

      // The edit goes to the run only: the trainer applies it from the next step and records an
      // event (a row in the events list), a notification says so, and the file is left alone.
      const toasts: string[] = [];
      const watchToasts = async () => {
        for (const n of await wb.notifications()) if (!toasts.includes(n)) toasts.push(n);
      };
      const toastMatching = (re: RegExp) => toasts.find((n) => re.test(n)) ?? '';
      const runOnly = /generator learning rate 0\.0005 → 0\.001 applied to the run only.*is unchanged/;
      const eventRow = frame.locator(dash.eventRows).filter({ hasText: /generator\.lr 0\.0005 → 0\.001/ });
      await waitFor(
        'the event row "generator.lr 0.0005 → 0.001" and the notification "… applied to the run only …"',
        async () => {
          await watchToasts();
          return toastMatching(runOnly) !== '' && (await eventRow.count()) > 0;
        },
        {
          timeoutMs: 60_000,
          intervalMs: 500,
          describe: async () =>
            `notifications: ${JSON.stringify(toasts)}; event rows: ${(await frame.locator(dash.eventRows).allInnerTexts()).join(' | ')}`,
        },
      );
      const eventText = (await eventRow.first().innerText()).replace(/\s+/g, ' ');
      assert.match(eventText, /hyperparameters/);
      assert.equal(readFileSync(s.experimentFile, 'utf8'), fileBefore, 'the experiment file on disk changed');
      console.log(`      notification: ${toastMatching(runOnly).trim()}\n      event row: ${eventText}`);
      await frame.locator(dash.events).scrollIntoViewIfNeeded();
      await screenshot('04-edit-learning-rate-events');
      await frame.locator(dash.lossCanvas).scrollIntoViewIfNeeded();
      // … and a marker on the loss chart (a dashed vertical line in the theme's link colour).
      const share = await waitFor(
        'a marker line on the loss chart',
        async () => {
          const now = await verticalLineShare(loss, markerColor);
          return now >= 0.3 ? now : undefined;
        },
        {
          timeoutMs: 30_000,
          intervalMs: 500,
          describe: async () => `tallest ${markerColor} column: ${await verticalLineShare(loss, markerColor)}`,
        },
      );
      console.log(
        `      loss chart marker: ${markerColor} column over ${(share * 100).toFixed(0)}% of the height (before: ${(markerBefore * 100).toFixed(0)}%)`,
      );
      assert.ok(markerBefore < 0.3, `a marker-coloured vertical line was there before the edit (${markerBefore})`);

      // The dashboard says the file differs from the run and offers to save the run's values into it.
      const fileLine = frame.locator(dash.fileState);
      const save = frame.locator(dash.saveToFile);
      await waitFor(
        '"Save to experiment file" beside the difference',
        async () => (await save.isVisible()) && /0\.0005 → 0\.001/.test(await textNow(fileLine)),
        {
          timeoutMs: 30_000,
          describe: async () => `file line: "${await textNow(fileLine)}"`,
        },
      );
      console.log(`      file line: ${await textNow(fileLine)}`);
      await save.click();
      await waitFor(
        'the experiment file on disk to hold generator lr 0.001',
        async () => {
          await watchToasts();
          return generatorLr(s.experimentFile) === 0.001;
        },
        { timeoutMs: 30_000, describe: () => `generator lr on disk: ${JSON.stringify(generatorLr(s.experimentFile))}` },
      );
      const before = fileBefore.split('\n');
      const after = readFileSync(s.experimentFile, 'utf8').split('\n');
      assert.equal(after.length, before.length, 'the save changed the number of lines');
      const changed = after.filter((line, i) => line !== before[i]);
      assert.equal(changed.length, 1, `more than one line changed:\n${changed.join('\n')}`);
      assert.match(changed[0]!, /"generator".*"lr": 0\.001\b/);
      const savedToast = /Saved the run's values in .*: generator learning rate 0\.0005 → 0\.001/;
      await waitFor(
        'the notification "Saved the run\'s values in …" and the file line to say the file holds them',
        async () => {
          await watchToasts();
          return toastMatching(savedToast) !== '' && !(await save.isVisible()) && /holds the run's values/.test(await textNow(fileLine));
        },
        { timeoutMs: 30_000, describe: async () => `notifications: ${JSON.stringify(toasts)}; file line: "${await textNow(fileLine)}"` },
      );
      console.log(`      notification: ${toastMatching(savedToast).trim()}`);
    },
  );

  step('05', 'stopped-and-reloaded', 'stops the run, reloads the window and gets the same dashboard back', ['03'], async () => {
    assert.ok(run);
    let frame = await dashboard();
    await frame
      .locator(dash.stop)
      .filter({ hasText: /^Stop$/ })
      .click();
    await waitFor('the header badge to read "stopped"', async () => (await textNow(frame.locator(dash.badge))) === 'stopped', {
      timeoutMs: 60_000,
      describe: async () => `badge "${await textNow(frame.locator(dash.badge))}"`,
    });
    const stopped = await waitFor(
      'run.json to say stopped',
      () => {
        const r = readRun(s.workspace);
        return r?.status === 'stopped' ? r : undefined;
      },
      { timeoutMs: 30_000, describe: () => JSON.stringify(readRun(s.workspace)) },
    );
    assert.ok(stopped.lastStep < TRAINING_STEPS, `the run reached its end (${stopped.lastStep}) before it was stopped`);
    // The dashboard settles on the final records; read it once it has stopped changing.
    let previous = '';
    beforeReload = await waitFor(
      'the stopped dashboard to settle',
      async () => {
        const r = await readDashboard(frame);
        const key = JSON.stringify([r.step, r.events, r.histogramStep, r.samplesStep]);
        const settled = key === previous && chartsFilled(r);
        previous = key;
        return settled ? r : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 1000 },
    );
    console.log(`      stopped: ${summarize(beforeReload)}; run.json lastStep ${stopped.lastStep}`);
    await screenshot(`05-stopped-before-reload`);
    // What the live dashboard ended with must be what the run wrote. Checked after the reload too;
    // a mismatch fails the step at its end, so that the reload is still exercised.
    const disk = runFiles(stopped.dir);
    console.log(
      `      on disk: ${disk.histograms} histogram record(s), ${disk.events} event(s), newest samples at step ${disk.newestSamples}, lastStep ${stopped.lastStep}`,
    );
    const mismatches = compareWithDisk('the live dashboard after the stop', beforeReload, disk, stopped.lastStep);

    await s.page.evaluate(() => ((window as unknown as { __ganE2eBeforeReload?: boolean }).__ganE2eBeforeReload = true));
    await wb.runCommand('Developer: Reload Window');
    await waitFor(
      'the window to reload',
      () => s.page.evaluate(() => (window as unknown as { __ganE2eBeforeReload?: boolean }).__ganE2eBeforeReload !== true),
      { timeoutMs: 60_000 },
    );
    await wb.waitUntilLoaded();
    // The panel comes back through the extension's webview serializer. Watch the tab the whole
    // time: one that shows and then closes again is a panel the extension did not restore.
    const tabTitle = `GAN ring8 · ${run.runId}`;
    let tabs: string[] = [];
    let tabSeen = false;
    let tabGoneSince = 0;
    let after: DashboardReading | undefined;
    const expected = beforeReload;
    let previousKey = '';
    await waitFor(
      'the restored dashboard to show the run, stopped, with its charts drawn (and settled)',
      async () => {
        tabs = (await s.page.locator('.part.editor .tabs-container .tab').allInnerTexts()).map((t) => t.trim());
        if (!tabs.some((t) => t.includes(tabTitle))) {
          if (tabSeen) tabGoneSince ||= Date.now();
          return false;
        }
        tabSeen = true;
        tabGoneSince = 0;
        frame = await wb.webview('.gw-header', 'the dashboard webview', 5000);
        after = await readDashboard(frame);
        const key = JSON.stringify([after.step, after.events, after.histogramStep, after.samplesStep]);
        const settled = key === previousKey;
        previousKey = key;
        return settled && after.badge === 'stopped' && after.runId === expected.runId && chartsFilled(after);
      },
      {
        timeoutMs: 90_000,
        intervalMs: 1000,
        // A tab that showed and has been gone for a while is a panel the extension disposed.
        abortIf: () =>
          tabGoneSince > 0 && Date.now() - tabGoneSince > 10_000
            ? 'the dashboard tab came back after the reload and closed again: the extension did not restore the panel'
            : undefined,
        describe: () =>
          `tabs: ${tabs.join(' | ') || 'none'}\n  before: ${summarize(expected)}\n  after: ${after ? summarize(after) : 'nothing read'}`,
      },
    );
    const restored = after!;
    console.log(`      after reload: ${summarize(restored)}`);
    mismatches.push(...compareWithDisk('the restored dashboard', restored, disk, stopped.lastStep));
    for (const key of ['step', 'events', 'histogramStep', 'samplesStep'] as const) {
      if (restored[key] !== expected[key])
        mismatches.push(`${key} changed across the reload: ${JSON.stringify(expected[key])} → ${JSON.stringify(restored[key])}`);
    }
    assert.deepEqual(mismatches, [], `the dashboard does not show what the run wrote:\n${mismatches.join('\n')}`);
  });

  step('06', 'problems', 'lists the broken experiment files’ problems in the Problems panel', [], async () => {
    if (!passed.has('01')) {
      await s.page.goto(s.workbenchUrl, { waitUntil: 'domcontentloaded', timeout: 90_000 });
      await wb.waitUntilLoaded();
    }
    await wb.quickOpen(BROKEN_FILE);
    await waitFor(`${BROKEN_FILE} to be the active editor`, async () => (await wb.activeTabLabel()) === BROKEN_FILE, { timeoutMs: 30_000 });
    await wb.quickOpen(INCONSISTENT_FILE);
    await waitFor(`${INCONSISTENT_FILE} to be the active editor`, async () => (await wb.activeTabLabel()) === INCONSISTENT_FILE, {
      timeoutMs: 30_000,
    });
    await s.page.keyboard.press('Control+Shift+M');
    const panel = s.page.locator('.part.panel .markers-panel');
    const shown = await panel
      .waitFor({ state: 'visible', timeout: 10_000 })
      .then(() => true)
      .catch(() => false);
    if (!shown) await wb.runCommand('View: Focus Problems', { prefix: true });
    await panel.waitFor({ state: 'visible', timeout: 30_000 });
    const expectations: [string, RegExp][] = [
      // The extension's own messages (the JSON language service does not validate experiment files).
      ['the unknown loss kind in broken.gan.json', /unknown kind "notALoss" \(expected "minimax" \| "nonSaturating"/],
      ['the negative steps in broken.gan.json', /out of range: must be between 1 and 100000000/],
      ['xMax not above xMin in inconsistent.gan.json (the extension’s own check)', /xMax must be greater than xMin/],
    ];
    let rows: string[] = [];
    await waitFor(
      'the Problems panel to list the problems of both files',
      async () => {
        rows = (await wb.problemRows().allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
        const text = rows.join('\n');
        return text.includes(BROKEN_FILE) && text.includes(INCONSISTENT_FILE) && expectations.every(([, re]) => re.test(text));
      },
      {
        timeoutMs: 60_000,
        intervalMs: 500,
        describe: () =>
          `rows:\n${rows.join('\n')}\nmissing: ${expectations
            .filter(([, re]) => !rows.some((r) => re.test(r)))
            .map(([w]) => w)
            .join('; ')}`,
      },
    );
    console.log(`      Problems panel:\n${rows.map((r) => `        ${r}`).join('\n')}`);
    const ours = rows.find((r) => /xMax must be greater than xMin/.test(r));
    assert.match(ours ?? '', /GAN Workbench/, 'the extension’s diagnostic does not name its source');
  });
});
