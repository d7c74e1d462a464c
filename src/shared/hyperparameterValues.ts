/**
 * Reading and writing live hyper-parameters in a resolved config, and the trainer's acknowledgement
 * of an edit (a `hyperparameters` event) as the values it now uses.
 */
import type { Experiment } from './experiment/schema';
import {
  HYPERPARAMETERS,
  hyperparameter,
  isHyperparameterValue,
  type HyperparameterChanges,
  type HyperparameterKey,
} from './hyperparameterTable';
import type { RunEvent } from './runFormat';

/** The name of a change in a run's `hyperparameters` event: its path without the section (`generator.lr`, `steps`). */
export const appliedName = (key: HyperparameterKey): string => hyperparameter(key).path.slice(1).join('.');

const KEY_BY_APPLIED_NAME = new Map(HYPERPARAMETERS.map((h) => [appliedName(h.key), h.key]));

/** The hyper-parameter a change in a `hyperparameters` event names, if it is one. */
export function keyOfApplied(name: string): HyperparameterKey | undefined {
  return KEY_BY_APPLIED_NAME.get(name);
}

/** The value of `key` in `config`, if it has one (betas only on Adam). */
export function hyperparameterValue(config: Experiment, key: HyperparameterKey): number | undefined {
  let node: unknown = config;
  for (const segment of hyperparameter(key).path)
    node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[segment] : undefined;
  return typeof node === 'number' ? node : undefined;
}

/** Sets `key` in `config` in place, where the config has that setting (betas only on Adam). */
export function setHyperparameter(config: Experiment, key: HyperparameterKey, value: number): void {
  if (hyperparameterValue(config, key) === undefined) return;
  const path = hyperparameter(key).path;
  let target = config as unknown as Record<string, unknown>;
  for (const segment of path.slice(0, -1)) target = target[segment] as Record<string, unknown>;
  target[path.at(-1)!] = value;
}

/** A copy of `config` with the values of `changes` set where the config has that setting. */
export function withHyperparameters(config: Experiment, changes: HyperparameterChanges): Experiment {
  const next = structuredClone(config);
  for (const { key } of HYPERPARAMETERS) {
    const value = changes[key];
    if (value !== undefined) setHyperparameter(next, key, value);
  }
  return next;
}

/**
 * The values a `hyperparameters` event says the trainer now uses (`data.changes`, name → { from, to }),
 * after its clamping. A name it does not know or a value outside the schema's range is left out.
 */
export function appliedChanges(event: RunEvent): HyperparameterChanges {
  const changes = event.kind === 'hyperparameters' ? event.data?.changes : undefined;
  const applied: HyperparameterChanges = {};
  if (typeof changes !== 'object' || changes === null) return applied;
  for (const [name, change] of Object.entries(changes)) {
    const key = keyOfApplied(name);
    const to: unknown = typeof change === 'object' && change !== null ? (change as { to?: unknown }).to : undefined;
    if (key !== undefined && isHyperparameterValue(key, to)) applied[key] = to;
  }
  return applied;
}

/**
 * `config` with every edit that `events` (a run's events.jsonl, in order) says the trainer applied:
 * the values the run uses now, or used last. experiment.json keeps the values it started with.
 */
export function withRecordedEdits(config: Experiment, events: readonly RunEvent[]): Experiment {
  let current = config;
  for (const event of events) if (event.kind === 'hyperparameters') current = withHyperparameters(current, appliedChanges(event));
  return current;
}
