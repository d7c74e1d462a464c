/** Reads and validates an experiment file; errors name the file, line, column and fix. */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { TrainArgs } from './cli/args';
import { resumePoint, type ResumePoint } from './run/resume';
import type { Experiment } from '../shared/experiment/schema';
import { formatProblem, validateExperiment, type ConfigProblem } from '../shared/experiment/validate';
import { validateExperimentFile } from './validateExperimentFile';

export class ExperimentFileError extends Error {
  constructor(
    readonly file: string,
    readonly problems: ConfigProblem[],
    message = problems.map((p) => formatProblem(file, p)).join('\n'),
  ) {
    super(message);
  }
}

function readExperimentText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (e as Error).message;
    throw new ExperimentFileError(path, [], `${path}: cannot read the experiment file: ${reason}`);
  }
}

/** An experiment file's config, both phases checked (its data files too): what the command line trains. */
export async function loadExperimentFile(file: string): Promise<Experiment> {
  const path = resolve(file);
  const result = await validateExperimentFile(readExperimentText(path), path);
  if (!result.ok) throw new ExperimentFileError(path, result.problems);
  return result.config;
}

/**
 * An experiment file's config from phase 1 only (the text; the data files are not looked at, and
 * the data set reports them when it loads): for code that builds a trainer on a file it wrote.
 */
export function loadExperiment(file: string): Experiment {
  const path = resolve(file);
  const result = validateExperiment(readExperimentText(path));
  if (!result.ok) throw new ExperimentFileError(path, result.problems);
  return result.config;
}

export interface TrainingInput {
  config: Experiment;
  experimentFile: string;
  resume?: ResumePoint;
}

/** The config to train from the command line: an experiment file (both phases of validation), or a run to resume. */
export async function loadTrainingInput(args: Pick<TrainArgs, 'experiment' | 'resume'>): Promise<TrainingInput> {
  if (args.resume === undefined) return { config: await loadExperimentFile(args.experiment), experimentFile: resolve(args.experiment) };
  const resume = resumePoint(resolve(args.resume));
  return { config: resume.config, experimentFile: resume.previous.experimentFile || join(resume.runDir, 'experiment.json'), resume };
}
