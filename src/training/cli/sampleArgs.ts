/** `gan-sample`'s command line: options, usage text and their checks (no TensorFlow.js here). */
import type { BackendName } from '../../shared/experiment/schema';
import type { SamplingMethod } from '../../shared/runFormat';
import {
  parseSamplingNumber,
  SAMPLING_DEFAULTS,
  SAMPLING_METHODS,
  SAMPLING_STARTS,
  type RequestedSettings,
  type SamplingNumber,
} from '../../shared/samplingSettings';
import { oneOf, readOptions, SAMPLING_BACKENDS, UsageError } from './options';

export interface SampleArgs {
  runDir: string;
  checkpoint?: string;
  backend?: BackendName;
  settings: RequestedSettings;
  /** --json: JSON lines on stdout (progress, then the result; src/shared/cliResult.ts) instead of text. */
  json?: boolean;
  /** --no-event: false, do not append the result to the run's events.jsonl (the caller records it). */
  recordEvent?: false;
}

export const SAMPLE_USAGE = `Usage: gan-sample <run directory> [options]

Runs Langevin or MALA chains in the latent space of a trained run, with the discriminator as
the energy: E(z) = U(G(z))/T + ‖z‖²/2. Writes <run>/sampling/<id>/sampling.json (settings,
energy and acceptance per step, chain paths, G(z) before and after, quality before and after;
before.png and after.png for image data), and adds a "sampling" line to the run's events.jsonl.

Options:
  --checkpoint C      a checkpoint of the run: its step (2000), folder name (step-00002000)
                      or folder (default: the latest)
  --method M          langevin | mala (default ${SAMPLING_DEFAULTS.method})
  --steps N           transitions per chain (default ${SAMPLING_DEFAULTS.steps})
  --step-size E       ε in z' = z − ε·∇E(z) + sqrt(2ε)·ξ (default ${SAMPLING_DEFAULTS.stepSize})
  --temperature T     U is divided by T (default ${SAMPLING_DEFAULTS.temperature})
  --chains N          chains run together (default: the run's logging.sampleCount, at most 512;
                      64 for images)
  --start S           fresh (z from the prior) | fixed (the run's fixed noise batch)
                      (default ${SAMPLING_DEFAULTS.start})
  --no-prior          leave out the prior's energy ‖z‖²/2
  --seed S            seed of the start and the chains' noise (default: the run's seed)
  --backend B         auto | tensorflow | wasm | cpu (default: the run's backend)
  --json              print JSON lines instead of text: progress, then the result (or the error)
  --no-event          do not add the result to the run's events.jsonl (the editor passes it when
                      the run is training there: the trainer records it)
  -h, --help          show this help

Exit codes: 0 written, 1 the run cannot be sampled (the message says why), 2 bad command line.`;

function numberOption(flag: string, name: SamplingNumber, value: string): number {
  const parsed = parseSamplingNumber(name, value);
  if ('problem' in parsed) throw new UsageError(`${flag}: ${parsed.problem}`);
  return parsed.value;
}

export function parseSampleArgs(argv: string[]): SampleArgs | 'help' {
  const settings: RequestedSettings = { ...SAMPLING_DEFAULTS };
  const args: Omit<SampleArgs, 'runDir' | 'settings'> = {};
  const positional = readOptions(argv, ({ flag, inline, value }) => {
    switch (flag) {
      case '--checkpoint':
        args.checkpoint = value();
        return true;
      case '--backend':
        args.backend = oneOf(flag, value(), SAMPLING_BACKENDS);
        return true;
      case '--method':
        settings.method = oneOf<SamplingMethod>(flag, value(), SAMPLING_METHODS);
        return true;
      case '--start':
        settings.start = oneOf(flag, value(), SAMPLING_STARTS);
        return true;
      case '--steps':
        settings.steps = numberOption(flag, 'steps', value());
        return true;
      case '--step-size':
        settings.stepSize = numberOption(flag, 'stepSize', value());
        return true;
      case '--temperature':
        settings.temperature = numberOption(flag, 'temperature', value());
        return true;
      case '--chains':
        settings.chains = numberOption(flag, 'chains', value());
        return true;
      case '--seed':
        settings.seed = numberOption(flag, 'seed', value());
        return true;
      case '--json':
        if (inline !== undefined) throw new UsageError('--json takes no value');
        args.json = true;
        return true;
      case '--no-event':
        if (inline !== undefined) throw new UsageError('--no-event takes no value');
        args.recordEvent = false;
        return true;
      case '--no-prior':
        if (inline !== undefined) throw new UsageError('--no-prior takes no value');
        settings.prior = false;
        return true;
      default:
        return false;
    }
  });
  if (positional === 'help') return 'help';
  if (positional.length !== 1)
    throw new UsageError(
      positional.length === 0 ? 'no run directory given' : `give one run directory, got ${positional.length}: ${positional.join(' ')}`,
    );
  return { runDir: positional[0]!, ...args, settings };
}
