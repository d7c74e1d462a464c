/**
 * Checkpoints: every variable of the GAN (weights, normalisation statistics, optimizer slots) in
 * the TensorFlow.js weights format (`checkpoint.json` manifest + `weights.bin`) and the state of
 * every random stream, written into a temp folder and renamed, so a checkpoint folder is always
 * complete. checkpoint.json, written last, records weights.bin's size and SHA-256; loading checks
 * them and that every value is finite before it assigns anything
 * (src/shared/runDirectory/checkpointIntegrity.ts). Only the newest `keep` are kept.
 */
import * as tf from '@tensorflow/tfjs';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Gan } from '../gan';
import { logicalName } from '../models/variables';
import { FileWriteError, writeJsonAtomic } from '../../shared/atomicFile';
import { CHECKPOINT_MANIFEST, checkpointFoldersSync } from '../../shared/runDirectory/checkpoints';
import { checkCheckpointSync, damageError, sha256, type IntactCheckpoint } from '../../shared/runDirectory/checkpointIntegrity';
import {
  CHECKPOINT_FORMAT,
  CHECKPOINT_WEIGHTS,
  specValues,
  type CheckpointManifest,
} from '../../shared/runDirectory/checkpointManifestCheck';
import type { StreamStates } from '../streams';
import { stepName } from './runDirectory';

export { CHECKPOINT_FORMAT, type CheckpointManifest };

function ganVariables(gan: Gan): tf.Variable[] {
  const mi = gan.mutualInformation;
  return [
    ...gan.generator.variables,
    ...(gan.generatorAverage?.network.variables ?? []),
    ...gan.discriminator.variables,
    ...gan.generatorOptimizer.state,
    ...gan.discriminatorOptimizer.state,
    ...(mi ? [...mi.variables, ...mi.optimizer.state] : []),
  ];
}

export interface CheckpointContents {
  step: number;
  /** Absent in checkpoints written before streams were saved. */
  rng?: StreamStates;
  /** What the reader should know (a checkpoint of an earlier version has no checksum). */
  notes: string[];
}

/**
 * Writes `checkpoints/step-N/` under `checkpointsDir` and removes all but the newest `keep`
 * checkpoints; returns the folder name.
 */
export async function saveCheckpoint(checkpointsDir: string, step: number, gan: Gan, rng: StreamStates, keep = Infinity): Promise<string> {
  const name = stepName(step);
  const target = join(checkpointsDir, name);
  const temp = join(checkpointsDir, `.${name}.${process.pid}.tmp`);
  const variables = ganVariables(gan);
  const data = await Promise.all(variables.map((v) => v.data<'float32'>()));
  const bytes = new Uint8Array(data.reduce((n, d) => n + d.byteLength, 0));
  let offset = 0;
  for (const d of data) {
    bytes.set(new Uint8Array(d.buffer, d.byteOffset, d.byteLength), offset);
    offset += d.byteLength;
  }
  const manifest: CheckpointManifest = {
    format: CHECKPOINT_FORMAT,
    step,
    rng,
    optimizers: {
      generator: { kind: gan.generatorOptimizer.kind, iterations: gan.generatorOptimizer.iterations },
      discriminator: { kind: gan.discriminatorOptimizer.kind, iterations: gan.discriminatorOptimizer.iterations },
      ...(gan.mutualInformation && {
        mutualInformation: { kind: gan.mutualInformation.optimizer.kind, iterations: gan.mutualInformation.optimizer.iterations },
      }),
    },
    weightsManifest: [
      { paths: [CHECKPOINT_WEIGHTS], weights: variables.map((v) => ({ name: logicalName(v), shape: v.shape, dtype: 'float32' })) },
    ],
    files: { [CHECKPOINT_WEIGHTS]: { bytes: bytes.byteLength, sha256: sha256(bytes) } },
  };
  rmSync(temp, { recursive: true, force: true });
  mkdirSync(temp);
  try {
    writeFileSync(join(temp, CHECKPOINT_WEIGHTS), bytes);
    writeJsonAtomic(join(temp, CHECKPOINT_MANIFEST), manifest);
    rmSync(target, { recursive: true, force: true });
    renameSync(temp, target);
  } catch (error) {
    rmSync(temp, { recursive: true, force: true });
    throw new FileWriteError(target, error instanceof FileWriteError ? error.cause : error);
  }
  for (const old of checkpointFoldersSync(checkpointsDir).slice(0, -keep))
    rmSync(join(checkpointsDir, old), { recursive: true, force: true });
  return name;
}

/** What a damaged checkpoint passed over by a resume is renamed to: `step-N.damaged`, which no listing reads. */
export const DAMAGED_SUFFIX = '.damaged';
/** A checkpoint a run stopped for a blow-up set aside: written after the last state known to be sound. */
export const BLOWN_UP_SUFFIX = '.blown-up';

/**
 * Renames every complete checkpoint after `step` to `step-N.damaged` (replacing an older one of
 * that name): a resume from `step` passed over them as damaged, and the resumed run writes its own.
 * A run stopped for a blow-up sets aside those after its last sound state as `step-N.blown-up`, so
 * a resume takes the one before. Listings and keepCheckpoints count neither. Returns their new names.
 */
export function setAsideCheckpointsAfter(checkpointsDir: string, step: number, suffix = DAMAGED_SUFFIX): string[] {
  const names = checkpointFoldersSync(checkpointsDir).filter((n) => Number(n.slice('step-'.length)) > step);
  for (const name of names) {
    const aside = join(checkpointsDir, `${name}${suffix}`);
    try {
      rmSync(aside, { recursive: true, force: true });
      renameSync(join(checkpointsDir, name), aside);
    } catch (error) {
      throw new FileWriteError(aside, error);
    }
  }
  return names.map((n) => `${n}${suffix}`);
}

/**
 * Restores every variable of `gan` from a checkpoint folder; returns its step and stream states.
 * A damaged checkpoint (checkpoint.json not valid, weights.bin of the wrong size or checksum, a
 * value that is not finite) throws a RunFileError naming the file and the problem, before any
 * variable is assigned.
 */
export function loadCheckpoint(folder: string, gan: Gan): CheckpointContents {
  const check = checkCheckpointSync(folder);
  if (!check.ok) throw damageError(check);
  return restoreCheckpoint(check, gan);
}

/** Restores every variable of `gan` from a checkpoint checked intact (checkCheckpointSync). */
export function restoreCheckpoint(check: IntactCheckpoint, gan: Gan): CheckpointContents {
  const { folder, manifest, values } = check;
  const byName = new Map(ganVariables(gan).map((v) => [logicalName(v), v]));
  const specs = manifest.weightsManifest[0]!.weights;
  for (const spec of specs) {
    const variable = byName.get(spec.name);
    if (!variable || variable.shape.join('x') !== spec.shape.join('x'))
      throw new Error(`${folder}: variable ${spec.name} [${spec.shape.join(', ')}] does not match the experiment's networks`);
  }
  const missing = [...byName.keys()].filter((name) => !specs.some((s) => s.name === name));
  if (missing.length > 0) throw new Error(`${folder}: checkpoint lacks ${missing.join(', ')}`);
  let offset = 0;
  for (const spec of specs) {
    const size = specValues(spec);
    tf.tidy(() => byName.get(spec.name)!.assign(tf.tensor(values.subarray(offset, offset + size), spec.shape)));
    offset += size;
  }
  gan.generatorOptimizer.restoreIterations(manifest.optimizers.generator.iterations);
  gan.discriminatorOptimizer.restoreIterations(manifest.optimizers.discriminator.iterations);
  const mi = manifest.optimizers.mutualInformation;
  if (gan.mutualInformation && mi) gan.mutualInformation.optimizer.restoreIterations(mi.iterations);
  return { step: manifest.step, ...(manifest.rng && { rng: manifest.rng }), notes: check.notes };
}
