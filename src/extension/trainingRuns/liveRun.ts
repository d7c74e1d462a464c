/**
 * The host's state of one run started from the editor: queued, then a trainer process whose
 * messages it folds into what the views show. Its own disposable scope holds the process and
 * every subscription, separate from the extension's.
 */
import * as vscode from 'vscode';
import type { Experiment } from '../../shared/experiment/schema';
import { appliedChanges, withHyperparameters } from '../../shared/hyperparameterValues';
import type { HostToTrainer, TrainerToHost } from '../../shared/protocol';
import type { MetricRecord, QualityRecord, RunEvent, RunMeta, RunStatus } from '../../shared/runFormat';
import type { LaunchedProcess } from './processLauncher';
import { TrainerHandle, type TrainerExit } from './trainerHandle';

export type LivePhase = 'queued' | 'starting' | 'running' | 'paused' | 'stopping' | RunStatus;

const ENDED: ReadonlySet<LivePhase> = new Set(['completed', 'stopped', 'failed', 'diverged']);
let nextLocalId = 1;

export class LiveRun implements vscode.Disposable {
  readonly localId = nextLocalId++;
  phase: LivePhase = 'queued';
  runDir: string | undefined;
  meta: RunMeta | undefined;
  config: Experiment | undefined;
  error: string | undefined;
  exit: TrainerExit | undefined;
  /** The newest metrics (the Runs tree and status bar show them); the views' records come from `LiveFeed`. */
  lastMetrics: MetricRecord | undefined;
  /** The newest quality record: the run's result once it has ended (notification, tree). */
  lastQuality: QualityRecord | undefined;
  private handle: TrainerHandle | undefined;
  private readonly scope: vscode.Disposable[] = [];
  private readonly changeEmitter = new vscode.EventEmitter<TrainerToHost | undefined>();
  private readonly outputEmitter = new vscode.EventEmitter<string>();
  /** Fires after every state change, with the message that caused it (undefined: phase change). */
  readonly onDidChange = this.changeEmitter.event;
  readonly onOutput = this.outputEmitter.event;

  constructor(
    readonly experimentFile: vscode.Uri,
    readonly experimentName: string,
  ) {
    this.scope.push(this.changeEmitter, this.outputEmitter);
  }

  get ended(): boolean {
    return ENDED.has(this.phase);
  }

  get live(): boolean {
    return !this.ended;
  }

  get pid(): number | undefined {
    return this.handle?.pid;
  }

  /** Takes over the trainer process the launcher started for this run. */
  start(launched: LaunchedProcess): void {
    this.phase = 'starting';
    const handle = new TrainerHandle(launched);
    this.handle = handle;
    this.scope.push(
      handle,
      handle.onMessage((m) => this.receive(m)),
      handle.onOutput((line) => this.outputEmitter.fire(line)),
      handle.onExit((exit) => this.exited(exit)),
    );
    this.changeEmitter.fire(undefined);
  }

  /** No trainer could be started (the launcher refused): the run fails with `error`. */
  failToStart(error: string): void {
    this.error = error;
    this.setPhase('failed');
  }

  send(message: HostToTrainer): boolean {
    return this.handle?.send(message) ?? false;
  }

  /**
   * An event the host wrote into the run's events.jsonl itself (an MCMC sampling after the trainer
   * exited): passed on to the views as if the trainer had sent it.
   */
  noteEvent(event: RunEvent): void {
    this.changeEmitter.fire({ type: 'event', payload: event });
  }

  /** Graceful stop (the trainer checkpoints); a queued run simply ends. */
  stop(): void {
    if (this.phase === 'queued') return this.setPhase('stopped');
    if (!this.live || !this.handle) return;
    this.handle.stop();
    this.setPhase('stopping');
  }

  whenEnded(): Promise<void> {
    if (this.ended) return Promise.resolve();
    return new Promise((resolve) => {
      const subscription = this.onDidChange(() => {
        if (!this.ended) return;
        subscription.dispose();
        resolve();
      });
    });
  }

  private receive(message: TrainerToHost): void {
    switch (message.type) {
      case 'started':
        this.runDir = message.payload.runDir;
        this.meta = message.payload.meta;
        this.config = message.payload.config;
        if (this.phase === 'starting') this.phase = 'running';
        break;
      case 'metrics':
        this.lastMetrics = message.payload;
        if (this.meta) this.meta.lastStep = message.payload.step;
        break;
      case 'event':
        if (message.payload.kind === 'hyperparameters') {
          // The trainer's acknowledgement: the values it now uses, after clamping.
          const applied = appliedChanges(message.payload);
          if (this.config) this.config = withHyperparameters(this.config, applied);
          if (this.meta && applied.steps !== undefined) this.meta.totalSteps = applied.steps;
        }
        break;
      case 'paused':
        if (this.live && this.phase !== 'stopping') this.phase = message.payload.paused ? 'paused' : 'running';
        break;
      case 'finished':
        this.meta = message.payload.meta;
        this.phase = message.payload.status;
        break;
      case 'failed':
        this.meta = message.payload.meta ?? this.meta;
        this.error = message.payload.error;
        this.phase = message.payload.status;
        break;
      case 'quality':
        this.lastQuality = message.payload;
        break;
      case 'histogram':
      case 'samples':
      case 'log':
      case 'checkpoint':
        break;
    }
    this.changeEmitter.fire(message);
  }

  private exited(exit: TrainerExit): void {
    this.exit = exit;
    if (this.live) {
      // Killed or crashed without reporting: the host tells the truth about it.
      const how = exit.signal ? `killed by ${exit.signal}` : `exited with code ${exit.code}`;
      this.error = `the trainer ${how} without finishing the run`;
      this.phase = 'failed';
    }
    this.changeEmitter.fire(undefined);
  }

  private setPhase(phase: LivePhase): void {
    this.phase = phase;
    this.changeEmitter.fire(undefined);
  }

  dispose(): void {
    this.stop();
    for (const d of this.scope.splice(0).reverse()) d.dispose();
  }
}
