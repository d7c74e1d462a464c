/** Reads and validates an experiment file; errors name the file, line, column and fix. */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { TrainArgs } from './cli/args';
import { UsageError } from './cli/options';
import { resumePoint, type ResumePoint } from './run/resume';
import type { Experiment } from '../shared/experiment/schema';
import type { ConfigWarning } from '../shared/experiment/semantics';
import type { SourceMap } from '../shared/experiment/sourceMap';
import { formatProblem, validateExperiment, type ConfigProblem } from '../shared/experiment/validate';
import { holdsRunFiles } from '../shared/runDirectory/isRunDirectory';
import { checkExperimentFile } from './validateExperimentFile';

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
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EISDIR') throw new ExperimentFileError(path, [], `${path}: ${whatToPassForFolder(path)}`);
    const reason = code === 'ENOENT' ? 'file not found' : (e as Error).message;
    throw new ExperimentFileError(path, [], `${path}: cannot read the experiment file: ${reason}`);
  }
}

/** For a folder given as the experiment file: what it is, and what to pass instead. */
function whatToPassForFolder(folder: string): string {
  let names: string[] = [];
  try {
    names = readdirSync(folder);
  } catch {
    // Unreadable: say what it is all the same.
  }
  if (holdsRunFiles(names))
    return `is a run directory, not an experiment file; to continue the run: gan-train --resume ${folder}; to train anew, pass its experiment file (*.gan.json)`;
  const experiments = names.filter((n) => n.endsWith('.gan.json')).sort();
  const some = experiments.slice(0, 3).join(', ') + (experiments.length > 3 ? `, … (${experiments.length} in all)` : '');
  return experiments.length === 0
    ? `is a folder, not an experiment file; pass an experiment file (*.gan.json) — this folder holds none`
    : `is a folder, not an experiment file; pass one of its experiment files: ${some} (e.g. gan-train ${join(folder, experiments[0]!)})`;
}

/** An experiment file read and checked in both phases: its config, the data files' warnings and its map. */
export interface CheckedExperimentFile {
  config: Experiment;
  /** The data files' warnings (phase 2): the run goes ahead and records them. */
  warnings: ConfigWarning[];
  /** Line and column of each JSON path in the file, for messages about it. */
  map: SourceMap;
}

/** Reads an experiment file and checks both phases; throws ExperimentFileError with every problem. */
export async function readExperimentFile(file: string): Promise<CheckedExperimentFile> {
  const path = resolve(file);
  const { problems, config, map, warnings } = await checkExperimentFile(readExperimentText(path), path);
  if (problems.length > 0 || !config) throw new ExperimentFileError(path, problems);
  return { config, map, warnings: warnings.map((w) => ({ path: w.path, message: w.message })) };
}

/** An experiment file's config, both phases checked (its data files too): what the command line trains. */
export async function loadExperimentFile(file: string): Promise<Experiment> {
  return (await readExperimentFile(file)).config;
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
  /** The data files' warnings found before the run (phase 2 of validation); the run records them. */
  warnings?: ConfigWarning[];
  /** The experiment file's map when it was read here: where a JSON path is, for messages (not on a resume). */
  map?: SourceMap;
}

/** The step a checkpoint folder (`step-00000040`) was written at. */
const checkpointStep = (folder: string): number => Number(/(\d+)$/.exec(basename(folder))?.[1] ?? NaN);

/**
 * The config to train from the command line: an experiment file (both phases of validation), or a
 * run to resume. On a resume, a --steps that is not above the checkpoint's step is a UsageError
 * (the run would train nothing): it says the step and what to pass.
 */
export async function loadTrainingInput(args: Pick<TrainArgs, 'experiment' | 'resume' | 'steps'>): Promise<TrainingInput> {
  if (args.resume === undefined) {
    const { config, warnings, map } = await readExperimentFile(args.experiment);
    return { config, experimentFile: resolve(args.experiment), warnings, map };
  }
  const resume = resumePoint(resolve(args.resume));
  const step = checkpointStep(resume.checkpoint);
  if (args.steps !== undefined && args.steps <= step) {
    const planned = resume.config.schedule.steps;
    throw new UsageError(
      `--steps ${args.steps} is not above step ${step}, where the run resumes (its newest intact checkpoint, ${basename(resume.checkpoint)}), ` +
        `so nothing would be trained: --steps is the total to train to; give one above ${step} (e.g. --steps ${Math.max(step * 2, step + 1)})` +
        (planned > step ? `, or leave it out to train to the run's schedule.steps (${planned})` : ''),
    );
  }
  return { config: resume.config, experimentFile: resume.previous.experimentFile || join(resume.runDir, 'experiment.json'), resume };
}
