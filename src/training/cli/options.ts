/** The command-line reading the `gan-*` bins share: `--flag value` and `--flag=value`, -h/--help, positionals. */
import type { BackendName } from '../../shared/experiment/schema';

export class UsageError extends Error {}

export const BACKENDS: readonly BackendName[] = ['auto', 'tensorflow', 'webgpu', 'wasm', 'cpu'];
/** gan-sample's: the MCMC chains read tensors synchronously, which webgpu cannot do in Node. */
export const SAMPLING_BACKENDS: readonly BackendName[] = BACKENDS.filter((b) => b !== 'webgpu');

export interface CliOption {
  /** The option's name, without any `=value`. */
  flag: string;
  /** The value given as `--flag=value`, if any. */
  inline: string | undefined;
  /** The option's value: the inline one or the next argument. */
  value(): string;
}

/**
 * Walks `argv`, handing each option to `take`, which returns false for one it does not know.
 * Returns the positional arguments, or 'help' at -h/--help.
 */
export function readOptions(argv: string[], take: (option: CliOption) => boolean): string[] | 'help' {
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] =
      arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    if (flag === '-h' || flag === '--help') return 'help';
    if (take({ flag, inline, value })) continue;
    if (arg.startsWith('-')) throw new UsageError(`unknown option ${arg}`);
    positional.push(arg);
  }
  return positional;
}

export function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`${flag} must be one of ${allowed.join(', ')}, got "${value}"`);
  return value as T;
}
