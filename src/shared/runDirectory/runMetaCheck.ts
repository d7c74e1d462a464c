/**
 * What run.json must hold (RunMeta, src/shared/runFormat.ts), checked field by field: one problem
 * per field that is missing or has the wrong type, each naming the field, what it must be and what
 * was found, e.g. `"lastStep" must be a non-negative integer, found "abc"`. Fields the format does
 * not define are left alone, so a newer trainer's additions do not hide a run from an older reader.
 */
import type { BackendName } from '../experiment/schema';
import type { ConcreteBackend, RunMeta, RunStatus } from '../runFormat';
import type { RunFileProblem } from './runFileError';

export type Value = Record<string, unknown>;

export interface Rule {
  /** What the field must be, as the message says it. */
  expected: string;
  test: (v: unknown) => boolean;
}

const STATUSES: Record<RunStatus, true> = { running: true, completed: true, stopped: true, failed: true, diverged: true };
const BACKENDS: Record<ConcreteBackend, true> = { tensorflow: true, webgpu: true, wasm: true, cpu: true };
const REQUESTED: Record<BackendName, true> = { auto: true, ...BACKENDS };

export const isObject = (v: unknown): v is Value => typeof v === 'object' && v !== null && !Array.isArray(v);
const quoted = (names: object) => Object.keys(names).map((n) => JSON.stringify(n));
const oneOf = (names: object): Rule => ({
  expected: `one of ${quoted(names).join(', ')}`,
  test: (v) => typeof v === 'string' && Object.hasOwn(names, v),
});
const orNull = (rule: Rule): Rule => ({ expected: `null or ${rule.expected}`, test: (v) => v === null || rule.test(v) });

export const STRING: Rule = { expected: 'a string', test: (v) => typeof v === 'string' };
export const NON_EMPTY: Rule = { expected: 'a non-empty string', test: (v) => typeof v === 'string' && v.length > 0 };
export const INTEGER: Rule = { expected: 'an integer', test: (v) => Number.isInteger(v) };
export const COUNT: Rule = { expected: 'a non-negative integer', test: (v) => Number.isInteger(v) && (v as number) >= 0 };
const POSITIVE: Rule = { expected: 'a positive integer', test: (v) => Number.isInteger(v) && (v as number) > 0 };
const DATE: Rule = {
  expected: 'a date and time (ISO 8601, e.g. "2026-01-02T03:04:05.000Z")',
  test: (v) => typeof v === 'string' && !Number.isNaN(Date.parse(v)),
};
export const OBJECT: Rule = { expected: 'an object', test: isObject };
const SECONDS: Rule = {
  expected: 'a non-negative number of seconds',
  test: (v) => typeof v === 'number' && Number.isFinite(v) && v >= 0,
};

/** How a found value is named in a message. */
export function describeFound(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'object') return 'an object';
  return String(value);
}

/** Checks `object[key]` against `rule` (absent: a problem unless optional); true when it may be read further. */
export function field(object: Value, path: string, key: string, rule: Rule, problems: RunFileProblem[], optional = false): boolean {
  const name = `${path}${key}`;
  if (!Object.hasOwn(object, key) || object[key] === undefined) {
    if (!optional) problems.push({ field: name, message: `"${name}" is missing; it must be ${rule.expected}` });
    return false;
  }
  if (rule.test(object[key])) return true;
  problems.push({ field: name, message: `"${name}" must be ${rule.expected}, found ${describeFound(object[key])}` });
  return false;
}

function backendProblems(backend: Value, problems: RunFileProblem[]): void {
  field(backend, 'backend.', 'name', oneOf(BACKENDS), problems);
  field(backend, 'backend.', 'requested', oneOf(REQUESTED), problems);
  field(backend, 'backend.', 'reason', STRING, problems);
  field(backend, 'backend.', 'device', STRING, problems, true);
  const skippedRule: Rule = {
    expected: 'a list of { "name": a backend, "reason": a string }',
    test: (v) => Array.isArray(v) && v.every((s) => isObject(s) && oneOf(BACKENDS).test(s.name) && typeof s.reason === 'string'),
  };
  field(backend, 'backend.', 'skipped', skippedRule, problems);
}

function dataProblems(data: Value, problems: RunFileProblem[]): void {
  const dimOk = field(data, 'data.', 'dim', POSITIVE, problems);
  if (field(data, 'data.', 'image', OBJECT, problems, true)) {
    const image = data.image as Value;
    const sides = [field(image, 'data.image.', 'height', POSITIVE, problems), field(image, 'data.image.', 'width', POSITIVE, problems)];
    const channelsRule: Rule = { expected: '1 or 3', test: (v) => v === 1 || v === 3 };
    const channelsOk = field(image, 'data.image.', 'channels', channelsRule, problems);
    const size = (image.height as number) * (image.width as number) * (image.channels as number);
    if (dimOk && sides.every(Boolean) && channelsOk && data.dim !== size)
      problems.push({
        field: 'data.dim',
        message: `"data.dim" must be height × width × channels of "data.image" (${size}), found ${describeFound(data.dim)}`,
      });
  }
  if (field(data, 'data.', 'classes', OBJECT, problems, true)) {
    const namesRule: Rule = {
      expected: 'a non-empty list of non-empty strings',
      test: (v) => Array.isArray(v) && v.length > 0 && v.every((n) => NON_EMPTY.test(n)),
    };
    field(data.classes as Value, 'data.classes.', 'names', namesRule, problems);
  }
}

/** Every problem of `value` as the content of run.json; [] when it is a RunMeta. */
export function runMetaProblems(value: unknown): RunFileProblem[] {
  if (!isObject(value))
    return [{ message: `must hold a JSON object (the run's status, steps, backend and data shape), found ${describeFound(value)}` }];
  const problems: RunFileProblem[] = [];
  field(value, '', 'formatVersion', POSITIVE, problems);
  field(value, '', 'runId', STRING, problems);
  field(value, '', 'experimentName', STRING, problems);
  field(value, '', 'experimentFile', STRING, problems);
  field(value, '', 'status', oneOf(STATUSES), problems);
  if (field(value, '', 'backend', orNull(OBJECT), problems) && value.backend !== null) backendProblems(value.backend as Value, problems);
  if (field(value, '', 'versions', OBJECT, problems))
    for (const key of ['ganWorkbench', 'tfjs', 'node']) field(value.versions as Value, 'versions.', key, STRING, problems);
  field(value, '', 'startedAt', DATE, problems);
  field(value, '', 'endedAt', orNull(DATE), problems);
  field(value, '', 'lastStep', COUNT, problems);
  field(value, '', 'totalSteps', COUNT, problems);
  field(value, '', 'trainingSeconds', SECONDS, problems, true);
  field(value, '', 'error', orNull(STRING), problems);
  field(value, '', 'pid', INTEGER, problems);
  if (field(value, '', 'data', OBJECT, problems, true)) dataProblems(value.data as Value, problems);
  return problems;
}

/** `value` as a RunMeta, or its problems. */
export function checkRunMeta(value: unknown): { meta: RunMeta } | { problems: RunFileProblem[] } {
  const problems = runMetaProblems(value);
  // Every field RunMeta defines was checked above.
  return problems.length === 0 ? { meta: value as RunMeta } : { problems };
}
