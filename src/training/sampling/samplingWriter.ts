/**
 * Writes one sampling result as `<run>/sampling/<id>/`: every file goes into a hidden temp folder
 * beside it, which is then renamed, so the folder is complete or absent. An existing result is
 * never replaced: the id gets a suffix (`-2`, `-3`, …) instead (ids: src/shared/samplingId.ts).
 */
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RUN_FILES, SAMPLING_FILES, type SamplingRecord } from '../../shared/runFormat';

/** The PNG grids of image data, by file name. */
export type SamplingPngs = Partial<Record<typeof SAMPLING_FILES.beforePng | typeof SAMPLING_FILES.afterPng, Buffer>>;

export interface WrittenSampling {
  folder: string;
  id: string;
}

/** Tries that many suffixes before giving up (only reachable when something keeps creating folders). */
const MAX_SUFFIX = 1000;

/** Writes `record` (its `id` set to the folder name) and `pngs`; returns where. */
export function writeSampling(
  runDir: string,
  baseId: string,
  record: Omit<SamplingRecord, 'id'>,
  pngs: SamplingPngs = {},
): WrittenSampling {
  const { format, ...rest } = record;
  const parent = join(runDir, RUN_FILES.sampling);
  mkdirSync(parent, { recursive: true });
  for (let n = 1; n <= MAX_SUFFIX; n++) {
    const id = n === 1 ? baseId : `${baseId}-${n}`;
    const folder = join(parent, id);
    if (existsSync(folder)) continue;
    const temp = join(parent, `.${id}.${process.pid}.tmp`);
    rmSync(temp, { recursive: true, force: true });
    mkdirSync(temp);
    try {
      for (const [name, bytes] of Object.entries(pngs)) writeFileSync(join(temp, name), bytes);
      writeFileSync(join(temp, SAMPLING_FILES.record), `${JSON.stringify({ format, id, ...rest } satisfies SamplingRecord)}\n`);
      renameSync(temp, folder);
      return { folder, id };
    } catch (error) {
      rmSync(temp, { recursive: true, force: true });
      // Another process took the name between the check and the rename: try the next one.
      if (isTaken(error) && existsSync(folder)) continue;
      throw error;
    }
  }
  throw new Error(`${parent}: ${baseId} and ${MAX_SUFFIX - 1} numbered variants already exist`);
}

function isTaken(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOTEMPTY' || code === 'EEXIST';
}
