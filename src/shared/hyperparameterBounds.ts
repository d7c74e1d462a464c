/**
 * The range of each live hyper-parameter, as in the experiment schema: the host checks a value a
 * webview sends against it before writing it into the experiment file (a test keeps both in step).
 */
import type { HyperparameterChanges } from './protocol';

export interface HyperparameterBound {
  integer: boolean;
  min: number;
  max: number;
}

const LR: HyperparameterBound = { integer: false, min: 0, max: 10 };
const BETA: HyperparameterBound = { integer: false, min: 0, max: 0.999999 };
const EVERY: HyperparameterBound = { integer: true, min: 1, max: 1_000_000 };

export const HYPERPARAMETER_BOUNDS: Readonly<Record<keyof HyperparameterChanges, HyperparameterBound>> = {
  generatorLr: LR,
  discriminatorLr: LR,
  generatorBeta1: BETA,
  generatorBeta2: BETA,
  discriminatorBeta1: BETA,
  discriminatorBeta2: BETA,
  dStepsPerGStep: { integer: true, min: 1, max: 100 },
  steps: { integer: true, min: 1, max: 100_000_000 },
  metricsEvery: EVERY,
  histogramsEvery: EVERY,
  samplesEvery: EVERY,
  checkpointEvery: { integer: true, min: 0, max: 100_000_000 },
};

/** Whether `value` is a value the schema allows for `key` (a finite number in range, an integer where integers). */
export function isHyperparameterValue(key: keyof HyperparameterChanges, value: unknown): value is number {
  const bound = HYPERPARAMETER_BOUNDS[key];
  return (
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (!bound.integer || Number.isSafeInteger(value)) &&
    value >= bound.min &&
    value <= bound.max
  );
}
