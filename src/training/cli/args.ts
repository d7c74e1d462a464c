import { ExperimentSchema, type BackendName } from '../../shared/experiment/schema';
import { valueProblems } from '../../shared/experiment/validate';
import { AUTO_ORDER, candidateArg } from '../backends/candidates';
import { WASM_THREADS_LIMIT } from '../backends/wasmThreadsSetting';
import { BACKENDS, oneOf, readOptions, UsageError } from './options';

export interface TrainArgs {
  /** The experiment file ('' when resuming: the run directory has its config). */
  experiment: string;
  /** A run directory to continue from its newest intact checkpoint. */
  resume?: string;
  steps?: number;
  out?: string;
  backend?: BackendName;
  /** --threads N: the wasm backend's threads (0: every core; a runtime option, results do not depend on it). */
  threads?: number;
  quiet: boolean;
  /** --check-backends: time a few steps of the experiment's model on every backend instead of training. */
  checkBackends?: boolean;
  /** --json (with --check-backends): progress and result as JSON lines on stdout. */
  json?: boolean;
  /** --check-one CANDIDATE: one backend's line of the check, in this process (what --check-backends runs in each child). */
  checkOne?: string;
}

export const TRAIN_USAGE = `Usage: gan-train <experiment.gan.json> [options]
       gan-train --resume <run directory> [--steps N] [--backend B] [--threads N] [--quiet]
       gan-train --check-backends <experiment.gan.json> [--json]

Trains a GAN from an experiment file and writes the run directory
(runs/<name>/<run id>/ beside the experiment file, or under --out).

Options:
  --steps N       train to step N instead of schedule.steps (1 to 10^8; on --resume,
                  above the step it resumes from)
  --resume DIR    continue the run in DIR from its newest intact checkpoint
  --out DIR       create the run under DIR/<name>/<run id>/
  --backend B     auto | tensorflow | webgpu | wasm | cpu (overrides "backend")
  --threads N     threads of the wasm backend (default 0: one per core; at most 64
                  are used; results are the same at any count)
  --quiet         print only the final summary, warnings and errors
  --check-backends
                  train nothing: start every backend, time a few steps of this
                  experiment's model on each that starts, print a table and the
                  fastest, and cache it for "auto" (per model shape and machine)
  --json          with --check-backends: progress and result as JSON lines
  --check-one B   (used by --check-backends) one backend's line, in this process
  -h, --help      show this help`;

export { UsageError };

/** A number written as in JSON (what the file would hold), else the text itself. */
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * --steps, checked as schedule.steps is in the file (the same schema bounds and words): an integer
 * from 1 to 10⁸. `1e6` is read as JSON reads it; text that is not a number is reported as a string.
 */
export function stepsOption(text: string): number {
  const value = NUMBER.test(text.trim()) ? Number(text.trim()) : text;
  const [problem] = valueProblems(ExperimentSchema.properties.schedule.properties.steps, value);
  if (problem)
    throw new UsageError(
      `--steps: ${problem.message}, as schedule.steps in an experiment file${problem.found === undefined ? '' : ` (found ${problem.found})`}`,
    );
  return value as number;
}

/** --threads: an integer from 0 (every core) to WASM_THREADS_LIMIT. */
export function threadsOption(text: string): number {
  const value = Number(text.trim());
  if (!/^\d+$/.test(text.trim()) || value > WASM_THREADS_LIMIT)
    throw new UsageError(`--threads must be an integer from 0 (one per core) to ${WASM_THREADS_LIMIT}, got "${text}"`);
  return value;
}

export function parseTrainArgs(argv: string[]): TrainArgs | 'help' {
  const args: Partial<TrainArgs> = { quiet: false };
  const positional = readOptions(argv, ({ flag, value }) => {
    switch (flag) {
      case '--quiet':
        args.quiet = true;
        return true;
      case '--steps':
        args.steps = stepsOption(value());
        return true;
      case '--out':
        args.out = value();
        return true;
      case '--resume':
        args.resume = value();
        return true;
      case '--backend':
        args.backend = oneOf(flag, value(), BACKENDS);
        return true;
      case '--threads':
        args.threads = threadsOption(value());
        return true;
      case '--check-backends':
        args.checkBackends = true;
        return true;
      case '--json':
        args.json = true;
        return true;
      case '--check-one':
        args.checkOne = oneOf(flag, value(), AUTO_ORDER.map(candidateArg));
        return true;
      default:
        return false;
    }
  });
  if (positional === 'help') return 'help';
  if (args.json && !args.checkBackends) throw new UsageError('--json applies to --check-backends');
  const checking = args.checkBackends ? '--check-backends' : args.checkOne !== undefined ? '--check-one' : undefined;
  if (checking) {
    const other = (['resume', 'steps', 'out', 'backend'] as const).find((k) => args[k] !== undefined);
    if (other) throw new UsageError(`${checking} trains nothing: --${other} does not apply`);
  }
  if (args.resume !== undefined) {
    if (positional.length > 0) throw new UsageError('--resume takes the run directory instead of an experiment file');
    if (args.out !== undefined) throw new UsageError('--resume continues the run in its own directory; --out does not apply');
    return { ...args, experiment: '', quiet: args.quiet ?? false };
  }
  if (positional.length !== 1)
    throw new UsageError(
      positional.length === 0 ? 'missing the experiment file' : `expected one experiment file, got ${positional.length}`,
    );
  return { ...args, experiment: positional[0]!, quiet: args.quiet ?? false };
}
