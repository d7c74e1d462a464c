import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DataConfig } from '../../shared/experiment/schema';
import type { Rng } from '../random';
import { dataExtent, layoutForDim, padBounds } from './bounds';
import { parseCsvTable } from './csvTable';
import type { Dataset } from './dataset';

export type CsvConfig = Extract<DataConfig, { kind: 'csv' }>;

/**
 * Rows of numbers from a CSV file (read once, now), each row one real sample. A batch draws rows
 * uniformly with replacement. `config.path` is relative to `experimentDir`.
 */
export function createCsvDataset(config: CsvConfig, experimentDir: string): Dataset {
  let text: string;
  try {
    text = fs.readFileSync(path.resolve(experimentDir, config.path), 'utf8');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`${config.path}: cannot read the file (${reason}) — "path" is relative to the experiment file`);
  }
  const table = parseCsvTable(text, config, config.path);
  const { values, rows, dim } = table;
  const extent = dataExtent(values, dim);

  return {
    kind: 'csv',
    dim,
    layout: layoutForDim(dim),
    bounds: padBounds(extent.min, extent.max),
    sample(n: number, rng: Rng): Float32Array {
      const out = new Float32Array(n * dim);
      for (let i = 0; i < n; i++) {
        const row = rng.int(rows);
        out.set(values.subarray(row * dim, (row + 1) * dim), i * dim);
      }
      return out;
    },
  };
}
