/**
 * Whether a checkpoint can be loaded, checked before any of it is: checkpoint.json field by field
 * (checkpointManifestCheck.ts), then weights.bin's size and SHA-256 against what checkpoint.json
 * records, then every value finite. A checkpoint written by an earlier version records no size or
 * checksum: its size is checked against the weights manifest and its values, with a note. Damage
 * is one problem naming the file (and the field or variable) and what is wrong, e.g.
 * `…/step-00003000/weights.bin: checksum mismatch (file changed or truncated)`. Synchronous: the
 * trainer and the CLIs call it.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { CHECKPOINT_MANIFEST, checkpointFoldersSync } from './checkpoints';
import { CHECKPOINT_WEIGHTS, parseCheckpointManifest, specValues, weightsBytes, type CheckpointManifest } from './checkpointManifestCheck';
import { errorCode, errorText, RunFileError } from './runFileError';

/** An intact checkpoint: its manifest, its values (float32, in the manifest's order) and what the reader should know. */
export interface IntactCheckpoint {
  ok: true;
  folder: string;
  manifest: CheckpointManifest;
  values: Float32Array;
  /** E.g. that an earlier version wrote it without a checksum. */
  notes: string[];
}

/** A damaged checkpoint: the file at fault, the field or variable when it is one, and what is wrong. */
export interface DamagedCheckpoint {
  ok: false;
  folder: string;
  file: string;
  field?: string;
  /** What is wrong, for a line after "<file>: ". */
  problem: string;
}

export type CheckpointCheck = IntactCheckpoint | DamagedCheckpoint;

/** The damage as one line: "<file>: <problem>". */
export const describeDamage = (d: DamagedCheckpoint): string => `${d.file}: ${d.problem}`;

/** The damage as an error naming the file and field (`--json` reports them). */
export const damageError = (d: DamagedCheckpoint, message = describeDamage(d)): RunFileError =>
  new RunFileError(d.file, [{ message: d.problem, ...(d.field !== undefined && { field: d.field }) }], message);

/** The SHA-256 of `bytes`, hex (what checkpoint.json records). */
export const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

const FOLDER_STEP = /^step-(\d+)$/;

/** A value's kind, as a message names it. */
const nonFiniteName = (v: number) => (Number.isNaN(v) ? 'NaN' : v > 0 ? '+Infinity' : '−Infinity');

/** The first variable holding a value that is not finite: its name, index, value and how many such values it holds. */
function firstNonFinite(
  manifest: CheckpointManifest,
  values: Float32Array,
): { name: string; index: number; value: number; count: number } | undefined {
  let offset = 0;
  for (const spec of manifest.weightsManifest[0]!.weights) {
    const n = specValues(spec);
    let first = -1;
    let count = 0;
    for (let i = 0; i < n; i++) {
      const v = values[offset + i]!;
      if (v - v !== 0) {
        // NaN − NaN and ±Infinity − ±Infinity are NaN; every finite value gives 0.
        if (first < 0) first = i;
        count++;
      }
    }
    if (first >= 0) return { name: spec.name, index: first, value: values[offset + first]!, count };
    offset += n;
  }
  return undefined;
}

function readManifest(folder: string): { manifest: CheckpointManifest } | DamagedCheckpoint {
  const file = join(folder, CHECKPOINT_MANIFEST);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const problem =
      errorCode(e) === 'ENOENT'
        ? `missing; ${basename(folder)} is not a complete checkpoint (the trainer writes checkpoint.json last)`
        : `cannot be read: ${errorText(e)}`;
    return { ok: false, folder, file, problem };
  }
  const parsed = parseCheckpointManifest(text);
  if ('problems' in parsed) {
    const [first] = parsed.problems;
    return { ok: false, folder, file, problem: first!.message, ...(first!.field !== undefined && { field: first!.field }) };
  }
  const step = FOLDER_STEP.exec(basename(folder));
  if (step && Number(step[1]) !== parsed.manifest.step)
    return {
      ok: false,
      folder,
      file,
      field: 'step',
      problem: `"step" is ${parsed.manifest.step} but the folder is ${basename(folder)}; the file was edited or moved`,
    };
  return parsed;
}

/** Checks the checkpoint in `folder` (see the file's comment); never throws. */
export function checkCheckpointSync(folder: string): CheckpointCheck {
  const read = readManifest(folder);
  if (!('manifest' in read)) return read;
  const { manifest } = read;
  const file = join(folder, CHECKPOINT_WEIGHTS);
  const damaged = (problem: string, field?: string): DamagedCheckpoint => ({
    ok: false,
    folder,
    file,
    problem,
    ...(field !== undefined && { field }),
  });
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    return damaged(errorCode(e) === 'ENOENT' ? `missing; the checkpoint's weights are in it` : `cannot be read: ${errorText(e)}`);
  }
  const recorded = manifest.files?.[CHECKPOINT_WEIGHTS];
  const expected = recorded?.bytes ?? weightsBytes(manifest.weightsManifest[0]!.weights);
  if (bytes.byteLength !== expected) {
    const what = recorded ? `${CHECKPOINT_MANIFEST} records ${expected}` : `the weights ${CHECKPOINT_MANIFEST} lists take ${expected}`;
    const how = bytes.byteLength < expected ? 'truncated' : 'changed';
    return damaged(`size mismatch: ${bytes.byteLength} bytes, ${what} (file ${how})`);
  }
  const notes: string[] = [];
  if (recorded) {
    if (sha256(bytes) !== recorded.sha256) return damaged('checksum mismatch (file changed or truncated)');
  } else
    notes.push(`${folder}: written by an earlier version without a checksum (format ${manifest.format}); its size and values were checked`);
  const values = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  const bad = firstNonFinite(manifest, values);
  if (bad) {
    const more = bad.count > 1 ? ` (${bad.count} values of it are not finite)` : '';
    return damaged(
      `variable ${bad.name} holds ${nonFiniteName(bad.value)} at index ${bad.index}${more}; the trainer never writes a checkpoint from weights that are not finite, so the file was damaged or edited`,
      bad.name,
    );
  }
  return { ok: true, folder, manifest, values, notes };
}

/** The newest intact checkpoint under `checkpointsDir`, and the damaged ones newer than it (newest first). */
export interface IntactSearch {
  intact?: IntactCheckpoint;
  damaged: DamagedCheckpoint[];
}

/** Checks the checkpoints under `checkpointsDir` from the newest, stopping at the first intact one. */
export function newestIntactCheckpointSync(checkpointsDir: string): IntactSearch {
  const damaged: DamagedCheckpoint[] = [];
  for (const name of checkpointFoldersSync(checkpointsDir).reverse()) {
    const check = checkCheckpointSync(join(checkpointsDir, name));
    if (check.ok) return { intact: check, damaged };
    damaged.push(check);
  }
  return { damaged };
}
