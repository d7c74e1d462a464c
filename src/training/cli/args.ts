import type { BackendName } from '../../shared/experiment/schema';

export interface TrainArgs {
  /** The experiment file ('' when resuming: the run directory has its config). */
  experiment: string;
  /** A run directory to continue from its latest checkpoint. */
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
  --resume DIR    continue the run in DIR from its latest checkpoint
  --out DIR       create the run under DIR/<name>/<run id>/
  --backend B     auto | tensorflow | wasm | cpu (overrides "backend")
  --quiet         print only the final summary and errors
  -h, --help      show this help`;

const BACKENDS: BackendName[] = ['auto', 'tensorflow', 'wasm', 'cpu'];

export class UsageError extends Error {}

export function parseTrainArgs(argv: string[]): TrainArgs | 'help' {
  const positional: string[] = [];
  const args: Partial<TrainArgs> = { quiet: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] =
      arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '-h':
      case '--help':
        return 'help';
      case '--quiet':
        args.quiet = true;
        break;
      case '--steps': {
        const v = value();
        const n = Number(v);
        if (!Number.isInteger(n) || n < 1) throw new UsageError(`--steps must be a positive integer, got "${v}"`);
        args.steps = n;
        break;
      }
      case '--out':
        args.out = value();
        break;
      case '--resume':
        args.resume = value();
        break;
      case '--backend': {
        const v = value();
        if (!BACKENDS.includes(v as BackendName)) throw new UsageError(`--backend must be one of ${BACKENDS.join(', ')}, got "${v}"`);
        args.backend = v as BackendName;
        break;
      }
      default:
        if (arg.startsWith('-')) throw new UsageError(`unknown option ${arg}`);
        positional.push(arg);
    }
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
