/**
 * fast-check arbitraries for experiment files: valid configs over the toy data kinds (small
 * networks, every loss, regularizer, optimizer and normalisation), odd JSON values, and text
 * mutations. Used by the property-based tests (test/unit/propertyValidate.test.ts).
 */
import fc from 'fast-check';
import type { Json } from './experiments';

// ---------------------------------------------------------------------------------------------
// Numbers within the schema's bounds (fc.double leans towards the ends of its range, which is the point).

const double = (min: number, max: number) => fc.double({ min, max, noNaN: true, noDefaultInfinity: true });

/** Two numbers a ≤ b (a < b when `strict`) in [min, max]. */
const ordered = (min: number, max: number, strict: boolean) =>
  fc
    .tuple(double(min, max), double(min, max))
    .map(([a, b]) => (a <= b ? [a, b] : [b, a]) as [number, number])
    .filter(([a, b]) => !strict || a < b);

// ---------------------------------------------------------------------------------------------
// Data: the toy kinds (no files).

export const TOY_DATA_KINDS = ['ring', 'grid', 'mixture1d', 'parabola', 'moons', 'swissroll'] as const;

const ringData = fc.record(
  { kind: fc.constant('ring'), modes: fc.integer({ min: 1, max: 32 }), radius: double(1e-3, 1e4), std: double(1e-6, 1e3) },
  { requiredKeys: ['kind'] },
);
const gridData = fc.record(
  { kind: fc.constant('grid'), size: fc.integer({ min: 1, max: 8 }), spacing: double(1e-3, 1e4), std: double(1e-6, 1e3) },
  { requiredKeys: ['kind'] },
);
const mixture1dData = fc.integer({ min: 1, max: 5 }).chain((n) =>
  fc
    .record({
      means: fc.array(double(-1e4, 1e4), { minLength: n, maxLength: n }),
      stds: fc.array(double(1e-6, 1e4), { minLength: n, maxLength: n }),
      weights: fc.array(double(0, 1e6), { minLength: n, maxLength: n }),
    })
    .map(({ means, stds, weights }) => ({
      kind: 'mixture1d',
      means,
      stds,
      // The validator requires a positive sum.
      weights: weights.some((w) => w > 0) ? weights : [1, ...weights.slice(1)],
    })),
);
const parabolaData = fc
  .record({
    points: fc.integer({ min: 2, max: 24 }),
    x: ordered(-100, 100, true),
    a: ordered(-100, 100, false),
  })
  .map(({ points, x, a }) => ({ kind: 'parabola', points, xMin: x[0], xMax: x[1], aMin: a[0], aMax: a[1] }));
const moonsData = fc.record({ kind: fc.constant('moons'), noise: double(0, 1e3), scale: double(1e-6, 1e4) }, { requiredKeys: ['kind'] });
const swissrollData = fc.record(
  { kind: fc.constant('swissroll'), noise: double(0, 1e3), scale: double(1e-6, 1e4) },
  { requiredKeys: ['kind'] },
);

export const toyData: fc.Arbitrary<Json> = fc.oneof(ringData, gridData, mixture1dData, parabolaData, moonsData, swissrollData);

// ---------------------------------------------------------------------------------------------
// Networks, loss, regularizers, optimizers.

export const ACTIVATIONS = ['relu', 'leakyRelu', 'tanh', 'elu'] as const;
export const NORMALIZATIONS = ['none', 'batch', 'layer'] as const;
export const LOSS_KINDS = ['minimax', 'nonSaturating', 'wgan', 'wganGp', 'hinge', 'lsgan', 'neuralDistance'] as const;
const SIGMOID_LOSSES: readonly string[] = ['minimax', 'nonSaturating'];

const mlp = (generator: boolean) =>
  fc.record(
    {
      kind: fc.constant('mlp'),
      hidden: fc.array(fc.integer({ min: 1, max: 16 }), { minLength: 0, maxLength: 2 }),
      activation: fc.constantFrom(...ACTIVATIONS),
      leakySlope: double(0, 1),
      normalization: fc.constantFrom(...NORMALIZATIONS),
      ...(generator && { outputActivation: fc.constantFrom('linear', 'tanh') }),
    },
    { requiredKeys: ['kind'] },
  );

const loss: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>({ kind: 'minimax' }, { kind: 'nonSaturating' }, { kind: 'hinge' }, { kind: 'lsgan' }),
  fc.record({ kind: fc.constantFrom('wgan', 'neuralDistance'), clip: double(1e-6, 100) }, { requiredKeys: ['kind'] }),
  fc.record({ kind: fc.constant('wganGp'), lambda: double(0, 10000) }, { requiredKeys: ['kind'] }),
);

const r1 = fc.record({ kind: fc.constant('r1'), weight: double(0, 10000) }, { requiredKeys: ['kind'] });
const labelSmoothing = fc.record({ kind: fc.constant('labelSmoothing'), real: double(0.5, 1) }, { requiredKeys: ['kind'] });
const instanceNoise = fc.record(
  { kind: fc.constant('instanceNoise'), std: double(0, 1000), annealSteps: fc.integer({ min: 1, max: 100_000_000 }) },
  { requiredKeys: ['kind'] },
);

/** Each regularizer at most once, in any order; label smoothing only with a sigmoid loss (the validator's rule). */
const regularizersFor = (lossKind: string): fc.Arbitrary<Json[]> =>
  fc
    .tuple(r1, labelSmoothing, instanceNoise)
    .chain(([a, b, c]) => fc.shuffledSubarray(SIGMOID_LOSSES.includes(lossKind) ? [a, b, c] : [a, c]));

const optimizer: fc.Arbitrary<Json> = fc.oneof(
  fc.record(
    { kind: fc.constant('adam'), lr: double(0, 10), beta1: double(0, 0.999999), beta2: double(0, 0.999999), epsilon: double(0, 1) },
    { requiredKeys: ['kind'] },
  ),
  fc.record(
    {
      kind: fc.constant('rmsprop'),
      lr: double(0, 10),
      decay: double(0, 0.999999),
      momentum: double(0, 0.999999),
      epsilon: double(0, 1),
    },
    { requiredKeys: ['kind'] },
  ),
  fc.record({ kind: fc.constant('sgd'), lr: double(0, 10), momentum: double(0, 0.999999) }, { requiredKeys: ['kind'] }),
);

// ---------------------------------------------------------------------------------------------
// A whole experiment.

export interface ToyOptions {
  /** Steps of the schedule. */
  steps?: number;
  backends?: readonly ('cpu' | 'wasm')[];
}

/**
 * A valid experiment over toy data with small networks and quick logging (every recording path is
 * hit within a few steps). Optional properties are sometimes left out so defaults are exercised.
 */
export function toyExperiment(options: ToyOptions = {}): fc.Arbitrary<Json> {
  return loss.chain((lossConfig) =>
    fc
      .record(
        {
          name: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,15}$/),
          description: fc.string({ maxLength: 20 }),
          seed: fc.integer({ min: 0, max: 2147483647 }),
          data: toyData,
          latent: fc.record(
            { dim: fc.integer({ min: 1, max: 8 }), distribution: fc.constantFrom('normal', 'uniform') },
            { requiredKeys: [] },
          ),
          generator: mlp(true),
          discriminator: mlp(false),
          loss: fc.constant(lossConfig),
          regularizers: regularizersFor(lossConfig.kind as string),
          optimizer: fc.record({ generator: optimizer, discriminator: optimizer }, { requiredKeys: [] }),
          schedule: fc.record({
            steps: fc.constant(options.steps ?? 5),
            batchSize: fc.integer({ min: 1, max: 32 }),
            dStepsPerGStep: fc.integer({ min: 1, max: 3 }),
          }),
          logging: fc.record({
            metricsEvery: fc.integer({ min: 1, max: 6 }),
            histogramsEvery: fc.integer({ min: 1, max: 6 }),
            samplesEvery: fc.integer({ min: 1, max: 6 }),
            checkpointEvery: fc.integer({ min: 0, max: 6 }),
            keepCheckpoints: fc.integer({ min: 1, max: 3 }),
            sampleCount: fc.integer({ min: 1, max: 16 }),
            histogramBins: fc.integer({ min: 4, max: 16 }),
            gridResolution: fc.integer({ min: 4, max: 6 }),
          }),
          backend: fc.constantFrom(...(options.backends ?? (['cpu', 'wasm'] as const))),
        },
        { requiredKeys: ['name', 'data', 'generator', 'discriminator', 'loss', 'schedule', 'logging', 'backend'] },
      )
      .map(withoutDegenerateNormalization),
  );
}

/**
 * The validator refuses an mlp that normalises a unit over one value (batch norm with a batch of
 * 1, layer norm of a width-1 layer): such configs get a batch of 2 and layers of width 2 instead.
 */
function withoutDegenerateNormalization(config: Json): Json {
  const schedule = config.schedule as { batchSize: number };
  for (const role of ['generator', 'discriminator']) {
    const network = config[role] as { hidden?: number[]; normalization?: string };
    // Left out, hidden is the schema's default [128, 128].
    if (network.hidden !== undefined && network.hidden.length === 0) continue;
    if (network.normalization === 'batch' && schedule.batchSize === 1) schedule.batchSize = 2;
    if (network.normalization === 'layer' && network.hidden) network.hidden = network.hidden.map((w) => Math.max(w, 2));
  }
  return config;
}

// ---------------------------------------------------------------------------------------------
// Odd JSON, as text (so it can hold what JSON.stringify cannot write: 1e999, -0, 1.0).

const ALL_KINDS = [
  ...TOY_DATA_KINDS,
  'csv',
  'shapes',
  'imageFolder',
  'idx',
  'mnist',
  'stackedMnist',
  'mlp',
  'dcgan',
  ...LOSS_KINDS,
  'r1',
  'labelSmoothing',
  'instanceNoise',
  'adam',
  'rmsprop',
  'sgd',
];
const ENUM_STRINGS = [
  ...ACTIVATIONS,
  ...NORMALIZATIONS,
  'linear',
  'tanh',
  'normal',
  'uniform',
  'auto',
  'tensorflow',
  'webgpu',
  'wasm',
  'cpu',
  'yes',
  'no',
];

/** Keys an object might wrongly hold: typos, prototype names, odd characters. */
export const oddKey: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('toString', 'constructor', '__proto__', 'hasOwnProperty', 'valueOf', 'kind', 'hiden', 'sead', '', ' ', 'a.b', '[0]'),
  fc.string({ minLength: 1, maxLength: 8 }),
);

const numberText = fc.oneof(
  fc.constantFrom(
    '1e999',
    '-1e999',
    '1e-400',
    '-0',
    '0',
    '1.0',
    '0.5',
    '-1',
    '2.5',
    '9007199254740993',
    '1e308',
    '4294967296',
    '1E2',
    '-0.0',
  ),
  fc.integer({ min: -100, max: 70000 }).map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((d) => JSON.stringify(d)),
  double(-2, 2).map(String),
);
const stringText = fc
  .oneof(
    fc.constantFrom('NaN', 'Infinity', '-Infinity', '1', '', ' ', 'null', 'true', '\u0000', '\ud800', 'x'.repeat(3000)),
    fc.constantFrom(...ALL_KINDS, ...ENUM_STRINGS),
    fc.string({ maxLength: 12 }),
  )
  .map((s) => JSON.stringify(s));

/** Odd JSON values as text, nested a few levels at most: wrong types, numbers at and past the bounds, kinds. */
export const shallowOddJsonText: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: numberText, weight: 4 },
  { arbitrary: stringText, weight: 3 },
  { arbitrary: fc.constantFrom('true', 'false', 'null', '[]', '{}', '[null]', '{"kind": null}', '[[]]'), weight: 2 },
  { arbitrary: fc.json({ maxDepth: 3 }), weight: 2 },
  {
    arbitrary: fc
      .record({ kind: fc.constantFrom(...ALL_KINDS), key: oddKey, value: numberText })
      .map(({ kind, key, value }) => `{"kind": ${JSON.stringify(kind)}, ${JSON.stringify(key)}: ${value}}`),
    weight: 2,
  },
  { arbitrary: fc.constantFrom(...ALL_KINDS).map((kind) => JSON.stringify({ kind })), weight: 2 },
  { arbitrary: fc.array(numberText, { maxLength: 70 }).map((items) => `[${items.join(', ')}]`), weight: 1 },
);

/** Arrays or objects nested `depth` deep around a 1 (deep enough to overflow a recursive parser). */
export const deeplyNestedText: fc.Arbitrary<string> = fc
  .tuple(fc.integer({ min: 1, max: 5000 }), fc.boolean())
  .map(([depth, arrays]) => (arrays ? `${'['.repeat(depth)}1${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`));

/** Odd JSON values as text, deep nesting included. */
export const oddJsonText: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: shallowOddJsonText, weight: 9 },
  { arbitrary: deeplyNestedText, weight: 1 },
);

// ---------------------------------------------------------------------------------------------
// Paths into a config.

export type JsonPath = (string | number)[];

/** Every path in `value` (the root included), parents before children. */
export function allPaths(value: unknown, path: JsonPath = []): JsonPath[] {
  const out: JsonPath[] = [path];
  if (Array.isArray(value)) value.forEach((item, i) => out.push(...allPaths(item, [...path, i])));
  else if (typeof value === 'object' && value !== null)
    for (const [key, item] of Object.entries(value)) out.push(...allPaths(item, [...path, key]));
  return out;
}

/** Every path of an object in `value` (where a new key could go). */
export function objectPaths(value: unknown): JsonPath[] {
  return allPaths(value).filter((p) => {
    const v = at(value, p);
    return typeof v === 'object' && v !== null && !Array.isArray(v);
  });
}

export function at(value: unknown, path: JsonPath): unknown {
  let v: unknown = value;
  for (const segment of path) v = (v as Record<string | number, unknown>)[segment];
  return v;
}

const PLACEHOLDER = '\u0000PLACEHOLDER\u0000';

/**
 * The text of `config` with the value at `path` replaced by `valueText` (raw JSON text), or,
 * with `newKey`, with the property `newKey: valueText` added to the object at `path`.
 */
export function replaceAt(config: Json, path: JsonPath, valueText: string, newKey?: string): string {
  if (path.length === 0 && newKey === undefined) return valueText;
  const copy = JSON.parse(JSON.stringify(config)) as Json;
  if (newKey !== undefined) {
    // A new key: written as text, since "__proto__" as an object key cannot be set by assignment.
    const target = at(copy, path) as Record<string, unknown>;
    const marker = `${PLACEHOLDER}key`;
    target[marker] = PLACEHOLDER;
    const entry = `${JSON.stringify(marker)}: ${JSON.stringify(PLACEHOLDER)}`;
    return JSON.stringify(copy, null, 2).replace(entry, () => `${JSON.stringify(newKey)}: ${valueText}`);
  }
  const parent = at(copy, path.slice(0, -1)) as Record<string | number, unknown>;
  parent[path.at(-1)!] = PLACEHOLDER;
  return JSON.stringify(copy, null, 2).replace(JSON.stringify(PLACEHOLDER), () => valueText);
}

// ---------------------------------------------------------------------------------------------
// Text mutations.

const TOKEN = /"(?:[^"\\]|\\.)*"|[{}[\]:,]|[^\s{}[\]:,"]+/g;

export type Mutation =
  | { op: 'delete'; at: number; length: number }
  | { op: 'insert'; at: number; text: string }
  | { op: 'truncate'; at: number }
  | { op: 'swapTokens'; a: number; b: number }
  | { op: 'duplicate'; at: number; length: number };

/** Applies `m` to `text`; positions are taken modulo the text's length so any number will do. */
export function mutate(text: string, m: Mutation): string {
  const n = text.length;
  const pos = (i: number) => (n === 0 ? 0 : i % (n + 1));
  switch (m.op) {
    case 'delete': {
      const start = pos(m.at);
      return text.slice(0, start) + text.slice(start + m.length);
    }
    case 'insert': {
      const start = pos(m.at);
      return text.slice(0, start) + m.text + text.slice(start);
    }
    case 'truncate':
      return text.slice(0, pos(m.at));
    case 'duplicate': {
      const start = pos(m.at);
      return text.slice(0, start + m.length) + text.slice(start, start + m.length) + text.slice(start + m.length);
    }
    case 'swapTokens': {
      const tokens = [...text.matchAll(TOKEN)];
      if (tokens.length < 2) return text;
      let [i, j] = [m.a % tokens.length, m.b % tokens.length];
      if (i === j) return text;
      if (i > j) [i, j] = [j, i];
      const [a, b] = [tokens[i]!, tokens[j]!];
      const aEnd = a.index + a[0].length;
      const bEnd = b.index + b[0].length;
      return text.slice(0, a.index) + b[0] + text.slice(aEnd, b.index) + a[0] + text.slice(bEnd);
    }
  }
}

const FRAGMENTS = [
  '{',
  '}',
  '[',
  ']',
  ',',
  ':',
  '"',
  '\\',
  '"name"',
  '"kind"',
  '"ring"',
  '"data"',
  'true',
  'null',
  'NaN',
  '1e999',
  '-',
  '0',
  '1.5',
  '//',
  '/*',
  '*/',
  '\n',
  '\r\n',
  ' ',
  '\t',
  '\u00a0',
  '\ufeff',
  '\ud83d\ude00',
  '\ud800',
];

/** JSON-ish text: a run of brackets, keys, literals and comment markers. */
export const jsonishText: fc.Arbitrary<string> = fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 40 }).map((f) => f.join(''));

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(jsonishText, fc.string({ maxLength: 6, unit: 'binary' })) }),
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('swapTokens' as const), a: fc.nat(), b: fc.nat() }),
  fc.record({ op: fc.constant('duplicate' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
);
