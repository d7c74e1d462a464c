/**
 * What the render suite needs before it opens a page: Debian's chromium (installed by `npm run
 * setup`, which `npm test` runs first; requireChromium fails with the command when it is missing),
 * the CLI bundle in dist/ (npm test builds it first), and recorded runs — the examples trained for a
 * few hundred steps by the real trainer — built into the webview harness.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export { requireChromium } from '../../scripts/requirements';

export const repoRoot = resolve(__dirname, '..', '..');

/** The CLI needs dist/ (npm test builds it before the suites); built here when a single suite runs on a fresh clone. */
export function ensureDist(): void {
  if (existsSync(join(repoRoot, 'dist', 'cli', 'gan-train.js')) && existsSync(join(repoRoot, 'dist', 'trainer.js'))) return;
  const r = spawnSync(process.execPath, [join(repoRoot, 'esbuild.mjs')], { cwd: repoRoot, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`node esbuild.mjs failed: ${r.stderr}`);
}

export interface TrainSpec {
  /** An example's file name, or an experiment file's absolute path. */
  experiment: string;
  steps: number;
}

/** Trains the examples in parallel with `gan-train <file> --steps N --out <runsRoot> --quiet`. */
export async function trainRuns(runsRoot: string, specs: readonly TrainSpec[]): Promise<void> {
  const train = (spec: TrainSpec) =>
    new Promise<void>((done, fail) => {
      const args = [join(repoRoot, 'bin', 'gan-train.js'), resolve(repoRoot, 'examples', spec.experiment), '--steps', String(spec.steps)];
      const child = spawn(process.execPath, [...args, '--out', runsRoot, '--quiet'], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (c: Buffer) => (output += c.toString()));
      child.stderr.on('data', (c: Buffer) => (output += c.toString()));
      child.on('error', fail);
      child.on('close', (code) =>
        code === 0 ? done() : fail(new Error(`gan-train ${spec.experiment} --steps ${spec.steps} exited ${code}:\n${output.slice(-3000)}`)),
      );
    });
  await Promise.all(specs.map(train));
}

/** What a recorded run holds (the expectations of the assertions). */
export interface RecordedRun {
  name: string;
  runDir: string;
  runId: string;
  experimentName: string;
  metrics: number;
  histograms: number;
  lastHistogramStep: number;
  /** Steps of the histogram records, ascending. */
  histogramSteps: number[];
  quality: number;
  sampleSteps: number[];
  layout: string;
}

export function readRecordedRun(runsRoot: string, name: string): RecordedRun {
  const dir = join(runsRoot, name);
  const id = readdirSync(dir)
    .filter((d) => existsSync(join(dir, d, 'run.json')))
    .sort()
    .at(-1);
  if (!id) throw new Error(`no run of ${name} under ${runsRoot}`);
  const runDir = join(dir, id);
  const records = (file: string) =>
    existsSync(join(runDir, file))
      ? readFileSync(join(runDir, file), 'utf8')
          .split('\n')
          .filter((l) => l.trim() !== '')
          .map((l) => JSON.parse(l) as { step: number })
      : [];
  const sampleFiles = readdirSync(join(runDir, 'samples'))
    .filter((f) => f.endsWith('.json'))
    .sort();
  const meta = JSON.parse(readFileSync(join(runDir, 'run.json'), 'utf8')) as { runId: string; experimentName: string };
  const samples = sampleFiles.map((f) => JSON.parse(readFileSync(join(runDir, 'samples', f), 'utf8')) as { step: number; layout: string });
  return {
    name,
    runDir,
    runId: meta.runId,
    experimentName: meta.experimentName,
    metrics: records('metrics.jsonl').length,
    histograms: records('histograms.jsonl').length,
    lastHistogramStep: records('histograms.jsonl').at(-1)?.step ?? 0,
    histogramSteps: records('histograms.jsonl').map((r) => r.step),
    quality: records('quality.jsonl').length,
    sampleSteps: samples.map((s) => s.step).sort((a, b) => a - b),
    layout: samples[0]?.layout ?? '',
  };
}
