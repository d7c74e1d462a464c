/**
 * What a feed knows of its run from the run directory: run.json, the experiment it trained, the
 * warnings of the last read, the steps with samples, and the PNG grids of the record shown.
 * Both feeds read their snapshots through it. Pure Node (no `vscode`).
 */
import type { Experiment } from '../../shared/experiment/schema';
import { withRecordedEdits } from '../../shared/hyperparameterValues';
import type { SamplesShownMessage, ShownSamples } from '../../shared/protocol';
import type { RunMeta, SampleRecord } from '../../shared/runFormat';
import { readRunSnapshot, readSamples, type RunSnapshot } from '../trainingRuns/runSnapshot';
import { GridReader } from '../trainingRuns/sampleGrids';
import type { FeedOptions, SnapshotPayload } from './runFeed';

/** A snapshot without its run view, and how far it read each JSONL file. */
export type DirectoryRead = Omit<SnapshotPayload, 'run'> & { offsets: RunSnapshot['offsets'] };

export const EMPTY_READ: DirectoryRead = {
  metrics: [],
  quality: [],
  events: [],
  histograms: [],
  sampleSteps: [],
  samples: null,
  offsets: { metrics: 0, quality: 0, events: 0, histograms: 0 },
};

export class RunDirState {
  meta: RunMeta | null = null;
  config: Experiment | null = null;
  warnings: string[] = [];
  /** Steps that have a samples file, ascending. */
  sampleSteps: number[] = [];
  private grids: GridReader | undefined;

  constructor(private readonly options: FeedOptions) {}

  async read(runDir: string): Promise<DirectoryRead> {
    const snapshot = await readRunSnapshot(runDir, this.options.metricsLimit);
    this.meta = snapshot.meta;
    // experiment.json holds the values the run started with; its events, the edits applied since.
    this.config = snapshot.config && withRecordedEdits(snapshot.config, snapshot.events);
    this.warnings = snapshot.warnings;
    this.sampleSteps = [...snapshot.sampleSteps];
    const { metrics, quality, events, histograms, sampleSteps, offsets } = snapshot;
    const samples = snapshot.samples && (await this.shown(runDir, snapshot.samples));
    return { metrics, quality, events, histograms, sampleSteps, samples, offsets };
  }

  /** Adds a step that now has samples (a live record). */
  addSampleStep(step: number): void {
    if (this.sampleSteps.includes(step)) return;
    this.sampleSteps.push(step);
    this.sampleSteps.sort((a, b) => a - b);
  }

  /** A `samplesShown` message for `record` (with its grids' pixels when it holds images). */
  async samplesShown(runDir: string, record: SampleRecord, requested: boolean): Promise<SamplesShownMessage> {
    return { type: 'samplesShown', payload: { record: await this.shown(runDir, record), sampleSteps: [...this.sampleSteps], requested } };
  }

  /** The samples recorded at `step`, as the view asked for them. */
  async samplesAt(runDir: string | undefined, step: number): Promise<SamplesShownMessage | undefined> {
    const record = runDir ? await readSamples(runDir, step) : null;
    return runDir && record ? this.samplesShown(runDir, record, true) : undefined;
  }

  /** The record with its PNG grids' pixels when it holds images. */
  shown(runDir: string, record: SampleRecord): Promise<ShownSamples> {
    if (this.grids?.runDir !== runDir) this.grids = new GridReader(runDir, this.options.withNearest);
    return this.grids.withGrids(record);
  }
}
