/**
 * The one table of the hyper-parameters a live run can change: where each lives in the experiment
 * file, how the dashboard labels and groups it, and which optimizer kinds have it. Bounds, the
 * integer flag and the hint are read from the schema node at that path, so the schema is the only
 * place a range is written. Every side checks values against this table: the dashboard's fields,
 * the host's guard on webview messages, the trainer's guard on host messages, the edit of the file.
 */
import { Kind, type TSchema } from '@sinclair/typebox';
import { ExperimentSchema, type OptimizerConfig } from './experiment/schema';

export type HyperparameterGroup = 'Generator optimizer' | 'Discriminator optimizer' | 'Schedule' | 'Logging';

interface Declared {
  /** Path in the experiment file (and in the resolved config). */
  path: readonly string[];
  /** Field label on the dashboard, inside its group. */
  label: string;
  /** A few characters for chart markers and notifications. */
  short: string;
  group: HyperparameterGroup;
}

const optimizer = (network: 'generator' | 'discriminator', setting: string, label: string): Declared => ({
  path: ['optimizer', network, setting],
  label,
  short: `${network === 'generator' ? 'G' : 'D'} ${label === 'learning rate' ? 'lr' : label}`,
  group: network === 'generator' ? 'Generator optimizer' : 'Discriminator optimizer',
});

const DECLARED = {
  generatorLr: optimizer('generator', 'lr', 'learning rate'),
  generatorBeta1: optimizer('generator', 'beta1', 'β1'),
  generatorBeta2: optimizer('generator', 'beta2', 'β2'),
  discriminatorLr: optimizer('discriminator', 'lr', 'learning rate'),
  discriminatorBeta1: optimizer('discriminator', 'beta1', 'β1'),
  discriminatorBeta2: optimizer('discriminator', 'beta2', 'β2'),
  dStepsPerGStep: { path: ['schedule', 'dStepsPerGStep'], label: 'k (D steps per G step)', short: 'k', group: 'Schedule' },
  steps: { path: ['schedule', 'steps'], label: 'total steps', short: 'steps', group: 'Schedule' },
  metricsEvery: { path: ['logging', 'metricsEvery'], label: 'metrics every', short: 'metrics/', group: 'Logging' },
  histogramsEvery: { path: ['logging', 'histogramsEvery'], label: 'histograms every', short: 'hist/', group: 'Logging' },
  samplesEvery: { path: ['logging', 'samplesEvery'], label: 'samples every', short: 'samples/', group: 'Logging' },
  checkpointEvery: { path: ['logging', 'checkpointEvery'], label: 'checkpoint every', short: 'ckpt/', group: 'Logging' },
} as const satisfies Record<string, Declared>;

export type HyperparameterKey = keyof typeof DECLARED;
/** Hyper-parameters that can change while a run is live (total steps never below the current step). */
export type HyperparameterChanges = { [K in HyperparameterKey]?: number };

export interface Hyperparameter extends Declared {
  key: HyperparameterKey;
  /** The optimizer kinds that have this setting; undefined outside `optimizer`. */
  optimizerKinds?: readonly OptimizerConfig['kind'][];
  integer: boolean;
  min: number;
  max: number;
  /** The schema's description, for a tooltip. */
  hint: string;
}

/** The schema nodes at `path`: one per variant of every union on the way that has the property. */
function schemaNodesAt(schema: TSchema, path: readonly string[]): { node: TSchema; variant?: TSchema }[] {
  if (path.length === 0) return [{ node: schema }];
  if (schema[Kind] === 'Union')
    return (schema.anyOf as TSchema[]).flatMap((variant) => schemaNodesAt(variant, path).map((n) => ({ variant, ...n })));
  const child = (schema.properties as Record<string, TSchema> | undefined)?.[path[0]!];
  return child === undefined ? [] : schemaNodesAt(child, path.slice(1));
}

function fromSchema(key: HyperparameterKey, declared: Declared): Hyperparameter {
  const found = schemaNodesAt(ExperimentSchema, declared.path);
  const first = found[0]?.node;
  if (
    first === undefined ||
    (first[Kind] !== 'Number' && first[Kind] !== 'Integer') ||
    first.minimum === undefined ||
    first.maximum === undefined
  )
    throw new Error(`${declared.path.join('.')}: no bounded number in the experiment schema`);
  const spec: Hyperparameter = {
    key,
    ...declared,
    integer: first[Kind] === 'Integer',
    min: first.minimum as number,
    max: first.maximum as number,
    hint: String(first.description ?? ''),
  };
  for (const { node } of found)
    if (node[Kind] !== first[Kind] || node.minimum !== spec.min || node.maximum !== spec.max)
      throw new Error(`${declared.path.join('.')}: the optimizer kinds disagree on its bounds in the experiment schema`);
  if (declared.path[0] === 'optimizer')
    spec.optimizerKinds = found.map(
      ({ variant }) => (variant?.properties as Record<string, TSchema>).kind!.const as OptimizerConfig['kind'],
    );
  return spec;
}

/** Every live hyper-parameter, in the dashboard's order. */
export const HYPERPARAMETERS: readonly Hyperparameter[] = Object.entries(DECLARED).map(([key, declared]) =>
  fromSchema(key as HyperparameterKey, declared),
);
export const HYPERPARAMETER_KEYS: readonly HyperparameterKey[] = HYPERPARAMETERS.map((h) => h.key);
const BY_KEY = new Map(HYPERPARAMETERS.map((h) => [h.key, h]));

export function isHyperparameterKey(key: unknown): key is HyperparameterKey {
  return typeof key === 'string' && BY_KEY.has(key as HyperparameterKey);
}

export function hyperparameter(key: HyperparameterKey): Hyperparameter {
  return BY_KEY.get(key)!;
}

/** How messages name a hyper-parameter: `generator learning rate`, `total steps`. */
export function hyperparameterName(key: HyperparameterKey): string {
  const { path, label } = hyperparameter(key);
  return path[0] === 'optimizer' ? `${path[1]} ${label}` : label;
}

/** Whether `value` is one the schema allows for `key` (a finite number in range, an integer where integers). */
export function isHyperparameterValue(key: HyperparameterKey, value: unknown): value is number {
  const { integer, min, max } = hyperparameter(key);
  return typeof value === 'number' && Number.isFinite(value) && (!integer || Number.isSafeInteger(value)) && value >= min && value <= max;
}

/** Whether `changes` holds only known keys with values in range. */
export function isHyperparameterChanges(changes: unknown): changes is HyperparameterChanges {
  return (
    typeof changes === 'object' &&
    changes !== null &&
    !Array.isArray(changes) &&
    Object.entries(changes).every(([key, value]) => isHyperparameterKey(key) && isHyperparameterValue(key, value))
  );
}
