/**
 * Everything a view knows about its run, kept from the host's messages: a snapshot replaces it
 * all, the other messages append. `apply` says which parts changed so only those views redraw.
 */
import type { ExperimentFileState, HostToWebview, RunView, ShownSamples } from '../../../src/shared/protocol';
import type { QualityRecord, RunEvent } from '../../../src/shared/runFormat';
import { appendRecords, emptyColumns, type MetricColumns } from '../logic/metricColumns';
import { HistogramTrack } from './histogramTrack';

export type Topic = 'run' | 'metrics' | 'quality' | 'events' | 'histograms' | 'samples' | 'file';

export const ALL_TOPICS: readonly Topic[] = ['run', 'metrics', 'quality', 'events', 'histograms', 'samples', 'file'];

export class RunStore {
  run: RunView | null = null;
  columns: MetricColumns = emptyColumns();
  quality: QualityRecord[] = [];
  events: RunEvent[] = [];
  /** Every histogram record (none thinned), compactly. */
  readonly histograms = new HistogramTrack();
  sampleSteps: number[] = [];
  /** The newest samples record of the run. */
  latestSamples: ShownSamples | null = null;
  /** True once the first snapshot arrived. */
  loaded = false;
  /** Whether the experiment file holds the run's values (null until the host says). */
  fileState: ExperimentFileState | null = null;

  /** The newest step the run has reached (metrics or run.json). */
  currentStep(): number {
    const steps = this.columns.steps;
    return Math.max(this.run?.meta?.lastStep ?? 0, steps[steps.length - 1] ?? 0);
  }

  apply(message: HostToWebview): Set<Topic> {
    switch (message.type) {
      case 'snapshot': {
        const p = message.payload;
        this.run = p.run;
        this.columns = emptyColumns();
        appendRecords(this.columns, p.metrics);
        this.quality = [...p.quality].sort((a, b) => a.step - b.step);
        this.events = [...p.events];
        this.histograms.replace(p.histograms);
        this.sampleSteps = [...p.sampleSteps];
        this.latestSamples = p.samples;
        this.loaded = true;
        return new Set(ALL_TOPICS);
      }
      case 'metricsAppended':
        appendRecords(this.columns, message.payload.records);
        return new Set(['metrics']);
      case 'histogramAppended':
        this.histograms.insert(message.payload);
        return new Set(['histograms']);
      case 'qualityAppended':
        insertByStep(this.quality, message.payload);
        return new Set(['quality']);
      case 'eventAppended':
        this.events.push(message.payload);
        return new Set(['events']);
      case 'samplesShown': {
        const { record, sampleSteps, requested } = message.payload;
        this.sampleSteps = [...sampleSteps];
        if (!requested && (!this.latestSamples || record.step >= this.latestSamples.step)) this.latestSamples = record;
        return new Set(['samples']);
      }
      case 'runChanged':
        this.run = message.payload;
        return new Set(['run']);
      case 'experimentFileState':
        this.fileState = message.payload;
        return new Set(['file']);
      case 'compareRunsListed':
      case 'compareRunAdded':
      case 'exportDone':
      case 'samplingShown':
        // Handled by the compare, export and sampling views, not the run's own data.
        return new Set();
    }
  }
}

/** Inserts keeping ascending steps; a record for a step already present replaces it. */
export function insertByStep<T extends { step: number }>(list: T[], item: T): void {
  let i = list.length;
  while (i > 0 && list[i - 1]!.step > item.step) i--;
  if (i > 0 && list[i - 1]!.step === item.step) list[i - 1] = item;
  else list.splice(i, 0, item);
}
