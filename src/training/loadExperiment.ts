/** Reads and validates an experiment file; errors name the file, line, column and fix. */
import { readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { TrainArgs } from './cli/args';
import { resumePoint, type ResumePoint } from './run/resume';
import type { Experiment } from '../shared/experiment/schema';
import { formatProblem, validateExperiment, type ConfigProblem } from '../shared/experiment/validate';
import type { FileProbe } from '../shared/experiment/semantics';
import { findsMnist } from './data/mnistFiles';

export class ExperimentFileError extends Error {
  constructor(
    readonly file: string,
    readonly problems: ConfigProblem[],
    message = problems.map((p) => formatProblem(file, p)).join('\n'),
  ) {
    super(message);
  }
}

export function fileProbe(experimentFile: string): FileProbe {
  const probe: FileProbe = (relative) => {
    try {
      return statSync(resolve(dirname(experimentFile), relative)).isFile() ? 'file' : 'notAFile';
    } catch {
      return 'missing';
    }
  };
  probe.findsMnist = () => findsMnist(dirname(experimentFile));
  return probe;
}

export function loadExperiment(file: string): Experiment {
  const path = resolve(file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (e as Error).message;
    throw new ExperimentFileError(path, [], `${path}: cannot read the experiment file: ${reason}`);
  }
  const result = validateExperiment(text, fileProbe(path));
  if (!result.ok) throw new ExperimentFileError(path, result.problems);
  return result.config;
}

export interface TrainingInput {
  config: Experiment;
  experimentFile: string;
  resume?: ResumePoint;
}

/** The config to train from the command line: an experiment file, or a run to resume. */
export function loadTrainingInput(args: Pick<TrainArgs, 'experiment' | 'resume'>): TrainingInput {
  if (args.resume === undefined) return { config: loadExperiment(args.experiment), experimentFile: resolve(args.experiment) };
  const resume = resumePoint(resolve(args.resume));
  return { config: resume.config, experimentFile: resume.previous.experimentFile || join(resume.runDir, 'experiment.json'), resume };
}
