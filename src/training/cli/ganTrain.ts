/** `gan-train`: trains an experiment headless, writing the same run directory as the editor. */
import type { RunStatus } from '../../shared/runFormat';
import { ExperimentFileError, loadTrainingInput } from '../loadExperiment';
import { ResumeError } from '../run/resume';
import { trainerFor } from '../trainer';
import { parseTrainArgs, TRAIN_USAGE } from './args';
import { parseCommandLine, runMain } from './cliMain';
import { ProgressDisplay } from './progress';

export const EXIT_CODES: Record<RunStatus | 'usage', number> = { completed: 0, failed: 1, usage: 2, diverged: 3, stopped: 130, running: 1 };

export async function main(argv: string[]): Promise<number> {
  const args = parseCommandLine('gan-train', TRAIN_USAGE, parseTrainArgs, argv);
  if (typeof args === 'number') return args;
  let input;
  try {
    input = await loadTrainingInput(args);
  } catch (e) {
    if (e instanceof ResumeError) {
      process.stderr.write(`gan-train: cannot resume: ${e.message}\n`);
      return EXIT_CODES.failed;
    }
    if (!(e instanceof ExperimentFileError)) throw e;
    const heading = e.problems.length > 0 ? `the experiment file has ${e.problems.length} problem(s):\n` : '';
    process.stderr.write(`gan-train: ${heading}${e.message}\n`);
    return EXIT_CODES.failed;
  }
  // A resume passed over a damaged checkpoint: said now, on stderr (events.jsonl records it too).
  for (const warning of input.resume?.warnings ?? []) process.stderr.write(`gan-train: warning: ${warning}\n`);
  for (const note of input.resume?.notes ?? []) process.stderr.write(`gan-train: note: ${note}\n`);
  const display = new ProgressDisplay(process.stdout, args.quiet);
  const trainer = trainerFor(args, input, (m) => display.handle(m));
  let interrupts = 0;
  const onSigint = () => {
    interrupts++;
    if (interrupts > 1) process.exit(EXIT_CODES.stopped);
    process.stderr.write('\nstopping after this step (Ctrl-C again to abort)…\n');
    trainer.stop();
  };
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigint);
  const status = await trainer.run();
  process.off('SIGINT', onSigint);
  process.off('SIGTERM', onSigint);
  display.finish();
  return EXIT_CODES[status];
}

/** Runs the CLI and exits the process with its code (the `gan-train` bin calls this). */
export function run(argv = process.argv.slice(2)): void {
  runMain('gan-train', main, argv);
}

if (require.main === module) run();
