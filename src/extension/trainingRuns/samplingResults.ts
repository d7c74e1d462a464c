/**
 * Reads a run's sampling results (`sampling/<id>/`, written by gan-sample) for the views: the ids,
 * newest first, and one result with its PNG grids decoded (image data) through boundedPng, which
 * checks each header before decoding (a grid it refuses is null, and `grids.problems` says why). A
 * damaged result is skipped, never thrown. Pure Node (no `vscode`), async I/O only.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { SamplingShownMessage, ShownSampling } from '../../shared/protocol';
import { readBoundedPng } from './boundedPng';
import { RUN_FILES, SAMPLING_FILES, SAMPLING_FORMAT, type SamplingRecord } from '../../shared/runFormat';
import { newestFirst, SAMPLING_FOLDER_NAME } from '../../shared/samplingId';
import { toGridPixels, type GridRead } from './sampleGrids';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The fields every view reads; the rest is optional to them. */
export function isSamplingRecord(v: unknown): v is SamplingRecord {
  if (!isRecord(v) || v.format !== SAMPLING_FORMAT || typeof v.id !== 'string') return false;
  const { settings, trace, paths } = v;
  return (
    isRecord(settings) &&
    typeof settings.method === 'string' &&
    typeof settings.steps === 'number' &&
    isRecord(trace) &&
    Array.isArray(trace.steps) &&
    Array.isArray(trace.meanEnergy) &&
    Array.isArray(trace.acceptanceRate) &&
    isRecord(paths) &&
    Array.isArray(paths.chains) &&
    Array.isArray(v.before) &&
    Array.isArray(v.after) &&
    Array.isArray(v.real) &&
    typeof v.checkpointStep === 'number'
  );
}

/**
 * Result ids of the run, newest first (ids of the same second by the folder's time); hidden temp
 * folders of a write in progress are not results.
 */
export async function samplingIds(runDir: string): Promise<string[]> {
  const root = join(runDir, RUN_FILES.sampling);
  try {
    const entries = await readdir(root, { withFileTypes: true });
    const ids = entries.filter((e) => e.isDirectory() && SAMPLING_FOLDER_NAME.test(e.name)).map((e) => e.name);
    const times = new Map(
      await Promise.all(
        ids.map(
          async (id) =>
            [
              id,
              await stat(join(root, id)).then(
                (s) => s.mtimeMs,
                () => 0,
              ),
            ] as const,
        ),
      ),
    );
    return newestFirst(ids, (id) => times.get(id) ?? 0);
  } catch {
    return [];
  }
}

/** One grid of a result (`name` in `folder`), called `shownName` in messages. */
async function readGrid(folder: string, name: string, shownName: string, channels: 1 | 3): Promise<GridRead> {
  const read = await readBoundedPng(join(folder, name), shownName);
  return read.ok ? { pixels: toGridPixels(read.png, channels) } : { pixels: null, problem: read.problem };
}

/** One result, its grids' pixels added for image data; null when it is missing or not a result. */
export async function readSampling(runDir: string, id: string): Promise<ShownSampling | null> {
  if (!SAMPLING_FOLDER_NAME.test(id)) return null;
  const folder = join(runDir, RUN_FILES.sampling, id);
  let record: unknown;
  try {
    record = JSON.parse(await readFile(join(folder, SAMPLING_FILES.record), 'utf8'));
  } catch {
    return null;
  }
  if (!isSamplingRecord(record)) return null;
  const images = record.images;
  if (!images) return record;
  const channels = images.shape.channels === 3 ? 3 : 1;
  // The names come from the file: only the two the writer uses are read.
  const shown = (name: string) => `${RUN_FILES.sampling}/${id}/${name}`;
  const [before, after] = await Promise.all([
    readGrid(folder, SAMPLING_FILES.beforePng, shown(SAMPLING_FILES.beforePng), channels),
    readGrid(folder, SAMPLING_FILES.afterPng, shown(SAMPLING_FILES.afterPng), channels),
  ]);
  const problems = { ...(before.problem && { before: before.problem }), ...(after.problem && { after: after.problem }) };
  return { ...record, grids: { before: before.pixels, after: after.pixels, ...(Object.keys(problems).length > 0 && { problems }) } };
}

/**
 * The message for a view: every id, and `id`'s result (the newest when `id` is absent or gone; the
 * next newest readable one when the newest is damaged).
 */
export async function samplingMessage(runDir: string, id?: string): Promise<SamplingShownMessage> {
  const ids = await samplingIds(runDir);
  const requested = id !== undefined && ids.includes(id);
  let shown: ShownSampling | null = requested ? await readSampling(runDir, id) : null;
  for (const candidate of requested ? [] : ids) {
    shown = await readSampling(runDir, candidate);
    if (shown) break;
  }
  return { type: 'samplingShown', payload: { ids, shown } };
}
