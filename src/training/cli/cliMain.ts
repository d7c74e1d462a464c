/** The start and end every `gan-*` bin shares: usage errors and --help, then exit codes and internal errors. */
import type { CliTool } from '../../shared/cliResult';
import { cliError, writeFailure } from './jsonOutput';
import { cliMessage, type Tool } from './messages';
import { UsageError } from './options';

/**
 * The parsed command line, or the exit code after printing the usage (2 for a bad command line, 0
 * for --help). With `json` (a tool's --json) a usage error is also written as a JSON result.
 */
export function parseCommandLine<T>(
  name: Tool,
  usage: string,
  parse: (argv: string[]) => T | 'help',
  argv: string[],
  json?: CliTool,
): T | number {
  let parsed;
  try {
    parsed = parse(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`${cliMessage(name, e.message)}\n${usage}\n`);
    if (json) writeFailure(json, 2, cliError('usage', e));
    return 2;
  }
  if (parsed === 'help') {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  return parsed;
}

/**
 * Runs a CLI's `main` and exits the process with its code; anything it throws is an internal error
 * (with `json`, also written as a JSON result).
 */
export function runMain(name: Tool, main: (argv: string[]) => Promise<number>, argv: string[], json?: CliTool): void {
  main(argv).then(
    (code) => process.exit(code),
    (e: unknown) => {
      process.stderr.write(cliMessage(name, `internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`));
      if (json) writeFailure(json, 1, cliError('internal', e));
      process.exit(1);
    },
  );
}
