/**
 * `gan-sample --json` and `gan-export --json`, the built bins on a small run trained here (20 steps,
 * about a second): stdout is JSON lines (progress, then the result, last), the result agrees with
 * what was written, errors are results with their kind and exit code, and the extension's runners
 * read them through the launcher. Disposing the launcher kills a sampling child mid-run and nothing
 * is written; before the launcher that child had no owner and ran on after the window closed.
 * Needs `npm run build` (dist/cli).
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runGeneratorExport } from '../../src/extension/trainingRuns/exportProcess';
import { runSampling } from '../../src/extension/trainingRuns/samplingProcess';
import { readCliLine, type CliFailure, type CliLine, type ExportSuccess, type SampleSuccess } from '../../src/shared/cliResult';
import type { SamplingRecord } from '../../src/shared/runFormat';
import { GAN_EXPORT, GAN_SAMPLE, runCli } from '../helpers/cli';
import { ringExperiment, tempDir, writeExperimentFile } from '../helpers/experiments';
import { testLauncher } from '../helpers/launcher';

async function trainSmallRun(): Promise<string> {
  const out = tempDir();
  const { code, stderr } = await runCli([
    writeExperimentFile(ringExperiment({ schedule: { steps: 20, batchSize: 32 } })),
    '--out',
    out,
    '--quiet',
  ]).done;
  assert.equal(code, 0, stderr);
  return join(out, 'test-ring', readdirSync(join(out, 'test-ring'))[0]!);
}

/** Every stdout line of a --json run, each parsed (a line that is not of the format fails the test). */
async function jsonRun(bin: string, tool: 'gan-sample' | 'gan-export', args: string[]): Promise<{ code: number | null; lines: CliLine[] }> {
  const { code, stdout } = await runCli([...args, '--json'], undefined, bin).done;
  const lines = stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => {
      const line = readCliLine(l, tool);
      assert.ok(line, `not a ${tool} JSON line: ${l}`);
      return line;
    });
  return { code, lines };
}

function lastResult<T extends CliLine>(lines: CliLine[]): T {
  const last = lines[lines.length - 1];
  assert.equal(last?.type, 'result');
  assert.equal(lines.filter((l) => l.type === 'result').length, 1, 'one result');
  return last as T;
}

describe('gan-sample and gan-export --json on a trained run', function () {
  this.timeout(120_000);
  let runDir = '';

  before(async function () {
    this.timeout(120_000);
    runDir = await trainSmallRun();
  });

  it('gan-sample: progress lines, then the result, which is what sampling.json says', async () => {
    const { code, lines } = await jsonRun(GAN_SAMPLE, 'gan-sample', [runDir, '--steps', '10', '--chains', '16', '--seed', '3']);
    assert.equal(code, 0);
    assert.deepEqual(
      lines.filter((l) => l.type === 'progress').map((l) => l.type === 'progress' && `${l.step}/${l.total}`),
      ['1/10', '2/10', '3/10', '4/10', '5/10', '6/10', '7/10', '8/10', '9/10', '10/10'],
    );
    const result = lastResult<SampleSuccess>(lines);
    assert.equal(result.ok, true);
    const record = JSON.parse(readFileSync(join(result.folder, 'sampling.json'), 'utf8')) as SamplingRecord;
    assert.equal(result.folder, join(runDir, 'sampling', record.id));
    assert.equal(result.id, record.id);
    assert.deepEqual(result.files, readdirSync(result.folder).sort());
    assert.deepEqual(result.files, ['sampling.json']);
    assert.equal(result.checkpointStep, 20);
    assert.equal(result.backend, 'wasm');
    assert.deepEqual(result.settings, record.settings);
    assert.equal(result.settings.chains, 16);
    assert.equal(result.acceptanceRate, record.acceptanceRate);
    const mean = (v: (number | null)[]) => v.reduce<number>((s, x) => s + x!, 0) / v.length;
    assert.ok(Math.abs(result.meanEnergy.start! - mean(record.startEnergies)) < 1e-9);
    assert.ok(Math.abs(result.meanEnergy.final! - mean(record.finalEnergies)) < 1e-9);
    assert.deepEqual(result.quality, record.quality);
    assert.match(result.qualityText?.after ?? '', /^modes \d\/8, high-quality/);
    assert.deepEqual(result.warnings, record.notes);
  });

  it('gan-sample: a run that cannot be sampled and a bad command line are results too, with exit 1 and 2', async () => {
    const missing = await jsonRun(GAN_SAMPLE, 'gan-sample', [join(runDir, 'nope')]);
    assert.equal(missing.code, 1);
    const failure = lastResult<CliFailure>(missing.lines);
    assert.equal(failure.ok, false);
    assert.equal(failure.exitCode, 1);
    assert.equal(failure.error.kind, 'run');
    assert.match(failure.error.message, /nope: no such run directory$/);
    const usage = await jsonRun(GAN_SAMPLE, 'gan-sample', [runDir, '--steps', 'many']);
    assert.equal(usage.code, 2);
    assert.deepEqual(lastResult<CliFailure>(usage.lines).error, {
      kind: 'usage',
      message: '--steps: expected a whole number of steps from 1 to 1,000,000, got "many"',
    });
  });

  it('gan-export: one result line with the folder and its files; an existing folder is an error result', async () => {
    const out = join(tempDir(), 'model');
    const { code, lines } = await jsonRun(GAN_EXPORT, 'gan-export', [runDir, '--out', out]);
    assert.equal(code, 0);
    assert.equal(lines.length, 1);
    assert.deepEqual(lastResult<ExportSuccess>(lines), {
      type: 'result',
      tool: 'gan-export',
      ok: true,
      folder: out,
      files: ['model.json', 'weights.bin'],
      step: 20,
      warnings: [],
    });
    const again = await jsonRun(GAN_EXPORT, 'gan-export', [runDir, '--out', out]);
    assert.equal(again.code, 1);
    const failure = lastResult<CliFailure>(again.lines);
    assert.equal(failure.error.kind, 'run');
    assert.match(failure.error.message, /model: already exists; remove it or choose another folder with --out$/);
  });

  it('without --json the text for terminals is unchanged', async () => {
    const { code, stdout } = await runCli([runDir, '--steps', '2', '--chains', '4'], undefined, GAN_SAMPLE).done;
    assert.equal(code, 0);
    assert.match(stdout, /^step 2\/2$/m);
    assert.match(stdout, /^ {2}acceptance [\d.]+ · mean energy \S+ → \S+$/m);
    assert.match(stdout, /^wrote .*sampling[/\\]step-20-mala-\d{8}-\d{6}(-\d+)?$/m);
    assert.doesNotMatch(stdout, /^\{/m);
  });

  it('the extension’s runners read the results through the launcher', async () => {
    const launcher = testLauncher();
    const progress: number[] = [];
    const sampled = await runSampling(launcher, {
      request: {
        runDir,
        settings: { method: 'langevin', steps: 4, stepSize: 0.01, temperature: 1, start: 'fresh', prior: true, chains: 8 },
      },
      onProgress: (step) => progress.push(step),
    });
    assert.ok(sampled.ok, sampled.message);
    assert.deepEqual(progress, [1, 2, 3, 4]);
    assert.ok(sampled.id && existsSync(join(runDir, 'sampling', sampled.id, 'sampling.json')));
    assert.match(sampled.message, /^acceptance 1 \(Langevin has no accept\/reject test\) · mean energy \S+ → \S+ · after: modes \d\/8/);
    const exported = await runGeneratorExport(launcher, runDir);
    assert.ok(exported.ok, exported.message);
    assert.equal(exported.folder, join(runDir, 'exports', 'generator-step-00000020'));
    assert.deepEqual(exported.result?.files, ['model.json', 'weights.bin']);
    const failed = await runGeneratorExport(launcher, runDir);
    assert.equal(failed.ok, false);
    assert.match(failed.message, /generator-step-00000020: already exists/);
    assert.equal(launcher.live.length, 0);
  });

  it('disposing the launcher (the window closes) kills a sampling child mid-run; nothing is written', async () => {
    const launcher = testLauncher();
    const before = readdirSync(join(runDir, 'sampling')).sort();
    let pid: number | undefined;
    const outcome = runSampling(launcher, {
      request: {
        runDir,
        settings: { method: 'mala', steps: 2_000, stepSize: 0.01, temperature: 1, start: 'fresh', prior: true, chains: 8 },
      },
      onProgress: () => {
        if (pid !== undefined) return;
        pid = launcher.live[0]?.pid;
        launcher.dispose();
      },
    });
    const result = await outcome;
    assert.equal(result.ok, false);
    assert.ok(pid !== undefined);
    assert.throws(() => process.kill(pid!, 0), /ESRCH/, 'the gan-sample process is gone');
    assert.equal(launcher.live.length, 0);
    assert.deepEqual(readdirSync(join(runDir, 'sampling')).sort(), before);
  });
});
