import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Experiment } from '../../src/shared/experiment/schema';
import { validateWithDataFiles } from '../../src/shared/experiment/dataFileChecks';
import { formatProblem, validateExperiment, type ConfigProblem } from '../../src/shared/experiment/validate';
import { ExperimentFileError, loadExperiment, loadExperimentFile } from '../../src/training/loadExperiment';
import { fakeDataFiles } from '../helpers/dataFiles';
import { tempDir } from '../helpers/experiments';

const lines = (...l: string[]): string => l.join('\n');

/** 1-based line and column of the first `needle` in `text` (computed independently of the validator). */
function at(text: string, needle: string): { line: number; column: number } {
  const offset = text.indexOf(needle);
  assert.ok(offset >= 0, `${needle} not in the text`);
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before.at(-1)!.length + 1 };
}

function problemsOf(text: string): ConfigProblem[] {
  const result = validateExperiment(text);
  assert.equal(result.ok, false, 'expected the file to be rejected');
  return result.problems;
}

/** The single problem the text gives (fails when there are none or several). */
function onlyProblem(text: string): ConfigProblem {
  const problems = problemsOf(text);
  assert.equal(problems.length, 1, `expected one problem, got ${JSON.stringify(problems, null, 2)}`);
  return problems[0]!;
}

function assertProblem(
  p: ConfigProblem,
  want: { path: string; line: number; column: number; message: RegExp; expected: string | RegExp | undefined; found: string | undefined },
): void {
  assert.equal(p.path, want.path);
  assert.deepEqual({ line: p.line, column: p.column }, { line: want.line, column: want.column }, `position of ${p.path}: ${p.message}`);
  assert.match(p.message, want.message);
  if (want.expected instanceof RegExp) assert.match(p.expected ?? '', want.expected);
  else assert.equal(p.expected, want.expected);
  assert.equal(p.found, want.found);
}

function accepted(text: string): Experiment {
  const result = validateExperiment(text);
  assert.deepEqual(result.problems, [], `expected no problems, got ${JSON.stringify(result.problems, null, 2)}`);
  assert.ok(result.ok);
  return result.config;
}

/** A valid experiment, one property per line; `replace` swaps a line's text, `extra` adds top-level lines. */
function experiment(replace: Record<string, string> = {}, ...extra: string[]): string {
  const body: [string, string][] = [
    ['name', '"name": "t"'],
    ['data', '"data": { "kind": "ring" }'],
    ['generator', '"generator": { "kind": "mlp" }'],
    ['discriminator', '"discriminator": { "kind": "mlp" }'],
    ['loss', '"loss": { "kind": "nonSaturating" }'],
  ];
  const entries = [...body.map(([key, text]) => replace[key] ?? text), ...extra].filter((e) => e !== '');
  return `{\n${entries.map((e) => `  ${e}`).join(',\n')}\n}\n`;
}

describe('validateExperiment', () => {
  describe('syntax', () => {
    it('a missing comma: the token after it, with its position', () => {
      const text = lines('{', '  "name": "t"', '  "data": { "kind": "ring" }', '}');
      assertProblem(onlyProblem(text), {
        path: '(syntax)',
        line: 3,
        column: 3,
        message: /^invalid JSON: comma expected$/,
        expected: '","',
        found: '"data"',
      });
    });

    it('trailing garbage after the object', () => {
      assertProblem(onlyProblem('{ "name": "t" } x'), {
        path: '(syntax)',
        line: 1,
        column: 17,
        message: /^invalid JSON: invalid symbol$/,
        expected: 'valid JSON',
        found: 'x',
      });
      assertProblem(onlyProblem(lines('{ "name": "t" }', '}')), {
        path: '(syntax)',
        line: 2,
        column: 1,
        message: /^invalid JSON: end of file expected$/,
        expected: 'end of file',
        found: '}',
      });
    });

    it('a trailing comma is one problem, not two, at the comma and named as such', () => {
      const text = lines('{', '  "name": "t",', '  "data": { "kind": "ring" },', '}');
      assertProblem(onlyProblem(text), {
        path: '(syntax)',
        line: 3,
        column: 29,
        message: /^invalid JSON: trailing comma$/,
        expected: 'no comma before "}"',
        found: '","',
      });
      const list = lines('{', '  "name": "t",', '  "generator": { "kind": "mlp", "hidden": [8, 8, /* more later */ ] }', '}');
      assertProblem(onlyProblem(list), {
        path: '(syntax)',
        line: 3,
        column: 48,
        message: /^invalid JSON: trailing comma$/,
        expected: 'no comma before "]"',
        found: '","',
      });
    });

    it('an unclosed object: found end of file', () => {
      assertProblem(onlyProblem('{ "name": "t"'), {
        path: '(syntax)',
        line: 1,
        column: 14,
        message: /close brace expected/,
        expected: '"}"',
        found: 'end of file',
      });
    });

    it('an empty file (or only whitespace and comments)', () => {
      for (const text of ['', '  \n\t\n', '// just a comment\n/* and a block */\n']) {
        assertProblem(onlyProblem(text), {
          path: '(root)',
          line: 1,
          column: 1,
          message: /^the file is empty$/,
          expected: 'a JSON object',
          found: 'nothing',
        });
      }
    });

    it('comments are allowed: // lines and /* */ blocks', () => {
      const text = lines(
        '// A ring experiment.',
        '{',
        '  "name": "t", // trailing line comment',
        '  /* a block',
        '     over two lines */',
        '  "seed": /* inline */ 42,',
        '  "data": { "kind": "ring" },',
        '  "generator": { "kind": "mlp" },',
        '  "discriminator": { "kind": "mlp" },',
        '  "loss": { "kind": "nonSaturating" }',
        '}',
        '/* end */',
      );
      const config = accepted(text);
      assert.equal(config.seed, 42);
      assert.equal(config.name, 't');
    });

    it('the root must be an object', () => {
      assertProblem(onlyProblem('[1, 2]'), {
        path: '(root)',
        line: 1,
        column: 1,
        message: /expected an object/,
        expected: 'an object',
        found: 'an array of 2',
      });
    });
  });

  describe('unknown properties', () => {
    it('"sead" at the top level: did you mean "seed", at the key', () => {
      const text = experiment({}, '"sead": 3');
      assertProblem(onlyProblem(text), {
        path: 'sead',
        ...at(text, '"sead"'),
        message: /^unknown property "sead"; did you mean "seed"\?$/,
        expected: /^one of "\$schema", "name", .*"seed".*"backend"$/,
        found: '"sead"',
      });
    });

    it('"hiden" nested in generator: did you mean "hidden", at the key', () => {
      const text = experiment({ generator: '"generator": { "kind": "mlp", "hiden": [64] }' });
      const p = onlyProblem(text);
      assertProblem(p, {
        path: 'generator.hiden',
        ...at(text, '"hiden"'),
        message: /^unknown property "hiden"; did you mean "hidden"\?$/,
        expected: 'one of "kind", "hidden", "activation", "leakySlope", "normalization", "outputActivation"',
        found: '"hiden"',
      });
      assert.equal(p.length, '"hiden"'.length, 'the range covers the key');
    });

    it('deeper: a typo inside optimizer.discriminator', () => {
      const text = experiment({}, '"optimizer": { "discriminator": { "kind": "adam", "betaa1": 0.5 } }');
      assertProblem(onlyProblem(text), {
        path: 'optimizer.discriminator.betaa1',
        ...at(text, '"betaa1"'),
        message: /did you mean "beta1"\?$/,
        expected: 'one of "kind", "lr", "beta1", "beta2", "epsilon"',
        found: '"betaa1"',
      });
    });

    it('no suggestion when nothing is close', () => {
      const text = experiment({}, '"colour": "blue"');
      const p = onlyProblem(text);
      assertProblem(p, {
        path: 'colour',
        ...at(text, '"colour"'),
        message: /^unknown property "colour"$/,
        expected: /^one of /,
        found: '"colour"',
      });
      assert.doesNotMatch(p.message, /did you mean/);
    });
  });

  describe('kind', () => {
    it('an unknown kind: did you mean, at the value', () => {
      const text = experiment({ data: '"data": { "kind": "ringg", "modes": 4 }' });
      assertProblem(onlyProblem(text), {
        path: 'data.kind',
        ...at(text, '"ringg"'),
        message: /^unknown kind "ringg"; did you mean "ring"\?$/,
        expected:
          '"parabola" | "mixture1d" | "ring" | "grid" | "swissroll" | "moons" | "csv" | "shapes" | "imageFolder" | "idx" | "mnist" | "stackedMnist"',
        found: '"ringg"',
      });
    });

    it('a missing kind: at the object', () => {
      const text = experiment({ loss: '"loss": { }' });
      assertProblem(onlyProblem(text), {
        path: 'loss.kind',
        ...at(text, '{ }'),
        message: /^missing "kind": add one of "minimax", "nonSaturating", .* or "energy"$/,
        expected: '"minimax" | "nonSaturating" | "wgan" | "wganGp" | "hinge" | "lsgan" | "neuralDistance" | "energy"',
        found: 'nothing',
      });
    });

    it('a wrong kind in a network', () => {
      const text = experiment({ discriminator: '"discriminator": { "kind": "cnn" }' });
      assertProblem(onlyProblem(text), {
        path: 'discriminator.kind',
        ...at(text, '"cnn"'),
        message: /^unknown kind "cnn"$/,
        expected: '"mlp" | "dcgan"',
        found: '"cnn"',
      });
    });
  });

  describe('types', () => {
    it('a string where a number belongs', () => {
      const text = experiment({}, '"seed": "3"', '"optimizer": { "generator": { "kind": "sgd", "lr": "0.1" } }');
      const [seed, lr] = problemsOf(text);
      assertProblem(seed!, { path: 'seed', ...at(text, '"3"'), message: /^expected an integer$/, expected: 'an integer', found: '"3"' });
      assertProblem(lr!, {
        path: 'optimizer.generator.lr',
        ...at(text, '"0.1"'),
        message: /^expected a number$/,
        expected: 'a number',
        found: '"0.1"',
      });
    });

    it('a number where a string belongs', () => {
      const text = experiment({ name: '"name": 5' });
      assertProblem(onlyProblem(text), {
        path: 'name',
        ...at(text, '5'),
        message: /^expected a string$/,
        expected: 'a string',
        found: '5',
      });
    });

    it('an object where an array belongs', () => {
      const text = experiment({ generator: '"generator": { "kind": "mlp", "hidden": { "width": 64 } }' });
      assertProblem(onlyProblem(text), {
        path: 'generator.hidden',
        ...at(text, '{ "width"'),
        message: /^expected an array$/,
        expected: 'an array',
        found: 'an object',
      });
    });

    it('a wrong item inside an array: the path names the index', () => {
      const text = experiment({ generator: '"generator": { "kind": "mlp", "hidden": [64, "wide"] }' });
      assertProblem(onlyProblem(text), {
        path: 'generator.hidden[1]',
        ...at(text, '"wide"'),
        message: /^expected an integer$/,
        expected: 'an integer',
        found: '"wide"',
      });
    });
  });

  describe('ranges', () => {
    it('a negative learning rate', () => {
      const text = experiment({}, '"optimizer": { "generator": { "kind": "adam", "lr": -0.001 } }');
      assertProblem(onlyProblem(text), {
        path: 'optimizer.generator.lr',
        ...at(text, '-0.001'),
        message: /^out of range: must be between 0 and 10$/,
        expected: 'between 0 and 10',
        found: '-0.001',
      });
    });

    it('batchSize 0', () => {
      const text = experiment({}, '"schedule": { "batchSize": 0 }');
      assertProblem(onlyProblem(text), {
        path: 'schedule.batchSize',
        ...at(text, '0 }'),
        message: /^out of range: must be between 1 and 65536$/,
        expected: 'between 1 and 65536',
        found: '0',
      });
    });

    it('a fractional integer', () => {
      const text = experiment({}, '"schedule": { "steps": 1.5 }');
      assertProblem(onlyProblem(text), {
        path: 'schedule.steps',
        ...at(text, '1.5'),
        message: /^expected an integer$/,
        expected: 'an integer',
        found: '1.5',
      });
    });
  });

  describe('enums', () => {
    it('"leakyrelu": did you mean "leakyRelu"', () => {
      const text = experiment({ generator: '"generator": { "kind": "mlp", "activation": "leakyrelu" }' });
      assertProblem(onlyProblem(text), {
        path: 'generator.activation',
        ...at(text, '"leakyrelu"'),
        message: /^expected one of "relu", "leakyRelu", "tanh", "elu"; did you mean "leakyRelu"\?$/,
        expected: '"relu" | "leakyRelu" | "tanh" | "elu"',
        found: '"leakyrelu"',
      });
    });

    it('a value far from every choice: no suggestion', () => {
      const text = experiment({}, '"backend": "opencl"');
      const p = onlyProblem(text);
      assertProblem(p, {
        path: 'backend',
        ...at(text, '"opencl"'),
        message: /^expected one of "auto"/,
        expected: '"auto" | "tensorflow" | "webgpu" | "wasm" | "cpu"',
        found: '"opencl"',
      });
      assert.doesNotMatch(p.message, /did you mean/);
    });
  });

  describe('required properties', () => {
    it('missing name and data: one problem each, at the enclosing object', () => {
      const text = experiment({ name: '', data: '' });
      const [name, data, ...rest] = problemsOf(text);
      assert.deepEqual(rest, []);
      assertProblem(name!, {
        path: 'name',
        line: 1,
        column: 1,
        message: /^missing "name": experiment name; runs are stored under runs\/<name>\/; add "name": "…"$/,
        expected: 'a string',
        found: 'nothing',
      });
      assertProblem(data!, {
        path: 'data',
        line: 1,
        column: 1,
        message: /^missing "data": the real data the generator learns; add "data": \{ "kind": … \}$/,
        expected: /^an object with "kind": "parabola" \| "mixture1d" \|/,
        found: 'nothing',
      });
    });

    it('a CSV without its path', () => {
      const text = experiment({ data: '"data": { "kind": "csv" }' });
      assertProblem(onlyProblem(text), {
        path: 'data.path',
        ...at(text, '{ "kind": "csv"'),
        message: /^missing "path": CSV file, relative to the experiment file; add "path": "…"$/,
        expected: 'a string',
        found: 'nothing',
      });
    });
  });

  it('several problems: one problem each, in document order', () => {
    const text = lines(
      '{',
      '  "name": 5,',
      '  "data": { "kind": "ringg" },',
      '  "generator": { "kind": "mlp", "hiden": [64], "activation": "leakyrelu" },',
      '  "discriminator": { "kind": "mlp" },',
      '  "loss": { "kind": "nonSaturating" },',
      '  "schedule": { "steps": 1.5, "batchSize": 0 },',
      '  "sead": 3',
      '}',
    );
    const problems = problemsOf(text);
    assert.deepEqual(
      problems.map((p) => p.path),
      ['name', 'data.kind', 'generator.hiden', 'generator.activation', 'schedule.steps', 'schedule.batchSize', 'sead'],
    );
    assert.deepEqual(
      problems.map((p) => p.line),
      [2, 3, 4, 4, 7, 7, 8],
    );
    for (let i = 1; i < problems.length; i++) assert.ok(problems[i - 1]!.offset < problems[i]!.offset, 'sorted by position');
    assert.deepEqual(
      problems.map((p) => ({ line: p.line, column: p.column })),
      [
        at(text, '5'),
        at(text, '"ringg"'),
        at(text, '"hiden"'),
        at(text, '"leakyrelu"'),
        at(text, '1.5'),
        at(text, '0 }'),
        at(text, '"sead"'),
      ],
    );
  });

  describe('defaults', () => {
    const minimal = JSON.stringify({
      name: 'minimal',
      data: { kind: 'ring' },
      generator: { kind: 'mlp' },
      discriminator: { kind: 'mlp' },
      loss: { kind: 'nonSaturating' },
    });
    const adam = { kind: 'adam', lr: 1e-4, beta1: 0.5, beta2: 0.999, epsilon: 1e-8 };

    it('a minimal config resolves to the schema defaults', () => {
      const config = accepted(minimal);
      assert.equal(config.schedule.batchSize, 64);
      assert.equal(config.optimizer.generator.kind, 'adam');
      assert.equal(config.optimizer.generator.lr, 1e-4);
      assert.deepEqual(config, {
        $schema: '',
        name: 'minimal',
        description: '',
        seed: 1,
        data: { kind: 'ring', modes: 8, radius: 2, std: 0.02 },
        latent: { dim: 8, distribution: 'normal' },
        generator: {
          kind: 'mlp',
          hidden: [128, 128],
          activation: 'relu',
          leakySlope: 0.2,
          normalization: 'none',
          outputActivation: 'linear',
        },
        discriminator: { kind: 'mlp', hidden: [128, 128], activation: 'leakyRelu', leakySlope: 0.2, normalization: 'none' },
        loss: { kind: 'nonSaturating' },
        regularizers: [],
        optimizer: { generator: adam, discriminator: adam },
        schedule: { steps: 10000, batchSize: 64, dStepsPerGStep: 1 },
        logging: {
          metricsEvery: 10,
          histogramsEvery: 100,
          samplesEvery: 250,
          checkpointEvery: 2000,
          keepCheckpoints: 3,
          sampleCount: 512,
          histogramBins: 64,
          gridResolution: 48,
        },
        divergence: { action: 'warn', factor: 1000, intervals: 3, saturation: 0.001, saturatedSteps: 250 },
        alarms: {
          modeCollapse: { action: 'checkpoint', records: 4, modesDrop: 0.5, klRise: 1, recallDrop: 0.5, precisionGap: 0.5 },
          discriminatorWins: { action: 'checkpoint', margin: 0.05, vanishing: 0.01, steps: 1000 },
          oscillation: { action: 'checkpoint', window: 10, windows: 3, growth: 10 },
          blowUp: { action: 'none' },
        },
        backend: 'auto',
      });
    });

    it('defaults fill around given values; another optimizer kind gets its own defaults', () => {
      const text = experiment({}, '"optimizer": { "discriminator": { "kind": "rmsprop", "lr": 0.001 } }', '"schedule": { "steps": 7 }');
      const config = accepted(text);
      assert.deepEqual(config.optimizer, {
        generator: adam,
        discriminator: { kind: 'rmsprop', lr: 0.001, decay: 0.9, momentum: 0, epsilon: 1e-7 },
      });
      assert.deepEqual(config.schedule, { steps: 7, batchSize: 64, dStepsPerGStep: 1 });
    });

    it('each result gets its own copy of array defaults', () => {
      const first = accepted(minimal).generator;
      const second = accepted(minimal).generator;
      assert.ok(first.kind === 'mlp' && second.kind === 'mlp');
      first.hidden.push(1);
      assert.deepEqual(second.hidden, [128, 128]);
    });
  });

  describe('semantic checks', () => {
    it('parabola xMin ≥ xMax: at xMax', () => {
      const text = experiment({ data: '"data": { "kind": "parabola", "xMin": 1, "xMax": 0.5 }' });
      assertProblem(onlyProblem(text), {
        path: 'data.xMax',
        ...at(text, '0.5'),
        message: /^xMax must be greater than xMin$/,
        expected: '> 1',
        found: '0.5',
      });
      const equal = experiment({ data: '"data": { "kind": "parabola", "xMin": 1, "xMax": 1 }' });
      assertProblem(onlyProblem(equal), {
        path: 'data.xMax',
        ...at(equal, '1 }'),
        message: /^xMax must be greater than xMin$/,
        expected: '> 1',
        found: '1',
      });
    });

    it('parabola xMin above the default xMax: at the data object', () => {
      const text = experiment({ data: '"data": { "kind": "parabola", "xMin": 3 }' });
      assertProblem(onlyProblem(text), {
        path: 'data.xMax',
        ...at(text, '{ "kind": "parabola"'),
        message: /greater than xMin/,
        expected: '> 3',
        found: '1',
      });
    });

    it('mixture1d stds of the wrong length', () => {
      const text = experiment({ data: '"data": { "kind": "mixture1d", "means": [0, 1, 2], "stds": [0.1, 0.1], "weights": [1, 1, 1] }' });
      assertProblem(onlyProblem(text), {
        path: 'data.stds',
        ...at(text, '[0.1, 0.1]'),
        message: /^needs one entry per mean \(3\)$/,
        expected: '3 numbers',
        found: '2',
      });
    });

    it('a CSV path that does not exist (phase 2, the data files), at the path value', async () => {
      const files = fakeDataFiles('missing');
      const text = experiment({ data: '"data": {\n    "kind": "csv",\n    "path": "data/points.csv"\n  }' });
      assert.equal(accepted(text).data.kind, 'csv', 'phase 1 does not look at files');
      const missing = await validateWithDataFiles(text, files);
      assert.ok(!missing.ok);
      assert.equal(missing.problems.length, 1);
      assertProblem(missing.problems[0]!, {
        path: 'data.path',
        ...at(text, '"data/points.csv"'),
        message: /^file not found: data\/points\.csv$/,
        expected: 'an existing CSV file, relative to the experiment file',
        found: 'nothing there',
      });
      assert.equal(missing.problems[0]!.kind, 'dataFile');
      assert.equal(at(text, '"data/points.csv"').line, 5);
      assert.deepEqual(files.asked, ['data/points.csv']);
      assert.equal((await validateWithDataFiles(text, fakeDataFiles('file'))).ok, true);
      const folder = await validateWithDataFiles(text, fakeDataFiles('notAFile'));
      assert.match(!folder.ok ? folder.problems[0]!.message : '', /^not a file: data\/points\.csv$/);
    });

    it('semantic checks wait until the schema checks pass', () => {
      const text = experiment({ data: '"data": { "kind": "parabola", "xMin": 1, "xMax": 0, "points": 1 }' });
      assert.deepEqual(
        problemsOf(text).map((p) => p.path),
        ['data.points'],
      );
    });
  });
});

describe('formatProblem', () => {
  it('file:line:col: path: message (expected …, found …)', () => {
    const text = experiment({}, '"sead": 3');
    const p = onlyProblem(text);
    const { line, column } = at(text, '"sead"');
    assert.equal(
      formatProblem('exp.gan.json', p),
      `exp.gan.json:${line}:${column}: sead: unknown property "sead"; did you mean "seed"? (expected ${p.expected}, found "sead")`,
    );
  });

  it('leaves out what is not known', () => {
    const base = { kind: 'schema' as const, path: 'data', line: 2, column: 5, offset: 10, length: 3, message: 'bad' };
    assert.equal(formatProblem('f.gan.json', base), 'f.gan.json:2:5: data: bad');
    assert.equal(formatProblem('f.gan.json', { ...base, found: '"x"' }), 'f.gan.json:2:5: data: bad (found "x")');
    assert.equal(
      formatProblem('f.gan.json', { ...base, expected: 'a number', found: '"x"' }),
      'f.gan.json:2:5: data: bad (expected a number, found "x")',
    );
  });
});

describe('loadExperiment', () => {
  it('a missing file: ExperimentFileError naming the path', () => {
    const file = join(tempDir(), 'nope.gan.json');
    assert.throws(
      () => loadExperiment(file),
      (e: unknown) => {
        assert.ok(e instanceof ExperimentFileError);
        assert.equal(e.file, resolve(file));
        assert.deepEqual(e.problems, []);
        assert.ok(e.message.includes(resolve(file)), e.message);
        assert.match(e.message, /file not found/);
        return true;
      },
    );
  });

  it('an invalid file: every problem formatted with the path; a CSV path resolved next to the file', async () => {
    const dir = tempDir();
    const file = join(dir, 'bad.gan.json');
    const text = experiment({ data: '"data": { "kind": "csv", "path": "points.csv" }' }, '"sead": 3');
    writeFileSync(file, text);
    await assert.rejects(
      () => loadExperimentFile(file),
      (e: unknown) => {
        assert.ok(e instanceof ExperimentFileError);
        assert.equal(e.problems.length, 1);
        const { line, column } = at(text, '"sead"');
        assert.ok(e.message.startsWith(`${resolve(file)}:${line}:${column}: sead: unknown property "sead"`), e.message);
        return true;
      },
    );
    assert.throws(() => loadExperiment(file), /sead: unknown property "sead"/);
    writeFileSync(file, experiment({ data: '"data": { "kind": "csv", "path": "points.csv" }' }));
    await assert.rejects(() => loadExperimentFile(file), /file not found: points\.csv/);
    assert.equal(loadExperiment(file).data.kind, 'csv', 'phase 1 alone does not look at the data files');
    writeFileSync(join(dir, 'points.csv'), '1,2\n3,4\n');
    assert.equal((await loadExperimentFile(file)).data.kind, 'csv');
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('problem kinds', () => {
  it('tells syntax, schema and semantic problems apart (the editor shows only what the JSON Schema cannot)', () => {
    const syntax = validateExperiment('{ "name": }');
    assert.ok(!syntax.ok && syntax.problems.every((p) => p.kind === 'syntax'));
    const schema = validateExperiment('{ "name": "x", "seed": -1 }');
    assert.ok(!schema.ok && schema.problems.every((p) => p.kind === 'schema'));
    const semantic = validateExperiment(
      JSON.stringify({
        name: 'x',
        data: { kind: 'parabola', xMin: 1, xMax: 0 },
        generator: { kind: 'mlp' },
        discriminator: { kind: 'mlp' },
        loss: { kind: 'minimax' },
      }),
    );
    assert.ok(!semantic.ok);
    assert.deepEqual(
      semantic.problems.map((p) => [p.kind, p.path]),
      [['semantic', 'data.xMax']],
    );
  });
});
