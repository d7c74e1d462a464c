/** `gan-train`: trains an experiment headless, writing the same run directory as the editor. */
import type { TrainerToHost } from '../../shared/protocol';
import type { RunStatus } from '../../shared/runFormat';
import { ExperimentFileError, loadTrainingInput, type TrainingInput } from '../loadExperiment';
import { setWasmThreads } from '../backends/wasmThreadsSetting';
import { ResumeError } from '../run/resume';
import { trainerFor, type RunFailure } from '../trainer';
import { parseTrainArgs, TRAIN_USAGE } from './args';
import { checkBackendsCommand, checkOneCommand } from './checkBackendsCommand';
import { parseCommandLine, runMain } from './cliMain';
import { atPath, isJsonPath, printMessage, printProblems } from './messages';
import { UsageError } from './options';
import { ProgressDisplay } from './progress';

export const EXIT_CODES: Record<RunStatus | 'usage', number> = { completed: 0, failed: 1, usage: 2, diverged: 3, stopped: 130, running: 1 };

const say = (message: string, severity?: 'warning' | 'alarm' | 'note') => printMessage('gan-train', message, severity);

/** Prints why the input could not be loaded; its exit code, or undefined for an error that is not about the input. */
function loadFailure(e: unknown): number | undefined {
  if (e instanceof UsageError) {
    say(e.message);
    return EXIT_CODES.usage;
  }
  if (e instanceof ResumeError) {
    say(`cannot resume: ${e.message}`);
    return EXIT_CODES.failed;
  }
  if (!(e instanceof ExperimentFileError)) return undefined;
  if (e.problems.length === 0) say(e.message);
  else {
    printProblems('gan-train', e.file, e.problems);
    const n = e.problems.length;
    say(`${e.file}: ${n === 1 ? 'a problem' : `${n} problems`} in the experiment file; nothing was trained`);
  }
  return EXIT_CODES.failed;
}

/**
 * Prints the run's warnings and alarms on stderr as they are recorded (events.jsonl keeps them
 * too), each once, at its place in the experiment file when it names a field of a file read here.
 */
function warningPrinter(input: TrainingInput, display: ProgressDisplay, said: Set<string>): (m: TrainerToHost) => void {
  return (m) => {
    if (m.type === 'event' && m.payload.kind === 'alarm') {
      display.clearLine();
      say(m.payload.message, 'alarm');
      return;
    }
    const warning =
      m.type === 'event' && m.payload.kind === 'warning'
        ? m.payload
        : m.type === 'log' && m.payload.level !== 'info'
          ? { message: m.payload.message, data: undefined }
          : undefined;
    if (!warning || said.has(warning.message)) return;
    said.add(warning.message);
    const path = warning.data?.path;
    display.clearLine();
    say(isJsonPath(path) ? atPath(input.experimentFile, input.map, path, warning.message) : warning.message, 'warning');
  };
}

/** The run's error, at the field of the experiment file it is about (data.path for a data file) when it is known. */
function failureMessage(input: TrainingInput, failure: RunFailure): string {
  return failure.configPath ? atPath(input.experimentFile, input.map, failure.configPath, failure.message) : failure.message;
}

export async function main(argv: string[]): Promise<number> {
  const args = parseCommandLine('gan-train', TRAIN_USAGE, parseTrainArgs, argv);
  if (typeof args === 'number') return args;
  setWasmThreads(args.threads);
  let input;
  try {
    input = await loadTrainingInput(args);
  } catch (e) {
    const code = loadFailure(e);
    if (code === undefined) throw e;
    return code;
  }
  if (args.checkOne !== undefined) return checkOneCommand(args.checkOne, input);
  if (args.checkBackends) return checkBackendsCommand(args, input, process.argv[1]!);
  // A resume passed over a damaged checkpoint: said now (events.jsonl records it too, and it is not said twice).
  const said = new Set<string>();
  for (const warning of input.resume?.warnings ?? []) {
    said.add(warning);
    say(warning, 'warning');
  }
  for (const note of input.resume?.notes ?? []) say(note, 'note');
  const display = new ProgressDisplay(process.stdout, args.quiet);
  const printWarning = warningPrinter(input, display, said);
  // An alarm's "pause" stops gan-train (with a checkpoint): nothing could resume it in place.
  const trainer = trainerFor(
    args,
    input,
    (m) => {
      display.handle(m);
      printWarning(m);
    },
    'stop',
  );
  let interrupts = 0;
  const onSigint = () => {
    interrupts++;
    if (interrupts > 1) process.exit(EXIT_CODES.stopped);
    display.clearLine();
    say('stopping after this step (Ctrl-C again to abort)…', 'note');
    trainer.stop();
  };
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigint);
  const status = await trainer.run();
  process.off('SIGINT', onSigint);
  process.off('SIGTERM', onSigint);
  if (trainer.failure) {
    display.clearLine();
    say(failureMessage(input, trainer.failure));
  }
  display.finish();
  return EXIT_CODES[status];
}

/** Runs the CLI and exits the process with its code (the `gan-train` bin calls this). */
export function run(argv = process.argv.slice(2)): void {
  runMain('gan-train', main, argv);
}

if (require.main === module) run();
