/**
 * A comparison as the compare harness plays it: the runs read by the host's own reader
 * (readComparison) and every samples record of each run as the host sends it (grids decoded by
 * the host's GridReader).
 */
import type { ComparedRun, ShownSamples } from '../../src/shared/protocol';
import { readComparison } from '../../src/extension/compare/readComparison';
import { readSamples } from '../../src/extension/trainingRuns/runSnapshot';
import { GridReader } from '../../src/extension/trainingRuns/sampleGrids';

export async function readComparisonFixture(runDirs: string[]): Promise<{ runs: ComparedRun[]; samples: ShownSamples[][] }> {
  const runs = await readComparison(runDirs, 5000);
  const samples = await Promise.all(
    runs.map(async (run) => {
      const grids = new GridReader(run.runDir, false);
      const records: ShownSamples[] = [];
      for (const step of run.sampleSteps) {
        const record = await readSamples(run.runDir, step);
        if (record) records.push(await grids.withGrids(record));
      }
      return records;
    }),
  );
  return { runs, samples };
}
