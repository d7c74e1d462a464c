import type { BackendName } from '../../shared/experiment/schema';
import { BACKENDS, oneOf, readOptions, UsageError } from './options';

export interface TrainArgs {
  /** The experiment file ('' when resuming: the run directory has its config). */
  experiment: string;
  /** A run directory to continue from its newest intact checkpoint. */
  resume?: string;
  steps?: number;
  out?: string;
  backend?: BackendName;
  quiet: boolean;
}

export const TRAIN_USAGE = `Usage: gan-train <experiment.gan.json> [options]
       gan-train --resume <run directory> [--steps N] [--backend B] [--quiet]

Trains a GAN from an experiment file and writes the run directory
(runs/<name>/<run id>/ beside the experiment file, or under --out).

Options:
  --steps N       train N generator steps instead of schedule.steps
  --resume DIR    continue the run in DIR from its newest intact checkpoint
  --out DIR       create the run under DIR/<name>/<run id>/
  --backend B     auto | tensorflow | webgpu | wasm | cpu (overrides "backend")
  --quiet         print only the final summary and errors
  -h, --help      show this help`;

export { UsageError };

export function parseTrainArgs(argv: string[]): TrainArgs | 'help' {
  const args: Partial<TrainArgs> = { quiet: false };
  const positional = readOptions(argv, ({ flag, value }) => {
    switch (flag) {
      case '--quiet':
        args.quiet = true;
        return true;
      case '--steps': {
        const v = value();
        const n = Number(v);
        if (!Number.isInteger(n) || n < 1) throw new UsageError(`--steps must be a positive integer, got "${v}"`);
        args.steps = n;
        return true;
      }
      case '--out':
        args.out = value();
        return true;
      case '--resume':
        args.resume = value();
        return true;
      case '--backend':
        args.backend = oneOf(flag, value(), BACKENDS);
        return true;
      default:
        return false;
    }
  });
  if (positional === 'help') return 'help';
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
