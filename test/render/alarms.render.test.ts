/**
 * Render test of the alarms in the dashboard (issue 24), in headless chromium, on real runs: the
 * three fixtures of test/fixtures/alarms/ trained here through gan-train (a few seconds each), each
 * built to fail one way. For each, in a dark and a light theme:
 * - the Events table shows the alarm as an `alarm` row at its step, in its own colour, with the
 *   finding and the advice, the whole message wrapped in its cell;
 * - the loss chart marks its step, labelled with the alarm's name ("⚑ mode collapse", "⚑ D wins",
 *   "⚑ oscillation"), and so do the D-score chart and every quality panel.
 * Screenshots of the events, losses and quality sections go to
 * out/test-artifacts/render/alarm-<fixture>-<section>-<theme>.png.
 *
 * It needs chromium (`npm run setup` installs it). GAN_WORKBENCH_SKIP_RENDER=1 leaves the suite out (test/run.mjs).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AlarmEventData, RunEvent } from '../../src/shared/runFormat';
import { openHarnessPage, startHarness, type HarnessSession } from './harnessPage';
import { ensureDist, repoRoot, requireChromium } from './setup';

const ARTIFACTS = join(repoRoot, 'out', 'test-artifacts', 'render');
const LOSS = 'section[aria-label="Losses"] .gw-chart canvas';
const SCORES = 'section[aria-label="Discriminator scores"] .gw-chart canvas';
const QUALITY = 'section[aria-label="Quality"] .gw-quality-panel canvas';
const FIXTURES = [
  { file: 'collapse', run: 'alarm-collapse', mark: '⚑ mode collapse', name: 'mode collapse' },
  { file: 'discriminator-wins', run: 'alarm-discriminator-wins', mark: '⚑ D wins', name: 'D wins' },
  { file: 'oscillation', run: 'alarm-oscillation', mark: '⚑ oscillation', name: 'oscillation' },
] as const;

function alarmOfRun(runsRoot: string, run: string): RunEvent {
  const [id] = readdirSync(join(runsRoot, run));
  const events = readFileSync(join(runsRoot, run, id!, 'events.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as RunEvent);
  const alarm = events.find((e) => e.kind === 'alarm');
  assert.ok(alarm, `${run}: no alarm event`);
  return alarm;
}

describe('render: alarms in the dashboard', function () {
  this.timeout(120_000);
  let harness: HarnessSession | undefined;
  let runsRoot = '';

  before(async function () {
    this.timeout(300_000);
    requireChromium();
    ensureDist();
    runsRoot = mkdtempSync(join(tmpdir(), 'gan-render-alarms-'));
    for (const f of FIXTURES) {
      const file = join(repoRoot, 'test', 'fixtures', 'alarms', `${f.file}.gan.json`);
      const r = spawnSync(process.execPath, [join(repoRoot, 'bin', 'gan-train.js'), file, '--out', runsRoot, '--quiet'], {
        encoding: 'utf8',
      });
      assert.equal(r.status, 0, r.stderr);
    }
    mkdirSync(ARTIFACTS, { recursive: true });
    harness = await startHarness(runsRoot, join(ARTIFACTS, 'harness-alarms'));
  });

  after(async () => {
    if (harness) await harness.close();
    else if (runsRoot) rmSync(runsRoot, { recursive: true, force: true });
  });

  for (const f of FIXTURES)
    for (const theme of ['dark', 'light'] as const)
      it(`${f.file}, ${theme}: an alarm row in the Events table at its step; the loss, score and quality charts mark it "${f.mark}"`, async () => {
        const alarm = alarmOfRun(runsRoot, f.run);
        const data = alarm.data as unknown as AlarmEventData;
        const { page, clean } = await openHarnessPage(
          harness!.context,
          harness!.base,
          `index.html?run=${f.run}&theme=${theme}&mode=static&harnessEvents=0`,
        );
        const rows = page.locator('.gw-events tbody tr').filter({ has: page.locator('td.gw-kind.alarm') });
        assert.equal(await rows.count(), 1);
        const text = (await rows.innerText()).replace(/\s+/g, ' ').trim();
        assert.ok(text.includes(`${alarm.step.toLocaleString('en-US')} alarm ${f.name} at step ${alarm.step}: `), text);
        for (const advice of data.advice) assert.ok(text.includes(advice), `advice "${advice}" in: ${text}`);
        const kindCell = rows.locator('td.gw-kind');
        const [kindColor, bodyColor] = await Promise.all([
          kindCell.evaluate((c) => getComputedStyle(c).color),
          page.evaluate(() => getComputedStyle(document.body).color),
        ]);
        assert.notEqual(kindColor, bodyColor, 'the alarm kind has its own colour');
        const message = rows.locator('td.msg');
        const [scrollWidth, clientWidth] = await message.evaluate((c) => [c.scrollWidth, c.clientWidth]);
        assert.ok(scrollWidth <= clientWidth + 1, `the message overflows its cell (${scrollWidth} > ${clientWidth})`);

        const canvases = [page.locator(LOSS).first(), page.locator(SCORES).first(), ...(await page.locator(QUALITY).all())];
        assert.ok(canvases.length >= 3, 'the loss chart, the score chart and at least one quality panel');
        for (const canvas of canvases) {
          const chart = await canvas.getAttribute('aria-label');
          const marks = JSON.parse((await canvas.getAttribute('data-vertical-marks')) ?? '[]') as { x: number; label: string }[];
          assert.ok(
            marks.some((m) => m.x === alarm.step && m.label === f.mark),
            `${chart}: ${JSON.stringify(marks)}`,
          );
        }
        await page
          .locator('section[aria-label="Hyper-parameters & events"]')
          .screenshot({ path: join(ARTIFACTS, `alarm-${f.file}-events-${theme}.png`) });
        await page.locator('section[aria-label="Losses"]').screenshot({ path: join(ARTIFACTS, `alarm-${f.file}-losses-${theme}.png`) });
        await page.locator('section[aria-label="Quality"]').screenshot({ path: join(ARTIFACTS, `alarm-${f.file}-quality-${theme}.png`) });
        await clean();
        await page.close();
      });
});
