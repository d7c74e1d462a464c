/**
 * The settings of `gan-sample` (MCMC in a trained run's latent space): defaults and the checks of
 * each number, shared by the CLI's options and the extension's input boxes so both accept the same.
 * Defaults: MALA (its acceptance rate says whether the step size suits the energy), 100 steps of
 * ε = 0.01 (Kumar et al. 2019), T = 1 (the target p(z)·exp(−U(G(z))) of Che et al. 2020), fresh z
 * from the prior, the prior's energy included.
 */
import type { SamplingMethod, SamplingSettings } from './runFormat';

export const SAMPLING_METHODS: readonly SamplingMethod[] = ['langevin', 'mala'];
export const SAMPLING_STARTS: readonly SamplingSettings['start'][] = ['fresh', 'fixed'];

export const SAMPLING_DEFAULTS = {
  method: 'mala',
  steps: 100,
  stepSize: 0.01,
  temperature: 1,
  start: 'fresh',
  prior: true,
} as const satisfies Partial<SamplingSettings>;

/** The settings as asked for; `chains` and `seed` default from the run. */
export type RequestedSettings = Omit<SamplingSettings, 'chains' | 'seed'> & { chains?: number; seed?: number };

/** Default chains: the run's sample count, at most 512 (vectors) or 64 (images: one PNG grid of 8×8). */
export function defaultChains(sampleCount: number, image: boolean): number {
  return Math.min(sampleCount, image ? 64 : 512);
}

/** Every setting, the missing ones from the run: its sample count (see defaultChains) and its seed. */
export function resolveSettings(
  requested: RequestedSettings,
  run: { sampleCount: number; image: boolean; seed: number },
): SamplingSettings {
  return { ...requested, chains: requested.chains ?? defaultChains(run.sampleCount, run.image), seed: requested.seed ?? run.seed };
}

export type SamplingNumber = 'steps' | 'stepSize' | 'temperature' | 'chains' | 'seed';

interface NumberRule {
  integer: boolean;
  /** Exclusive when `above` (a positive real), else inclusive. */
  min: number;
  above?: boolean;
  max: number;
  what: string;
}

const RULES: Record<SamplingNumber, NumberRule> = {
  steps: { integer: true, min: 1, max: 1_000_000, what: 'a whole number of steps from 1 to 1,000,000' },
  stepSize: { integer: false, min: 0, above: true, max: 10, what: 'a step size above 0 and at most 10' },
  temperature: { integer: false, min: 0, above: true, max: 1e6, what: 'a temperature above 0 and at most 1,000,000' },
  chains: { integer: true, min: 1, max: 10_000, what: 'a whole number of chains from 1 to 10,000' },
  seed: { integer: true, min: 0, max: 2 ** 32 - 1, what: 'a whole number from 0 to 4,294,967,295' },
};

/** The number `text` gives for `name`, or a sentence saying what is wrong with it. */
export function parseSamplingNumber(name: SamplingNumber, text: string): { value: number } | { problem: string } {
  const rule = RULES[name];
  const value = text.trim() === '' ? NaN : Number(text);
  const inRange = rule.above ? value > rule.min : value >= rule.min;
  if (!Number.isFinite(value) || (rule.integer && !Number.isInteger(value)) || !inRange || value > rule.max)
    return { problem: `expected ${rule.what}, got "${text}"` };
  return { value };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Settings from outside (the arguments of "GAN: Sample With MCMC" from a test, a keybinding or another
 * extension), the missing ones from SAMPLING_DEFAULTS; undefined when malformed.
 */
export function requestedSettings(given: unknown): RequestedSettings | undefined {
  if (!isObject(given)) return undefined;
  const v: Record<string, unknown> = { ...SAMPLING_DEFAULTS, ...given };
  const number = (name: SamplingNumber) => {
    const parsed = parseSamplingNumber(name, String(v[name]));
    return 'value' in parsed ? parsed.value : undefined;
  };
  const [steps, stepSize, temperature] = [number('steps'), number('stepSize'), number('temperature')];
  const method = SAMPLING_METHODS.find((m) => m === v.method);
  const start = SAMPLING_STARTS.find((s) => s === v.start);
  if (!method || !start || steps === undefined || stepSize === undefined || temperature === undefined) return undefined;
  if (typeof v.prior !== 'boolean') return undefined;
  const chains = v.chains === undefined ? undefined : number('chains');
  const seed = v.seed === undefined ? undefined : number('seed');
  if ((v.chains !== undefined && chains === undefined) || (v.seed !== undefined && seed === undefined)) return undefined;
  return {
    method,
    steps,
    stepSize,
    temperature,
    start,
    prior: v.prior,
    ...(chains !== undefined && { chains }),
    ...(seed !== undefined && { seed }),
  };
}
