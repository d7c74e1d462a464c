/**
 * Whether a run's experiment file holds the values the run uses: the live hyper-parameters of the
 * run's config (as the trainer acknowledged them) against the file's, defaults filled in the same
 * way. What "Save to experiment file" would write, and whether there is anything to write. Pure
 * (no `vscode`), so it is unit-tested.
 */
import { validateExperiment } from '../../shared/experiment/validate';
import type { Experiment } from '../../shared/experiment/schema';
import { HYPERPARAMETERS, hyperparameterName, type HyperparameterChanges } from '../../shared/hyperparameterTable';
import { hyperparameterValue } from '../../shared/hyperparameterValues';
import type { ExperimentFileState, FileDifference } from '../../shared/protocol';

export interface FileComparison {
  /** The file's text (the editor's, when it has unsaved changes); undefined when the file is gone. */
  text: string | undefined;
  /** The file as the workspace names it; '' when the run names none. */
  file: string;
  /** Whether `text` is the editor's unsaved text. */
  unsaved: boolean;
  /** The run's config; null or undefined when it has none yet. */
  runConfig: Experiment | null | undefined;
}

/** The live hyper-parameters whose value in the file differs from the run's, in the table's order. */
export function fileDifferences(fileConfig: Experiment, runConfig: Experiment): FileDifference[] {
  return HYPERPARAMETERS.flatMap(({ key }) => {
    const run = hyperparameterValue(runConfig, key);
    const file = hyperparameterValue(fileConfig, key);
    // A setting the file's optimizer does not have (betas after a change to RMSprop) cannot be written: a restart question.
    if (run === undefined || file === undefined || run === file) return [];
    return [{ key, run, file }];
  });
}

export function compareWithFile({ text, file, unsaved, runConfig }: FileComparison): ExperimentFileState {
  const base = { file, unsaved, differences: [] };
  if (!file || !runConfig) return { ...base, state: 'unknown' };
  if (text === undefined) return { ...base, unsaved: false, state: 'missing' };
  const result = validateExperiment(text);
  if (!result.ok) {
    const first = result.problems[0];
    const more = result.problems.length > 1 ? ` (and ${result.problems.length - 1} more)` : '';
    return { ...base, state: 'invalid', reason: `${first ? first.message : 'it does not validate'}${more}` };
  }
  const differences = fileDifferences(result.config, runConfig);
  return { ...base, differences, state: differences.length > 0 ? 'differs' : 'same' };
}

/** The run's values of `differences`: what saving writes into the file. */
export function changesToSave(differences: readonly FileDifference[]): HyperparameterChanges {
  return Object.fromEntries(differences.map((d) => [d.key, d.run]));
}

/** `generator learning rate 0.0005 → 0.002` (file → run) for each difference. */
export function describeDifferences(differences: readonly FileDifference[]): string[] {
  return differences.map((d) => `${hyperparameterName(d.key)} ${d.file} → ${d.run}`);
}
