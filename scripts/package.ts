/**
 * Packages the extension: `npm run package` writes the universal gan-workbench.vsix (wasm and cpu,
 * no GPU path); `npm run package -- --target linux-x64` (repeatable) writes
 * gan-workbench-linux-x64.vsix with Dawn and the WebGPU backend for that platform;
 * `npm run package:targets` writes the universal package and all six platform packages.
 *
 * One stage (scripts/packageStage.ts: a production build of its own and the files the allowlists
 * name), then one `vsce package` per package from it, as many at once as there are cores: the
 * universal one with .vscodeignore, each platform one with `--target` and `--ignoreFile` naming a
 * temporary allowlist made from .vscodeignore and the target's lines (scripts/packageTargets.ts).
 * vsce writes to a temporary name in the repository root, renamed into place when done, so a
 * reader never sees half a package.
 */
import { spawn } from 'node:child_process';
import { readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { stagePackage } from './packageStage';
import { isTarget, targetIgnoreText, TARGETS, vsixName, type Target } from './packageTargets';

const repo = join(__dirname, '..');
const vsce = join(repo, 'node_modules', '@vscode', 'vsce', 'vsce');

interface Job {
  /** Undefined: the universal package. */
  target: Target | undefined;
  out: string;
  ignoreText: string;
}

function usage(problem: string): never {
  process.stderr.write(`package: ${problem}\nUsage: tsx scripts/package.ts [--all | --target T ...]\n  T: ${TARGETS.join(', ')}\n`);
  process.exit(2);
}

/** The packages asked for: undefined is the universal one. */
function parseArgs(argv: readonly string[]): (Target | undefined)[] {
  const targets: (Target | undefined)[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--all') targets.push(undefined, ...TARGETS);
    else if (arg === '--target') {
      const value = argv[++i] ?? usage('--target needs a value');
      if (!isTarget(value)) usage(`unknown target "${value}"`);
      targets.push(value);
    } else usage(`unknown argument "${arg}"`);
  }
  return targets.length === 0 ? [undefined] : [...new Set(targets)];
}

/** Runs a command to its end; its output is kept and printed only if it fails. */
function run(command: string, args: string[], cwd: string): Promise<void> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) =>
      code === 0 ? resolveRun() : reject(new Error(`${args.slice(1, 4).join(' ')} exited with ${code ?? signal}:\n${output.trimEnd()}`)),
    );
  });
}

async function packageOne(job: Job, stage: string): Promise<void> {
  const started = Date.now();
  const partial = join(repo, `${job.out}.partial-${process.pid}.vsix`);
  // Beside the stage, not in it: vsce would otherwise see the allowlist as a file to package.
  const ignoreFile = `${stage}.${job.target ?? 'universal'}.vscodeignore`;
  writeFileSync(ignoreFile, job.ignoreText);
  const args = [vsce, 'package', '--out', partial, '--ignoreFile', ignoreFile, ...(job.target ? ['--target', job.target] : [])];
  try {
    await run(process.execPath, args, stage);
    renameSync(partial, join(repo, job.out));
  } finally {
    rmSync(partial, { force: true });
    rmSync(ignoreFile, { force: true });
  }
  const mib = statSync(join(repo, job.out)).size / 2 ** 20;
  console.log(`${job.out}: ${mib.toFixed(2)} MiB in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

async function main(): Promise<void> {
  const targets = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const base = readFileSync(join(repo, '.vscodeignore'), 'utf8');
  const jobs: Job[] = targets.map((target) => ({
    target,
    out: vsixName(target),
    ignoreText: target ? targetIgnoreText(base, target) : base,
  }));
  const stage = stagePackage(
    repo,
    jobs.map((j) => j.ignoreText),
  );
  console.log(`staged a production build and the allowlisted files in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  try {
    // A failed package does not stop the others (nor leave their vsce running after an exit).
    const queue = [...jobs];
    const failures: string[] = [];
    const worker = async () => {
      for (let job = queue.shift(); job; job = queue.shift())
        await packageOne(job, stage).catch((e: unknown) => failures.push(`${job.out}: ${e instanceof Error ? e.message : String(e)}`));
    };
    await Promise.all(Array.from({ length: Math.min(jobs.length, availableParallelism()) }, worker));
    if (failures.length > 0) throw new Error(failures.join('\n'));
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
  console.log(`packaged ${jobs.length} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

main().catch((e: unknown) => {
  process.stderr.write(`package: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
