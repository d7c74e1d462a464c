/**
 * Mode coverage of the energy objective with and without its mutual-information term: trains the
 * grid-25 pair of examples (grid25-energy-mi, grid25-energy-nomi; the same config but for the MI
 * term) over several seeds through the gan-train CLI, and prints, per example and seed, the modes
 * covered and the high-quality share at the last step, with the mean over seeds. Asserts nothing.
 * Run: npx tsx bench/energyModes.ts [--seeds 1,2,3] [--steps N] [--parallel P]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { QualityRecord } from '../src/shared/runFormat';

const ROOT = join(__dirname, '..');
const mean = (values: number[]) => values.reduce((a, v) => a + v, 0) / values.length;
const EXAMPLES = ['grid25-energy-mi', 'grid25-energy-nomi'];

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
}

const seeds = (option('--seeds') ?? '1,2,3').split(',').map(Number);
const steps = option('--steps');
const parallel = Number(option('--parallel') ?? availableParallelism());

interface Outcome {
  example: string;
  seed: number;
  /** At the last step. */
  modes: number;
  total: number;
  highQuality: number;
  /** The most modes any evaluation of the run covered, and the first step that covered all. */
  bestModes: number;
  firstFull: number | null;
  /** Mean modes covered over the evaluations of the last quarter of the run (coverage swings between evaluations). */
  lateModes: number;
  seconds: number;
}

async function train(example: string, seed: number, work: string): Promise<Outcome> {
  const config = JSON.parse(readFileSync(join(ROOT, 'examples', `${example}.gan.json`), 'utf8')) as Record<string, unknown>;
  delete config.$schema;
  config.seed = seed;
  const file = join(work, `${example}-seed${seed}.gan.json`);
  writeFileSync(file, JSON.stringify(config));
  const out = join(work, `${example}-seed${seed}`);
  const args = [join(ROOT, 'bin', 'gan-train.js'), file, '--out', out, '--quiet', ...(steps ? ['--steps', steps] : [])];
  const started = Date.now();
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${example} seed ${seed}: gan-train exited with ${code}`))));
  });
  const [name] = readdirSync(out);
  const [run] = readdirSync(join(out, name!));
  const lines = readFileSync(join(out, name!, run!, 'quality.jsonl'), 'utf8')
    .trim()
    .split('\n');
  const records = lines.map((l) => JSON.parse(l) as QualityRecord);
  const last = records.at(-1)!;
  const full = records.find((r) => r.metrics.modesCovered === r.metrics.modesTotal);
  return {
    example,
    seed,
    modes: last.metrics.modesCovered!,
    total: last.metrics.modesTotal!,
    highQuality: last.metrics.highQualityShare!,
    bestModes: Math.max(...records.map((r) => r.metrics.modesCovered!)),
    firstFull: full ? full.step : null,
    lateModes: mean(records.filter((r) => r.step > 0.75 * last.step).map((r) => r.metrics.modesCovered!)),
    seconds: (Date.now() - started) / 1000,
  };
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'energy-modes-'));
  const jobs = EXAMPLES.flatMap((example) => seeds.map((seed) => () => train(example, seed, work)));
  const outcomes: Outcome[] = [];
  const workers = Array.from({ length: Math.max(1, parallel) }, async () => {
    for (let job = jobs.shift(); job; job = jobs.shift()) outcomes.push(await job());
  });
  await Promise.all(workers);
  console.log(
    `| example | seed | modes at the end | high-quality share at the end | mean modes, last quarter | most modes | first step with all | time |`,
  );
  console.log(`|---|---|---|---|---|---|---|---|`);
  for (const example of EXAMPLES) {
    const rows = outcomes.filter((o) => o.example === example).sort((a, b) => a.seed - b.seed);
    for (const o of rows)
      console.log(
        `| ${o.example} | ${o.seed} | ${o.modes}/${o.total} | ${(o.highQuality * 100).toFixed(1)} % | ${o.lateModes.toFixed(1)} | ${o.bestModes}/${o.total} | ${o.firstFull ?? '—'} | ${o.seconds.toFixed(0)} s |`,
      );
    const over = (f: (o: Outcome) => number) => mean(rows.map(f));
    console.log(
      `| ${example} | mean | ${over((o) => o.modes).toFixed(1)} | ${(over((o) => o.highQuality) * 100).toFixed(1)} % | ${over((o) => o.lateModes).toFixed(1)} | ${over((o) => o.bestModes).toFixed(1)} | | |`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
