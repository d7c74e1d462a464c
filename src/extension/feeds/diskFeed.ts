/**
 * The feed of a run directory another process writes (`gan-train` in a terminal, another window),
 * or of a finished run: the snapshot is read from the files, and while the run is `running` the
 * JSONL files are tailed from exactly the offsets the snapshot read to. Reads and snapshots take
 * turns in one queue, so a record is either in a snapshot or in an increment after it, once.
 * The file watcher is passed in (the extension's is VS Code's). Pure Node (no `vscode`).
 */
import * as path from 'node:path';
import type { HostToWebview, RunView, SamplesShownMessage } from '../../shared/protocol';
import { RUN_FILES, type HistogramRecord, type MetricRecord, type QualityRecord, type RunEvent } from '../../shared/runFormat';
import { withRecordedEdits } from '../../shared/hyperparameterValues';
import { readRunSummary } from '../trainingRuns/runReader';
import { JSONL_NAMES, readSamples, RECORD_CHECKS, sampleStepsOf, type JsonlName, type RunSnapshot } from '../trainingRuns/runSnapshot';
import { FeedEmitter, type Disposable } from './feedEmitter';
import { JsonlTail } from './jsonlTail';
import { MetricBatcher } from './metricBatcher';
import { EMPTY_READ, RunDirState } from './runDirState';
import type { FeedOptions, RunFeed } from './runFeed';
import { runView } from './runView';
import { snapshotMessage } from './snapshotMessage';

/** Calls `changed` with the path (relative to `runDir`, `/`-separated) of each JSON or JSONL file created or changed in it or in `samples/`. */
export type WatchRunDir = (runDir: string, changed: (name: string) => void) => Disposable;

interface Tails {
  metrics: JsonlTail<MetricRecord>;
  quality: JsonlTail<QualityRecord>;
  events: JsonlTail<RunEvent>;
  histograms: JsonlTail<HistogramRecord>;
}

export class DiskFeed implements RunFeed<never> {
  readonly liveRun = undefined;
  private readonly emitter = new FeedEmitter<HostToWebview>();
  readonly onMessage = this.emitter.event;
  private readonly disk: RunDirState;
  private readonly batcher = new MetricBatcher((records) => this.emit({ type: 'metricsAppended', payload: { records } }));
  private tails: Tails | undefined;
  private watcher: Disposable | undefined;
  /** Snapshots and tail reads, one at a time. */
  private queue: Promise<void> = Promise.resolve();
  private pendingSnapshot: Promise<void> | undefined;
  private disposed = false;

  constructor(
    readonly runDir: string | undefined,
    options: FeedOptions,
    private readonly watch: WatchRunDir,
  ) {
    this.disk = new RunDirState(options);
  }

  view(): RunView {
    return runView(this.runDir, this.disk);
  }

  requestSnapshot(): Promise<void> {
    this.pendingSnapshot ??= this.enqueue(() => this.snapshot());
    return this.pendingSnapshot;
  }

  samplesAt(step: number): Promise<SamplesShownMessage | undefined> {
    return this.disk.samplesAt(this.runDir, step);
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    const run = this.queue.then(task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async snapshot(): Promise<void> {
    try {
      const runDir = this.runDir;
      const read = runDir ? await this.disk.read(runDir) : EMPTY_READ;
      // Metrics waiting for their batch were read before: the snapshot holds them.
      this.batcher.discard();
      this.emit(snapshotMessage(this.view(), read));
      if (runDir && (this.tails || this.disk.meta?.status === 'running')) this.follow(runDir, read.offsets);
    } finally {
      this.pendingSnapshot = undefined;
    }
  }

  /** Tails the JSONL files from `offsets` on (where the snapshot stopped reading). */
  private follow(runDir: string, offsets: RunSnapshot['offsets']): void {
    if (this.disposed) return;
    if (this.tails) {
      for (const name of JSONL_NAMES) this.tails[name].restart(offsets[name]);
      return;
    }
    const tail = <T>(name: JsonlName) => new JsonlTail<T>(path.join(runDir, RUN_FILES[name]), RECORD_CHECKS[name], offsets[name]);
    this.tails = { metrics: tail('metrics'), quality: tail('quality'), events: tail('events'), histograms: tail('histograms') };
    this.watcher = this.watch(runDir, (name) => void this.enqueue(() => this.changed(runDir, name)).catch(() => undefined));
    // What was written between the snapshot and the watcher's start has no event of its own.
    void this.enqueue(() => this.catchUp(runDir)).catch(() => undefined);
  }

  private async catchUp(runDir: string): Promise<void> {
    for (const name of JSONL_NAMES) await this.readTail(name);
    const before = JSON.stringify(this.disk.meta);
    const steps = this.disk.sampleSteps.join();
    if (JSON.stringify((await readRunSummary(runDir)).meta) !== before) await this.changed(runDir, RUN_FILES.meta);
    if ((await sampleStepsOf(runDir)).join() !== steps) await this.showNewestSamples(runDir);
  }

  private async changed(runDir: string, name: string): Promise<void> {
    const kind = JSONL_NAMES.find((k) => RUN_FILES[k] === name);
    if (kind) return this.readTail(kind);
    if (name === RUN_FILES.meta) {
      this.disk.meta = (await readRunSummary(runDir)).meta;
      return this.emit({ type: 'runChanged', payload: this.view() });
    }
    if (name.startsWith(`${RUN_FILES.samples}/`)) return this.showNewestSamples(runDir);
  }

  private async readTail(kind: JsonlName): Promise<void> {
    const tails = this.tails;
    if (!tails) return;
    const records = await tails[kind].read();
    // More than a tail should read at once (a long run's file replaced by a resume): a bounded snapshot instead.
    if (records === 'resync') {
      void this.requestSnapshot().catch(() => undefined);
      return;
    }
    switch (kind) {
      case 'metrics':
        return this.batcher.add(records as MetricRecord[]);
      case 'quality':
        for (const r of records as QualityRecord[]) this.emit({ type: 'qualityAppended', payload: r });
        return;
      case 'events': {
        const events = records as RunEvent[];
        for (const r of events) this.emit({ type: 'eventAppended', payload: r });
        // A live edit another process's trainer applied: the view's values change with it.
        if (this.disk.config && events.some((e) => e.kind === 'hyperparameters')) {
          this.disk.config = withRecordedEdits(this.disk.config, events);
          this.emit({ type: 'runChanged', payload: this.view() });
        }
        return;
      }
      case 'histograms':
        for (const r of records as HistogramRecord[]) this.emit({ type: 'histogramAppended', payload: r });
        return;
    }
  }

  private async showNewestSamples(runDir: string): Promise<void> {
    this.disk.sampleSteps = await sampleStepsOf(runDir);
    const newest = this.disk.sampleSteps[this.disk.sampleSteps.length - 1];
    const record = newest === undefined ? null : await readSamples(runDir, newest);
    if (record) this.emit(await this.disk.samplesShown(runDir, record, false));
  }

  private emit(message: HostToWebview): void {
    if (!this.disposed) this.emitter.fire(message);
  }

  dispose(): void {
    this.disposed = true;
    this.watcher?.dispose();
    this.batcher.dispose();
    this.emitter.dispose();
  }
}
