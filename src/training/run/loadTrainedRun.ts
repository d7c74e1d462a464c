/**
 * A finished (or stopped) run ready for inference: its resolved experiment, run.json, and the GAN
 * restored from a checkpoint (the latest unless one is named). Every problem is a TrainedRunError
 * that names the file and says what to do.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Experiment } from '../../shared/experiment/schema';
import { checkpointsDirOf, CHECKPOINT_MANIFEST, latestCheckpointSync } from '../../shared/runDirectory/checkpoints';
import { requireRunDirectorySync } from '../../shared/runDirectory/isRunDirectory';
import { readRunMetaSync } from '../../shared/runDirectory/readRunMeta';
import { RunFileError } from '../../shared/runDirectory/runFileError';
import { readRunExperimentSync } from '../../shared/runDirectory/runExperiment';
import type { DataShape, RunMeta } from '../../shared/runFormat';
import { createDataset } from '../data/createDataset';
import { createGan, type Gan } from '../gan';
import { Rng } from '../random';
import { loadCheckpoint } from './checkpoint';

export class TrainedRunError extends Error {
  constructor(
    message: string,
    /** The file and field at fault, when the problem is in one (`--json` reports them). */
    readonly file?: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export interface TrainedRun {
  runDir: string;
  config: Experiment;
  meta: RunMeta;
  shape: DataShape;
  /** The checkpoint folder the weights came from, and its step. */
  checkpoint: string;
  step: number;
  gan: Gan;
}

/** The run's resolved experiment and run.json, through the run directory's one reader. */
function readRun(runDir: string): { config: Experiment; meta: RunMeta } {
  try {
    requireRunDirectorySync(runDir);
    return { config: readRunExperimentSync(runDir), meta: readRunMetaSync(runDir) };
  } catch (e) {
    throw e instanceof RunFileError ? new TrainedRunError(e.message, e.file, e.field) : e;
  }
}

/** The data shape from run.json, or (older runs) from the data source itself. */
function dataShape(meta: RunMeta, config: Experiment): DataShape {
  if (meta.data) return meta.data;
  try {
    const dataset = createDataset(config.data, dirname(meta.experimentFile));
    return { dim: dataset.dim, ...(dataset.image && { image: dataset.image }) };
  } catch (e) {
    throw new TrainedRunError(
      `run.json does not record the data's shape and the data cannot be loaded to find it: ${(e as Error).message}`,
    );
  }
}

function checkpointFolder(runDir: string, named: string | undefined): string {
  if (named !== undefined) {
    const folder = resolve(named);
    if (!existsSync(join(folder, CHECKPOINT_MANIFEST)))
      throw new TrainedRunError(
        `${folder}: not a checkpoint folder (${CHECKPOINT_MANIFEST} is missing); name a folder under ${checkpointsDirOf(runDir)}`,
      );
    return folder;
  }
  const latest = latestCheckpointSync(checkpointsDirOf(runDir));
  if (!latest)
    throw new TrainedRunError(
      `${runDir}: no checkpoint (checkpoints are written every logging.checkpointEvery steps and at the end); train the run longer or resume it`,
    );
  return latest;
}

/** Loads the run in `runDirectory`; the caller disposes `gan`. */
export function loadTrainedRun(runDirectory: string, checkpoint?: string): TrainedRun {
  const runDir = resolve(runDirectory);
  const { config, meta } = readRun(runDir);
  const folder = checkpointFolder(runDir, checkpoint);
  const shape = dataShape(meta, config);
  const gan = createGan(config, shape, new Rng(config.seed));
  try {
    const { step } = loadCheckpoint(folder, gan);
    return { runDir, config, meta, shape, checkpoint: folder, step, gan };
  } catch (e) {
    gan.dispose();
    throw new TrainedRunError((e as Error).message);
  }
}
