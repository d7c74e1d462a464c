/**
 * Time to quality on ring-8, the trainer against PyTorch on the same recipe and machine: wall time
 * until 8 of 8 modes are covered (examples/ring8-nonsaturating.gan.json; the trainer's rule,
 * src/training/quality/modeCoverage.ts, which bench/pytorch/ring8_time_to_quality.py copies), per
 * seed, both evaluated every 250 steps on 2,048 samples.
 *
 * The trainer runs as users run it (bin/gan-train.js, a run directory, metrics and samples as the
 * example records them); its time to quality is the `elapsed` of the metrics record at the first
 * quality record with 8/8 modes (so it includes its evaluations, checkpoints and files). PyTorch's
 * is its wall time at the same event, evaluations included, nothing written. Seeds run one after
 * another, trainer then PyTorch, so neither shares the cores with the other.
 *
 * Run: npx tsx bench/timeToQuality.ts [--seeds 1,2,3] [--backend wasm] [--max-steps 8000]
 *      [--torch-device cpu|cuda] [--torch-threads N (0: PyTorch's default)]
 *      [--repo DIR --gan-train FILE (bundled: the checkout, and the gan-train to run)]
 * Needs a python3 with torch (bench/vsPytorch/pytorchServer.ts says how to get one). Asserts nothing.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { findPython } from './vsPytorch/pytorchServer';
import { figure, markdownTable, median } from './vsPytorch/table';

const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1]! : fallback;
};
const SEEDS = arg('--seeds', '1,2,3').split(',').map(Number);
const BACKEND = arg('--backend', 'wasm');
const MAX_STEPS = Number(arg('--max-steps', '8000'));
const TORCH_DEVICE = arg('--torch-device', 'cpu');
const TORCH_THREADS = Number(arg('--torch-threads', '0'));

/** The checkout (examples/, bench/pytorch/); `--repo` where this file runs bundled (bench/gpu/). */
const repo = resolve(arg('--repo', resolve(__dirname, '..')));
const GAN_TRAIN = resolve(arg('--gan-train', join(repo, 'bin', 'gan-train.js')));
const EXAMPLE = join(repo, 'examples', 'ring8-nonsaturating.gan.json');

interface Reached {
  step: number;
  seconds: number;
}

const jsonLines = <T>(path: string): T[] =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);

function trainer(seed: number, work: string): { reached: Reached | null; stepsPerSecond: number; backend: string } {
  const experiment = JSON.parse(readFileSync(EXAMPLE, 'utf8')) as Record<string, unknown>;
  delete experiment.$schema;
  const file = join(work, `ring8-seed${seed}.gan.json`);
  writeFileSync(file, JSON.stringify({ ...experiment, seed, backend: BACKEND }));
  const out = join(work, `runs-${seed}`);
  const run = spawnSync(process.execPath, [GAN_TRAIN, file, '--steps', String(MAX_STEPS), '--out', out, '--quiet'], {
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`gan-train exited ${run.status}: ${run.stderr}`);
  const nameDir = join(out, readdirSync(out)[0]!);
  const dir = join(nameDir, readdirSync(nameDir)[0]!);
  const quality = jsonLines<{ step: number; metrics: { modesCovered?: number } }>(join(dir, 'quality.jsonl'));
  const metrics = jsonLines<{ step: number; elapsed: number; stepsPerSecond: number }>(join(dir, 'metrics.jsonl'));
  const meta = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as { backend: { name: string } | null };
  const first = quality.find((q) => q.metrics.modesCovered === 8);
  const at = first && metrics.find((m) => m.step >= first.step);
  return {
    reached: first && at ? { step: first.step, seconds: at.elapsed } : null,
    stepsPerSecond: median(metrics.map((m) => m.stepsPerSecond)),
    backend: meta.backend?.name ?? 'unknown',
  };
}

interface TorchOutput {
  threads: number;
  torch: string;
  evals: { step: number; trainingSeconds: number }[];
  reached: { step: number; wallSeconds: number } | null;
}

function pytorch(python: string, seed: number): { reached: Reached | null; stepsPerSecond: number; threads: number; torch: string } {
  const args = [join(repo, 'bench', 'pytorch', 'ring8_time_to_quality.py'), '--seed', String(seed), '--device', TORCH_DEVICE];
  args.push('--max-steps', String(MAX_STEPS), '--threads', String(TORCH_THREADS));
  const run = spawnSync(python, args, { encoding: 'utf8', cwd: join(repo, 'bench', 'pytorch') });
  if (run.status !== 0) throw new Error(`ring8_time_to_quality.py exited ${run.status}: ${run.stderr}`);
  const out = JSON.parse(run.stdout) as TorchOutput;
  const last = out.evals.at(-1)!;
  return {
    reached: out.reached ? { step: out.reached.step, seconds: out.reached.wallSeconds } : null,
    stepsPerSecond: last.step / last.trainingSeconds,
    threads: out.threads,
    torch: out.torch,
  };
}

function main(): void {
  const python = findPython();
  const work = mkdtempSync(join(tmpdir(), 'ttq-'));
  const rows: string[][] = [];
  const ratios: number[] = [];
  let torchLabel = '';
  try {
    for (const seed of SEEDS) {
      const t = trainer(seed, work);
      const p = pytorch(python, seed);
      torchLabel = `PyTorch ${p.torch} on ${TORCH_DEVICE}${TORCH_DEVICE === 'cpu' ? `, ${p.threads} thread(s)` : ''}`;
      const show = (r: Reached | null) => (r ? `${figure(r.seconds)} s (step ${r.step})` : `not in ${MAX_STEPS} steps`);
      if (t.reached && p.reached) ratios.push(p.reached.seconds / t.reached.seconds);
      rows.push([String(seed), show(t.reached), figure(t.stepsPerSecond), show(p.reached), figure(p.stepsPerSecond)]);
      console.error(`seed ${seed}: trainer on ${t.backend} ${show(t.reached)}, PyTorch ${show(p.reached)}`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  console.log(`Ring-8 time to 8/8 modes: trainer (gan-train, backend ${BACKEND}) against ${torchLabel}; ${cpus().length} cores.\n`);
  console.log(markdownTable(['seed', 'trainer: time to 8/8', 'trainer steps/s', 'PyTorch: time to 8/8', 'PyTorch steps/s'], rows));
  if (ratios.length > 0)
    console.log(
      `\nPyTorch's time ÷ the trainer's, median over seeds that both reached 8/8: ${median(ratios).toFixed(2)}× (above 1: the trainer is faster).`,
    );
}

main();
