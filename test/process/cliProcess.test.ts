/**
 * The host's side of `--json`: the line reader (src/shared/cliResult.ts) and the runner that starts
 * a tool through the launcher and reads its lines (progress, the result, a failure, a crash, a
 * cancel, a timeout). The tools here are tiny stand-in scripts that print what the real ones print;
 * test/process/cliJson.test.ts runs the real ones. Before, the host read the tools' human text with
 * regexes (`step k/N`, `wrote <folder>`, `/to (.+)$/m` for the export): any earlier stdout line
 * holding "to " (a library's log line, as the stand-in prints) was taken for the export's folder,
 * and an error's file and field were not reported apart from the message.
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCliTool } from '../../src/extension/trainingRuns/cliProcess';
import { runGeneratorExport } from '../../src/extension/trainingRuns/exportProcess';
import { runSampling } from '../../src/extension/trainingRuns/samplingProcess';
import {
  cliResultOf,
  describeCliError,
  readCliLine,
  samplingHeadline,
  type ExportSuccess,
  type SampleSuccess,
} from '../../src/shared/cliResult';
import { tempDir } from '../helpers/experiments';
import { testLauncher } from '../helpers/launcher';

const SAMPLE: SampleSuccess = {
  type: 'result',
  tool: 'gan-sample',
  ok: true,
  folder: '/runs/a to b/sampling/step-20-mala-20260101-000000',
  id: 'step-20-mala-20260101-000000',
  files: ['sampling.json'],
  checkpointStep: 20,
  backend: 'wasm',
  durationSeconds: 0.4,
  settings: { method: 'mala', steps: 2, stepSize: 0.01, temperature: 1, start: 'fresh', prior: true, chains: 8, seed: 7 },
  acceptanceRate: 0.8125,
  meanEnergy: { start: 1.25, final: 1.0625 },
  quality: { before: { modesCovered: 3, modesTotal: 8 }, after: { modesCovered: 5, modesTotal: 8 } },
  qualityText: { before: 'modes 3/8', after: 'modes 5/8' },
  warnings: [],
};

const EXPORTED: ExportSuccess = {
  type: 'result',
  tool: 'gan-export',
  ok: true,
  folder: '/runs/exported to here/exports/generator-step-00000020',
  files: ['model.json', 'weights.bin'],
  step: 20,
  warnings: [],
};

/** A stand-in extension: its gan-sample and gan-export do what their first argument says. */
function fakeExtension(): string {
  const root = tempDir('gan-cli-');
  mkdirSync(join(root, 'bin'));
  const script = (result: object) => `
const [mode] = process.argv.slice(2);
const out = (o) => process.stdout.write(JSON.stringify(o) + '\\n');
if (!process.argv.includes('--json')) { process.stderr.write('no --json\\n'); process.exit(5); }
const tool = ${JSON.stringify((result as { tool: string }).tool)};
if (mode === 'ok') {
  process.stdout.write('Falling back to the cpu backend\\n');
  out({ type: 'progress', step: 1, total: 2 });
  out({ type: 'progress', step: 2, total: 2 });
  out(${JSON.stringify(result)});
} else if (mode === 'fail') {
  out({ type: 'result', tool, ok: false, exitCode: 1, error: { kind: 'run', message: 'lastStep must be a number', file: '/r/run.json', field: 'lastStep' } });
  process.exit(1);
} else if (mode === 'crash') {
  process.stderr.write(tool + ': boom\\n');
  process.exit(3);
} else {
  out({ type: 'progress', step: 1, total: 1000 });
  setInterval(() => {}, 1000);
}
`;
  writeFileSync(join(root, 'bin', 'gan-sample.js'), script(SAMPLE));
  writeFileSync(join(root, 'bin', 'gan-export.js'), script(EXPORTED));
  return root;
}

const SETTINGS = { method: 'mala', steps: 2, stepSize: 0.01, temperature: 1, start: 'fresh', prior: true } as const;

describe('--json lines (src/shared/cliResult.ts)', () => {
  it('reads progress and result lines of the tool asked about, and nothing else', () => {
    assert.deepEqual(readCliLine('{"type":"progress","step":3,"total":60}', 'gan-sample'), { type: 'progress', step: 3, total: 60 });
    assert.deepEqual(readCliLine(JSON.stringify(SAMPLE), 'gan-sample'), SAMPLE);
    assert.deepEqual(readCliLine(JSON.stringify(EXPORTED), 'gan-export'), EXPORTED);
    assert.equal(readCliLine(JSON.stringify(SAMPLE), 'gan-export'), undefined, 'another tool’s result');
    for (const line of ['step 3/60', 'wrote /x', '{not json', '[1]', '{"type":"progress","step":"3","total":60}'])
      assert.equal(readCliLine(line, 'gan-sample'), undefined, line);
    const { acceptanceRate: _, ...noRate } = SAMPLE;
    assert.equal(readCliLine(JSON.stringify(noRate), 'gan-sample'), undefined, 'a result without its numbers');
    const failure = { type: 'result', tool: 'gan-export', ok: false, exitCode: 1, error: { kind: 'run', message: 'm', file: '/f' } };
    assert.deepEqual(readCliLine(JSON.stringify(failure), 'gan-export'), failure);
    assert.equal(readCliLine(JSON.stringify({ ...failure, error: { kind: 'oops', message: 'm' } }), 'gan-export'), undefined);
  });

  it('takes the last result line of the output', () => {
    const stdout = ['noise', '{"type":"progress","step":1,"total":2}', JSON.stringify(SAMPLE), ''].join('\n');
    assert.deepEqual(cliResultOf(stdout, 'gan-sample'), SAMPLE);
    assert.equal(cliResultOf('{"type":"progress","step":1,"total":2}\n', 'gan-sample'), undefined);
  });

  it('says an error with its file and field, unless the message already names them', () => {
    assert.equal(
      describeCliError({ kind: 'run', message: 'must be a number', file: '/r/run.json', field: 'lastStep' }),
      'must be a number (/r/run.json: lastStep)',
    );
    assert.equal(
      describeCliError({ kind: 'run', message: '/r/run.json: lastStep must be a number', file: '/r/run.json', field: 'lastStep' }),
      '/r/run.json: lastStep must be a number',
    );
    assert.equal(describeCliError({ kind: 'run', message: 'must be a number', field: 'lastStep' }), 'must be a number (lastStep)');
    assert.equal(describeCliError({ kind: 'usage', message: '--steps needs a value' }), '--steps needs a value');
  });

  it('writes the sampling headline the CLI prints and the notification shows', () => {
    assert.equal(samplingHeadline(SAMPLE), 'acceptance 0.813 · mean energy 1.250 → 1.063');
    assert.equal(
      samplingHeadline({ ...SAMPLE, settings: { ...SAMPLE.settings, method: 'langevin' }, meanEnergy: { start: null, final: 2 } }),
      'acceptance 1 (Langevin has no accept/reject test) · mean energy not finite → 2.000',
    );
  });
});

describe('running a tool with --json through the launcher', function () {
  this.timeout(20_000);
  const root = fakeExtension();

  it('reports progress as it comes and returns the result, stray lines ignored', async () => {
    const progress: [number, number][] = [];
    const outcome = await runCliTool(testLauncher({ extensionPath: root }), {
      tool: 'gan-sample',
      args: ['ok'],
      onProgress: (step, total) => progress.push([step, total]),
    });
    assert.deepEqual(outcome, { kind: 'result', result: SAMPLE });
    assert.deepEqual(progress, [
      [1, 2],
      [2, 2],
    ]);
  });

  it('sampling: the outcome carries the result, its folder (whatever its path holds) and a summary', async () => {
    const outcome = await runSampling(testLauncher({ extensionPath: root }), { request: { runDir: 'ok', settings: SETTINGS } });
    assert.deepEqual(outcome, {
      ok: true,
      cancelled: false,
      message: 'acceptance 0.813 · mean energy 1.250 → 1.063 · after: modes 5/8',
      folder: SAMPLE.folder,
      id: SAMPLE.id,
      result: SAMPLE,
      // No live run of this folder in the window: gan-sample itself appended the sampling event.
      event: 'gan-sample',
    });
  });

  it('export: the folder from the result, not from a library’s log line that says "to …" (the old /to (.+)$/m took that)', async () => {
    const outcome = await runGeneratorExport(testLauncher({ extensionPath: root }), 'ok');
    assert.deepEqual(outcome, {
      ok: true,
      message: `exported the generator at step 20 to ${EXPORTED.folder}`,
      folder: EXPORTED.folder,
      result: EXPORTED,
    });
  });

  it('a failure result: the message with the file and field', async () => {
    const sampled = await runSampling(testLauncher({ extensionPath: root }), { request: { runDir: 'fail', settings: SETTINGS } });
    assert.deepEqual(sampled, { ok: false, cancelled: false, message: 'lastStep must be a number (/r/run.json: lastStep)' });
    const exported = await runGeneratorExport(testLauncher({ extensionPath: root }), 'fail');
    assert.deepEqual(exported, { ok: false, message: 'lastStep must be a number (/r/run.json: lastStep)' });
  });

  it('no result (a crash): what the tool wrote to stderr', async () => {
    assert.deepEqual(await runCliTool(testLauncher({ extensionPath: root }), { tool: 'gan-export', args: ['crash'] }), {
      kind: 'failed',
      message: 'boom',
    });
  });

  it('cancelling kills the child; a timeout kills it and says so', async () => {
    const abort = new AbortController();
    const launcher = testLauncher({ extensionPath: root });
    const cancelled = await runSampling(launcher, {
      request: { runDir: 'hang', settings: SETTINGS },
      signal: abort.signal,
      onProgress: () => abort.abort(),
    });
    assert.deepEqual(cancelled, { ok: false, cancelled: true, message: 'Sampling was cancelled; nothing was written.' });
    assert.equal(launcher.live.length, 0);
    const timedOut = await runCliTool(launcher, { tool: 'gan-export', args: ['hang'], timeoutMs: 300 });
    assert.deepEqual(timedOut, { kind: 'failed', message: 'gan-export did not finish within 0.3 s' });
  });

  it('an untrusted workspace: nothing starts, and the outcome says why', async () => {
    const launcher = testLauncher({ extensionPath: root, isTrusted: () => false });
    const sampled = await runSampling(launcher, { request: { runDir: 'ok', settings: SETTINGS } });
    assert.deepEqual(sampled, { ok: false, cancelled: false, message: 'Sampling needs a trusted workspace; nothing was started.' });
    const exported = await runGeneratorExport(launcher, 'ok');
    assert.deepEqual(exported, { ok: false, message: 'Exporting needs a trusted workspace; nothing was started.' });
  });
});
