/**
 * The `--json` output of `gan-sample` and `gan-export` (format: src/shared/cliResult.ts): one JSON
 * object per stdout line, the result last. A failure's file and field (and, for a damaged
 * checkpoint, the newest intact one) come from the error when it carries them (`file`, `field`,
 * `intactCheckpoint` string properties).
 */
import type { CliError, CliLine, CliTool } from '../../shared/cliResult';

/** True when the command line asks for JSON (looked at before parsing, so a usage error is JSON too). */
export function wantsJson(argv: readonly string[]): boolean {
  return argv.includes('--json');
}

export function writeJsonLine(line: CliLine, out: NodeJS.WritableStream = process.stdout): void {
  out.write(`${JSON.stringify(line)}\n`);
}

/** `e` as a result's error: its message, and its file and field when it names them. */
export function cliError(kind: CliError['kind'], e: unknown): CliError {
  const error: CliError = { kind, message: e instanceof Error ? e.message : String(e) };
  if (e instanceof Error) {
    if ('file' in e && typeof e.file === 'string') error.file = e.file;
    if ('field' in e && typeof e.field === 'string') error.field = e.field;
    if ('intactCheckpoint' in e && typeof e.intactCheckpoint === 'string') error.intactCheckpoint = e.intactCheckpoint;
  }
  return error;
}

/** Writes the failure result of `tool` (exit code `exitCode`). */
export function writeFailure(tool: CliTool, exitCode: number, error: CliError): void {
  writeJsonLine({ type: 'result', tool, ok: false, exitCode, error });
}
