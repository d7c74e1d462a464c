/**
 * Damaged copies of a checkpoint, by class, for the checkpoint tests: values that are not finite
 * (checkpoint.json's checksum made to match, as a hand edit would, so only the values give them
 * away), weights.bin cut short or with a flipped byte, checkpoint.json not JSON, with a field of the
 * wrong type or an entry missing. Each damage says which file it is in and what the message must say
 * after "<file>: ".
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

type Json = Record<string, unknown>;
interface Spec {
  name: string;
  shape: number[];
}

export interface CheckpointDamage {
  name: string;
  /** The file the message must name: weights.bin or checkpoint.json. */
  file: 'weights.bin' | 'checkpoint.json';
  /** The field (checkpoint.json) or variable (weights.bin) the --json error names, when there is one. */
  field?: string;
  /** What the message says after "<file>: ". */
  problem: RegExp;
  damage: (folder: string) => void;
}

const manifestOf = (folder: string): Json => JSON.parse(readFileSync(join(folder, 'checkpoint.json'), 'utf8')) as Json;
const writeManifest = (folder: string, manifest: unknown) =>
  writeFileSync(join(folder, 'checkpoint.json'), JSON.stringify(manifest, null, 2));
const specsOf = (manifest: Json): Spec[] => (manifest.weightsManifest as { weights: Spec[] }[])[0]!.weights;
const size = (spec: Spec) => spec.shape.reduce((a, b) => a * b, 1);

/** The name of the `which`th variable ('first', 'middle' or 'last') of the checkpoint in `folder`, and its index of values. */
export function variableAt(folder: string, which: 'first' | 'middle' | 'last'): { name: string; offset: number; size: number } {
  const specs = specsOf(manifestOf(folder));
  const index = which === 'first' ? 0 : which === 'last' ? specs.length - 1 : Math.floor(specs.length / 2);
  const offset = specs.slice(0, index).reduce((n, s) => n + size(s), 0);
  return { name: specs[index]!.name, offset, size: size(specs[index]!) };
}

/** Writes `value` at value `index` of the variable `which`, and (as a hand edit would) the checksum of the new weights.bin. */
export function writeValue(folder: string, which: 'first' | 'middle' | 'last', index: number, value: number, fixChecksum = true): string {
  const variable = variableAt(folder, which);
  const file = join(folder, 'weights.bin');
  const bytes = readFileSync(file);
  bytes.writeFloatLE(value, 4 * (variable.offset + Math.min(index, variable.size - 1)));
  writeFileSync(file, bytes);
  if (fixChecksum) {
    const manifest = manifestOf(folder);
    const files = manifest.files as Record<string, { bytes: number; sha256: string }> | undefined;
    if (files) files['weights.bin']!.sha256 = createHash('sha256').update(bytes).digest('hex');
    writeManifest(folder, manifest);
  }
  return variable.name;
}

/** Replaces fields of checkpoint.json (`undefined` removes one). */
export function editManifest(folder: string, edit: (manifest: Json) => unknown): void {
  writeManifest(folder, edit(manifestOf(folder)));
}

/** Turns a format-3 checkpoint into one an earlier version wrote (format 2: no sizes or checksums). */
export function asLegacy(folder: string): void {
  editManifest(folder, (m) => ({ ...m, format: 'gan-workbench-checkpoint/2', files: undefined }));
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Values that are not finite, in different variables (the first, one in the middle, the last: an optimizer slot). */
export function nonFiniteDamages(folder: string): CheckpointDamage[] {
  const cases: [which: 'first' | 'middle' | 'last', value: number, index: number, shown: string][] = [
    ['first', NaN, 0, 'NaN'],
    ['middle', Infinity, 3, '+Infinity'],
    ['last', -Infinity, 1, '−Infinity'],
    ['middle', NaN, 1_000_000, 'NaN'],
  ];
  return cases.map(([which, value, index, shown]) => {
    const name = variableAt(folder, which).name;
    return {
      name: `${shown} in ${which} variable ${name}`,
      file: 'weights.bin',
      field: name,
      problem: new RegExp(`^variable ${escape(name)} holds ${escape(shown)} at index \\d+; .*damaged or edited$`),
      damage: (f) => void writeValue(f, which, index, value),
    };
  });
}

/** weights.bin cut short (several lengths, 0 among them) or with one byte flipped (same size). */
export function weightsFileDamages(bytes: number): CheckpointDamage[] {
  const truncated = (length: number): CheckpointDamage => ({
    name: `weights.bin cut to ${length} of ${bytes} bytes`,
    file: 'weights.bin',
    problem: new RegExp(`^size mismatch: ${length} bytes, checkpoint\\.json records ${bytes} \\(file truncated\\)$`),
    damage: (f) => truncateSync(join(f, 'weights.bin'), length),
  });
  const flipped = (at: number, mask: number): CheckpointDamage => ({
    name: `weights.bin byte ${at} flipped (^0x${mask.toString(16)})`,
    file: 'weights.bin',
    problem: /^checksum mismatch \(file changed or truncated\)$/,
    damage: (f) => {
      const file = join(f, 'weights.bin');
      const b = readFileSync(file);
      b[at] = b[at]! ^ mask;
      writeFileSync(file, b);
    },
  });
  return [
    truncated(0),
    truncated(1),
    truncated(Math.floor(bytes / 2)),
    truncated(bytes - 4),
    flipped(0, 0x01),
    flipped(Math.floor(bytes / 3), 0x80),
    flipped(bytes - 1, 0x10),
  ];
}

/** checkpoint.json cut short or not JSON, a field of the wrong type, an entry missing. */
export function manifestDamages(intact: string): CheckpointDamage[] {
  const manifest = JSON.parse(intact) as Json;
  const edited = (name: string, field: string, problem: RegExp, edit: (m: Json) => unknown): CheckpointDamage => ({
    name,
    file: 'checkpoint.json',
    field,
    problem,
    damage: (f) => editManifest(f, () => edit(structuredClone(manifest))),
  });
  const text = (name: string, content: string, problem: RegExp): CheckpointDamage => ({
    name,
    file: 'checkpoint.json',
    problem,
    damage: (f) => writeFileSync(join(f, 'checkpoint.json'), content),
  });
  const notJson = /^not valid JSON \(.+\); the trainer writes checkpoint\.json whole, so it was cut short or edited$/;
  const weights = (m: Json) => specsOf(m);
  return [
    text('empty checkpoint.json', '', notJson),
    text('checkpoint.json cut short', intact.slice(0, Math.floor(intact.length / 2)), notJson),
    text('checkpoint.json not JSON', 'hello', notJson),
    text('checkpoint.json an array', '[1]', /^must hold a JSON object .*found an array of 1$/),
    edited('wrong type: step', 'step', /^"step" must be a non-negative integer, found "abc"$/, (m) => ({ ...m, step: 'abc' })),
    edited(
      'wrong type: a weight shape',
      'weightsManifest[0].weights[1].shape',
      /^"weightsManifest\[0\]\.weights\[1\]\.shape" must be a list of non-negative integers, found "8x2"$/,
      (m) => {
        weights(m)[1]!.shape = '8x2' as unknown as number[];
        return m;
      },
    ),
    edited(
      'wrong type: the checksum',
      'files["weights.bin"].sha256',
      /^"files\["weights\.bin"\]\.sha256" must be a SHA-256 as 64 hexadecimal digits, found 12$/,
      (m) => {
        (m.files as Record<string, Json>)['weights.bin']!.sha256 = 12;
        return m;
      },
    ),
    edited(
      'wrong type: optimizer iterations',
      'optimizers.generator.iterations',
      /^"optimizers\.generator\.iterations" must be a non-negative integer, found -3$/,
      (m) => {
        (m.optimizers as Record<string, Json>).generator!.iterations = -3;
        return m;
      },
    ),
    edited(
      'missing manifest entry: files["weights.bin"]',
      'files["weights.bin"]',
      /^"files\["weights\.bin"\]" is missing; it must be/,
      (m) => ({ ...m, files: {} }),
    ),
    edited('missing manifest entry: files', 'files', /^"files" is missing; it must be an object$/, (m) => ({ ...m, files: undefined })),
    edited(
      'missing manifest entry: a weight',
      'files["weights.bin"].bytes',
      /^"files\["weights\.bin"\]\.bytes" must be 4 bytes for each of the \d+ values "weightsManifest" lists \(\d+\), found \d+$/,
      (m) => {
        weights(m).splice(1, 1);
        return m;
      },
    ),
    edited('step edited', 'step', /^"step" is 20 but the folder is step-\d+; the file was edited or moved$/, (m) => ({ ...m, step: 20 })),
    edited('missing manifest entry: rng.noise', 'rng.noise', /^"rng\.noise" is missing; it must be an object$/, (m) => ({
      ...m,
      rng: { ...(m.rng as Json), noise: undefined },
    })),
  ];
}

/** Writes a small intact checkpoint into `folder` (format 3, one variable of one value) for tests that only list or choose checkpoints. */
export function writeSmallCheckpoint(folder: string, step: number): void {
  const bytes = new Uint8Array(new Float32Array([0.5]).buffer);
  const state = { a: 1, b: 2, c: 3, d: 4, spareNormal: null };
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'weights.bin'), bytes);
  writeManifest(folder, {
    format: 'gan-workbench-checkpoint/3',
    step,
    rng: { data: state, noise: state, regularization: state, evaluation: state },
    optimizers: { generator: { kind: 'adam', iterations: step }, discriminator: { kind: 'adam', iterations: step } },
    weightsManifest: [{ paths: ['weights.bin'], weights: [{ name: 'generator/dense0/bias', shape: [1], dtype: 'float32' }] }],
    files: { 'weights.bin': { bytes: 4, sha256: createHash('sha256').update(bytes).digest('hex') } },
  });
}
