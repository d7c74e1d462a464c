/** A run's resolved experiment (experiment.json), validated like an experiment file. */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Experiment } from '../experiment/schema';
import { formatProblem, validateExperiment } from '../experiment/validate';
import { RUN_FILES } from '../runFormat';
import { errorCode, errorText, RunFileError } from './runFileError';

export const runExperimentFile = (runDir: string): string => join(runDir, RUN_FILES.experiment);

/** `<runDir>/experiment.json`, synchronously; throws a RunFileError when it is missing or invalid. */
export function readRunExperimentSync(runDir: string): Experiment {
  const file = runExperimentFile(runDir);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const message = errorCode(e) === 'ENOENT' ? 'missing; the trainer writes it when a run starts' : `cannot be read: ${errorText(e)}`;
    throw new RunFileError(file, [{ message }]);
  }
  const result = validateExperiment(text);
  if (!result.ok) {
    const problems = result.problems.map((p) => ({ field: p.path, message: formatProblem(file, p) }));
    throw new RunFileError(file, problems, problems.map((p) => p.message).join('\n'));
  }
  return result.config;
}

/** `<runDir>/experiment.json`, or null when it is missing, unreadable or invalid. */
export async function readRunExperiment(runDir: string): Promise<Experiment | null> {
  let text: string;
  try {
    text = await readFile(runExperimentFile(runDir), 'utf8');
  } catch {
    return null;
  }
  const result = validateExperiment(text);
  return result.ok ? result.config : null;
}
