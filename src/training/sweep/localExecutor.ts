/**
 * The local executor: the sweep's trials as trainer processes on this machine, at most
 * `maxParallel` at a time, the others queued in index order. A trial is cancelled through its
 * cancel marker (state/trial-NNN.cancel), by this process or by `gan-sweep --cancel` from another
 * one: a queued trial is then never started, a running one is stopped (SIGTERM: the trainer ends
 * after its step and records the run as stopped).
 */
import { existsSync } from 'node:fs';
import { cpus } from 'node:os';
import { trialStateFile, type SweepManifest, type SweepTrial, type TrialExit } from '../../shared/sweep/sweepFolder';
import { writeCancelMarker } from './cancelMarkers';
import { startTrial, type RunningTrial } from './trialRunner';

export interface LocalSweepEvents {
  started?(trial: SweepTrial, pid: number): void;
  ended?(trial: SweepTrial, exit: TrialExit | undefined): void;
}

/** How often cancel markers written by other processes are looked for, ms. */
const MARKER_POLL_MS = 500;

export class LocalSweep {
  private readonly running = new Map<number, RunningTrial>();
  private readonly queue: SweepTrial[];
  private readonly maxParallel: number;
  private readonly threads: number;
  private finished!: () => void;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly dir: string,
    manifest: SweepManifest,
    private readonly events: LocalSweepEvents = {},
  ) {
    const executor = manifest.executor;
    this.maxParallel = executor.kind === 'local' && executor.maxParallel ? executor.maxParallel : Math.max(1, cpus().length);
    // The wasm backend's threads: the cores shared among the trainers that run at once.
    this.threads = Math.max(1, Math.floor(cpus().length / Math.min(this.maxParallel, manifest.trials.length)));
    this.queue = [...manifest.trials];
  }

  /** Runs every trial that is not cancelled; resolves when none is left running or queued. */
  run(): Promise<void> {
    const done = new Promise<void>((resolve) => (this.finished = resolve));
    this.timer = setInterval(() => this.honourMarkers(), MARKER_POLL_MS);
    this.fill();
    return done;
  }

  /** Cancels one trial (by index) or, without one, every trial not yet ended. */
  cancel(index?: number): void {
    const ids = index === undefined ? [...this.queue.map((t) => t.index), ...this.running.keys()] : [index];
    for (const i of ids) {
      const trial = this.queue.find((t) => t.index === i) ?? this.trialOf(i);
      if (trial) writeCancelMarker(this.dir, trial.id);
    }
    this.honourMarkers();
  }

  private readonly trials = new Map<number, SweepTrial>();

  private trialOf(index: number): SweepTrial | undefined {
    return this.trials.get(index);
  }

  private cancelled(trial: SweepTrial): boolean {
    return existsSync(trialStateFile(this.dir, trial.id, 'cancel'));
  }

  private honourMarkers(): void {
    for (const [index, run] of this.running) {
      const trial = this.trials.get(index)!;
      if (this.cancelled(trial)) run.stop();
    }
    this.fill();
  }

  private fill(): void {
    while (this.running.size < this.maxParallel && this.queue.length > 0) {
      const trial = this.queue.shift()!;
      if (this.cancelled(trial)) {
        this.events.ended?.(trial, undefined);
        continue;
      }
      this.trials.set(trial.index, trial);
      const run = startTrial(this.dir, trial, { threads: this.threads });
      if (!run) {
        this.events.ended?.(trial, undefined);
        continue;
      }
      this.running.set(trial.index, run);
      this.events.started?.(trial, run.pid);
      void run.exit.then((exit) => {
        this.running.delete(trial.index);
        this.events.ended?.(trial, exit);
        this.fill();
      });
    }
    if (this.running.size === 0 && this.queue.length === 0) {
      if (this.timer) clearInterval(this.timer);
      this.timer = undefined;
      this.finished();
    }
  }
}
