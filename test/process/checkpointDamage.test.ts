/**
 * gan-export, gan-sample and `gan-train --resume` on a run whose newest checkpoint is damaged: values
 * that are not finite (NaN, ±Infinity in different variables, with the checksum made to match),
 * weights.bin cut short or with a flipped byte, checkpoint.json not JSON, with a field of the wrong
 * type or an entry missing. gan-export and gan-sample exit 1 with one line that names the file and
 * the problem and the newest intact checkpoint (the --checkpoint to pass), and write nothing;
 * `gan-train --resume` resumes from the newest intact checkpoint with a warning on stderr and in
 * events.jsonl. Before, gan-export exported NaN weights with exit 0, and a truncated file gave a raw
 * tfjs or JSON error naming no file. The bins run from dist/ (`npm run build`).
 */
import assert from 'node:assert/strict';
import { cpSync, existsSync, readdirSync, readFileSync, statSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { GAN_EXPORT, GAN_SAMPLE, GAN_TRAIN, runCli } from '../helpers/cli';
import { asLegacy, manifestDamages, nonFiniteDamages, weightsFileDamages, type CheckpointDamage } from '../helpers/checkpointDamage';
import { ringExperiment, tempDir, writeExperimentFile } from '../helpers/experiments';

const NEWEST = 'step-00000030';
const INTACT = 'step-00000020';

const TOOLS: { tool: string; bin: string; args: (dir: string) => string[]; prefix: string }[] = [
  { tool: 'gan-export', bin: GAN_EXPORT, args: (dir) => [dir], prefix: 'gan-export: ' },
  { tool: 'gan-sample', bin: GAN_SAMPLE, args: (dir) => [dir, '--steps', '2', '--chains', '4'], prefix: 'gan-sample: ' },
];

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('damaged checkpoints: gan-export and gan-sample name the file, the problem and the newest intact checkpoint; --resume takes it', function () {
  this.timeout(300_000);
  let runDir = '';
  let classes: [string, CheckpointDamage[]][] = [];

  before(async function () {
    this.timeout(120_000);
    const out = tempDir();
    const file = writeExperimentFile(
      ringExperiment({
        schedule: { steps: 30, batchSize: 32 },
        logging: { metricsEvery: 5, histogramsEvery: 10, samplesEvery: 10, checkpointEvery: 10, sampleCount: 64, gridResolution: 8 },
      }),
    );
    const { code, stderr } = await runCli([file, '--out', out, '--quiet']).done;
    assert.equal(code, 0, stderr);
    runDir = join(out, 'test-ring', readdirSync(join(out, 'test-ring'))[0]!);
    assert.deepEqual(readdirSync(join(runDir, 'checkpoints')).sort(), ['step-00000010', INTACT, NEWEST]);
    const newest = join(runDir, 'checkpoints', NEWEST);
    classes = [
      ['values that are not finite', nonFiniteDamages(newest)],
      ['weights.bin cut short or changed', weightsFileDamages(statSync(join(newest, 'weights.bin')).size)],
      ['checkpoint.json damaged', manifestDamages(readFileSync(join(newest, 'checkpoint.json'), 'utf8'))],
    ];
  });

  /** A copy of the run with `damage` done to its newest checkpoint. */
  function damagedCopy(damage: (folder: string) => void): string {
    const dir = join(tempDir(), 'run');
    cpSync(runDir, dir, { recursive: true });
    damage(join(dir, 'checkpoints', NEWEST));
    return dir;
  }

  for (const { tool, bin, args, prefix } of TOOLS)
    it(`${tool}: exit 1, one line "<file>: <problem>; the newest intact checkpoint is ${INTACT}: pass --checkpoint ${INTACT}", nothing written`, async () => {
      for (const [kind, damages] of classes) {
        assert.ok(damages.length >= 4, kind);
        for (const d of damages) {
          const dir = damagedCopy(d.damage);
          const file = join(dir, 'checkpoints', NEWEST, d.file);
          const before = readdirSync(dir).sort();
          const { code, stdout, stderr } = await runCli(args(dir), undefined, bin).done;
          const where = `${tool}, ${kind}, ${d.name}: exit ${code}, stderr: ${stderr}, stdout: ${stdout}`;
          assert.equal(code, 1, where);
          assert.doesNotMatch(stderr, /internal error|\n\s+at /, where);
          const lines = stderr.trimEnd().split('\n');
          assert.equal(lines.length, 1, where);
          const [, problem, offer] =
            new RegExp(`^${escape(`${prefix}${file}: `)}(.*); (the newest intact checkpoint is .*)$`).exec(lines[0]!) ?? [];
          assert.ok(problem !== undefined, where);
          assert.match(problem, d.problem, where);
          assert.equal(offer, `the newest intact checkpoint is ${INTACT}: pass --checkpoint ${INTACT}`, where);
          assert.deepEqual(readdirSync(dir).sort(), before, `${where}: wrote something`);
        }
      }
    });

  for (const { tool, bin, args } of TOOLS)
    it(`${tool} --json: the error's file, field and the newest intact checkpoint; the offered --checkpoint works`, async () => {
      for (const [kind, damages] of classes) {
        const d = damages[damages.length - 1]!;
        const dir = damagedCopy(d.damage);
        const { code, stdout } = await runCli([...args(dir), '--json'], undefined, bin).done;
        assert.equal(code, 1, `${kind}: ${stdout}`);
        const result = JSON.parse(stdout.trimEnd().split('\n').pop()!) as {
          ok: boolean;
          error: { kind: string; message: string; file?: string; field?: string; intactCheckpoint?: string };
        };
        assert.equal(result.ok, false);
        assert.equal(result.error.kind, 'run');
        assert.equal(result.error.file, join(dir, 'checkpoints', NEWEST, d.file), kind);
        assert.equal(result.error.field, d.field, kind);
        assert.equal(result.error.intactCheckpoint, join(dir, 'checkpoints', INTACT), kind);
        for (const pass of [INTACT, '20', 'step-20', join(dir, 'checkpoints', INTACT)]) {
          const again = await runCli(
            [...args(dir), '--checkpoint', pass, ...(tool === 'gan-export' ? ['--out', join(tempDir(), pass.replaceAll('/', '_'))] : [])],
            undefined,
            bin,
          ).done;
          assert.equal(again.code, 0, `${kind}, --checkpoint ${pass}: ${again.stderr}`);
          assert.match(again.stdout, /at step 20\b/, `${kind}, --checkpoint ${pass}`);
        }
      }
    });

  it('gan-train --resume: resumes from the newest intact checkpoint, with a warning on stderr and in events.jsonl', async () => {
    for (const [kind, damages] of classes)
      for (const d of [damages[0]!, damages[damages.length - 1]!]) {
        const dir = damagedCopy(d.damage);
        const file = join(dir, 'checkpoints', NEWEST, d.file);
        const { code, stdout, stderr } = await runCli(['--resume', dir, '--steps', '40', '--quiet'], undefined, GAN_TRAIN).done;
        const where = `${kind}, ${d.name}: exit ${code}, stderr: ${stderr}, stdout: ${stdout}`;
        assert.equal(code, 0, where);
        const warning = new RegExp(
          `^gan-train: warning: resuming from ${INTACT}, the newest intact checkpoint: ${escape(file)}: (.*); it is kept as ${NEWEST}\\.damaged and the run continues from step 20$`,
          'm',
        );
        const [, problem] = warning.exec(stderr) ?? [];
        assert.ok(problem !== undefined, where);
        assert.match(problem, d.problem, where);
        const events = readFileSync(join(dir, 'events.jsonl'), 'utf8')
          .trimEnd()
          .split('\n')
          .map((l) => JSON.parse(l) as { kind: string; step: number; message: string });
        assert.ok(
          events.some((e) => e.kind === 'status' && e.message === 'resumed from the checkpoint at step 20'),
          where,
        );
        const recorded = events.find((e) => e.kind === 'warning' && e.message.startsWith(`resuming from ${INTACT}`));
        assert.ok(recorded && recorded.message.includes(`${file}: `) && recorded.step === 20, where);
        const metrics = readFileSync(join(dir, 'metrics.jsonl'), 'utf8').trimEnd().split('\n');
        assert.equal((JSON.parse(metrics[metrics.length - 1]!) as { step: number }).step, 40, where);
        // The damaged checkpoint is set aside, and the resumed run wrote its own step 30 and 40.
        assert.ok(existsSync(join(dir, 'checkpoints', `${NEWEST}.damaged`, d.file)), where);
        const exported = await runCli([dir, '--out', join(tempDir(), 'model')], undefined, GAN_EXPORT).done;
        assert.equal(exported.code, 0, `${where}: export after resume: ${exported.stderr}`);
        assert.match(exported.stdout, /at step 40\b/);
      }
  });

  it('no intact checkpoint: gan-export and gan-sample say so, --resume fails naming each damaged file', async () => {
    const damages = classes.map(([, d]) => d[0]!);
    const dir = damagedCopy(() => {});
    const folders = ['step-00000010', INTACT, NEWEST];
    folders.forEach((name, i) => damages[i]!.damage(join(dir, 'checkpoints', name)));
    for (const { tool, bin, args, prefix } of TOOLS) {
      const { code, stderr } = await runCli(args(dir), undefined, bin).done;
      assert.equal(code, 1, `${tool}: ${stderr}`);
      assert.match(
        stderr,
        new RegExp(
          `^${escape(`${prefix}${join(dir, 'checkpoints', NEWEST, damages[2]!.file)}: `)}.*; no checkpoint of this run is intact: restore the files or train the run again\n$`,
        ),
        tool,
      );
    }
    const { code, stderr } = await runCli(['--resume', dir, '--quiet'], undefined, GAN_TRAIN).done;
    assert.equal(code, 1, stderr);
    const lines = stderr.trimEnd().split('\n');
    assert.equal(
      lines[0],
      `gan-train: cannot resume: ${dir}: no intact checkpoint to resume from; every checkpoint is damaged (restore the files or train the run again):`,
    );
    assert.deepEqual(
      lines.slice(1).map((l) => l.slice(0, l.indexOf(': ', l.indexOf(join(dir, 'checkpoints'))))),
      [...folders].reverse().map((name, i) => `  ${join(dir, 'checkpoints', name, damages[2 - i]!.file)}`),
    );
    assert.ok(!existsSync(join(dir, 'checkpoints', `${NEWEST}.damaged`)), 'set a checkpoint aside without resuming');
  });

  it('checkpoints of an earlier version (no checksum) still export, sample and resume, with a note', async () => {
    const dir = damagedCopy(() => {});
    for (const name of readdirSync(join(dir, 'checkpoints'))) asLegacy(join(dir, 'checkpoints', name));
    const note =
      /note: .*step-00000030: written by an earlier version without a checksum \(format gan-workbench-checkpoint\/2\); its size and values were checked/;
    const exported = await runCli([dir, '--out', join(tempDir(), 'model')], undefined, GAN_EXPORT).done;
    assert.equal(exported.code, 0, exported.stderr);
    assert.match(exported.stderr, note);
    const json = await runCli([dir, '--out', join(tempDir(), 'model'), '--json'], undefined, GAN_EXPORT).done;
    assert.match(
      (JSON.parse(json.stdout.trimEnd().split('\n').pop()!) as { warnings: string[] }).warnings.join('\n'),
      /earlier version without a checksum/,
    );
    const sampled = await runCli([dir, '--steps', '2', '--chains', '4'], undefined, GAN_SAMPLE).done;
    assert.equal(sampled.code, 0, sampled.stderr);
    assert.match(sampled.stdout, note);
    const resumed = await runCli(['--resume', dir, '--steps', '40', '--quiet'], undefined, GAN_TRAIN).done;
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.match(resumed.stderr, note);
    // An earlier version's checkpoint cut short: its size is checked against the weights manifest.
    const cut = damagedCopy((newest) => {
      asLegacy(newest);
      truncateSync(join(newest, 'weights.bin'), 100);
    });
    const refused = await runCli([cut], undefined, GAN_EXPORT).done;
    assert.equal(refused.code, 1, refused.stderr);
    assert.match(
      refused.stderr,
      /weights\.bin: size mismatch: 100 bytes, the weights checkpoint\.json lists take \d+ \(file truncated\); the newest intact checkpoint is step-00000020/,
    );
  });
});
