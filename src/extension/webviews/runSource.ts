/**
 * Feeds a view with one run: a full snapshot on request, then increments — from the live trainer
 * when this window runs it, or by following the run directory's files when another process (the
 * CLI, another window) is writing it.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { HostToWebview, RunView, ShownSamples, SnapshotMessage } from '../../shared/protocol';
import {
  RUN_FILES,
  type HistogramRecord,
  type MetricRecord,
  type QualityRecord,
  type RunEvent,
  type RunMeta,
  type SampleRecord,
} from '../../shared/runFormat';
import type { LiveRun } from '../trainingRuns/liveRun';
import { readRunSummary } from '../trainingRuns/runReader';
import { GridReader } from '../trainingRuns/sampleGrids';
import { JsonlFollower, RECORD_CHECKS, readRunSnapshot, readSamples, sampleStepsOf } from '../trainingRuns/runSnapshot';

const METRICS_BATCH_MS = 100;

export class RunSource implements vscode.Disposable {
  private readonly messageEmitter = new vscode.EventEmitter<HostToWebview>();
  /** Increments after the snapshot. */
  readonly onMessage = this.messageEmitter.event;
  private readonly disposables: vscode.Disposable[] = [this.messageEmitter];
  private pendingMetrics: MetricRecord[] = [];
  private metricsTimer: NodeJS.Timeout | undefined;
  private sampleSteps: number[] = [];
  private diskMeta: RunMeta | null = null;
  private config: RunView['config'] = null;
  private warnings: string[] = [];
  private following = false;
  private grids: GridReader | undefined;
  /** Live samples records wait here for their grids, in order. */
  private samplesQueue: Promise<void> = Promise.resolve();

  constructor(
    private runDirValue: string | undefined,
    private readonly live: LiveRun | undefined,
    private readonly metricsLimit: number,
    /** Whether image records carry their nearest training images (the dashboard shows them; the side view does not). */
    private readonly withNearest = true,
  ) {
    if (live) this.disposables.push(live.onDidChange((m) => this.fromLive(m)));
  }

  get runDir(): string | undefined {
    return this.runDirValue ?? this.live?.runDir;
  }

  get liveRun(): LiveRun | undefined {
    return this.live;
  }

  view(): RunView {
    const live = this.live;
    const meta = live?.meta ?? this.diskMeta;
    const runDir = this.runDir ?? '';
    return {
      runDir,
      runId: meta?.runId ?? path.basename(runDir),
      experimentName: live?.experimentName ?? meta?.experimentName ?? path.basename(path.dirname(runDir)),
      experimentFile: live?.experimentFile.fsPath ?? meta?.experimentFile ?? '',
      phase: live?.phase ?? meta?.status ?? 'unknown',
      live: live?.live ?? false,
      meta: meta ?? null,
      config: live?.config ?? this.config,
      error: live?.error ?? meta?.error ?? null,
      warnings: this.warnings,
    };
  }

  async snapshot(): Promise<SnapshotMessage['payload']> {
    const runDir = this.runDir;
    if (!runDir) return { run: this.view(), metrics: [], quality: [], events: [], histograms: [], sampleSteps: [], samples: null };
    const snapshot = await readRunSnapshot(runDir, this.metricsLimit);
    this.diskMeta = snapshot.meta;
    this.config = snapshot.config;
    this.warnings = snapshot.warnings;
    this.sampleSteps = snapshot.sampleSteps;
    if (!this.live && snapshot.meta?.status === 'running') this.follow(runDir);
    const samples = snapshot.samples && (await this.shown(runDir, snapshot.samples));
    return { run: this.view(), ...snapshot, samples };
  }

  async samplesAt(step: number): Promise<HostToWebview | undefined> {
    const runDir = this.runDir;
    const record = runDir ? await readSamples(runDir, step) : null;
    if (!runDir || !record) return undefined;
    return { type: 'samplesShown', payload: { record: await this.shown(runDir, record), sampleSteps: this.sampleSteps, requested: true } };
  }

  /** The record with its PNG grids' pixels when it holds images. */
  private shown(runDir: string, record: SampleRecord): Promise<ShownSamples> {
    if (this.grids?.runDir !== runDir) this.grids = new GridReader(runDir, this.withNearest);
    return this.grids.withGrids(record);
  }

  private emit(message: HostToWebview): void {
    this.messageEmitter.fire(message);
  }

  private queueMetrics(records: MetricRecord[]): void {
    this.pendingMetrics.push(...records);
    this.metricsTimer ??= setTimeout(() => {
      this.metricsTimer = undefined;
      const batch = this.pendingMetrics.splice(0);
      if (batch.length > 0) this.emit({ type: 'metricsAppended', payload: { records: batch } });
    }, METRICS_BATCH_MS);
  }

  private fromLive(message: Parameters<Parameters<LiveRun['onDidChange']>[0]>[0]): void {
    switch (message?.type) {
      case 'metrics':
        return this.queueMetrics([message.payload]);
      case 'histogram':
        return this.emit({ type: 'histogramAppended', payload: message.payload });
      case 'quality':
        return this.emit({ type: 'qualityAppended', payload: message.payload });
      case 'event':
        this.emit({ type: 'eventAppended', payload: message.payload });
        // A live edit changed the config the view shows.
        if (message.payload.kind === 'hyperparameters') this.emit({ type: 'runChanged', payload: this.view() });
        return;
      case 'samples': {
        const record = message.payload;
        if (!this.sampleSteps.includes(record.step)) this.sampleSteps.push(record.step);
        const runDir = this.runDir;
        if (record.layout !== 'images' || !runDir)
          return this.emit({ type: 'samplesShown', payload: { record, sampleSteps: this.sampleSteps, requested: false } });
        this.samplesQueue = this.samplesQueue
          .then(() => this.shown(runDir, record))
          .then((shown) => this.emit({ type: 'samplesShown', payload: { record: shown, sampleSteps: this.sampleSteps, requested: false } }))
          .catch(() => undefined);
        return;
      }
      case 'log':
      case 'checkpoint':
        return;
      default:
        // started, paused, finished, failed, or a phase change
        return this.emit({ type: 'runChanged', payload: this.view() });
    }
  }

  /** Tails a run another process is writing (e.g. `gan-train` in a terminal). */
  private follow(runDir: string): void {
    if (this.following) return;
    this.following = true;
    const followers = {
      metrics: new JsonlFollower<MetricRecord>(path.join(runDir, RUN_FILES.metrics), RECORD_CHECKS.metrics),
      quality: new JsonlFollower<QualityRecord>(path.join(runDir, RUN_FILES.quality), RECORD_CHECKS.quality),
      events: new JsonlFollower<RunEvent>(path.join(runDir, RUN_FILES.events), RECORD_CHECKS.events),
      histograms: new JsonlFollower<HistogramRecord>(path.join(runDir, RUN_FILES.histograms), RECORD_CHECKS.histograms),
    };
    void Promise.all(Object.values(followers).map((f) => f.start()));
    const watcher = vscode.workspace.createFileSystemWatcher(
      new vscode.RelativePattern(vscode.Uri.file(runDir), '{*.json,*.jsonl,samples/*.json}'),
    );
    let busy = Promise.resolve();
    const changed = (uri: vscode.Uri) => {
      busy = busy.then(() => this.readAppended(runDir, uri, followers)).catch(() => undefined);
    };
    this.disposables.push(watcher, watcher.onDidChange(changed), watcher.onDidCreate(changed));
  }

  private async readAppended(
    runDir: string,
    uri: vscode.Uri,
    followers: {
      metrics: JsonlFollower<MetricRecord>;
      quality: JsonlFollower<QualityRecord>;
      events: JsonlFollower<RunEvent>;
      histograms: JsonlFollower<HistogramRecord>;
    },
  ): Promise<void> {
    const name = path.relative(runDir, uri.fsPath);
    if (name === RUN_FILES.metrics) this.queueMetrics(await followers.metrics.read());
    else if (name === RUN_FILES.quality) for (const r of await followers.quality.read()) this.emit({ type: 'qualityAppended', payload: r });
    else if (name === RUN_FILES.events) for (const r of await followers.events.read()) this.emit({ type: 'eventAppended', payload: r });
    else if (name === RUN_FILES.histograms)
      for (const r of await followers.histograms.read()) this.emit({ type: 'histogramAppended', payload: r });
    else if (name === RUN_FILES.meta) {
      this.diskMeta = (await readRunSummary(runDir)).meta;
      this.emit({ type: 'runChanged', payload: this.view() });
    } else if (name.startsWith(`${RUN_FILES.samples}${path.sep}`)) {
      this.sampleSteps = await sampleStepsOf(runDir);
      const newest = this.sampleSteps[this.sampleSteps.length - 1];
      const record = newest === undefined ? null : await readSamples(runDir, newest);
      if (record)
        this.emit({
          type: 'samplesShown',
          payload: { record: await this.shown(runDir, record), sampleSteps: this.sampleSteps, requested: false },
        });
    }
  }

  dispose(): void {
    clearTimeout(this.metricsTimer);
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
