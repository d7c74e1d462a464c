/**
 * The Slurm executor: the sweep as one job array, `sbatch --parsable --array=0-(N-1)%maxParallel`,
 * whose task i runs `gan-sweep --run-trial <sweep folder> i` (the trial runner: gan-train on
 * trials/trial-NNN.gan.json with --out on runs/trial-NNN, or a resume of its run from its
 * checkpoint when the task was requeued). The sweep folder must be on storage every node mounts
 * at the same path. State comes from the folder's files; squeue only says whether tasks are still
 * queued or running (finished tasks leave it, and sacct is not needed). Cancel: the trial's
 * marker, then `scancel JOB_N` (one trial) or `scancel JOB` (all).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { writeFileAtomic, writeJsonAtomic } from '../../shared/atomicFile';
import { SWEEP_FILES, type SlurmSubmission, type SweepManifest } from '../../shared/sweep/sweepFolder';
import type { SlurmExecutorConfig } from '../../shared/sweep/sweepSchema';
import { writeCancelMarker } from './cancelMarkers';

export class SlurmError extends Error {}

/** The built gan-sweep bundle: beside this bundle (dist/cli/), or dist/cli/ of the repository when run from source. */
export function ganSweepScript(): string {
  const candidates = [join(__dirname, 'gan-sweep.js'), resolve(__dirname, '..', '..', '..', 'dist', 'cli', 'gan-sweep.js')];
  return candidates.find((c) => existsSync(c)) ?? candidates[0]!;
}

/** `'it''s'` for the shell. */
const shellQuote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/** The batch script every array task runs. */
export function batchScript(dir: string, manifest: SweepManifest, executor: SlurmExecutorConfig, script = ganSweepScript()): string {
  const node = executor.node ?? process.execPath;
  const directives = [
    `--job-name=${`gan-sweep-${manifest.name}`.slice(0, 64)}`,
    '--output=/dev/null',
    '--requeue',
    `--cpus-per-task=${executor.cpusPerTask}`,
    ...(executor.partition ? [`--partition=${executor.partition}`] : []),
    ...(executor.mem ? [`--mem=${executor.mem}`] : []),
    ...(executor.gpus > 0 ? [`--gpus-per-task=${executor.gpus}`] : []),
    ...(executor.time ? [`--time=${executor.time}`] : []),
  ];
  return [
    '#!/bin/bash',
    `# gan-sweep: ${manifest.name}, ${manifest.trials.length} trials (written by gan-sweep; task i runs trial i)`,
    ...directives.map((d) => `#SBATCH ${d}`),
    `SWEEP_DIR=${shellQuote(dir)}`,
    `TRIAL_LOG="$SWEEP_DIR/logs/$(printf 'trial-%03d' "$SLURM_ARRAY_TASK_ID").log"`,
    'exec >>"$TRIAL_LOG" 2>&1',
    ...executor.setup,
    `exec ${shellQuote(node)} ${shellQuote(script)} --run-trial "$SWEEP_DIR" "$SLURM_ARRAY_TASK_ID"`,
    '',
  ].join('\n');
}

function command(name: string, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(name, args, { encoding: 'utf8', timeout: 60_000 });
  if (result.error) {
    const code = (result.error as NodeJS.ErrnoException).code;
    throw new SlurmError(
      code === 'ENOENT'
        ? `${name} is not installed on this machine: submit and watch a Slurm sweep from a machine of the cluster (a login node), or use --executor local`
        : `${name} failed: ${result.error.message}`,
    );
  }
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Writes slurm/batch.sh, submits the array and records slurm.json; returns the submission. */
export function submitSlurm(dir: string, manifest: SweepManifest): SlurmSubmission {
  const executor = manifest.executor;
  if (executor.kind !== 'slurm') throw new SlurmError(`${dir}: the sweep's executor is ${executor.kind}, not slurm`);
  const scriptFile = join(dir, SWEEP_FILES.batchScript);
  mkdirSync(dirname(scriptFile), { recursive: true });
  writeFileAtomic(scriptFile, batchScript(dir, manifest, executor));
  const n = manifest.trials.length;
  const limit = executor.maxParallel !== undefined && executor.maxParallel < n ? `%${executor.maxParallel}` : '';
  const args = ['--parsable', `--array=0-${n - 1}${limit}`, `--chdir=${dir}`, ...executor.sbatchArgs, scriptFile];
  const result = command('sbatch', args);
  if (result.status !== 0)
    throw new SlurmError(`sbatch ${args.join(' ')} failed (exit ${result.status}): ${result.stderr.trim() || result.stdout.trim()}`);
  // --parsable prints "jobid" or "jobid;cluster".
  const jobId = result.stdout.trim().split(';')[0]!;
  if (!/^\d+$/.test(jobId)) throw new SlurmError(`sbatch printed "${result.stdout.trim()}", not a job id`);
  const submission: SlurmSubmission = { jobId, submittedAt: new Date().toISOString(), command: ['sbatch', ...args] };
  writeJsonAtomic(join(dir, SWEEP_FILES.slurm), submission);
  return submission;
}

/** The array's tasks squeue still lists (index → Slurm state: PENDING, RUNNING, …); empty once all have finished. */
export function queuedTasks(jobId: string): Map<number, string> {
  const result = command('squeue', ['-h', '-r', '-j', jobId, '-o', '%i|%T']);
  const tasks = new Map<number, string>();
  // squeue exits non-zero for a job id it no longer knows ("Invalid job id specified"): nothing queued.
  if (result.status !== 0) {
    if (/invalid job id/i.test(result.stderr)) return tasks;
    throw new SlurmError(`squeue -j ${jobId} failed: ${result.stderr.trim()}`);
  }
  for (const line of result.stdout.split('\n')) {
    const match = /^\d+_(\d+)\|(\S+)/.exec(line.trim());
    if (match) tasks.set(Number(match[1]), match[2]!);
  }
  return tasks;
}

/** Cancels one trial (`scancel JOB_N`) or the whole array (`scancel JOB`), each after its cancel marker. */
export function cancelSlurm(dir: string, manifest: SweepManifest, jobId: string, index?: number): void {
  const trials = index === undefined ? manifest.trials : manifest.trials.filter((t) => t.index === index);
  for (const t of trials) writeCancelMarker(dir, t.id);
  const target = index === undefined ? jobId : `${jobId}_${index}`;
  const result = command('scancel', [target]);
  if (result.status !== 0) throw new SlurmError(`scancel ${target} failed: ${result.stderr.trim()}`);
}
