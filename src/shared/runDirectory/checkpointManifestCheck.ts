/**
 * What a checkpoint's `checkpoint.json` must hold, checked field by field like run.json
 * (runMetaCheck.ts): one problem per field that is missing or has the wrong type, naming the field,
 * what it must be and what was found. Format 3 records each binary file's size and SHA-256
 * (`files`); formats 1 and 2, written by earlier versions, have none and are read without them.
 */
import { COUNT, describeFound, field, isObject, NON_EMPTY, OBJECT, STRING, type Rule, type Value } from './runMetaCheck';
import type { RunFileProblem } from './runFileError';

export const CHECKPOINT_FORMAT = 'gan-workbench-checkpoint/3';
/** Format 2 had no sizes and checksums; format 1 no random-stream states either. */
export const LEGACY_CHECKPOINT_FORMATS = ['gan-workbench-checkpoint/1', 'gan-workbench-checkpoint/2'] as const;
/** The one binary file of a checkpoint. */
export const CHECKPOINT_WEIGHTS = 'weights.bin';
/** The random streams whose states a checkpoint holds (format 2 on), in the trainer's order. */
export const CHECKPOINT_STREAMS = ['data', 'noise', 'regularization', 'evaluation'] as const;

export type CheckpointFormat = typeof CHECKPOINT_FORMAT | (typeof LEGACY_CHECKPOINT_FORMATS)[number];

export interface CheckpointRngState {
  a: number;
  b: number;
  c: number;
  d: number;
  spareNormal: number | null;
}

export interface CheckpointOptimizer {
  kind: string;
  iterations: number;
}

export interface CheckpointWeightSpec {
  name: string;
  shape: number[];
  dtype: 'float32';
}

/** What checkpoint.json records about a binary file: its size in bytes and its SHA-256 (hex). */
export interface CheckpointFileEntry {
  bytes: number;
  sha256: string;
}

export interface CheckpointManifest {
  format: CheckpointFormat;
  step: number;
  /** State of each random stream after `step` (format 2 on). */
  rng?: Record<(typeof CHECKPOINT_STREAMS)[number], CheckpointRngState>;
  optimizers: {
    generator: CheckpointOptimizer;
    discriminator: CheckpointOptimizer;
    /** The energy objective's mutual-information network (encoder or statistics network), when it has one. */
    mutualInformation?: CheckpointOptimizer;
  };
  /** The TensorFlow.js weights manifest: one group, in `weights.bin`, float32 values in this order. */
  weightsManifest: { paths: string[]; weights: CheckpointWeightSpec[] }[];
  /** Each binary file's size and checksum (format 3 on). */
  files?: Record<string, CheckpointFileEntry>;
}

const FORMATS: Record<CheckpointFormat, true> = {
  [CHECKPOINT_FORMAT]: true,
  [LEGACY_CHECKPOINT_FORMATS[0]]: true,
  [LEGACY_CHECKPOINT_FORMATS[1]]: true,
};

const oneOfFormats: Rule = {
  expected: `one of ${Object.keys(FORMATS)
    .map((f) => JSON.stringify(f))
    .join(', ')}`,
  test: (v) => typeof v === 'string' && Object.hasOwn(FORMATS, v),
};
const ARRAY: Rule = { expected: 'a list', test: Array.isArray };
const SHAPE: Rule = {
  expected: 'a list of non-negative integers',
  test: (v) => Array.isArray(v) && v.every((n) => COUNT.test(n)),
};
const FLOAT32: Rule = { expected: '"float32"', test: (v) => v === 'float32' };
const PATHS: Rule = {
  expected: `["${CHECKPOINT_WEIGHTS}"]`,
  test: (v) => Array.isArray(v) && v.length === 1 && v[0] === CHECKPOINT_WEIGHTS,
};
const SHA256: Rule = { expected: 'a SHA-256 as 64 hexadecimal digits', test: (v) => typeof v === 'string' && /^[0-9a-f]{64}$/.test(v) };
const STATE_INTEGER: Rule = { expected: 'an integer', test: (v) => Number.isInteger(v) };
const SPARE: Rule = { expected: 'null or a number', test: (v) => v === null || (typeof v === 'number' && Number.isFinite(v)) };

/** The number of float32 values a weight spec holds. */
export const specValues = (spec: CheckpointWeightSpec): number => spec.shape.reduce((a, b) => a * b, 1);

/** The size weights.bin must have for `specs`: 4 bytes per value. */
export const weightsBytes = (specs: readonly CheckpointWeightSpec[]): number => specs.reduce((n, s) => n + 4 * specValues(s), 0);

function optimizerProblems(optimizers: Value, key: string, problems: RunFileProblem[], optional = false): void {
  const path = `optimizers.${key}`;
  if (!field(optimizers, 'optimizers.', key, OBJECT, problems, optional)) return;
  const entry = optimizers[key] as Value;
  field(entry, `${path}.`, 'kind', STRING, problems);
  field(entry, `${path}.`, 'iterations', COUNT, problems);
}

function rngProblems(rng: Value, problems: RunFileProblem[]): void {
  for (const stream of CHECKPOINT_STREAMS) {
    if (!field(rng, 'rng.', stream, OBJECT, problems)) continue;
    const state = rng[stream] as Value;
    for (const k of ['a', 'b', 'c', 'd']) field(state, `rng.${stream}.`, k, STATE_INTEGER, problems);
    field(state, `rng.${stream}.`, 'spareNormal', SPARE, problems);
  }
}

/** The weight specs of the manifest's one group, when they are all well-formed. */
function weightsProblems(value: Value, problems: RunFileProblem[]): CheckpointWeightSpec[] | undefined {
  const groupsRule: Rule = { expected: 'a list of one group ({ "paths", "weights" })', test: (v) => Array.isArray(v) && v.length === 1 };
  if (!field(value, '', 'weightsManifest', groupsRule, problems)) return undefined;
  const group = (value.weightsManifest as unknown[])[0];
  if (!isObject(group)) {
    problems.push({ field: 'weightsManifest[0]', message: `"weightsManifest[0]" must be an object, found ${describeFound(group)}` });
    return undefined;
  }
  field(group, 'weightsManifest[0].', 'paths', PATHS, problems);
  if (!field(group, 'weightsManifest[0].', 'weights', ARRAY, problems)) return undefined;
  const specs = group.weights as unknown[];
  const before = problems.length;
  const names = new Set<string>();
  specs.forEach((spec, i) => {
    const path = `weightsManifest[0].weights[${i}]`;
    if (!isObject(spec)) {
      problems.push({ field: path, message: `"${path}" must be an object ({ "name", "shape", "dtype" }), found ${describeFound(spec)}` });
      return;
    }
    if (field(spec, `${path}.`, 'name', NON_EMPTY, problems)) {
      const name = spec.name as string;
      if (names.has(name))
        problems.push({ field: `${path}.name`, message: `"${path}.name" is ${JSON.stringify(name)}, which an earlier entry names too` });
      names.add(name);
    }
    field(spec, `${path}.`, 'shape', SHAPE, problems);
    field(spec, `${path}.`, 'dtype', FLOAT32, problems);
  });
  return problems.length === before ? (specs as CheckpointWeightSpec[]) : undefined;
}

function filesProblems(value: Value, specs: CheckpointWeightSpec[] | undefined, problems: RunFileProblem[]): void {
  const required = value.format === CHECKPOINT_FORMAT;
  if (!field(value, '', 'files', OBJECT, problems, !required) || !required) return;
  const files = value.files as Value;
  const path = `files["${CHECKPOINT_WEIGHTS}"]`;
  const entry = files[CHECKPOINT_WEIGHTS];
  if (entry === undefined) {
    problems.push({ field: path, message: `"${path}" is missing; it must be { "bytes": the file's size, "sha256": its checksum }` });
    return;
  }
  if (!isObject(entry)) {
    problems.push({ field: path, message: `"${path}" must be { "bytes", "sha256" }, found ${describeFound(entry)}` });
    return;
  }
  const bytesOk = field(entry, `${path}.`, 'bytes', COUNT, problems);
  field(entry, `${path}.`, 'sha256', SHA256, problems);
  if (bytesOk && specs) {
    const expected = weightsBytes(specs);
    if (entry.bytes !== expected)
      problems.push({
        field: `${path}.bytes`,
        message: `"${path}.bytes" must be 4 bytes for each of the ${expected / 4} values "weightsManifest" lists (${expected}), found ${describeFound(entry.bytes)}`,
      });
  }
}

/** Every problem of `value` as the content of checkpoint.json; [] when it is a CheckpointManifest. */
export function checkpointManifestProblems(value: unknown): RunFileProblem[] {
  if (!isObject(value))
    return [{ message: `must hold a JSON object (the checkpoint's step, optimizers and weights manifest), found ${describeFound(value)}` }];
  const problems: RunFileProblem[] = [];
  const formatOk = field(value, '', 'format', oneOfFormats, problems);
  field(value, '', 'step', COUNT, problems);
  if (formatOk && value.format !== LEGACY_CHECKPOINT_FORMATS[0] && field(value, '', 'rng', OBJECT, problems))
    rngProblems(value.rng as Value, problems);
  if (field(value, '', 'optimizers', OBJECT, problems)) {
    const optimizers = value.optimizers as Value;
    optimizerProblems(optimizers, 'generator', problems);
    optimizerProblems(optimizers, 'discriminator', problems);
    optimizerProblems(optimizers, 'mutualInformation', problems, true);
  }
  const specs = weightsProblems(value, problems);
  if (formatOk) filesProblems(value, specs, problems);
  return problems;
}

/** checkpoint.json's text as a CheckpointManifest, or what is wrong with it. */
export function parseCheckpointManifest(text: string): { manifest: CheckpointManifest } | { problems: RunFileProblem[] } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    return {
      problems: [
        {
          message: `not valid JSON (${reason}); the trainer writes checkpoint.json whole, so it was cut short or edited`,
        },
      ],
    };
  }
  const problems = checkpointManifestProblems(value);
  // Every field CheckpointManifest defines was checked above.
  return problems.length === 0 ? { manifest: value as CheckpointManifest } : { problems };
}
