/**
 * The live hyper-parameters the dashboard can edit, prefilled from the run's config, and the
 * validation of what the user typed (finite, not negative, integers where integers, within bounds).
 */
import type { Experiment } from '../../../src/shared/experiment/schema';
import type { HyperparameterChanges } from '../../../src/shared/protocol';

export type HyperparameterKey = keyof HyperparameterChanges;

export interface FieldSpec {
  key: HyperparameterKey;
  label: string;
  group: 'Generator optimizer' | 'Discriminator optimizer' | 'Schedule' | 'Logging';
  integer: boolean;
  min: number;
  /** Inclusive upper bound, or exclusive when `maxExclusive`. */
  max: number;
  maxExclusive?: boolean;
  value: number;
  hint: string;
}

export function hyperparameterFields(config: Experiment, currentStep: number): FieldSpec[] {
  const fields: FieldSpec[] = [];
  const optimizer = (network: 'generator' | 'discriminator') => {
    const o = config.optimizer[network];
    const group = network === 'generator' ? 'Generator optimizer' : 'Discriminator optimizer';
    const prefix = network === 'generator' ? 'generator' : 'discriminator';
    fields.push({
      key: `${prefix}Lr`,
      label: 'learning rate',
      group,
      integer: false,
      min: 0,
      max: 10,
      value: o.lr,
      hint: `${o.kind} learning rate`,
    });
    if (o.kind === 'adam') {
      fields.push({
        key: `${prefix}Beta1`,
        label: 'β1',
        group,
        integer: false,
        min: 0,
        max: 1,
        maxExclusive: true,
        value: o.beta1,
        hint: 'Adam: decay of the first moment',
      });
      fields.push({
        key: `${prefix}Beta2`,
        label: 'β2',
        group,
        integer: false,
        min: 0,
        max: 1,
        maxExclusive: true,
        value: o.beta2,
        hint: 'Adam: decay of the second moment',
      });
    }
  };
  optimizer('generator');
  optimizer('discriminator');
  const s = config.schedule;
  const l = config.logging;
  fields.push(
    {
      key: 'dStepsPerGStep',
      label: 'k (D steps per G step)',
      group: 'Schedule',
      integer: true,
      min: 1,
      max: 100,
      value: s.dStepsPerGStep,
      hint: 'discriminator steps per generator step',
    },
    {
      key: 'steps',
      label: 'total steps',
      group: 'Schedule',
      integer: true,
      min: Math.max(1, currentStep + 1),
      max: 100_000_000,
      value: s.steps,
      hint: 'generator steps of the run (more than the current step)',
    },
    {
      key: 'metricsEvery',
      label: 'metrics every',
      group: 'Logging',
      integer: true,
      min: 1,
      max: 1_000_000,
      value: l.metricsEvery,
      hint: 'steps between metric records',
    },
    {
      key: 'histogramsEvery',
      label: 'histograms every',
      group: 'Logging',
      integer: true,
      min: 1,
      max: 1_000_000,
      value: l.histogramsEvery,
      hint: 'steps between D histograms',
    },
    {
      key: 'samplesEvery',
      label: 'samples every',
      group: 'Logging',
      integer: true,
      min: 1,
      max: 1_000_000,
      value: l.samplesEvery,
      hint: 'steps between samples records',
    },
    {
      key: 'checkpointEvery',
      label: 'checkpoint every',
      group: 'Logging',
      integer: true,
      min: 0,
      max: 100_000_000,
      value: l.checkpointEvery,
      hint: 'steps between checkpoints (0: only at the end)',
    },
  );
  return fields;
}

export type Validation = { ok: true; value: number } | { ok: false; message: string };

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

export function validateField(field: Pick<FieldSpec, 'integer' | 'min' | 'max' | 'maxExclusive'>, text: string): Validation {
  const t = text.trim();
  if (t === '') return { ok: false, message: 'enter a number' };
  if (!NUMBER.test(t)) return { ok: false, message: `"${t}" is not a number` };
  const value = Number(t);
  if (!Number.isFinite(value)) return { ok: false, message: 'must be finite' };
  if (value < 0) return { ok: false, message: 'must not be negative' };
  if (field.integer && !Number.isInteger(value)) return { ok: false, message: 'must be a whole number' };
  if (value < field.min) return { ok: false, message: `must be at least ${field.min}` };
  if (field.maxExclusive ? value >= field.max : value > field.max)
    return { ok: false, message: `must be ${field.maxExclusive ? 'below' : 'at most'} ${field.max}` };
  return { ok: true, value };
}
