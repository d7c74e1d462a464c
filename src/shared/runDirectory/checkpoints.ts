/**
 * A run's checkpoints: folders `checkpoints/step-<step>/`, complete once their checkpoint.json is
 * there (the trainer writes a temp folder and renames it). Listed synchronously for the trainer and
 * the CLIs, asynchronously for the host.
 */
import { existsSync, readdirSync } from 'node:fs';
import { access, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { RUN_FILES } from '../runFormat';

export const CHECKPOINT_MANIFEST = 'checkpoint.json';

const isCheckpointName = (name: string) => /^step-\d+$/.test(name);

export const checkpointsDirOf = (runDir: string): string => join(runDir, RUN_FILES.checkpoints);

/** Names of the complete checkpoint folders under `checkpointsDir`, oldest first. */
export function checkpointFoldersSync(checkpointsDir: string): string[] {
  if (!existsSync(checkpointsDir)) return [];
  return readdirSync(checkpointsDir)
    .filter((n) => isCheckpointName(n) && existsSync(join(checkpointsDir, n, CHECKPOINT_MANIFEST)))
    .sort();
}

/** The newest complete checkpoint folder under `checkpointsDir`, if any. */
export function latestCheckpointSync(checkpointsDir: string): string | undefined {
  const newest = checkpointFoldersSync(checkpointsDir).pop();
  return newest === undefined ? undefined : join(checkpointsDir, newest);
}

/** The newest complete checkpoint folder under `checkpointsDir`, if any (asynchronous). */
export async function latestCheckpoint(checkpointsDir: string): Promise<string | undefined> {
  const names = await readdir(checkpointsDir).catch(() => [] as string[]);
  for (const name of names.filter(isCheckpointName).sort().reverse()) {
    const complete = await access(join(checkpointsDir, name, CHECKPOINT_MANIFEST)).then(
      () => true,
      () => false,
    );
    if (complete) return join(checkpointsDir, name);
  }
  return undefined;
}
