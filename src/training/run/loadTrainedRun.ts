/**
 * A finished (or stopped) run ready for inference: its resolved experiment, run.json, and the GAN
 * restored from a checkpoint (the latest unless one is named). Every problem is a TrainedRunError
 * that names the file and says what to do.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Experiment } from '../../shared/experiment/schema';
import { formatProblem, validateExperiment } from '../../shared/experiment/validate';
import { RUN_FILES, type DataShape, type RunMeta } from '../../shared/runFormat';
import { createDataset } from '../data/createDataset';
import { createGan, type Gan } from '../gan';
import { Rng } from '../random';
import { latestCheckpoint, loadCheckpoint } from './checkpoint';

export class TrainedRunError extends Error {}

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

function readConfig(runDir: string): Experiment {
  const file = join(runDir, RUN_FILES.experiment);
  if (!existsSync(file)) throw new TrainedRunError(`${runDir}: not a run directory (experiment.json is missing)`);
  const result = validateExperiment(readFileSync(file, 'utf8'));
  if (!result.ok) throw new TrainedRunError(result.problems.map((p) => formatProblem(file, p)).join('\n'));
  return result.config;
}

function readMeta(runDir: string): RunMeta {
  const file = join(runDir, RUN_FILES.meta);
  if (!existsSync(file)) throw new TrainedRunError(`${file}: missing — is this a run directory?`);
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as RunMeta;
  } catch (e) {
    throw new TrainedRunError(`${file}: cannot be read: ${(e as Error).message}`);
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
    if (!existsSync(join(folder, 'checkpoint.json')))
      throw new TrainedRunError(
        `${folder}: not a checkpoint folder (checkpoint.json is missing); name a folder under ${join(runDir, RUN_FILES.checkpoints)}`,
      );
    return folder;
  }
  const latest = latestCheckpoint(join(runDir, RUN_FILES.checkpoints));
  if (!latest)
    throw new TrainedRunError(
      `${runDir}: no checkpoint (checkpoints are written every logging.checkpointEvery steps and at the end); train the run longer or resume it`,
    );
  return latest;
}

/** Loads the run in `runDirectory`; the caller disposes `gan`. */
export function loadTrainedRun(runDirectory: string, checkpoint?: string): TrainedRun {
  const runDir = resolve(runDirectory);
  if (!existsSync(runDir) || !statSync(runDir).isDirectory()) throw new TrainedRunError(`${runDir}: no such run directory`);
  const config = readConfig(runDir);
  const meta = readMeta(runDir);
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
