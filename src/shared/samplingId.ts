/**
 * Names of sampling results (`<run>/sampling/<id>/`): `step-<checkpoint step>-<method>-<YYYYMMDD>-<HHMMSS>`
 * in UTC, with `-2`, `-3`, … when that name was taken. The writer makes them; the views list and
 * label results by them without opening each file.
 */
import type { SamplingMethod } from './runFormat';

export interface SamplingIdParts {
  checkpointStep: number;
  method: SamplingMethod;
  /** ISO time, to the second. */
  createdAt: string;
  /** 1 for the first result of that name. */
  variant: number;
}

const ID = /^step-(\d+)-(langevin|mala)-(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})(?:-(\d+))?$/;

/** A name a result folder may have (what a view may ask the host to read). */
export const SAMPLING_FOLDER_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;

export function samplingId(checkpointStep: number, method: SamplingMethod, at: Date): string {
  const t = at.toISOString();
  return `step-${checkpointStep}-${method}-${t.slice(0, 10).replaceAll('-', '')}-${t.slice(11, 19).replaceAll(':', '')}`;
}

export function parseSamplingId(id: string): SamplingIdParts | null {
  const m = ID.exec(id);
  if (!m) return null;
  const [, step, method, y, mo, d, h, mi, s, variant] = m;
  return {
    checkpointStep: Number(step),
    method: method as SamplingMethod,
    createdAt: `${y}-${mo}-${d}T${h}:${mi}:${s}Z`,
    variant: variant ? Number(variant) : 1,
  };
}

/**
 * Newest first: by the time in the id, then by `writtenAt` (ms; ids of the same second), then by
 * variant; names of another form last, by name.
 */
export function newestFirst(ids: readonly string[], writtenAt: (id: string) => number = () => 0): string[] {
  const key = (id: string): [string, number, number] => {
    const p = parseSamplingId(id);
    return p ? [`1${p.createdAt}`, writtenAt(id), p.variant] : [`0${id}`, 0, 0];
  };
  return [...ids].sort((a, b) => {
    const [ka, kb] = [key(a), key(b)];
    if (ka[0] !== kb[0]) return ka[0] < kb[0] ? 1 : -1;
    return kb[1] - ka[1] || kb[2] - ka[2];
  });
}
