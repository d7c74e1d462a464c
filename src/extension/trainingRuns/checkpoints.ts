/** Finds a run's newest complete checkpoint (async; the host never scans synchronously). */
import { access, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { RUN_FILES } from '../../shared/runFormat';

export async function latestCheckpointOf(runDir: string): Promise<string | undefined> {
  const folder = join(runDir, RUN_FILES.checkpoints);
  const names = await readdir(folder).catch(() => [] as string[]);
  for (const name of names
    .filter((n) => /^step-\d+$/.test(n))
    .sort()
    .reverse()) {
    const complete = await access(join(folder, name, 'checkpoint.json')).then(
      () => true,
      () => false,
    );
    if (complete) return join(folder, name);
  }
  return undefined;
}
