/** The newest run directory of an experiment file, from the index (its name and runs folder) and the catalog's last scan. */
import type * as vscode from 'vscode';
import type { RunCatalog } from '../trainingRuns/runCatalog';
import type { ExperimentIndex } from './experimentIndex';

export type LastRunOf = (file: vscode.Uri) => string | undefined;

export function lastRunLookup(index: Pick<ExperimentIndex, 'get'>, catalog: Pick<RunCatalog, 'latestRunOf'>): LastRunOf {
  return (file) => {
    const entry = index.get(file);
    return entry && catalog.latestRunOf(entry.name, entry.runsRoot)?.dir;
  };
}
