/**
 * The run watching itself (issue 24) on the real trainer: each fixture of test/fixtures/alarms/,
 * built to fail one way, trained through the built gan-train (a few seconds each) raises its alarm:
 * an `alarm` event in events.jsonl with its finding, a `gan-train: alarm: …` line on stderr, and
 * with the default action a checkpoint at the alarm's step. With the action "pause", gan-train
 * stops there (nothing could resume it in place) with a checkpoint to resume from, while the
 * editor's trainer process holds (paused) until Resume and then trains on; alarms.blowUp.action
 * "pause" does the same on the divergence watch's blow-up.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AlarmEventData, RunEvent } from '../../src/shared/runFormat';
import { runCli } from '../helpers/cli';
import { tempDir, writeExperimentFile, type Json } from '../helpers/experiments';
import { readRunMeta } from '../helpers/runDirectoryChecks';
import { startTrainer } from '../helpers/trainerProcess';

const FIXTURES = join(__dirname, '..', '..', 'test', 'fixtures', 'alarms');

function readEvents(runDir: string): RunEvent[] {
  return readFileSync(join(runDir, 'events.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as RunEvent);
}

/** Fixture `name` with `alarms` merged in, written to a new folder: its path and the folder. */
function fixtureFile(name: string, alarms?: Json) {
  const config = JSON.parse(readFileSync(join(FIXTURES, `${name}.gan.json`), 'utf8')) as Record<string, Json>;
  delete config.$schema;
  const dir = tempDir();
  return { file: writeExperimentFile(alarms ? { ...config, alarms } : config, dir), dir, config };
}

/** Trains fixture `name` (with `alarms` merged in) through gan-train. */
async function train(name: string, alarms?: Json) {
  const { file, dir, config } = fixtureFile(name, alarms);
  const { code, stdout, stderr } = await runCli([file, '--out', join(dir, 'runs')]).done;
  const experiment = String(config.name);
  const [runId] = readdirSync(join(dir, 'runs', experiment));
  const runDir = join(dir, 'runs', experiment, runId!);
  const events = readEvents(runDir);
  const alarms_ = events.filter((e) => e.kind === 'alarm');
  return { code, stdout, stderr, runDir, events, alarms: alarms_ };
}

const alarmLines = (stderr: string) => stderr.split('\n').filter((l) => l.startsWith('gan-train: alarm: '));

describe('alarms on runs built to fail (the real trainer)', function () {
  this.timeout(120_000);

  const cases = [
    { fixture: 'collapse', alarm: 'modeCollapse', name: 'mode collapse', finding: /precision \d+% but recall \d+% since step \d+/ },
    {
      fixture: 'discriminator-wins',
      alarm: 'discriminatorWins',
      name: 'D wins',
      finding: /D\(real\) 1\.000 and D\(fake\) 0\.000 for \d+ steps/,
    },
    { fixture: 'oscillation', alarm: 'oscillation', name: 'oscillation', finding: /loss swings with growing amplitude since step \d+/ },
  ] as const;

  for (const c of cases)
    it(`${c.fixture}.gan.json: a ${c.alarm} alarm event, its gan-train line, a checkpoint at its step`, async () => {
      const { code, stderr, alarms, events } = await train(c.fixture);
      assert.equal(code, 0, stderr);
      assert.equal(alarms.length, 1, JSON.stringify(alarms));
      const [alarm] = alarms;
      const data = alarm!.data as unknown as AlarmEventData;
      assert.equal(data.alarm, c.alarm);
      assert.equal(data.action, 'checkpoint');
      assert.ok(data.advice.length > 0);
      assert.ok(alarm!.message.startsWith(`${c.name} at step ${alarm!.step}: `), alarm!.message);
      assert.match(alarm!.message, c.finding);
      assert.deepEqual(alarmLines(stderr), [`gan-train: alarm: ${alarm!.message}`]);
      const checkpoint = events.find((e) => e.kind === 'checkpoint' && e.step === alarm!.step);
      assert.ok(checkpoint, `a checkpoint at step ${alarm!.step}: ${events.map((e) => `${e.step} ${e.kind}`).join(', ')}`);
    });

  it('action "pause": gan-train stops at the alarm (status stopped, exit 130) with a checkpoint to resume from; "none": no checkpoint', async () => {
    const paused = await train('oscillation', { oscillation: { action: 'pause' } });
    assert.equal(paused.code, 130, paused.stderr);
    const [alarm] = paused.alarms;
    assert.ok(alarm);
    const meta = readRunMeta(paused.runDir);
    assert.equal(meta.status, 'stopped');
    assert.ok(meta.lastStep <= alarm.step + 1, `stopped at ${meta.lastStep}, alarm at ${alarm.step}`);
    assert.ok(paused.events.some((e) => e.kind === 'checkpoint' && e.step === alarm.step));

    const quiet = await train('oscillation', { oscillation: { action: 'none' } });
    const [raised] = quiet.alarms;
    assert.ok(raised);
    assert.ok(!quiet.events.some((e) => e.kind === 'checkpoint' && e.step === raised.step));
  });

  it('action "pause" in the editor\'s trainer process: it holds at the alarm with a checkpoint, and trains on after Resume', async () => {
    const { file, dir } = fixtureFile('collapse', { modeCollapse: { action: 'pause' } });
    const trainer = startTrainer([file, '--out', join(dir, 'runs')]);
    const alarm = await trainer.waitFor((m) => m.type === 'event' && m.payload.kind === 'alarm');
    const paused = await trainer.waitFor((m) => m.type === 'paused' && m.payload.paused);
    assert.ok(alarm.type === 'event' && paused.type === 'paused');
    assert.equal(paused.payload.step, alarm.payload.step);
    const checkpoint = await trainer.waitFor((m) => m.type === 'checkpoint');
    assert.ok(checkpoint.type === 'checkpoint');
    assert.equal(checkpoint.payload.step, alarm.payload.step, "the checkpoint to resume from is the alarm step's");
    trainer.send({ type: 'resume', payload: {} });
    const end = await trainer.waitFor((m) => m.type === 'finished' || m.type === 'failed');
    assert.ok(end.type === 'finished' && end.payload.status === 'completed', JSON.stringify(end));
    assert.equal(end.payload.meta.lastStep, 500);
  });

  it('alarms.blowUp.action "pause": gan-train stops at the blow-up warning (exit 130)', async () => {
    const { code, stderr, events } = await train('oscillation', { blowUp: { action: 'pause' }, oscillation: { action: 'none' } });
    assert.equal(code, 130, stderr);
    const warning = events.find((e) => e.kind === 'warning' && e.data?.detector === 'blowUp');
    assert.ok(warning, JSON.stringify(events));
    const last = events.filter((e) => e.kind === 'status').at(-1);
    assert.match(last?.message ?? '', /^stopped/);
    assert.ok(last!.step <= warning.step + 1, `stopped at ${last!.step}, blow-up at ${warning.step}`);
  });
});
