/** The recorded runs build.mjs inlines into the harness bundle. */
declare module 'harness-data' {
  import type { RunView } from '../../src/shared/protocol';
  import type { HistogramRecord, MetricRecord, QualityRecord, RunEvent, SampleRecord } from '../../src/shared/runFormat';

  export interface HarnessRun {
    run: RunView;
    metrics: MetricRecord[];
    quality: QualityRecord[];
    events: RunEvent[];
    histograms: HistogramRecord[];
    samples: SampleRecord[];
  }
  const data: { runs: Record<string, HarnessRun> };
  export default data;
}
