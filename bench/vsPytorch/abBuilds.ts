/**
 * Interleaved A/B of two checkouts' step loops: bench/vsPytorch/speedChild.ts of checkout A, then of
 * B, in alternation, one child process each, so both meet the same machine moments. This VM's
 * speed is bimodal from one process to the next; the per-round ratio B ÷ A, taken between adjacent
 * children, is what survives it. Prints each round and the median ratio; asserts nothing.
 *
 * Run: npx tsx bench/vsPytorch/abBuilds.ts --a /path/to/old/checkout [--b .] [--models ring8,dcgan]
 *        [--threads 1] [--rounds 8] [--seconds 3]
 * (each checkout needs its node_modules; a git worktree can link the main one's).
 */
import { fork } from 'node:child_process';
import { resolve } from 'node:path';
import { median } from './table';

const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1]! : fallback;
};
const A = resolve(arg('--a', ''));
const B = resolve(arg('--b', '.'));
const MODELS = arg('--models', 'parabola,ring8,dcgan').split(',');
const THREADS = arg('--threads', '1');
const ROUNDS = Number(arg('--rounds', '8'));
const SECONDS = arg('--seconds', '3');

function stepsPerSecond(checkout: string, model: string): Promise<number> {
  return new Promise((done, fail) => {
    const child = fork(resolve(checkout, 'bench/vsPytorch/speedChild.ts'), [model, THREADS, SECONDS, model === 'dcgan' ? '2' : '20'], {
      cwd: checkout,
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    child.on('message', (m: { rate: { wall: number } }) => done(m.rate.wall));
    child.on('exit', (code) => (code === 0 ? undefined : fail(new Error(`${checkout}: speedChild exited with ${code}`))));
  });
}

async function main(): Promise<void> {
  if (!arg('--a', '')) throw new Error('--a <checkout> is required');
  console.log(`A = ${A}\nB = ${B}\n${THREADS} thread(s), ${ROUNDS} rounds of ${SECONDS} s per child\n`);
  console.log('| model | A steps/s (median) | B steps/s (median) | B ÷ A per round (median, range) |');
  console.log('| --- | --- | --- | --- |');
  for (const model of MODELS) {
    const a: number[] = [];
    const b: number[] = [];
    const ratios: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const [first, second] = round % 2 === 0 ? [A, B] : [B, A];
      const r1 = await stepsPerSecond(first, model);
      const r2 = await stepsPerSecond(second, model);
      const [ra, rb] = first === A ? [r1, r2] : [r2, r1];
      a.push(ra);
      b.push(rb);
      ratios.push(rb / ra);
    }
    const fmt = (v: number) => (v < 10 ? v.toFixed(2) : v.toFixed(1));
    console.log(
      `| ${model} | ${fmt(median(a))} | ${fmt(median(b))} | ${median(ratios).toFixed(2)}× (${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}) |`,
    );
  }
}

void main();
