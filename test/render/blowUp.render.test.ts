/**
 * Render test of a blow-up warning in the dashboard (issue 20), in headless chromium on a ring run
 * written here (no training) whose losses blow up to 10⁶ at step 30 with an Adam learning rate of
 * 10, and whose events.jsonl holds the trainer's blow-up warning (built by runEvents.ts's
 * blowUpEvent, as the trainer writes it):
 * - the Events table shows it as a warning row at its step, with the signal, its value against its
 *   running scale and the advice;
 * - the loss chart marks its step, labelled with what blew up ("⚠ blow-up: D loss").
 *
 * It needs chromium (`npm run setup` installs it). GAN_WORKBENCH_SKIP_RENDER=1 leaves the suite out (test/run.mjs).
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateExperiment } from '../../src/shared/experiment/validate';
import { blowUpEvent } from '../../src/shared/runEvents';
import { RUN_FORMAT_VERSION, type MetricRecord, type RunEvent, type RunMeta } from '../../src/shared/runFormat';
import { ringExperiment } from '../helpers/experiments';
import { openHarnessPage, startHarness, type HarnessSession } from './harnessPage';
import { repoRoot, requireChromium } from './setup';

const ARTIFACTS = join(repoRoot, 'out', 'test-artifacts', 'render');
const LOSS = 'section[aria-label="Losses"] .gw-chart canvas';
const RUN = 'ring-blowup';
const STEPS = 300;
const BLOWN_FROM = 30;
const RAISED_AT = 50;
const ADVICE = [
  'lower the learning rate (now 10 for G and D; the examples train with 1e-4 to 1e-3)',
  'add a gradient penalty: regularizers [{ "kind": "r1", "weight": 10 }]',
];

function writeBlownUpRun(runsRoot: string): void {
  const adam = { kind: 'adam', lr: 10 };
  const result = validateExperiment(
    JSON.stringify({
      ...ringExperiment({ name: RUN }),
      schedule: { steps: STEPS, batchSize: 32 },
      optimizer: { generator: adam, discriminator: adam },
    }),
  );
  if (!result.ok) throw new Error(result.problems.map((p) => p.message).join('; '));
  const runId = '20260105-140312-bu01';
  const dir = join(runsRoot, RUN, runId);
  mkdirSync(dir, { recursive: true });
  const start = Date.UTC(2026, 0, 5, 14, 3, 12);
  const meta: RunMeta = {
    formatVersion: RUN_FORMAT_VERSION,
    runId,
    experimentName: RUN,
    experimentFile: join(runsRoot, `${RUN}.gan.json`),
    status: 'completed',
    backend: null,
    versions: { ganWorkbench: '0.0.0', tfjs: '0.0.0', node: process.versions.node },
    startedAt: new Date(start).toISOString(),
    endedAt: new Date(start + STEPS * 20).toISOString(),
    lastStep: STEPS,
    totalSteps: STEPS,
    error: null,
    pid: 0,
    data: { dim: 2 },
  };
  const metric = (step: number): MetricRecord => {
    const blown = step >= BLOWN_FROM;
    return {
      step,
      time: start + step * 20,
      elapsed: step * 0.02,
      stepsPerSecond: 50,
      dLoss: blown ? 1.8e6 * (1 + 0.5 * Math.sin(step)) : 1.3,
      gLoss: blown ? 2e5 * (1 + 0.5 * Math.cos(step)) : 0.8,
      components: {},
      dReal: blown ? 1 : 0.55,
      dFake: blown ? 0 : 0.45,
      gradNormD: blown ? 1e5 : 0.6,
      gradNormG: blown ? 3e6 : 0.9,
    };
  };
  const event = (step: number, kind: RunEvent['kind'], message: string, data?: Record<string, unknown>): RunEvent => ({
    step,
    time: start + step * 20,
    kind,
    message,
    ...(data && { data }),
  });
  const warning = blowUpEvent(RAISED_AT, {
    detector: 'blowUp',
    signal: 'dLoss',
    since: BLOWN_FROM,
    value: 1.79e6,
    scale: 1.41,
    ratio: 1.79e6 / 1.41,
    action: 'warn',
    advice: ADVICE,
  });
  const events = [
    event(0, 'backend', 'backend wasm: requested in the experiment'),
    event(RAISED_AT, warning.kind, warning.message, warning.data),
    event(STEPS, 'checkpoint', `checkpoint at step ${STEPS}`, { path: 'checkpoints/step-00000300' }),
    event(STEPS, 'status', 'completed'),
  ];
  const lines = (records: object[]) => records.map((r) => `${JSON.stringify(r)}\n`).join('');
  writeFileSync(join(dir, 'run.json'), JSON.stringify(meta, null, 2));
  writeFileSync(join(dir, 'experiment.json'), JSON.stringify(result.config, null, 2));
  writeFileSync(join(dir, 'metrics.jsonl'), lines(Array.from({ length: STEPS / 10 }, (_, i) => metric((i + 1) * 10))));
  writeFileSync(join(dir, 'events.jsonl'), lines(events));
}

describe('render: a blow-up warning in the dashboard', function () {
  this.timeout(120_000);
  let harness: HarnessSession | undefined;
  let runsRoot = '';

  before(async function () {
    this.timeout(300_000);
    requireChromium();
    runsRoot = mkdtempSync(join(tmpdir(), 'gan-render-blowup-'));
    writeBlownUpRun(runsRoot);
    mkdirSync(ARTIFACTS, { recursive: true });
    harness = await startHarness(runsRoot, join(ARTIFACTS, 'harness-blowup'));
  });

  after(async () => {
    if (harness) await harness.close();
    else if (runsRoot) rmSync(runsRoot, { recursive: true, force: true });
  });

  for (const theme of ['dark', 'light'] as const)
    it(`${theme}: the Events table shows the warning at its step with the finding and the advice; the loss chart marks it "⚠ blow-up: D loss"`, async () => {
      const { page, clean } = await openHarnessPage(
        harness!.context,
        harness!.base,
        `index.html?run=${RUN}&theme=${theme}&mode=static&harnessEvents=0`,
      );
      const rows = page.locator('.gw-events tbody tr');
      const texts = (await rows.allInnerTexts()).map((r) => r.replace(/\s+/g, ' ').trim());
      const warning = texts.find((t) => t.includes('blow-up'));
      assert.ok(warning, texts.join('\n'));
      assert.match(
        warning,
        new RegExp(
          `^\\S+ ${RAISED_AT} warning blow-up at step ${RAISED_AT}: D loss 1\\.79e\\+6 is 1\\.3e\\+6× its running scale \\(1\\.41\\) since step ${BLOWN_FROM} — try: `,
        ),
      );
      for (const advice of ADVICE) assert.ok(warning.includes(advice), `advice "${advice}" in: ${warning}`);
      const kindCell = rows.filter({ hasText: 'blow-up' }).locator('td.gw-kind');
      assert.equal(await kindCell.textContent(), 'warning');
      const [kindColor, bodyColor] = await Promise.all([
        kindCell.evaluate((c) => getComputedStyle(c).color),
        page.evaluate(() => getComputedStyle(document.body).color),
      ]);
      assert.notEqual(kindColor, bodyColor, 'the warning kind has its own colour');
      // The whole message wraps in its cell: none of the advice is cut off.
      const message = rows.filter({ hasText: 'blow-up' }).locator('td.msg');
      const [scrollWidth, clientWidth] = await message.evaluate((c) => [c.scrollWidth, c.clientWidth]);
      assert.ok(scrollWidth <= clientWidth + 1, `the message overflows its cell (${scrollWidth} > ${clientWidth})`);

      const marks = JSON.parse((await page.locator(LOSS).first().getAttribute('data-vertical-marks')) ?? '[]') as {
        x: number;
        label: string;
        labelled: boolean;
      }[];
      assert.deepEqual(
        marks.map((m) => [m.x, m.label]),
        [[RAISED_AT, '⚠ blow-up: D loss']],
      );
      await page
        .locator('section[aria-label="Hyper-parameters & events"]')
        .screenshot({ path: join(ARTIFACTS, `blowup-events-${theme}.png`) });
      await page.locator('section[aria-label="Losses"]').screenshot({ path: join(ARTIFACTS, `blowup-losses-${theme}.png`) });
      await clean();
      await page.close();
    });
});
