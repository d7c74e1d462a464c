/**
 * Runs one trial of a sweep folder: the same gan-train the CLI runs, on the trial's resolved
 * experiment with --out on its run folder, or `--resume` of its newest run when that run has a
 * checkpoint (a requeued Slurm task, a sweep started again). Records the start and the end in the
 * folder's state files and appends the trainer's output to the trial's log. Both executors use it:
 * the local one in its own process, a Slurm task through `gan-sweep --run-trial`.
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { writeJsonAtomic } from '../../shared/atomicFile';
import { checkpointsDirOf, latestCheckpointSync } from '../../shared/runDirectory/checkpoints';
import { tryReadRunMetaSync } from '../../shared/runDirectory/readRunMeta';
import {
  attemptLine,
  trialLogFile,
  trialRunPath,
  trialStateFile,
  type SweepTrial,
  type TrialExit,
  type TrialStarted,
} from '../../shared/sweep/sweepFolder';

/** The built gan-train bundle: beside this bundle (dist/cli/), or dist/cli/ of the repository when run from source. */
export function ganTrainScript(): string {
  const candidates = [join(__dirname, 'gan-train.js'), resolve(__dirname, '..', '..', '..', 'dist', 'cli', 'gan-train.js')];
  return candidates.find((c) => existsSync(c)) ?? candidates[0]!;
}

export interface TrialCommand {
  args: string[];
  /** Why this command: a new run, or the run it resumes and from which checkpoint. */
  note: string;
}

/** gan-train's arguments for the trial now: undefined when its run already completed. */
export function trialCommand(dir: string, trial: SweepTrial, threads: number): TrialCommand | undefined {
  const runPath = trialRunPath(dir, trial);
  const common = ['--quiet', '--threads', String(threads)];
  if (runPath) {
    const read = tryReadRunMetaSync(runPath);
    if (read.ok && read.meta.status === 'completed') return undefined;
    const checkpoint = latestCheckpointSync(checkpointsDirOf(runPath));
    if (checkpoint) return { args: ['--resume', runPath, ...common], note: `resuming ${runPath} from ${checkpoint}` };
  }
  return { args: [resolve(dir, trial.experiment), '--out', resolve(dir, trial.runDir), ...common], note: 'new run' };
}

export interface RunningTrial {
  pid: number;
  /** Asks the trainer to stop after its step (SIGTERM; it records the run as stopped). */
  stop(): void;
  exit: Promise<TrialExit>;
}

function previousAttempts(dir: string, trial: SweepTrial): number {
  try {
    const started = JSON.parse(readFileSync(trialStateFile(dir, trial.id, 'started'), 'utf8')) as Partial<TrialStarted>;
    return typeof started.attempt === 'number' ? started.attempt : 0;
  } catch {
    return 0;
  }
}

/**
 * Starts the trial's trainer, or returns undefined when its run already completed. `slurmJob`
 * names the array task when Slurm runs it.
 */
export function startTrial(
  dir: string,
  trial: SweepTrial,
  options: { threads: number; slurmJob?: string; node?: string },
): RunningTrial | undefined {
  const command = trialCommand(dir, trial, options.threads);
  if (!command) return undefined;
  const log = trialLogFile(dir, trial.id);
  mkdirSync(dirname(log), { recursive: true });
  mkdirSync(dirname(trialStateFile(dir, trial.id, 'started')), { recursive: true });
  const fd = openSync(log, 'a');
  const attempt = previousAttempts(dir, trial) + 1;
  writeSync(fd, attemptLine(trial.id, attempt, hostname(), command.note));
  const child = spawn(options.node ?? process.execPath, [ganTrainScript(), ...command.args], {
    stdio: ['ignore', fd, fd],
    env: { ...process.env, NO_COLOR: '1' },
  });
  closeSync(fd);
  const started: TrialStarted = {
    at: new Date().toISOString(),
    host: hostname(),
    pid: child.pid ?? -1,
    attempt,
    ...(options.slurmJob !== undefined && { slurmJob: options.slurmJob }),
  };
  writeJsonAtomic(trialStateFile(dir, trial.id, 'started'), started);
  const exit = new Promise<TrialExit>((done) => {
    let finished = false;
    const finish = (code: number | null, signal: string | null, error?: Error) => {
      if (finished) return;
      finished = true;
      if (error) {
        const out = openSync(log, 'a');
        writeSync(out, `gan-sweep: error: cannot start the trainer: ${error.message}\n`);
        closeSync(out);
      }
      const record: TrialExit = { at: new Date().toISOString(), code, signal };
      writeJsonAtomic(trialStateFile(dir, trial.id, 'exit'), record);
      done(record);
    };
    child.on('error', (e) => finish(1, null, e));
    child.on('exit', (code, signal) => finish(code, signal));
  });
  return {
    pid: started.pid,
    stop: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    },
    exit,
  };
}
