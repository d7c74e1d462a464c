/**
 * The feed of a run this window trains: the snapshot is read from the run directory, the
 * increments are the trainer's messages (IPC). Messages that arrive while a snapshot is read wait
 * for it; those whose records the snapshot already holds are dropped (`SnapshotMarks`), so the view
 * gets each record once. Pure Node (no `vscode`).
 */
import type { HostToWebview, RunView, SamplesShownMessage, TrainerToHost } from '../../shared/protocol';
import type { SampleRecord } from '../../shared/runFormat';
import type { JsonlName } from '../trainingRuns/runSnapshot';
import { FeedEmitter, type Disposable } from './feedEmitter';
import { MetricBatcher } from './metricBatcher';
import { EMPTY_READ, RunDirState } from './runDirState';
import type { FeedOptions, LiveSource, RunFeed } from './runFeed';
import { runView } from './runView';
import { SnapshotMarks } from './snapshotMarks';
import { snapshotMessage } from './snapshotMessage';

export class LiveFeed<R extends LiveSource> implements RunFeed<R> {
  private readonly emitter = new FeedEmitter<HostToWebview>();
  readonly onMessage = this.emitter.event;
  private readonly disk: RunDirState;
  private readonly batcher = new MetricBatcher((records) => this.emit({ type: 'metricsAppended', payload: { records } }));
  private readonly subscription: Disposable;
  /** Trainer messages that arrived while a snapshot was being read, handled after it is sent. */
  private held: (TrainerToHost | undefined)[] | undefined;
  private marks: SnapshotMarks | undefined;
  private reading: Promise<void> | undefined;
  /** Image samples wait here for their grids, in order. */
  private samplesQueue: Promise<void> = Promise.resolve();
  private disposed = false;

  constructor(
    readonly liveRun: R,
    options: FeedOptions,
    private readonly givenRunDir?: string,
  ) {
    this.disk = new RunDirState(options);
    this.subscription = liveRun.onDidChange((m) => (this.held ? this.held.push(m) : this.fromTrainer(m)));
  }

  get runDir(): string | undefined {
    return this.givenRunDir ?? this.liveRun.runDir;
  }

  view(): RunView {
    return runView(this.runDir, this.disk, this.liveRun);
  }

  requestSnapshot(): Promise<void> {
    // Cleared when the read settles, not inside snapshot(): without a run directory it runs to the
    // end synchronously, and `this.reading ??= this.snapshot()` would then keep its settled promise
    // for good, so every later request (the view's `ready`) joined it and got no snapshot.
    if (!this.reading) {
      const reading = this.snapshot().finally(() => {
        if (this.reading === reading) this.reading = undefined;
      });
      this.reading = reading;
    }
    return this.reading;
  }

  samplesAt(step: number): Promise<SamplesShownMessage | undefined> {
    return this.disk.samplesAt(this.runDir, step);
  }

  private async snapshot(): Promise<void> {
    const held: (TrainerToHost | undefined)[] = [];
    this.held = held;
    try {
      const runDir = this.runDir;
      const read = runDir ? await this.disk.read(runDir) : EMPTY_READ;
      this.marks = new SnapshotMarks(read);
      // Metrics waiting for their batch came before the read: the snapshot holds them.
      this.batcher.discard();
      this.emit(snapshotMessage(this.view(), read));
    } finally {
      this.held = undefined;
      for (const m of held) this.fromTrainer(m);
    }
  }

  private isNew(kind: JsonlName, record: { step: number }): boolean {
    return this.marks?.isNew(kind, record) ?? true;
  }

  private fromTrainer(message: TrainerToHost | undefined): void {
    switch (message?.type) {
      case 'metrics':
        if (this.isNew('metrics', message.payload)) this.batcher.add([message.payload]);
        return;
      case 'histogram':
        if (this.isNew('histograms', message.payload)) this.emit({ type: 'histogramAppended', payload: message.payload });
        return;
      case 'quality':
        if (this.isNew('quality', message.payload)) this.emit({ type: 'qualityAppended', payload: message.payload });
        return;
      case 'event':
        if (this.isNew('events', message.payload)) this.emit({ type: 'eventAppended', payload: message.payload });
        // A live edit changed the config the view shows (the live run took it when the message came).
        if (message.payload.kind === 'hyperparameters') this.emit({ type: 'runChanged', payload: this.view() });
        return;
      case 'samples':
        return this.showSamples(message.payload);
      case 'log':
      case 'checkpoint':
        return;
      default:
        // started, paused, finished, failed, or a phase change
        return this.emit({ type: 'runChanged', payload: this.view() });
    }
  }

  private showSamples(record: SampleRecord): void {
    this.disk.addSampleStep(record.step);
    const runDir = this.runDir;
    if (record.layout !== 'images' || !runDir)
      return this.emit({ type: 'samplesShown', payload: { record, sampleSteps: [...this.disk.sampleSteps], requested: false } });
    this.samplesQueue = this.samplesQueue
      .then(() => this.disk.samplesShown(runDir, record, false))
      .then((shown) => this.emit(shown))
      .catch(() => undefined);
  }

  private emit(message: HostToWebview): void {
    if (!this.disposed) this.emitter.fire(message);
  }

  dispose(): void {
    this.disposed = true;
    this.subscription.dispose();
    this.batcher.dispose();
    this.emitter.dispose();
  }
}
