/**
 * gan-train's messages as a terminal shows them (issue 20, "The CLI's messages"): the run's
 * warnings on stderr as they are recorded, errors on stderr in one form (`gan-train: FILE:LINE:COL:
 * PATH: message`; a data file's error at the data.path line), a folder given as the experiment
 * file, and what --resume --steps N does when N is not above the step the run resumes from.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../helpers/cli';
import { ringExperiment, tempDir, writeExperimentFile, type Json } from '../helpers/experiments';

const quick = { steps: 3, batchSize: 8 };
const logging = { metricsEvery: 3, histogramsEvery: 3, samplesEvery: 3, checkpointEvery: 3, sampleCount: 16, gridResolution: 4 };
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** 1-based line and column of the value of the `nth` `"key":` in `text` (as an editor counts them). */
function valueAt(text: string, key: string, nth = 0): string {
  let offset = -1;
  for (let i = 0; i <= nth; i++) offset = text.indexOf(`"${key}":`, offset + 1);
  assert.ok(offset >= 0, `"${key}" not in the file`);
  offset = text.slice(offset + key.length + 3).search(/\S/) + offset + key.length + 3;
  const before = text.slice(0, offset).split('\n');
  return `${before.length}:${before.at(-1)!.length + 1}`;
}

/** Writes the experiment into `dir` (with its data files written by the caller) and trains it. */
async function train(config: Json, dir = tempDir(), extra: string[] = []) {
  const file = writeExperimentFile({ backend: 'cpu', logging, ...config }, dir);
  const result = await runCli([file, '--out', join(dir, 'runs'), '--quiet', ...extra]).done;
  return { ...result, file, text: readFileSync(file, 'utf8'), dir };
}

/** The lines of stderr (each must be in the CLIs' one form). */
function stderrLines(stderr: string): string[] {
  const lines = stderr.split('\n').filter((l) => l !== '');
  for (const line of lines) assert.match(line, /^gan-train: /, `not in the CLIs' form: ${line}`);
  return lines;
}

function runEvents(dir: string): { kind: string; message: string }[] {
  const [name] = readdirSync(join(dir, 'runs'));
  const [run] = readdirSync(join(dir, 'runs', name!));
  return readFileSync(join(dir, 'runs', name!, run!, 'events.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { kind: string; message: string });
}

describe('gan-train messages (issue 20)', function () {
  this.timeout(120_000);

  describe('the warnings a run records are printed on stderr, at their place in the file', () => {
    const csv = (dir: string, rows: number) =>
      writeFileSync(join(dir, 'points.csv'), `x,y\n${Array.from({ length: rows }, (_, i) => `${i},${i % 3}`).join('\n')}\n`);
    const cases: { name: string; config: Json; rows?: number; key: string; message: RegExp }[] = [
      {
        name: 'wganGp with a batch-norm discriminator',
        config: ringExperiment({
          loss: { kind: 'wganGp' },
          discriminator: { kind: 'mlp', hidden: [8], normalization: 'batch' },
          schedule: quick,
        }),
        key: 'normalization',
        message:
          /discriminator\.normalization: wganGp's gradient penalty is per sample, but batch normalisation .*; use "layer" or "none"$/,
      },
      {
        name: 'r1 with a batch-norm discriminator',
        config: ringExperiment({
          regularizers: [{ kind: 'r1', weight: 1 }],
          discriminator: { kind: 'mlp', hidden: [8], normalization: 'batch' },
          schedule: quick,
        }),
        key: 'normalization',
        message: /discriminator\.normalization: r1's gradient penalty is per sample/,
      },
      {
        name: 'a batch larger than the CSV has rows',
        config: ringExperiment({ data: { kind: 'csv', path: 'points.csv' }, schedule: { steps: 3, batchSize: 32 } }),
        rows: 5,
        key: 'batchSize',
        message: /schedule\.batchSize: a batch of 32 is drawn from only 5 rows: every batch repeats rows$/,
      },
      {
        name: 'k batches beyond the CSV rows',
        config: ringExperiment({ data: { kind: 'csv', path: 'points.csv' }, schedule: { steps: 3, batchSize: 4, dStepsPerGStep: 3 } }),
        rows: 6,
        key: 'dStepsPerGStep',
        message: /schedule\.dStepsPerGStep: k = 3 batches of 4 need 12 rows per iteration; the data has 6$/,
      },
    ];
    for (const c of cases)
      it(c.name, async () => {
        const dir = tempDir();
        if (c.rows !== undefined) csv(dir, c.rows);
        const { code, stdout, stderr, file, text } = await train(c.config, dir);
        assert.equal(code, 0, stderr);
        const warnings = stderrLines(stderr).filter((l) => l.startsWith('gan-train: warning: '));
        assert.equal(warnings.length, 1, stderr);
        assert.ok(warnings[0]!.startsWith(`gan-train: warning: ${file}:${valueAt(text, c.key)}: `), warnings[0]);
        assert.match(warnings[0]!, c.message);
        assert.doesNotMatch(stdout, /warning/);
        // events.jsonl records it too, in the same words.
        const recorded = runEvents(dir).filter((e) => e.kind === 'warning');
        assert.equal(recorded.length, 1);
        assert.ok(warnings[0]!.endsWith(recorded[0]!.message), `${warnings[0]} / ${recorded[0]!.message}`);
      });

    it('two kinds in one run: both, each once', async () => {
      const dir = tempDir();
      csv(dir, 4);
      const { code, stderr } = await train(
        ringExperiment({
          data: { kind: 'csv', path: 'points.csv' },
          loss: { kind: 'wganGp' },
          discriminator: { kind: 'mlp', hidden: [8], normalization: 'batch' },
          schedule: { steps: 3, batchSize: 16 },
        }),
        dir,
      );
      assert.equal(code, 0, stderr);
      const warnings = stderrLines(stderr);
      assert.equal(warnings.length, 2, stderr);
      assert.match(warnings.join('\n'), /discriminator\.normalization: wganGp's/);
      assert.match(warnings.join('\n'), /schedule\.batchSize: a batch of 16 is drawn from only 4 rows/);
    });
  });

  describe('errors go to stderr in one form; a data file that cannot be loaded points at data.path', () => {
    const cases: { name: string; setUp: (dir: string) => Json; key: string; message: RegExp }[] = [
      {
        name: 'a CSV cell that is not a number',
        setUp: (dir) => {
          writeFileSync(join(dir, 'bad.csv'), 'x,y\n1,2\nfoo,3\n4,5\n');
          return { data: { kind: 'csv', path: 'bad.csv' } };
        },
        key: 'path',
        message: /data\.path: bad\.csv:3: column 1 \(index 0\) is "foo", not a number — every data row must be numbers$/,
      },
      {
        name: 'CSV rows of different widths',
        setUp: (dir) => {
          writeFileSync(join(dir, 'ragged.csv'), '1,2\n3,4,5\n6,7\n');
          return { data: { kind: 'csv', path: 'ragged.csv' } };
        },
        key: 'path',
        message: /data\.path: ragged\.csv:2: this row has 3 columns but line 1 has 2/,
      },
      {
        name: 'an image folder with a file that is not an image (found at the first draw)',
        setUp: (dir) => {
          mkdirSync(join(dir, 'faces'));
          writeFileSync(join(dir, 'faces', 'a.png'), 'not a png');
          return {
            data: { kind: 'imageFolder', path: 'faces', size: 28, grayscale: true },
            generator: { kind: 'dcgan' },
            discriminator: { kind: 'dcgan' },
          };
        },
        key: 'path',
        message: /data\.path: faces\/a\.png: not a PNG or JPEG file/,
      },
      {
        name: 'a CSV file that is not there (phase 2 of validation)',
        setUp: () => ({ data: { kind: 'csv', path: 'nowhere.csv' } }),
        key: 'path',
        message:
          /data\.path: file not found: nowhere\.csv \(expected an existing CSV file, relative to the experiment file, found nothing there\)$/,
      },
    ];
    for (const c of cases)
      it(c.name, async () => {
        const dir = tempDir();
        const { code, stdout, stderr, file, text } = await train(ringExperiment({ schedule: quick, ...c.setUp(dir) }), dir);
        assert.equal(code, 1, stdout);
        const [first] = stderrLines(stderr);
        assert.ok(
          first!.startsWith(`gan-train: ${file}:${valueAt(text, c.key)}: `),
          `${first} (the value of "${c.key}" is at ${valueAt(text, c.key)})`,
        );
        assert.match(first!, c.message);
        // stdout keeps the outcome only; the error is not repeated there.
        assert.doesNotMatch(stdout, /not a number|columns|PNG|not found/);
      });

    it('a usage error, a missing file and an invalid file: every line starts with gan-train:', async () => {
      const dir = tempDir();
      const invalid = join(dir, 'invalid.gan.json');
      writeFileSync(invalid, '{\n  "name": "x",\n  "seed": "one"\n}\n');
      for (const args of [[invalid], [join(dir, 'nope.gan.json')], ['--resume', dir], [invalid, '--steps', '0']]) {
        const { code, stderr } = await runCli(args).done;
        assert.notEqual(code, 0);
        const lines = stderr
          .split('\n\n')[0]!
          .split('\n')
          .filter((l) => l !== ''); // the usage text follows a blank line
        for (const line of lines) assert.match(line, /^gan-train: /, line);
      }
    });
  });

  describe('a folder given as the experiment file', () => {
    it('a folder of experiment files names them and what to pass', async () => {
      const dir = tempDir();
      writeExperimentFile(ringExperiment(), dir, 'b.gan.json');
      writeExperimentFile(ringExperiment(), dir, 'a.gan.json');
      const { code, stderr } = await runCli([dir]).done;
      assert.equal(code, 1);
      assert.doesNotMatch(stderr, /EISDIR/);
      assert.equal(
        stderr,
        `gan-train: ${dir}: is a folder, not an experiment file; pass one of its experiment files: a.gan.json, b.gan.json (e.g. gan-train ${join(dir, 'a.gan.json')})\n`,
      );
    });

    it('a folder without one says so', async () => {
      const dir = tempDir();
      const { code, stderr } = await runCli([dir]).done;
      assert.equal(code, 1);
      assert.match(
        stderr,
        new RegExp(
          `^gan-train: ${escape(dir)}: is a folder, not an experiment file; pass an experiment file \\(\\*\\.gan\\.json\\) — this folder holds none\\n$`,
        ),
      );
    });

    it('a run directory points at --resume', async () => {
      const dir = tempDir();
      const { code } = await train(ringExperiment({ schedule: quick }), dir);
      assert.equal(code, 0);
      const [run] = readdirSync(join(dir, 'runs', 'test-ring'));
      const runDir = join(dir, 'runs', 'test-ring', run!);
      const { code: folderCode, stderr } = await runCli([runDir]).done;
      assert.equal(folderCode, 1);
      assert.match(
        stderr,
        new RegExp(
          `^gan-train: ${escape(runDir)}: is a run directory, not an experiment file; to continue the run: gan-train --resume ${escape(runDir)};`,
        ),
      );
    });
  });

  describe('--steps', () => {
    it("out of the schema's bounds on a new run: a usage error, no run directory", async () => {
      for (const steps of ['1e12', '0', '100000001']) {
        const dir = tempDir();
        const { code, stderr } = await train(ringExperiment({ schedule: quick }), dir, ['--steps', steps]);
        assert.equal(code, 2);
        assert.match(
          stderr,
          /^gan-train: --steps: out of range: must be between 1 and 100000000, as schedule\.steps in an experiment file/m,
        );
        assert.equal(existsSync(join(dir, 'runs')), false);
      }
    });

    it("--resume --steps N: below or at the checkpoint's step, an error that says so (the run untouched); above, it trains to N", async () => {
      const dir = tempDir();
      const { code } = await train(ringExperiment({ schedule: { steps: 6, batchSize: 8 } }), dir);
      assert.equal(code, 0);
      const [run] = readdirSync(join(dir, 'runs', 'test-ring'));
      const runDir = join(dir, 'runs', 'test-ring', run!);
      const before = ['run.json', 'metrics.jsonl', 'events.jsonl'].map((f) => readFileSync(join(runDir, f), 'utf8'));
      for (const steps of [3, 5, 6]) {
        const refused = await runCli(['--resume', runDir, '--steps', String(steps), '--quiet']).done;
        assert.equal(refused.code, 2, refused.stderr);
        assert.equal(
          refused.stderr,
          `gan-train: --steps ${steps} is not above step 6, where the run resumes (its newest intact checkpoint, step-00000006), so nothing would be trained: --steps is the total to train to; give one above 6 (e.g. --steps 12)\n`,
        );
        assert.equal(refused.stdout, '');
        assert.deepEqual(
          ['run.json', 'metrics.jsonl', 'events.jsonl'].map((f) => readFileSync(join(runDir, f), 'utf8')),
          before,
          'the run is untouched',
        );
      }
      const tooMany = await runCli(['--resume', runDir, '--steps', '1e12']).done;
      assert.equal(tooMany.code, 2);
      assert.match(tooMany.stderr, /^gan-train: --steps: out of range/m);
      const above = await runCli(['--resume', runDir, '--steps', '9', '--quiet']).done;
      assert.equal(above.code, 0, above.stderr);
      assert.match(above.stdout, /^completed: 9\/9 steps/m);
    });
  });

  it('an experiment file with a byte-order mark trains; a repeated key is named where it repeats', async () => {
    const dir = tempDir();
    const file = join(dir, 'bom.gan.json');
    writeFileSync(file, `\uFEFF${JSON.stringify({ ...ringExperiment({ schedule: quick }), backend: 'cpu', logging }, null, 2)}`);
    const ok = await runCli([file, '--out', join(dir, 'runs'), '--quiet']).done;
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal(ok.stderr, '');
    const twice = join(dir, 'twice.gan.json');
    writeFileSync(twice, readFileSync(file, 'utf8').replace('"seed": 7,', '"seed": 7,\n  "seed": 8,'));
    const dup = await runCli([twice]).done;
    assert.equal(dup.code, 1);
    assert.match(dup.stderr, new RegExp(`^gan-train: ${escape(twice)}:4:3: seed: duplicate key "seed" \\(first at line 3\\)`, 'm'));
  });
});
