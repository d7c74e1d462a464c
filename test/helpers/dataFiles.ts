/** Data files for phase 2 of validation without a file system: each path's state, and what a read finds. */
import type { DataFiles, FileState } from '../../src/shared/experiment/dataFileChecks';

export interface FakeDataFiles extends DataFiles {
  /** The paths asked about, in order. */
  asked: string[];
}

/** `state`: every path's state, or one per path; `files` replaces the other answers (defaults: a 10 × 2 CSV, 10 images of 28×28, MNIST found). */
export function fakeDataFiles(state: FileState | ((path: string) => FileState), files: Partial<DataFiles> = {}): FakeDataFiles {
  const asked: string[] = [];
  return {
    asked,
    state: async (path) => {
      asked.push(path);
      return typeof state === 'function' ? state(path) : state;
    },
    csvShape: async () => ({ rows: 10, width: 2 }),
    idxSizes: async (_path, content) => (content === 'images' ? [10, 28, 28] : [10]),
    findsMnist: async () => true,
    ...files,
  };
}
