/**
 * What a run directory's files look like now, as one string: the size and modification time of the
 * files a comparison reads. Two equal signatures mean nothing a comparison shows has changed, so a
 * panel re-reads its runs only when a trainer wrote to one. Pure Node (no `vscode`).
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { RUN_FILES } from '../../shared/runFormat';

const WATCHED = [RUN_FILES.meta, RUN_FILES.metrics, RUN_FILES.histograms, RUN_FILES.events, RUN_FILES.samples] as const;

export async function runDirSignature(runDir: string): Promise<string> {
  const parts = await Promise.all(
    WATCHED.map(async (name) => {
      try {
        const s = await stat(join(runDir, name));
        return `${s.size}:${s.mtimeMs}`;
      } catch {
        return '-';
      }
    }),
  );
  return parts.join('|');
}
