/** The recorded runs build.mjs inlines into the harness bundle. */
declare module 'harness-data' {
  import type { RunView, ShownSamples, ShownSampling } from '../../src/shared/protocol';
  import type { HistogramRecord, MetricRecord, QualityRecord, RunEvent } from '../../src/shared/runFormat';

  export interface HarnessRun {
    run: RunView;
    metrics: MetricRecord[];
    quality: QualityRecord[];
    events: RunEvent[];
    histograms: HistogramRecord[];
    /** With their grids' pixels for `images` records, as the host sends them. */
    samples: ShownSamples[];
    /** gan-sample results, newest first (image grids decoded). */
    sampling: ShownSampling[];
  }
  const data: { runs: Record<string, HarnessRun> };
  export default data;
}
