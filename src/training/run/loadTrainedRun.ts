/**
 * A finished (or stopped) run ready for inference: its resolved experiment, run.json, and the GAN
 * restored from a checkpoint (the latest unless one is named). Every problem is a TrainedRunError
 * that names the file and says what to do; a damaged checkpoint's also names the newest intact one.
 */
import { existsSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { Experiment } from '../../shared/experiment/schema';
import { checkpointFoldersSync, checkpointsDirOf, CHECKPOINT_MANIFEST, latestCheckpointSync } from '../../shared/runDirectory/checkpoints';
import {
  checkCheckpointSync,
  describeDamage,
  newestIntactCheckpointSync,
  type DamagedCheckpoint,
} from '../../shared/runDirectory/checkpointIntegrity';
import { requireRunDirectorySync } from '../../shared/runDirectory/isRunDirectory';
import { readRunMetaSync } from '../../shared/runDirectory/readRunMeta';
import { RunFileError } from '../../shared/runDirectory/runFileError';
import { readRunExperimentSync } from '../../shared/runDirectory/runExperiment';
import type { DataShape, RunMeta } from '../../shared/runFormat';
import { createDataset } from '../data/createDataset';
import { createGan, type Gan } from '../gan';
import { Rng } from '../random';
import { restoreCheckpoint } from './checkpoint';
import { stepName } from './runDirectory';

export class TrainedRunError extends Error {
  constructor(
    message: string,
    /** The file and field at fault, when the problem is in one (`--json` reports them). */
    readonly file?: string,
    readonly field?: string,
    /** When the checkpoint is damaged: the newest intact checkpoint folder of the run, to offer instead. */
    readonly intactCheckpoint?: string,
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
  /** What the reader should know about the checkpoint (an earlier version's has no checksum). */
  notes: string[];
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

/** A step number, "step-N" or a checkpoint folder's name: a checkpoint of the run named by its step. */
const STEP_ARGUMENT = /^(?:step-)?(\d+)$/;

/**
 * The folder `named` means: a checkpoint of the run by its step ("2000", "step-2000" or the folder's
 * name "step-00002000"), else a path to a checkpoint folder.
 */
function namedCheckpoint(runDir: string, named: string): string {
  const checkpointsDir = checkpointsDirOf(runDir);
  const step = STEP_ARGUMENT.exec(named);
  if (step && !existsSync(resolve(named))) {
    const folder = join(checkpointsDir, stepName(Number(step[1])));
    if (existsSync(folder)) return folder;
    const names = checkpointFoldersSync(checkpointsDir);
    const have = names.length > 0 ? `its checkpoints are ${names.join(', ')}` : 'it has no checkpoint';
    throw new TrainedRunError(`${runDir}: no checkpoint at step ${Number(step[1])}; ${have}`);
  }
  const folder = resolve(named);
  if (!existsSync(folder) || !statSync(folder).isDirectory() || !existsSync(join(folder, CHECKPOINT_MANIFEST)))
    throw new TrainedRunError(
      `${folder}: not a checkpoint folder (${CHECKPOINT_MANIFEST} is missing); name a folder under ${checkpointsDir} or a step`,
    );
  return folder;
}

function checkpointFolder(runDir: string, named: string | undefined): string {
  if (named !== undefined) return namedCheckpoint(runDir, named);
  const latest = latestCheckpointSync(checkpointsDirOf(runDir));
  if (!latest)
    throw new TrainedRunError(
      `${runDir}: no checkpoint (checkpoints are written every logging.checkpointEvery steps and at the end); train the run longer or resume it`,
    );
  return latest;
}

/** The error for a damaged checkpoint: the file, the problem, and the newest intact checkpoint of the run to pass instead. */
export function damagedCheckpointError(runDir: string, damage: DamagedCheckpoint): TrainedRunError {
  const { intact } = newestIntactCheckpointSync(checkpointsDirOf(runDir));
  const offer =
    intact && intact.folder !== damage.folder
      ? `the newest intact checkpoint is ${basename(intact.folder)}: pass --checkpoint ${basename(intact.folder)}`
      : `no checkpoint of this run is intact: restore the files or train the run again`;
  return new TrainedRunError(
    `${describeDamage(damage)}; ${offer}`,
    damage.file,
    damage.field,
    intact && intact.folder !== damage.folder ? intact.folder : undefined,
  );
}

/** Loads the run in `runDirectory`; the caller disposes `gan`. */
export function loadTrainedRun(runDirectory: string, checkpoint?: string): TrainedRun {
  const runDir = resolve(runDirectory);
  const { config, meta } = readRun(runDir);
  const folder = checkpointFolder(runDir, checkpoint);
  const check = checkCheckpointSync(folder);
  if (!check.ok) throw damagedCheckpointError(runDir, check);
  const shape = dataShape(meta, config);
  const gan = createGan(config, shape, new Rng(config.seed));
  try {
    const { step, notes } = restoreCheckpoint(check, gan);
    return { runDir, config, meta, shape, checkpoint: folder, step, gan, notes };
  } catch (e) {
    gan.dispose();
    throw e instanceof RunFileError ? new TrainedRunError(e.message, e.file, e.field) : new TrainedRunError((e as Error).message);
  }
}
