/** What an empty view says: what will appear there and when, or that the run recorded none. */
import type { RunView } from '../../../src/shared/protocol';

export type EmptyKind = 'metrics' | 'scores' | 'histograms' | 'samples' | 'quality' | 'events';

export function emptyText(kind: EmptyKind, run: RunView | null, loaded: boolean): string {
  if (!loaded) return 'Loading the run…';
  const logging = run?.config?.logging;
  const waiting = run?.live === true;
  const every = (n: number | undefined, what: string) => (n ? `${what} every ${n} steps` : what);
  switch (kind) {
    case 'metrics':
      return waiting || !run
        ? `Loss curves appear after the first metrics record (${every(logging?.metricsEvery, 'recorded')}).`
        : 'This run recorded no metrics.';
    case 'scores':
      return waiting || !run
        ? `Mean D(real) and D(fake) appear with the first metrics record (${every(logging?.metricsEvery, 'recorded')}).`
        : 'This run recorded no metrics.';
    case 'histograms':
      return waiting || !run
        ? `Histograms of D on a real and a fake batch appear ${logging?.histogramsEvery ? `every ${logging.histogramsEvery} steps` : 'as the run records them'}.`
        : 'This run recorded no discriminator histograms.';
    case 'samples':
      return waiting || !run
        ? `Samples appear ${logging?.samplesEvery ? `every ${logging.samplesEvery} steps` : 'as the run records them'} (or press Sample Now).`
        : 'This run recorded no samples.';
    case 'quality':
      return waiting || !run
        ? `Quality metrics are computed with each samples record${logging?.samplesEvery ? ` (every ${logging.samplesEvery} steps)` : ''}.`
        : 'This run recorded no quality metrics.';
    case 'events':
      return 'No events yet: backend choice, hyper-parameter edits, warnings and checkpoints are listed here.';
  }
}
