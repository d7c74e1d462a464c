/**
 * Checkpoints: every variable of the GAN (weights, normalisation statistics, optimizer slots) in
 * the TensorFlow.js weights format (`checkpoint.json` manifest + `weights.bin`) and the state of
 * every random stream, written into a temp folder and renamed, so a checkpoint folder is always
 * complete. Only the newest `keep` are kept.
 */
import * as tf from '@tensorflow/tfjs';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Gan } from '../gan';
import { logicalName } from '../models/variables';
import { FileWriteError, writeJsonAtomic } from '../../shared/atomicFile';
import { CHECKPOINT_MANIFEST, checkpointFoldersSync } from '../../shared/runDirectory/checkpoints';
import { isStreamStates, type StreamStates } from '../streams';
import { stepName } from './runDirectory';

export const CHECKPOINT_FORMAT = 'gan-workbench-checkpoint/2';
/** Format 1 had no random-stream states: a run resumed from it draws new batches. */
const CHECKPOINT_FORMAT_V1 = 'gan-workbench-checkpoint/1';

export interface CheckpointManifest {
  format: typeof CHECKPOINT_FORMAT | typeof CHECKPOINT_FORMAT_V1;
  step: number;
  /** State of each random stream after `step` (format 2). */
  rng?: StreamStates;
  optimizers: {
    generator: OptimizerEntry;
    discriminator: OptimizerEntry;
    /** The energy objective's mutual-information network (encoder or statistics network), when it has one. */
    mutualInformation?: OptimizerEntry;
  };
  weightsManifest: { paths: string[]; weights: { name: string; shape: number[]; dtype: 'float32' }[] }[];
}

interface OptimizerEntry {
  kind: string;
  iterations: number;
}

function ganVariables(gan: Gan): tf.Variable[] {
  const mi = gan.mutualInformation;
  return [
    ...gan.generator.variables,
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
      { paths: ['weights.bin'], weights: variables.map((v) => ({ name: logicalName(v), shape: v.shape, dtype: 'float32' })) },
    ],
  };
  rmSync(temp, { recursive: true, force: true });
  mkdirSync(temp);
  try {
    writeFileSync(join(temp, 'weights.bin'), bytes);
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

/** Restores every variable of `gan` from a checkpoint folder; returns its step and stream states. */
export function loadCheckpoint(folder: string, gan: Gan): CheckpointContents {
  const manifest = JSON.parse(readFileSync(join(folder, CHECKPOINT_MANIFEST), 'utf8')) as CheckpointManifest;
  if (manifest.format !== CHECKPOINT_FORMAT && manifest.format !== CHECKPOINT_FORMAT_V1)
    throw new Error(`${folder}: not a GAN Workbench checkpoint (format ${String(manifest.format)})`);
  if (manifest.format === CHECKPOINT_FORMAT && !isStreamStates(manifest.rng))
    throw new Error(`${folder}/checkpoint.json: "rng" is missing or malformed; resume from an earlier checkpoint`);
  const buffer = readFileSync(join(folder, 'weights.bin'));
  const byName = new Map(ganVariables(gan).map((v) => [logicalName(v), v]));
  let offset = 0;
  for (const spec of manifest.weightsManifest[0]!.weights) {
    const size = spec.shape.reduce((a, b) => a * b, 1);
    const variable = byName.get(spec.name);
    if (!variable || variable.shape.join('x') !== spec.shape.join('x'))
      throw new Error(`${folder}: variable ${spec.name} [${spec.shape.join(', ')}] does not match the experiment's networks`);
    const values = new Float32Array(buffer.buffer.slice(buffer.byteOffset + offset, buffer.byteOffset + offset + size * 4));
    tf.tidy(() => variable.assign(tf.tensor(values, spec.shape)));
    offset += size * 4;
    byName.delete(spec.name);
  }
  if (byName.size > 0) throw new Error(`${folder}: checkpoint lacks ${[...byName.keys()].join(', ')}`);
  gan.generatorOptimizer.restoreIterations(manifest.optimizers.generator.iterations);
  gan.discriminatorOptimizer.restoreIterations(manifest.optimizers.discriminator.iterations);
  const mi = manifest.optimizers.mutualInformation;
  if (gan.mutualInformation && mi) gan.mutualInformation.optimizer.restoreIterations(mi.iterations);
  return { step: manifest.step, ...(manifest.rng && { rng: manifest.rng }) };
}
