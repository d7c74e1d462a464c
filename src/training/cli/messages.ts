/**
 * The one form of every error, warning and note the `gan-*` CLIs print, always on stderr:
 *
 *     TOOL: [warning: |alarm: |note: ][FILE:LINE:COL: PATH: ]MESSAGE
 *
 * An error has no severity word. A message about a place in an experiment file starts with the
 * file, line and column and the JSON path there (`formatProblem`'s form, the editor's place);
 * any other message names its file or folder itself. stdout carries progress and results only.
 */
import type { SourceMap, JsonPath } from '../../shared/experiment/sourceMap';
import { formatJsonPath } from '../../shared/experiment/sourceMap';
import { formatProblem, type ConfigProblem } from '../../shared/experiment/validate';

export type Tool = 'gan-train' | 'gan-export' | 'gan-sample';
/** `alarm`: the run watching itself found a known failure (gan-train: `gan-train: alarm: mode collapse at step …`). */
export type Severity = 'error' | 'warning' | 'alarm' | 'note';

/** One message in the CLIs' form (with its newline). */
export function cliMessage(tool: Tool, message: string, severity: Severity = 'error'): string {
  return `${tool}: ${severity === 'error' ? '' : `${severity}: `}${message}\n`;
}

/** Writes one message on stderr. */
export function printMessage(tool: Tool, message: string, severity: Severity = 'error'): void {
  process.stderr.write(cliMessage(tool, message, severity));
}

/** An experiment file's problems, one message each (FILE:LINE:COL: PATH: message (expected …, found …)). */
export function printProblems(tool: Tool, file: string, problems: readonly ConfigProblem[]): void {
  for (const p of problems) printMessage(tool, formatProblem(file, p));
}

/**
 * `message` placed at `path` of the experiment file: `FILE:LINE:COL: PATH: message` when the file's
 * map is known, `PATH: message` otherwise (a resumed run's config comes from its run directory).
 * A message that already starts with `PATH: ` (a recorded warning) is not given it twice.
 */
export function atPath(file: string, map: SourceMap | undefined, path: JsonPath, message: string): string {
  const field = `${formatJsonPath(path)}: `;
  const text = message.startsWith(field) ? message : `${field}${message}`;
  if (!map) return text;
  const { line, column } = map.valueRange(path);
  return `${file}:${line}:${column}: ${text}`;
}

/** Whether `v` is a JSON path (as a warning event's data.path holds it). */
export function isJsonPath(v: unknown): v is JsonPath {
  return Array.isArray(v) && v.every((s) => typeof s === 'string' || typeof s === 'number');
}
