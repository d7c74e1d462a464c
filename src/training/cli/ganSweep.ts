/** `gan-sweep`: runs a sweep file's trials locally or on Slurm, and reads or cancels any sweep folder. */
import { hostname } from 'node:os';
import { describeParams, expandSweep } from '../../shared/sweep/expandSweep';
import { formatProblem } from '../../shared/experiment/validate';
import {
  readManifest,
  readSweep,
  SweepFolderError,
  trialStateFile,
  type SweepStatus,
  type TrialState,
} from '../../shared/sweep/sweepFolder';
import { executorFor, outputRoot, writeSweepFolder } from '../../shared/sweep/writeSweepFolder';
import { stopLocalTrainer, writeCancelMarker } from '../sweep/cancelMarkers';
import { LocalSweep } from '../sweep/localExecutor';
import { cancelSlurm, queuedTasks, SlurmError, submitSlurm } from '../sweep/slurmExecutor';
import { sweepTable } from '../sweep/sweepTable';
import { startTrial } from '../sweep/trialRunner';
import { existsSync } from 'node:fs';
import { UsageError } from './options';
import { parseSweepArgs, SWEEP_USAGE, type SweepArgs } from './sweepArgs';

export const SWEEP_EXIT = { done: 0, failed: 1, usage: 2, cancelled: 130 } as const;

/** A message in the CLIs' one form (cli/messages.ts): `gan-sweep: [warning: |note: ]message`, on stderr. */
function say(message: string, severity?: 'warning' | 'note'): void {
  process.stderr.write(`gan-sweep: ${severity ? `${severity}: ` : ''}${message}\n`);
}

const out = (line: string) => process.stdout.write(`${line}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The exit status a finished sweep ends with. */
export function sweepExitCode(status: SweepStatus): number {
  if (status.counts.failed > 0) return SWEEP_EXIT.failed;
  if (status.counts.done === status.trials.length) return SWEEP_EXIT.done;
  return SWEEP_EXIT.cancelled;
}

/** Progress lines: each trial's change of state, with the counts so far. */
class StateReporter {
  private readonly last = new Map<string, TrialState>();

  report(status: SweepStatus): void {
    for (const t of status.trials) {
      if (this.last.get(t.trial.id) === t.state) continue;
      const before = this.last.get(t.trial.id);
      this.last.set(t.trial.id, t.state);
      if (before === undefined && t.state === 'pending') continue;
      const c = status.counts;
      const counts = `[${c.done} done, ${c.running} running, ${c.pending} pending${c.failed ? `, ${c.failed} failed` : ''}${c.cancelled ? `, ${c.cancelled} cancelled` : ''}]`;
      const detail =
        t.state === 'running'
          ? `(${describeParams(t.trial.params)})`
          : t.state === 'done'
            ? `at step ${t.step}: ${status.manifest.objective.metric} ${t.objective === undefined ? '–' : Number(t.objective.toPrecision(4))}`
            : t.state === 'failed'
              ? `(${(t.error ?? 'no error recorded').split('\n')[0]})`
              : '';
      out(`${counts} ${t.trial.id} ${t.state} ${detail}`.trimEnd());
    }
  }
}

/** Every `everyMs`, one line with the steps of the running trials. */
function stepLine(status: SweepStatus): string | undefined {
  const running = status.trials.filter((t) => t.state === 'running');
  if (running.length === 0) return undefined;
  return `  steps: ${running.map((t) => `${t.trial.id} ${t.step}/${t.totalSteps || '?'}`).join(', ')}`;
}

async function runLocal(dir: string): Promise<number> {
  const manifest = readManifest(dir);
  const reporter = new StateReporter();
  const refresh = () => reporter.report(readSweep(dir));
  const sweep = new LocalSweep(dir, manifest, { started: refresh, ended: refresh });
  let interrupts = 0;
  const onSignal = () => {
    interrupts++;
    if (interrupts > 1) process.exit(SWEEP_EXIT.cancelled);
    say('cancelling every trial not yet ended (Ctrl-C again to abort)…', 'note');
    // Ctrl-C in a terminal reached the trainers too (one process group): they stop on their own.
    sweep.cancel(undefined, false);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const ticker = setInterval(() => {
    const line = stepLine(readSweep(dir));
    if (line) out(line);
  }, 15_000);
  try {
    await sweep.run();
  } finally {
    clearInterval(ticker);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  return finish(dir, reporter);
}

function finish(dir: string, reporter: StateReporter): number {
  const status = readSweep(dir);
  reporter.report(status);
  out('');
  out(sweepTable(status));
  return sweepExitCode(status);
}

async function watchSlurm(dir: string, jobId: string): Promise<number> {
  const reporter = new StateReporter();
  let interrupted = false;
  const onSignal = () => {
    interrupted = true;
  };
  process.on('SIGINT', onSignal);
  try {
    let emptyPolls = 0;
    let lastSteps = 0;
    while (!interrupted) {
      const status = readSweep(dir);
      reporter.report(status);
      const queued = queuedTasks(jobId);
      emptyPolls = queued.size === 0 ? emptyPolls + 1 : 0;
      // Twice empty: a task that just ended has written its files before it left squeue.
      if (emptyPolls >= 2) break;
      if (Date.now() - lastSteps > 15_000) {
        lastSteps = Date.now();
        const line = stepLine(status);
        if (line) out(line);
      }
      await sleep(1000);
    }
  } finally {
    process.off('SIGINT', onSignal);
  }
  if (interrupted) {
    say(
      `stopped watching; job ${jobId} goes on on the cluster: gan-sweep --status ${dir} shows it, gan-sweep --cancel ${dir} cancels it`,
      'note',
    );
    return SWEEP_EXIT.cancelled;
  }
  return finish(dir, reporter);
}

async function submit(args: Extract<SweepArgs, { mode: 'submit' }>): Promise<number> {
  if (!existsSync(args.file)) {
    say(`${args.file}: no such file; give a sweep file (*.sweep.json)`);
    return SWEEP_EXIT.failed;
  }
  const expansion = expandSweep(args.file);
  if (!expansion.ok) {
    for (const { file, problem } of expansion.problems) say(formatProblem(file, problem));
    const n = expansion.problems.length;
    say(`${args.file}: ${n === 1 ? 'a problem' : `${n} problems`}; nothing was submitted`);
    return SWEEP_EXIT.failed;
  }
  const executor = executorFor(expansion.sweep, args.executor);
  if (args.detach && executor.kind !== 'slurm')
    throw new UsageError('--detach applies to the slurm executor (a local sweep runs in this process)');
  const dir = writeSweepFolder(expansion, executor, outputRoot(expansion.sweepFile, executor, args.out));
  const n = expansion.trials.length;
  const parallel = executor.maxParallel === undefined ? 'all at once' : `at most ${executor.maxParallel} at a time`;
  out(`sweep ${expansion.name}: ${n} trial${n === 1 ? '' : 's'} on ${executor.kind}, ${parallel}`);
  out(`sweep folder: ${dir}`);
  if (executor.kind === 'local') return runLocal(dir);
  const submission = submitSlurm(dir, readManifest(dir));
  out(`submitted job array ${submission.jobId} (${submission.command.join(' ')})`);
  if (args.detach) {
    out(`gan-sweep --status ${dir} shows its state; gan-sweep --cancel ${dir} cancels it`);
    return SWEEP_EXIT.done;
  }
  return watchSlurm(dir, submission.jobId);
}

function cancel(dir: string, index?: number): number {
  const manifest = readManifest(dir);
  if (index !== undefined && !manifest.trials.some((t) => t.index === index))
    throw new UsageError(`--trial ${index}: the sweep has trials 0 to ${manifest.trials.length - 1}`);
  const status = readSweep(dir);
  const targets = status.trials.filter(
    (t) => (index === undefined || t.trial.index === index) && (t.state === 'pending' || t.state === 'running'),
  );
  if (manifest.executor.kind === 'slurm') {
    if (!status.slurm) {
      say(`${dir}: no slurm.json: the sweep was never submitted to Slurm`);
      return SWEEP_EXIT.failed;
    }
    cancelSlurm(dir, manifest, status.slurm.jobId, index);
  } else {
    for (const t of targets) {
      writeCancelMarker(dir, t.trial.id);
      stopLocalTrainer(dir, t.trial.id);
    }
  }
  if (targets.length === 0)
    out(index === undefined ? 'no trial was pending or running' : `trial-${index} had already ended (${status.trials[index]!.state})`);
  for (const t of targets) out(`cancelled ${t.trial.id} (was ${t.state})`);
  return SWEEP_EXIT.done;
}

/** A Slurm array task: trial `index` of `dir`, waiting for its trainer; exits with the trainer's code. */
async function runTrial(dir: string, index: number): Promise<number> {
  const manifest = readManifest(dir);
  const trial = manifest.trials.find((t) => t.index === index);
  if (!trial) throw new UsageError(`--run-trial ${index}: the sweep has trials 0 to ${manifest.trials.length - 1}`);
  if (existsSync(trialStateFile(dir, trial.id, 'cancel'))) {
    say(`${trial.id} was cancelled; not started`, 'note');
    return SWEEP_EXIT.done;
  }
  const threads = manifest.executor.kind === 'slurm' ? manifest.executor.cpusPerTask : 1;
  const job = process.env.SLURM_ARRAY_JOB_ID;
  const running = startTrial(dir, trial, { threads, ...(job && { slurmJob: `${job}_${index}` }) });
  if (!running) {
    say(`${trial.id}: its run already completed; nothing to do`, 'note');
    return SWEEP_EXIT.done;
  }
  // scancel and a time limit signal every process of the task, the trainer too: it stops after its
  // step. Forwarded only if the trainer is still there after a while (a signal sent to this process alone).
  let forward: NodeJS.Timeout | undefined;
  const onSignal = () => {
    forward ??= setTimeout(() => running.stop(), 10_000);
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  const exit = await running.exit;
  if (forward) clearTimeout(forward);
  say(`${trial.id} on ${hostname()}: trainer ended (${exit.signal ? `signal ${exit.signal}` : `exit code ${exit.code}`})`, 'note');
  return exit.code ?? SWEEP_EXIT.failed;
}

export async function main(argv: string[]): Promise<number> {
  let args: SweepArgs | 'help';
  try {
    args = parseSweepArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    say(e.message);
    process.stderr.write(`${SWEEP_USAGE}\n`);
    return SWEEP_EXIT.usage;
  }
  if (args === 'help') {
    out(SWEEP_USAGE);
    return 0;
  }
  try {
    switch (args.mode) {
      case 'submit':
        return await submit(args);
      case 'status': {
        const status = readSweep(args.dir);
        out(sweepTable(status));
        return 0;
      }
      case 'cancel':
        return cancel(args.dir, args.trial);
      case 'runTrial':
        return await runTrial(args.dir, args.index);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      say(e.message);
      return SWEEP_EXIT.usage;
    }
    if (e instanceof SweepFolderError || e instanceof SlurmError) {
      say(e.message);
      return SWEEP_EXIT.failed;
    }
    throw e;
  }
}

/** Runs the CLI and exits the process with its code (the `gan-sweep` bin calls this). */
export function run(argv = process.argv.slice(2)): void {
  main(argv).then(
    (code) => process.exit(code),
    (e: unknown) => {
      say(`internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      process.exit(1);
    },
  );
}

if (require.main === module) run();
