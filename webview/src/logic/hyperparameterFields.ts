/**
 * The live hyper-parameters the dashboard can edit (the shared table), prefilled from the run's
 * config, and the validation of what the user typed against the table's bounds, which are the
 * host's: a value accepted here is never dropped there.
 */
import type { Experiment } from '../../../src/shared/experiment/schema';
import { HYPERPARAMETERS, type Hyperparameter, type HyperparameterKey } from '../../../src/shared/hyperparameterTable';
import { hyperparameterValue } from '../../../src/shared/hyperparameterValues';

export type { HyperparameterKey };

export interface FieldSpec extends Pick<Hyperparameter, 'key' | 'label' | 'group' | 'integer' | 'min' | 'max' | 'hint'> {
  value: number;
}

/** The fields of the settings `config` has (betas only for Adam); total steps stay above `currentStep`. */
export function hyperparameterFields(config: Experiment, currentStep: number): FieldSpec[] {
  return HYPERPARAMETERS.flatMap(({ key, label, group, integer, min, max, hint }) => {
    const value = hyperparameterValue(config, key);
    if (value === undefined) return [];
    return [{ key, label, group, integer, min: key === 'steps' ? Math.max(min, currentStep + 1) : min, max, hint, value }];
  });
}

export type Validation = { ok: true; value: number } | { ok: false; message: string };

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

export function validateField(field: Pick<FieldSpec, 'integer' | 'min' | 'max'>, text: string): Validation {
  const t = text.trim();
  if (t === '') return { ok: false, message: 'enter a number' };
  if (!NUMBER.test(t)) return { ok: false, message: `"${t}" is not a number` };
  const value = Number(t);
  if (!Number.isFinite(value)) return { ok: false, message: 'must be finite' };
  if (value < 0) return { ok: false, message: 'must not be negative' };
  if (field.integer && !Number.isSafeInteger(value)) return { ok: false, message: 'must be a whole number' };
  if (value < field.min) return { ok: false, message: `must be at least ${field.min}` };
  if (value > field.max) return { ok: false, message: `must be at most ${field.max}` };
  return { ok: true, value };
}
