/** Checks a schema cannot express: relations between fields and files the config names. */
import type { Experiment } from './schema';
import type { Report } from './validate';

/** Answers whether a path the config names (relative to the experiment file) is a readable file. */
export type FileProbe = (relativePath: string) => 'file' | 'missing' | 'notAFile';

export function checkSemantics(config: Experiment, report: Report, probe?: FileProbe): void {
  const data = config.data;
  switch (data.kind) {
    case 'parabola':
      if (data.xMin >= data.xMax)
        report(['data', 'xMax'], 'xMax must be greater than xMin', { expected: `> ${data.xMin}`, found: String(data.xMax) });
      if (data.aMin > data.aMax)
        report(['data', 'aMax'], 'aMax must not be less than aMin', { expected: `≥ ${data.aMin}`, found: String(data.aMax) });
      break;
    case 'mixture1d':
      for (const key of ['stds', 'weights'] as const) {
        if (data[key].length !== data.means.length)
          report(['data', key], `needs one entry per mean (${data.means.length})`, {
            expected: `${data.means.length} numbers`,
            found: `${data[key].length}`,
          });
      }
      if (data.weights.reduce((a, b) => a + b, 0) <= 0)
        report(['data', 'weights'], 'weights must not all be zero', { expected: 'a positive sum', found: '0' });
      break;
    case 'csv': {
      if (!probe) break;
      const state = probe(data.path);
      if (state !== 'file')
        report(['data', 'path'], state === 'missing' ? `file not found: ${data.path}` : `not a file: ${data.path}`, {
          expected: 'an existing CSV file, relative to the experiment file',
          found: JSON.stringify(data.path),
        });
      break;
    }
    default:
      break;
  }
}
