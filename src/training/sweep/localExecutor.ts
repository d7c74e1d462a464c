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
/** How long a trainer whose trial was cancelled elsewhere has to stop on its own before it is sent SIGTERM here, ms. */
const STOP_GRACE_MS = 5000;

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

  /**
   * Cancels one trial (by index) or, without one, every trial not yet ended. `signalNow` false:
   * the running trainers were signalled already (Ctrl-C in a terminal reaches the whole process
   * group), so they are stopped only if still there after the grace period.
   */
  cancel(index?: number, signalNow = true): void {
    const ids = index === undefined ? [...this.queue.map((t) => t.index), ...this.running.keys()] : [index];
    for (const i of ids) {
      const trial = this.queue.find((t) => t.index === i) ?? this.trials.get(i);
      if (!trial) continue;
      writeCancelMarker(this.dir, trial.id);
      const run = this.running.get(i);
      if (run && signalNow && !this.stopped.has(i)) {
        this.stopped.add(i);
        run.stop();
      }
    }
    this.honourMarkers();
  }

  private readonly trials = new Map<number, SweepTrial>();
  /** Running trials that were sent SIGTERM (a second one would make the trainer exit without recording its stop). */
  private readonly stopped = new Set<number>();
  /** When a cancel marker was first seen for a running trial that was not signalled here. */
  private readonly markerSeen = new Map<number, number>();

  private cancelled(trial: SweepTrial): boolean {
    return existsSync(trialStateFile(this.dir, trial.id, 'cancel'));
  }

  /**
   * A marker written by another process (gan-sweep --cancel, which signals the trainer itself when
   * it runs on its machine): the trainer is stopped here only if still running after STOP_GRACE_MS.
   */
  private honourMarkers(): void {
    const now = Date.now();
    for (const [index, run] of this.running) {
      if (this.stopped.has(index) || !this.cancelled(this.trials.get(index)!)) continue;
      const seen = this.markerSeen.get(index) ?? now;
      this.markerSeen.set(index, seen);
      if (now - seen >= STOP_GRACE_MS) {
        this.stopped.add(index);
        run.stop();
      }
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
