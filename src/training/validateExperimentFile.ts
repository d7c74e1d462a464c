/**
 * Both phases of validation for an experiment file on disk: the text (syntax, schema, semantics),
 * then — when the config fits the schema — the data files it names, read through the data-file
 * cache. The trainer loads with it and the editor checks with it before a run. Light on purpose
 * (no tfjs): the extension host imports it.
 */
import { checkWithDataFiles, validateWithDataFiles, type TextAndFilesCheck } from '../shared/experiment/dataFileChecks';
import type { ValidationResult } from '../shared/experiment/validate';
import { dataFileCache, type DataFileCache } from './data/dataFiles';

/** `text`'s config when neither phase finds an error; the data files are relative to `experimentFile`. */
export function validateExperimentFile(
  text: string,
  experimentFile: string,
  files: DataFileCache = dataFileCache,
): Promise<ValidationResult> {
  return validateWithDataFiles(text, files.filesFor(experimentFile));
}

/** Both phases' findings (errors, the data files' warnings, the config, the text's map): what gan-train trains from. */
export function checkExperimentFile(
  text: string,
  experimentFile: string,
  files: DataFileCache = dataFileCache,
): Promise<TextAndFilesCheck> {
  return checkWithDataFiles(text, files.filesFor(experimentFile));
}
