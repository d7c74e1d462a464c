/** The start and end every `gan-*` bin shares: usage errors and --help, then exit codes and internal errors. */
import { UsageError } from './options';

/** The parsed command line, or the exit code after printing the usage (2 for a bad command line, 0 for --help). */
export function parseCommandLine<T>(name: string, usage: string, parse: (argv: string[]) => T | 'help', argv: string[]): T | number {
  let parsed;
  try {
    parsed = parse(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`${name}: ${e.message}\n\n${usage}\n`);
    return 2;
  }
  if (parsed === 'help') {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  return parsed;
}

/** Runs a CLI's `main` and exits the process with its code; anything it throws is an internal error. */
export function runMain(name: string, main: (argv: string[]) => Promise<number>, argv: string[]): void {
  main(argv).then(
    (code) => process.exit(code),
    (e: unknown) => {
      process.stderr.write(`${name}: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exit(1);
    },
  );
}
