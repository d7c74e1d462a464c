/**
 * The editor's diagnostics of experiment files, in the two phases of validation: phase 1, the text
 * (syntax, schema, relations between fields, intervals longer than the run), synchronous; phase 2, the
 * data files the resolved config names (a missing CSV, columns beyond its width, a batch or k that
 * cannot work with its rows, an IDX file that is not one, MNIST not installed), asynchronous and
 * read through the data-file cache, so a pause in typing re-reads nothing that has not changed.
 * Pure Node: no `vscode` import (the diagnostics controller publishes what this returns).
 */
import { checkDataFiles } from '../../shared/experiment/dataFileChecks';
import type { Experiment } from '../../shared/experiment/schema';
import { configWarnings } from '../../shared/experiment/semantics';
import type { JsonPath, SourceMap } from '../../shared/experiment/sourceMap';
import { checkDocument, problemAt, type ConfigProblem, type ProblemDetail } from '../../shared/experiment/validate';
import { dataFileCache, type DataFileCache } from '../../training/data/dataFiles';

export interface EditorProblem extends Omit<ConfigProblem, 'kind'> {
  severity: 'error' | 'warning';
}

/** Phase 1's problems, with the resolved config and the text's map for phase 2 (when the config fits the schema). */
export interface TextProblems {
  problems: EditorProblem[];
  config?: Experiment;
  map: SourceMap;
}

const editorProblem = (map: SourceMap, severity: EditorProblem['severity'], path: JsonPath, message: string, detail?: ProblemDetail) => {
  const { kind: _kind, ...problem } = problemAt(map, 'semantic', path, message, detail);
  return { ...problem, severity };
};

/**
 * Phase 1: what the text alone says — syntax, schema and relations between fields, every one an
 * error (the trainer refuses the file), with the validator's own words (`unknown property "sead";
 * did you mean "seed"?`). Experiment files are not JSON to VS Code (`languageFeatures.ts`), so the
 * JSON language service says none of this a second time. Synchronous, no file system.
 */
export function textProblems(text: string): TextProblems {
  const { problems, config, map } = checkDocument(text);
  const out: EditorProblem[] = problems.map(({ kind: _kind, ...p }) => ({ ...p, severity: 'error' }));
  if (!config) return { problems: out, map };
  for (const warning of configWarnings(config)) out.push(editorProblem(map, 'warning', warning.path, warning.message));
  const steps = config.schedule.steps;
  for (const key of ['histogramsEvery', 'samplesEvery'] as const) {
    if (config.logging[key] > steps)
      out.push(
        editorProblem(map, 'warning', ['logging', key], `longer than the run (${steps} steps): only the final step is recorded`, {
          expected: `≤ ${steps}`,
          found: String(config.logging[key]),
        }),
      );
  }
  return { problems: out, config, map };
}

/** Phase 2: the data files of a config phase 1 resolved, at the ranges of the same text. */
export async function dataFileProblems(
  config: Experiment,
  map: SourceMap,
  experimentFile: string,
  files: DataFileCache = dataFileCache,
): Promise<EditorProblem[]> {
  return (await checkDataFiles(config, files.filesFor(experimentFile))).map((p) => editorProblem(map, p.severity, p.path, p.message, p));
}

/** Both phases, in document order. */
export async function experimentProblems(
  text: string,
  experimentFile: string,
  files: DataFileCache = dataFileCache,
): Promise<EditorProblem[]> {
  const { problems, config, map } = textProblems(text);
  if (config) problems.push(...(await dataFileProblems(config, map, experimentFile, files)));
  return problems.sort((a, b) => a.offset - b.offset);
}

/**
 * Validates documents as they change and publishes each one's problems, newest request only: a
 * result that arrives after a later request for the same document (an older version whose data-file
 * checks took longer) is dropped, not published over the newer one.
 */
export class ExperimentValidator {
  private readonly latest = new Map<string, number>();
  private requests = 0;

  /** `publish` gets the version the problems are of; it may still drop them (the document changed since). */
  constructor(
    private readonly publish: (key: string, version: number, problems: EditorProblem[]) => void,
    private readonly files: DataFileCache = dataFileCache,
  ) {}

  /**
   * Validates `text`, version `version` of the document `key`, saved as (or next to) `experimentFile`;
   * resolves with whether its problems were published.
   */
  async validate(key: string, version: number, text: string, experimentFile: string): Promise<boolean> {
    const request = ++this.requests;
    this.latest.set(key, request);
    const problems = await experimentProblems(text, experimentFile, this.files);
    if (this.latest.get(key) !== request) return false;
    this.publish(key, version, problems);
    return true;
  }

  /** The document closed: what is still being validated for it is not published. */
  forget(key: string): void {
    this.latest.delete(key);
  }
}
