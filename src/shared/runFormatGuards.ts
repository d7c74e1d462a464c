/**
 * Runtime checks of run-format records that arrive from disk or another process (the host reads
 * them, the views draw them): every field the format defines must have its type, and a record with
 * a malformed field is refused as a whole. Fields the format does not define are left alone, so a
 * newer trainer's additions do not hide a record from an older reader.
 */
import type { ClassHistogram, ImageSamples, QualityRecord } from './runFormat';

/** Most classes a histogram may have (Stacked MNIST has 1,000 modes). */
export const MAX_CLASSES = 10_000;
/** Longest class name (MNIST "7", Stacked MNIST "307", imageFolder a sub-folder's name). */
export const MAX_CLASS_NAME = 128;
/** Most grid tiles (and so rows of nearest images) a record may describe. */
const MAX_TILES = 4096;
/** Most nearest training images per tile. */
const MAX_NEAREST = 64;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isClassName = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= MAX_CLASS_NAME;
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;

/** Names and counts of the same length (1 … MAX_CLASSES), names non-empty strings, counts finite and ≥ 0. */
export function isClassHistogram(v: unknown): v is ClassHistogram {
  if (!isObject(v)) return false;
  const { names, counts } = v;
  return (
    Array.isArray(names) &&
    Array.isArray(counts) &&
    names.length > 0 &&
    names.length <= MAX_CLASSES &&
    counts.length === names.length &&
    names.every(isClassName) &&
    counts.every(isCount)
  );
}

/**
 * A quality record: a numeric step, metrics whose values are numbers (or null, a non-finite value
 * written as JSON), and, when present, a well-formed class histogram.
 */
export function isQualityRecord(v: unknown): v is QualityRecord {
  if (!isObject(v) || typeof v.step !== 'number' || !isObject(v.metrics)) return false;
  if (!Object.values(v.metrics).every((m) => m === null || typeof m === 'number')) return false;
  return v.classes === undefined || isClassHistogram(v.classes);
}

/** `ImageSamples.rowClasses`: one class name per grid row (at least one row). */
export function isRowClasses(v: unknown): v is string[] {
  return Array.isArray(v) && v.length > 0 && v.length <= MAX_TILES && v.every(isClassName);
}

/**
 * `ImageSamples.nearest`: a PNG path, `count` images per tile (1 … 64) and, for every tile, `count`
 * finite distances ≥ 0. The path is checked where the file is read (sampleGrids.ts).
 */
export function isNearestImages(v: unknown): v is NonNullable<ImageSamples['nearest']> {
  if (!isObject(v) || typeof v.png !== 'string') return false;
  const { count, distances } = v;
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > MAX_NEAREST) return false;
  return (
    Array.isArray(distances) &&
    distances.length > 0 &&
    distances.length <= MAX_TILES &&
    distances.every((row) => Array.isArray(row) && row.length === count && row.every(isCount))
  );
}
