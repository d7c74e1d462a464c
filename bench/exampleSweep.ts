/**
 * The example sweep (issue 23's "done when"): examples/ring8-lr-seed.sweep.json — ring-8 over two
 * generator learning rates × three seeds, 5,000 steps each — through the local executor and through
 * Slurm (a real single-node cluster brought up as the process tests do, test/helpers/slurmCluster.ts,
 * and torn down at the end), each with its wall time, its ranked table (`gan-sweep --status`) and
 * whether both executors ranked the same trials with the same objective values.
 *
 *   npx tsx bench/exampleSweep.ts [--executors local,slurm] [--sweep FILE] [--keep DIR]
 *
 * --keep DIR copies each sweep folder to DIR/<executor>/ (the Slurm cluster's shared folder is
 * removed with the cluster). Needs `npm run setup` for Slurm (slurm-wlm, slurmctld, slurmd, munge).
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readSweep } from '../src/shared/sweep/sweepFolder';
import { startSlurmCluster, type SlurmCluster } from '../test/helpers/slurmCluster';

const root = join(__dirname, '..');
const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1]! : fallback;
};
const EXECUTORS = arg('--executors', 'local,slurm').split(',');
const SWEEP = resolve(arg('--sweep', join(root, 'examples', 'ring8-lr-seed.sweep.json')));
const KEEP = process.argv.includes('--keep') ? resolve(arg('--keep', '')) : undefined;

/** Runs gan-sweep with `args`, its output passed through with a prefix; resolves with its exit code and output. */
function ganSweep(args: string[], env: NodeJS.ProcessEnv, prefix: string): Promise<{ code: number | null; out: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [join(root, 'bin', 'gan-sweep.js'), ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const pass = (chunk: Buffer) => {
      out += chunk.toString();
      for (const line of chunk
        .toString()
        .split('\n')
        .filter((l) => l !== ''))
        console.log(`${prefix}${line}`);
    };
    child.stdout.on('data', pass);
    child.stderr.on('data', pass);
    child.on('close', (code) => done({ code, out }));
  });
}

interface Outcome {
  executor: string;
  seconds: number;
  code: number | null;
  dir: string;
  /** trial id → objective value of its last quality record. */
  objective: Map<string, number | undefined>;
  table: string;
}

async function runOn(executor: string, out: string, env: NodeJS.ProcessEnv): Promise<Outcome> {
  const started = Date.now();
  const run = await ganSweep([SWEEP, '--executor', executor, '--out', out], env, `[${executor}] `);
  const seconds = (Date.now() - started) / 1000;
  const dir = /^sweep folder: (.+)$/m.exec(run.out)?.[1];
  if (!dir) throw new Error(`${executor}: gan-sweep printed no sweep folder (exit ${run.code})`);
  const status = readSweep(dir);
  const objective = new Map(status.trials.map((t) => [t.trial.id, t.objective]));
  const table = (await ganSweep(['--status', dir], process.env, '')).out;
  if (KEEP) cpSync(dir, join(KEEP, executor), { recursive: true });
  return { executor, seconds, code: run.code, dir, objective, table };
}

async function main(): Promise<void> {
  console.log(`# ${SWEEP} on ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'})\n`);
  if (KEEP) mkdirSync(KEEP, { recursive: true });
  const outcomes: Outcome[] = [];
  for (const executor of EXECUTORS) {
    if (executor === 'local') outcomes.push(await runOn('local', mkdtempSync(join(tmpdir(), 'gan-example-sweep-')), process.env));
    else if (executor === 'slurm') {
      let cluster: SlurmCluster | undefined;
      try {
        cluster = await startSlurmCluster();
        outcomes.push(await runOn('slurm', cluster.shared, cluster.env));
      } finally {
        await cluster?.stop();
      }
    } else throw new Error(`unknown executor ${executor} (local or slurm)`);
  }
  for (const o of outcomes) {
    console.log(`\n## ${o.executor}: exit ${o.code}, ${o.seconds.toFixed(0)} s wall\n\n${o.table}`);
  }
  if (outcomes.length === 2) {
    const [a, b] = outcomes as [Outcome, Outcome];
    const differ = [...a.objective].filter(([id, v]) => b.objective.get(id) !== v);
    console.log(
      differ.length === 0
        ? `\nBoth executors: every trial's objective identical (${a.objective.size} trials).`
        : `\nObjectives that differ between ${a.executor} and ${b.executor}: ${differ.map(([id, v]) => `${id} ${v} vs ${b.objective.get(id)}`).join('; ')}`,
    );
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
