/**
 * Property-based tests (fast-check) for bad input (issue 9): random and mutated text never makes
 * the validator throw and every problem points inside the text; odd values at any path of a valid
 * config give problems at that path (or an accepted config that re-validates to itself); and every
 * config the validator accepts trains a few steps or fails with a clear message, leaking no tensors.
 *
 * Deterministic: a fixed seed (GAN_PROPERTY_SEED overrides it) and fixed numRuns (multiplied by
 * GAN_PROPERTY_RUNS, e.g. 20 for a longer local search). A failure prints the seed, the
 * counterexample and how to replay it.
 */
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { Value } from '@sinclair/typebox/value';
import fc from 'fast-check';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { TrainerToHost } from '../../src/shared/protocol';
import type { RunStatus } from '../../src/shared/runFormat';
import { ExperimentSchema } from '../../src/shared/experiment/schema';
import { formatJsonPath } from '../../src/shared/experiment/sourceMap';
import { validateExperiment, type ValidationResult } from '../../src/shared/experiment/validate';
import { loadExperiment } from '../../src/training/loadExperiment';
import { Trainer } from '../../src/training/trainer';
import {
  allPaths,
  jsonishText,
  mutate,
  mutation,
  objectPaths,
  oddJsonText,
  oddKey,
  replaceAt,
  shallowOddJsonText,
  toyExperiment,
  type JsonPath,
} from '../helpers/arbitraryExperiment';
import { Kind, type TSchema } from '@sinclair/typebox';
import { ringExperiment, tempDir, writeExperimentFile, type Json } from '../helpers/experiments';
import { prepareRun } from '../helpers/runTrainer';
import { createOptimizer } from '../../src/training/optimizers/createOptimizer';

const SEED = process.env.GAN_PROPERTY_SEED !== undefined ? Number(process.env.GAN_PROPERTY_SEED) : 90_210;
const SCALE = process.env.GAN_PROPERTY_RUNS !== undefined ? Number(process.env.GAN_PROPERTY_RUNS) : 1;

/** fc.assert with the suite's seed; a failure names the seed and how to replay it. */
async function check<T>(
  property: fc.IProperty<T> | fc.IAsyncProperty<T>,
  numRuns: number,
  extra: Partial<fc.Parameters<T>> = {},
): Promise<void> {
  const parameters: fc.Parameters<T> = {
    seed: SEED,
    numRuns: Math.max(1, Math.round(numRuns * SCALE)),
    includeErrorInReport: true,
    ...extra,
  };
  try {
    await fc.assert(property as fc.IAsyncProperty<T>, parameters);
  } catch (e) {
    if (e instanceof Error)
      e.message += `\n(fast-check seed ${SEED}; replay with GAN_PROPERTY_SEED=${SEED} node test/run.mjs propertyValidate)`;
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------
// What every result must satisfy.

/** 1-based line and column of `offset`, counted here independently of the validator. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lines = before.split('\n');
  // A leading byte-order mark is not a column (editors hide it).
  const bom = lines.length === 1 && text.startsWith('\uFEFF') && offset > 0 ? 1 : 0;
  return { line: lines.length, column: lines.at(-1)!.length + 1 - bom };
}

/** Never a throw, and every problem readable and placed inside the text. */
function validateWellFormed(text: string): ValidationResult {
  let result: ValidationResult;
  try {
    result = validateExperiment(text);
  } catch (e) {
    assert.fail(`validateExperiment threw ${(e as Error).name}: ${(e as Error).message}`);
  }
  if (result.ok) {
    assert.deepEqual(result.problems, []);
    assert.ok(result.config);
    return result;
  }
  assert.ok(result.problems.length > 0, 'rejected without a problem');
  for (const p of result.problems) {
    const where = JSON.stringify(p);
    assert.ok(['syntax', 'schema', 'semantic'].includes(p.kind), `kind: ${where}`);
    assert.equal(typeof p.message, 'string');
    assert.ok(p.message.trim().length > 0, `empty message: ${where}`);
    // Quoted text echoes the file (a key may well be "NaN"); the rest is the validator's own words.
    const ownWords = p.message.replace(/"(?:[^"\\]|\\.)*"/g, '""');
    assert.ok(!/undefined|\[object Object\]|NaN|Infinity/.test(ownWords), `unclear message: ${where}`);
    assert.equal(typeof p.path, 'string');
    assert.ok(p.path.length > 0, `empty path: ${where}`);
    assert.ok(Number.isInteger(p.offset) && p.offset >= 0 && p.offset <= text.length, `offset outside the text: ${where}`);
    assert.ok(Number.isInteger(p.length) && p.length >= 0 && p.offset + p.length <= text.length, `range outside the text: ${where}`);
    assert.deepEqual({ line: p.line, column: p.column }, lineColumn(text, p.offset), `line/column of offset ${p.offset}: ${where}`);
    for (const detail of [p.expected, p.found]) if (detail !== undefined) assert.ok(detail.length > 0, `empty detail: ${where}`);
  }
  return result;
}

/** An accepted config is complete (the TypeBox schema itself agrees) and validates to itself. */
function assertResolved(result: ValidationResult): void {
  assert.ok(result.ok);
  const config = result.config;
  if (!Value.Check(ExperimentSchema, config)) {
    const first = [...Value.Errors(ExperimentSchema, config)].slice(0, 3);
    assert.fail(`accepted config does not satisfy the schema: ${JSON.stringify(first.map((e) => [e.path, e.message, e.value]))}`);
  }
  const again = validateExperiment(JSON.stringify(config, null, 2));
  assert.deepEqual(again.problems, [], 'the resolved config validates');
  assert.ok(again.ok);
  assert.deepEqual(again.config, config, 'validating the resolved config gives it back (idempotence)');
}

// ---------------------------------------------------------------------------------------------
// Which problem paths a change at one path may produce.

const isPrefixPath = (a: string, b: string) => a === '(root)' || b === a || b.startsWith(`${a}.`) || b.startsWith(`${a}[`);

/**
 * Fields that a semantic rule ties together: a change under one member may be reported under
 * another (xMax against xMin; labelSmoothing against loss.kind; dcgan against the data kind;
 * batch normalisation against the batch size; layer normalisation against a width-1 layer).
 */
const SEMANTIC_RELATIONS: readonly (readonly string[])[] = [
  ['data'],
  ['regularizers'],
  ['loss', 'regularizers'],
  ['data', 'generator.kind', 'discriminator.kind'],
  ['schedule.batchSize', 'generator.normalization', 'discriminator.normalization'],
  ['generator.hidden', 'generator.normalization'],
  ['discriminator.hidden', 'discriminator.normalization'],
];

function relatedPath(changed: JsonPath, problem: { path: string; kind: string }): boolean {
  // A new "kind" makes the object another variant: its other properties are then judged anew.
  const normalized = changed.at(-1) === 'kind' ? changed.slice(0, -1) : changed;
  const c = formatJsonPath(normalized);
  if (isPrefixPath(c, problem.path) || isPrefixPath(problem.path, c)) return true;
  if (problem.kind !== 'semantic') return false;
  const under = (path: string, prefixes: readonly string[]) => prefixes.some((p) => isPrefixPath(p, path) || isPrefixPath(path, p));
  return SEMANTIC_RELATIONS.some((group) => under(c, group) && under(problem.path, group));
}

// ---------------------------------------------------------------------------------------------

const examplesDir = join(__dirname, '..', '..', 'examples');
const EXAMPLES = readdirSync(examplesDir)
  .filter((n) => n.endsWith('.gan.json'))
  .sort()
  .map((n) => readFileSync(join(examplesDir, n), 'utf8'));

describe('property-based: experiment files (fast-check)', function () {
  this.timeout(120_000 * Math.max(1, SCALE));

  describe('1. random text: never throws; every problem has a message, a path and a place in the text', () => {
    it('arbitrary strings (unicode, lone surrogates, control characters)', async () => {
      await check(
        fc.property(fc.oneof(fc.string({ maxLength: 200, unit: 'binary' }), fc.string({ maxLength: 200 })), (text) => {
          validateWellFormed(text);
        }),
        1000,
      );
    });

    it('JSON-ish fragments and random JSON values', async () => {
      await check(
        fc.property(fc.oneof(jsonishText, fc.json({ maxDepth: 4 }), oddJsonText), (text) => {
          validateWellFormed(text);
        }),
        1000,
      );
    });

    it('mutations of the example files: deleted ranges, inserted characters, swapped tokens, truncations', async () => {
      await check(
        fc.property(fc.nat(EXAMPLES.length - 1), fc.array(mutation, { minLength: 1, maxLength: 4 }), (index, mutations) => {
          let text = EXAMPLES[index]!;
          for (const m of mutations) text = mutate(text, m);
          const result = validateWellFormed(text);
          if (result.ok) assertResolved(result);
        }),
        500,
      );
    });

    it('the example files themselves are accepted and resolve to themselves', () => {
      for (const text of EXAMPLES) assertResolved(validateWellFormed(text));
    });
  });

  describe('2. odd JSON at any path of a valid config', () => {
    it('replaced values: accepted and idempotent, or problems that name the changed path', async () => {
      const arbitrary = toyExperiment().chain((config) =>
        fc.record({ config: fc.constant(config), path: fc.constantFrom(...allPaths(config)), value: oddJsonText }),
      );
      await check(
        fc.property(arbitrary, ({ config, path, value }) => {
          const text = replaceAt(config, path, value);
          const result = validateWellFormed(text);
          if (result.ok) return assertResolved(result);
          for (const p of result.problems)
            assert.ok(
              relatedPath(path, p),
              `changed ${formatJsonPath(path)} to ${value.slice(0, 80)}, but a problem is at ${p.path}: ${p.message}`,
            );
        }),
        500,
      );
    });

    it('an unknown key anywhere: a problem at that key', async () => {
      const arbitrary = toyExperiment().chain((config) =>
        fc.record({ config: fc.constant(config), path: fc.constantFrom(...objectPaths(config)), key: oddKey, value: shallowOddJsonText }),
      );
      await check(
        fc.property(arbitrary, ({ config, path, key, value }) => {
          fc.pre(!Object.hasOwn(schemaAt(config, path).properties as object, key));
          const text = replaceAt(config, path, value, key);
          const result = validateWellFormed(text);
          assert.equal(result.ok, false, `unknown key ${JSON.stringify(key)} at ${formatJsonPath(path)} was accepted`);
          const keyPath = formatJsonPath([...path, key]);
          assert.ok(
            result.problems.some((p) => p.path === keyPath && p.message.includes('unknown property')),
            `no "unknown property" problem at ${keyPath}: ${JSON.stringify(result.problems.map((p) => `${p.path}: ${p.message}`))}`,
          );
        }),
        300,
      );
    });
  });

  describe('3. every accepted config trains 5 steps, or fails with a clear message', function () {
    this.timeout(180_000 * Math.max(1, SCALE));

    it('completed, or diverged/failed with a clear error; no tensors leaked', async () => {
      const statuses: Record<string, number> = {};
      await check(
        fc.asyncProperty(toyExperiment({ steps: 5 }), async (config) => {
          const result = validateExperiment(JSON.stringify(config));
          assert.deepEqual(result.ok ? [] : result.problems, [], 'the arbitrary gives valid configs');
          const status = await trainsOrFailsClearly(config);
          statuses[status] = (statuses[status] ?? 0) + 1;
        }),
        40,
        // A failing config is reported as found (each run trains): no shrinking.
        { endOnFailure: true },
      );
      console.log(`      runs by status: ${JSON.stringify(statuses)}`);
    });
  });

  describe('counterexamples the properties found (regressions)', () => {
    const valid = (extra = '') =>
      `{"name": "t", "data": {"kind": "ring"}, "generator": {"kind": "mlp"${extra}}, "discriminator": {"kind": "mlp"}, "loss": {"kind": "hinge"}}`;

    it('thousands of nested arrays or objects: one clear problem at the first bracket too deep, no stack overflow', () => {
      for (const depth of [65, 3000, 100_000]) {
        const text = valid(`, "hidden": ${'['.repeat(depth)}1${']'.repeat(depth)}`);
        const [p, ...rest] = validateWellFormed(text).problems;
        assert.deepEqual(rest, []);
        assert.equal(p!.kind, 'syntax');
        assert.match(p!.message, /^nested too deeply: more than 64 levels of objects and arrays/);
        // Levels: the root 1, generator 2, the first [ 3: the 63rd [ is level 65.
        assert.equal(p!.path, `generator.hidden${'[0]'.repeat(62)}`);
        assert.equal(p!.offset, text.indexOf('[') + 62);
        assert.equal(p!.found, '"[" at level 65');
      }
      const objects = valid(`, "x": ${'{"a": '.repeat(5000)}1${'}'.repeat(5000)}`);
      assert.match(validateWellFormed(objects).problems[0]!.path, /^generator\.x(\.a){62}$/);
      // 64 levels are fine: the schema walk reports the value as usual.
      const deepest = valid(`, "hidden": ${'['.repeat(62)}1${']'.repeat(62)}`);
      assert.deepEqual(
        validateWellFormed(deepest).problems.map((p) => [p.kind, p.path]),
        [['schema', 'generator.hidden[0]']],
      );
    });

    it('keys named like Object.prototype members are unknown properties, not silently accepted', () => {
      for (const key of ['toString', 'constructor', 'hasOwnProperty', '__proto__']) {
        const text = valid(`, ${JSON.stringify(key)}: {"hidden": [3]}`);
        const problems = validateWellFormed(text).problems;
        assert.deepEqual(
          problems.map((p) => [p.path, p.message.replace(/;.*/, '')]),
          [[`generator.${key}`, `unknown property "${key}"`]],
        );
        assert.equal(problems[0]!.offset, text.indexOf(`"${key}"`));
      }
    });

    it('a number too large for a double (1e999) is named as such, not as null', () => {
      const [p] = validateWellFormed(valid(', "leakySlope": 1e999')).problems;
      assert.equal(p!.path, 'generator.leakySlope');
      assert.equal(p!.message, 'expected a number');
      assert.equal(p!.found, 'a number too large to represent (magnitude above 1.8e308)');
    });

    it('-0 is read as 0, so the resolved config validates to itself', () => {
      const result = validateWellFormed(valid().replace('"name": "t"', '"name": "t", "seed": -0'));
      assert.ok(result.ok);
      assert.ok(Object.is(result.config.seed, 0));
      assertResolved(result);
    });

    it('an unclosed comment at the end: the problem range stays inside the text', () => {
      for (const text of ['{/*', '{ "name": "t" /* no end']) {
        const [p] = validateWellFormed(text).problems;
        assert.equal(p!.message, 'invalid JSON: unexpected end of comment');
        assert.ok(p!.offset + p!.length <= text.length);
      }
    });

    it('batch normalisation with batchSize 1, or layer normalisation of a width-1 layer: refused (the network would ignore its input)', () => {
      const experiment = (generator: Json, discriminator: Json, batchSize: number) =>
        JSON.stringify({
          name: 't',
          data: { kind: 'ring' },
          generator: { kind: 'mlp', ...generator },
          discriminator: { kind: 'mlp', ...discriminator },
          loss: { kind: 'hinge' },
          schedule: { batchSize },
        });
      const problems = (text: string) => validateWellFormed(text).problems.map((p) => [p.kind, p.path, p.message]);
      assert.deepEqual(problems(experiment({ hidden: [8], normalization: 'batch' }, { normalization: 'batch' }, 1)), [
        [
          'semantic',
          'generator.normalization',
          'batch normalisation over a batch of 1 turns every hidden unit into its bias, so the generator ignores z and cannot learn: use "layer" or "none", or a schedule.batchSize of at least 2',
        ],
        [
          'semantic',
          'discriminator.normalization',
          'batch normalisation over a batch of 1 turns every hidden unit into its bias, so the discriminator ignores its input and cannot learn: use "layer" or "none", or a schedule.batchSize of at least 2',
        ],
      ]);
      assert.deepEqual(problems(experiment({}, { hidden: [8, 1], normalization: 'layer' }, 1)), [
        [
          'semantic',
          'discriminator.hidden[1]',
          'layer normalisation of a layer of width 1 turns its unit into its bias, so the discriminator ignores its input and cannot learn: make the layer at least 2 wide, or use "batch" or "none" normalization',
        ],
      ]);
      // Fine: a batch of 2, no hidden layer to normalise, layer norm of wider layers, or no normalisation.
      assert.ok(validateExperiment(experiment({ normalization: 'batch' }, { normalization: 'batch' }, 2)).ok);
      assert.ok(validateExperiment(experiment({ hidden: [], normalization: 'batch' }, { hidden: [2, 2], normalization: 'layer' }, 1)).ok);
      assert.ok(validateExperiment(experiment({ hidden: [1] }, { hidden: [1], normalization: 'none' }, 1)).ok);
    });

    it('Adam and RMSprop with epsilon 0 (or below float32): a parameter with zero gradients stays put instead of turning NaN', () => {
      for (const config of [
        { kind: 'adam', lr: 0.1, beta1: 0.5, beta2: 0.999, epsilon: 0 },
        { kind: 'rmsprop', lr: 0.1, decay: 0.9, momentum: 0.5, epsilon: 1e-300 },
      ] as const) {
        const variable = tf.variable(tf.tensor1d([1, 2, 3]));
        const optimizer = createOptimizer(config, [variable]);
        for (const g of [
          [0, 0, 1],
          [0, 1e-30, 1],
        ]) {
          const gradient = tf.tensor1d(g);
          optimizer.apply([gradient]);
          gradient.dispose();
        }
        const values = Array.from(variable.dataSync());
        assert.ok(values.every(Number.isFinite), `${config.kind}: ${values.join(', ')}`);
        assert.equal(values[0], 1, `${config.kind}: a parameter whose gradients were all 0 does not move`);
        optimizer.dispose();
        variable.dispose();
      }
    });

    it('the property-3 counterexample: RMSprop with an epsilon that is 0 in float32 completes with finite samples', async function () {
      this.timeout(60_000);
      const status = await trainsOrFailsClearly({
        name: 'v_je_f..z',
        seed: 2147483646,
        data: { kind: 'grid', spacing: 5328.250894239823, std: 0.0000010000000000000036 },
        generator: { kind: 'mlp', hidden: [], activation: 'relu', normalization: 'batch', outputActivation: 'linear' },
        discriminator: { kind: 'mlp', hidden: [4, 3], activation: 'elu', normalization: 'batch' },
        loss: { kind: 'hinge' },
        regularizers: [{ kind: 'r1' }],
        optimizer: {
          generator: {
            kind: 'rmsprop',
            lr: 6.8620430896555035e-99,
            decay: 1.575375231327819e-67,
            momentum: 8.50096951667823e-51,
            epsilon: 4.909070821550658e-249,
          },
          discriminator: { kind: 'sgd', lr: 8e-323 },
        },
        schedule: { steps: 5, batchSize: 11, dStepsPerGStep: 2 },
        logging: {
          metricsEvery: 4,
          histogramsEvery: 1,
          samplesEvery: 6,
          checkpointEvery: 5,
          keepCheckpoints: 1,
          sampleCount: 16,
          histogramBins: 5,
          gridResolution: 6,
        },
        backend: 'cpu',
      });
      assert.equal(status, 'completed');
    });

    it('weights that turn NaN or infinite in the very last update: diverged with a message, not completed', async function () {
      this.timeout(60_000);
      const run = prepareRun(
        ringExperiment({
          optimizer: { generator: { kind: 'sgd' } },
          schedule: { steps: 5, batchSize: 8 },
          logging: { metricsEvery: 1, sampleCount: 8, gridResolution: 4 },
        }),
        {},
        (m, r) => {
          if (m.type === 'metrics' && m.payload.step === 4) r.trainer.updateHyperparameters({ generatorLr: Infinity });
        },
      );
      assert.equal(await run.trainer.run(), 'diverged');
      const [failed] = run.of('failed');
      assert.match(
        failed!.payload.error,
        /^diverged at step 5: the generator's weights are NaN or infinite after the last update — try a lower learning rate/,
      );
      assert.ok(
        run.of('metrics').every((m) => Number.isFinite(m.payload.gLoss)),
        'the losses alone did not show it',
      );
    });
  });
});

// ---------------------------------------------------------------------------------------------
// Helpers of the properties.

/** The schema of the object at `path` in `config` (a union resolved by the value's "kind"). */
function schemaAt(config: Json, path: JsonPath): TSchema {
  const pick = (schema: TSchema, value: unknown): TSchema =>
    schema[Kind] === 'Union'
      ? ((schema.anyOf as TSchema[]).find((v) => v.properties?.kind?.const === (value as { kind?: unknown }).kind) ?? schema)
      : schema;
  let schema: TSchema = ExperimentSchema;
  let value: unknown = config;
  for (const segment of path) {
    schema = pick(schema, value);
    schema = schema[Kind] === 'Array' ? (schema.items as TSchema) : (schema.properties as Record<string, TSchema>)[segment as string]!;
    value = (value as Record<string | number, unknown>)[segment];
  }
  return pick(schema, value);
}

const INTERNAL_ERROR = /TypeError|ReferenceError|RangeError|SyntaxError|undefined|is not a function|Cannot read prop|\n\s+at /;
const RUN_TIMEOUT_MS = 30_000;

/** Trains `config` in this process; asserts a clean end and no tensor left behind. */
async function trainsOrFailsClearly(config: Json): Promise<RunStatus> {
  const dir = tempDir('gan-property-');
  const messages: TrainerToHost[] = [];
  try {
    const file = writeExperimentFile(config, dir);
    const baseline = tf.memory().numTensors;
    const trainer = new Trainer({ experimentFile: file, config: loadExperiment(file), outRoot: dir, emit: (m) => messages.push(m) });
    let timer: NodeJS.Timeout | undefined;
    const hung = new Promise<'hung'>((resolve) => (timer = setTimeout(() => resolve('hung'), RUN_TIMEOUT_MS)));
    const running = trainer.run();
    const first = await Promise.race([running, hung]);
    clearTimeout(timer);
    if (first === 'hung') {
      trainer.stop();
      await running;
      assert.fail(`no result within ${RUN_TIMEOUT_MS / 1000} s: ${JSON.stringify(config)}`);
    }
    const status = first;
    const describeRun = () => `status ${status} for ${JSON.stringify(config)}`;
    assert.ok(['completed', 'diverged', 'failed'].includes(status), describeRun());
    if (status === 'completed') {
      const metrics = messages.flatMap((m) => (m.type === 'metrics' ? [m.payload] : []));
      assert.ok(metrics.length > 0 && metrics.at(-1)!.step === 5, `metrics up to step 5: ${describeRun()}`);
      for (const m of messages) {
        if (m.type !== 'samples') continue;
        const numbers = [
          ...m.payload.fixed.flat(),
          ...m.payload.fresh.flat(),
          ...(m.payload.grid?.values ?? []),
          ...(m.payload.line?.values ?? []),
        ];
        assert.ok(numbers.every(Number.isFinite), `non-finite samples at step ${m.payload.step} of a completed run: ${describeRun()}`);
      }
    } else {
      const failed = messages.find((m) => m.type === 'failed');
      assert.ok(failed && failed.type === 'failed', `no failed message: ${describeRun()}`);
      const error = failed.payload.error;
      assert.ok(error.trim().length > 0, `empty error: ${describeRun()}`);
      assert.ok(!INTERNAL_ERROR.test(error), `internal error instead of a clear message: ${error}\n${describeRun()}`);
    }
    assert.equal(tf.memory().numTensors, baseline, `tensors left after the run: ${describeRun()}`);
    return status;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
