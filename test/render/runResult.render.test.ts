/**
 * Render tests of a run's result and resume in the dashboard (issue 19), in headless chromium on
 * runs written here (no training): a completed ring run that was stopped and resumed, a stopped
 * one, and the synthetic MNIST and Stacked MNIST runs (webview/harness/mnistRun.ts).
 * - the header shows the final metrics in the words of src/shared/qualityHeadline.ts ("result"
 *   modes/JS, Fréchet/classes/precision, modes of 1,000); while the run trains it shows the newest
 *   quality "at step N", and "result" once it has completed;
 * - a stopped run's header offers Resume From Checkpoint, which posts `resumeFromCheckpoint`; a
 *   completed run's does not;
 * - the loss chart marks the point where the run was stopped and resumed ("stopped · resumed").
 *
 * It needs chromium (`npm run setup` installs it). GAN_WORKBENCH_SKIP_RENDER=1 leaves the suite out (test/run.mjs).
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { validateExperiment } from '../../src/shared/experiment/validate';
import { qualityHeadline } from '../../src/shared/qualityHeadline';
import {
  RUN_FORMAT_VERSION,
  type MetricRecord,
  type QualityRecord,
  type RunEvent,
  type RunMeta,
  type RunStatus,
} from '../../src/shared/runFormat';
import { MNIST_RUN, STACKED_MNIST_RUN, writeMnistRuns } from '../../webview/harness/mnistRun';
import { ringExperiment } from '../helpers/experiments';
import { frames, openHarnessPage, startHarness, type HarnessSession, type HarnessWindow } from './harnessPage';
import { repoRoot, requireChromium } from './setup';

const ARTIFACTS = join(repoRoot, 'out', 'test-artifacts', 'render');
const RESULT = '.gw-header .gw-result-stat';
const RESUME_BUTTON = '.gw-header button:has-text("Resume From Checkpoint")';
const LOSS = 'section[aria-label="Losses"] .gw-chart canvas';
const STEPS = 600;
const RESUMED_AT = 300;

/** A ring run written by hand: metrics every 10 steps, quality every 100, stopped and resumed at RESUMED_AT. */
function writeRingRun(runsRoot: string, name: string, status: RunStatus, lastStep: number): string {
  const result = validateExperiment(JSON.stringify({ ...ringExperiment({ name }), schedule: { steps: STEPS, batchSize: 32 } }));
  if (!result.ok) throw new Error(result.problems.map((p) => p.message).join('; '));
  const runId = '20260105-140312-ab12';
  const dir = join(runsRoot, name, runId);
  mkdirSync(dir, { recursive: true });
  const start = Date.UTC(2026, 0, 5, 14, 3, 12);
  const meta: RunMeta = {
    formatVersion: RUN_FORMAT_VERSION,
    runId,
    experimentName: name,
    experimentFile: join(runsRoot, `${name}.gan.json`),
    status,
    backend: null,
    versions: { ganWorkbench: '0.0.0', tfjs: '0.0.0', node: process.versions.node },
    startedAt: new Date(start).toISOString(),
    endedAt: new Date(start + lastStep * 20).toISOString(),
    lastStep,
    totalSteps: STEPS,
    error: null,
    pid: 0,
    data: { dim: 2 },
  };
  const steps = Array.from({ length: lastStep / 10 }, (_, i) => (i + 1) * 10);
  const metric = (step: number): MetricRecord => ({
    step,
    time: start + step * 20,
    elapsed: step * 0.02,
    stepsPerSecond: 50,
    dLoss: 1.2 + 0.2 * Math.sin(step / 40),
    gLoss: 0.8 + 0.2 * Math.cos(step / 40),
    components: {},
    dReal: 0.6,
    dFake: 0.4,
    gradNormD: 1,
    gradNormG: 1,
  });
  const quality = (step: number): QualityRecord => ({
    step,
    metrics: {
      modesCovered: Math.min(8, 2 + step / 100),
      modesTotal: 8,
      js: 0.9 - step / 1000,
      kl: 1,
      highQualityShare: 0.5 + step / 2000,
    },
  });
  const event = (step: number, kind: RunEvent['kind'], message: string): RunEvent => ({ step, time: start + step * 20, kind, message });
  const events = [event(0, 'backend', 'backend wasm: requested in the experiment')];
  if (lastStep > RESUMED_AT)
    events.push(event(RESUMED_AT, 'status', 'stopped'), event(RESUMED_AT, 'status', `resumed from the checkpoint at step ${RESUMED_AT}`));
  events.push(event(lastStep, 'status', status));
  const lines = (records: object[]) => records.map((r) => `${JSON.stringify(r)}\n`).join('');
  writeFileSync(join(dir, 'run.json'), JSON.stringify(meta, null, 2));
  writeFileSync(join(dir, 'experiment.json'), JSON.stringify(result.config, null, 2));
  writeFileSync(join(dir, 'metrics.jsonl'), lines(steps.map(metric)));
  writeFileSync(join(dir, 'quality.jsonl'), lines(steps.filter((s) => s % 100 === 0).map(quality)));
  writeFileSync(join(dir, 'events.jsonl'), lines(events));
  return dir;
}

/** The last quality record of a run directory's quality.jsonl. */
function lastQuality(dir: string): QualityRecord {
  const lines = readFileSync(join(dir, 'quality.jsonl'), 'utf8').trim().split('\n');
  return JSON.parse(lines.at(-1)!) as QualityRecord;
}

const resultText = (page: Page) => page.locator(RESULT).innerText();

describe('render: a run’s result and resume in the dashboard', function () {
  this.timeout(120_000);
  let harness: HarnessSession | undefined;
  let runsRoot = '';
  const dirs: Record<string, string> = {};

  before(async function () {
    this.timeout(300_000);
    requireChromium();
    runsRoot = mkdtempSync(join(tmpdir(), 'gan-render-result-'));
    dirs.resumed = writeRingRun(runsRoot, 'ring-resumed', 'completed', STEPS);
    dirs.stopped = writeRingRun(runsRoot, 'ring-stopped', 'stopped', 200);
    Object.assign(dirs, writeMnistRuns(runsRoot));
    mkdirSync(ARTIFACTS, { recursive: true });
    harness = await startHarness(runsRoot, join(ARTIFACTS, 'harness-result'));
  });

  after(async () => {
    if (harness) await harness.close();
    else if (runsRoot) rmSync(runsRoot, { recursive: true, force: true });
  });

  const open = (path: string) => openHarnessPage(harness!.context, harness!.base, path);

  it('a completed toy run: the header gives its result (modes and JS), no Resume; the loss chart marks "stopped · resumed"', async () => {
    const { page, clean } = await open('index.html?run=ring-resumed&theme=dark&mode=static&harnessEvents=0');
    const expected = qualityHeadline(lastQuality(dirs.resumed!).metrics);
    assert.equal(expected, 'modes 8/8, JS 0.3 bit');
    assert.equal(await resultText(page), `result ${expected}`);
    assert.equal(await page.locator(RESUME_BUTTON).isVisible(), false, 'a completed run is not resumed');
    const marks = JSON.parse((await page.locator(LOSS).first().getAttribute('data-vertical-marks')) ?? '[]') as {
      x: number;
      label: string;
      labelled: boolean;
    }[];
    assert.deepEqual(marks, [{ x: RESUMED_AT, label: '⏵ stopped · resumed', labelled: true }]);
    await page.locator('.gw-header').screenshot({ path: join(ARTIFACTS, 'result-header-ring-dark.png') });
    await clean();
    await page.close();
  });

  it('while the run trains the header shows the newest quality at its step, then "result" once it has completed', async () => {
    const { page, clean } = await open('index.html?run=ring-resumed&theme=light&mode=live&harnessEvents=0');
    const live = await resultText(page);
    assert.match(live, /^quality at step 200 modes 4\/8, JS 0\.7 bit$/, 'the snapshot holds 40 % of the run: its quality at step 200');
    await page.waitForFunction(
      () => (window as unknown as HarnessWindow & { __harness: { streamDone?: boolean } }).__harness.streamDone === true,
      null,
      {
        timeout: 60_000,
      },
    );
    await frames(page);
    assert.equal(await resultText(page), `result ${qualityHeadline(lastQuality(dirs.resumed!).metrics)}`);
    await clean();
    await page.close();
  });

  it('a stopped run: its result so far and Resume From Checkpoint, which asks the host to resume this run', async () => {
    const { page, posted, clean } = await open('index.html?run=ring-stopped&theme=light&mode=static&harnessEvents=0');
    assert.equal(await resultText(page), `result ${qualityHeadline(lastQuality(dirs.stopped!).metrics)}`);
    const button = page.locator(RESUME_BUTTON);
    assert.ok(await button.isVisible(), 'Resume From Checkpoint is offered');
    assert.ok(await button.isEnabled());
    await button.click();
    const actions = (await posted()).filter((m) => m.type === 'runAction').map((m) => m.payload.action);
    assert.deepEqual(actions, ['resumeFromCheckpoint']);
    await page.locator('.gw-header').screenshot({ path: join(ARTIFACTS, 'result-header-stopped-light.png') });
    await clean();
    await page.close();
  });

  it('image runs: MNIST gives Fréchet, classes and precision; Stacked MNIST its modes of 1,000', async () => {
    for (const [run, pattern] of [
      [MNIST_RUN, /^result Fréchet [\d.]+, classes \d+\/10, precision [\d.]+$/],
      [STACKED_MNIST_RUN, /^result modes [\d,]+\/1,000, KL [\d.]+ bit$/],
    ] as const) {
      const { page, clean } = await open(`index.html?run=${run}&theme=dark&mode=static&harnessEvents=0`);
      const text = await resultText(page);
      assert.match(text, pattern);
      assert.equal(text, `result ${qualityHeadline(lastQuality(dirs[run]!).metrics)}`);
      await clean();
      await page.close();
    }
  });
});
