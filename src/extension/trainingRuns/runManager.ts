/**
 * Owns every run started from the editor: queues starts beyond the concurrency limit, launches
 * trainer processes, and stops them all when the extension goes away.
 */
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { writeJsonAtomic } from '../../shared/atomicFile';
import type { HyperparameterChanges } from '../../shared/protocol';
import { readRunMeta, runMetaFile } from '../../shared/runDirectory/readRunMeta';
import { readSettings, runsRootFor } from '../settings';
import { LiveRun } from './liveRun';
import type { Launcher } from './processLauncher';
import { trainerThreads } from './trainerThreads';

export interface StartOptions {
  /** Continue this run directory from its latest checkpoint instead of starting a new run. */
  resumeDir?: string;
}

interface Pending {
  run: LiveRun;
  options: StartOptions;
}

export class RunManager implements vscode.Disposable {
  private readonly runs: LiveRun[] = [];
  private readonly queue: Pending[] = [];
  private readonly changeEmitter = new vscode.EventEmitter<LiveRun>();
  private readonly disposables: vscode.Disposable[] = [this.changeEmitter];
  /** Fires whenever any run changes (message, phase, start, end). */
  readonly onDidChange = this.changeEmitter.event;

  constructor(
    private readonly launcher: Launcher,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  all(): readonly LiveRun[] {
    return this.runs;
  }

  live(): LiveRun[] {
    return this.runs.filter((r) => r.live);
  }

  /** The live run of this experiment file, if any. */
  liveRunFor(file: vscode.Uri): LiveRun | undefined {
    return this.runs.find((r) => r.live && r.experimentFile.toString() === file.toString());
  }

  byRunDir(dir: string): LiveRun | undefined {
    return [...this.runs].reverse().find((r) => r.runDir === dir);
  }

  start(file: vscode.Uri, experimentName: string, options: StartOptions = {}): LiveRun {
    const run = new LiveRun(file, experimentName);
    this.runs.push(run);
    this.disposables.push(
      run,
      run.onDidChange(() => {
        if (run.ended) this.ended(run);
        this.changeEmitter.fire(run);
      }),
      run.onOutput((line) => this.log.info(`[${experimentName}] ${line}`)),
    );
    this.queue.push({ run, options });
    this.pump();
    this.changeEmitter.fire(run);
    return run;
  }

  stop(run: LiveRun): void {
    const queued = this.queue.findIndex((p) => p.run === run);
    if (queued >= 0) this.queue.splice(queued, 1);
    run.stop();
  }

  pause(run: LiveRun): void {
    run.send({ type: 'pause', payload: {} });
  }

  resume(run: LiveRun): void {
    run.send({ type: 'resume', payload: {} });
  }

  updateHyperparameters(run: LiveRun, changes: HyperparameterChanges): boolean {
    return run.send({ type: 'updateHyperparameters', payload: changes });
  }

  private pump(): void {
    const limit = readSettings().maxConcurrentRuns;
    while (this.queue.length > 0 && this.runs.filter((r) => r.live && r.phase !== 'queued').length < limit) {
      const { run, options } = this.queue.shift()!;
      if (!run.live) continue;
      this.launch(run, options);
    }
  }

  private launch(run: LiveRun, options: StartOptions): void {
    const settings = readSettings(run.experimentFile);
    // A resumed run continues in its own directory with its own recorded config.
    const args = options.resumeDir
      ? ['--resume', options.resumeDir]
      : [run.experimentFile.fsPath, '--out', runsRootFor(run.experimentFile, settings)];
    if (settings.defaultBackend !== 'fromExperiment') args.push('--backend', settings.defaultBackend);
    const othersTraining = this.runs.filter((r) => r !== run && r.live && r.phase !== 'queued' && r.phase !== 'stopping').length;
    const threads = trainerThreads(settings.wasmThreads, availableParallelism(), othersTraining);
    if (threads !== undefined) args.push('--threads', String(threads));
    this.log.info(`starting trainer: ${args.join(' ')}`);
    let launched;
    try {
      launched = this.launcher.launch({ tool: 'trainer', args, cwd: path.dirname(run.experimentFile.fsPath) });
    } catch (e) {
      // Untrusted workspace, or the extension is shutting down: the run fails and says why.
      this.log.warn(`trainer not started: ${e instanceof Error ? e.message : String(e)}`);
      return run.failToStart(e instanceof Error ? e.message : String(e));
    }
    run.start(launched);
  }

  private ended(run: LiveRun): void {
    if (run.exit && run.error && run.runDir) void markInterrupted(run.runDir, run.error, run.exit.logTail, this.log);
    this.pump();
  }

  /** Stops every trainer and waits (bounded) until each has exited. */
  async stopAll(): Promise<void> {
    this.queue.splice(0);
    const live = this.live();
    for (const run of live) run.stop();
    await Promise.all(live.map((r) => r.whenEnded()));
  }

  dispose(): void {
    this.queue.splice(0);
    for (const d of this.disposables.splice(0).reverse()) d.dispose();
  }
}

/** A trainer that died without reporting leaves run.json saying `running`: record the truth. */
async function markInterrupted(runDir: string, error: string, logTail: string[], log: vscode.LogOutputChannel): Promise<void> {
  const file = runMetaFile(runDir);
  const read = await readRunMeta(runDir);
  if (!read.ok) return log.warn(`could not mark ${file} as failed: ${read.problems.map((p) => p.message).join('; ')}`);
  if (read.meta.status !== 'running') return;
  try {
    const tail = logTail.filter((l) => l.trim() !== '').slice(-10);
    writeJsonAtomic(file, { ...read.meta, status: 'failed', endedAt: new Date().toISOString(), error: [error, ...tail].join('\n') });
  } catch (e) {
    log.warn(`could not mark ${file} as failed: ${(e as Error).message}`);
  }
}
