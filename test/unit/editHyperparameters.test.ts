import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyEdits } from 'jsonc-parser';
import { applyHyperparameterEdits, detectFormatting, hyperparameterEdits } from '../../src/shared/experiment/editHyperparameters';
import { classifyChanges } from '../../src/shared/experiment/liveChanges';
import type { Experiment } from '../../src/shared/experiment/schema';
import { validateExperiment } from '../../src/shared/experiment/validate';
import { HYPERPARAMETER_KEYS, type HyperparameterChanges } from '../../src/shared/hyperparameterTable';
import { hyperparameterValue } from '../../src/shared/hyperparameterValues';

const lines = (...l: string[]): string => l.join('\n');

function valid(text: string): Experiment {
  const result = validateExperiment(text);
  assert.ok(result.ok, `${JSON.stringify(result.problems)}\n${text}`);
  return result.config;
}

/** The edit as the host makes it for a run of `text` (whose optimizers are those `text` resolves to). */
const edit = (text: string, changes: HyperparameterChanges): string => applyHyperparameterEdits(text, changes, valid(text).optimizer);
const editsOf = (text: string, changes: HyperparameterChanges) => hyperparameterEdits(text, changes, valid(text).optimizer);

/** Applies `changes`, checks the result validates and that exactly `changes` went live, returns the text. */
function roundTrip(text: string, changes: HyperparameterChanges): string {
  const out = edit(text, changes);
  assert.deepEqual(classifyChanges(valid(text), valid(out)), { live: changes, restart: [] }, out);
  assert.equal(applyEdits(text, editsOf(text, changes)), out);
  return out;
}

const HEAD = [
  '{',
  '  "name": "t",',
  '  "data": { "kind": "ring" },',
  '  "generator": { "kind": "mlp" },',
  '  "discriminator": { "kind": "mlp" },',
];
const EXAMPLES = join(__dirname, '..', '..', 'examples');

describe('editing hyper-parameters in the experiment file', () => {
  it('maps every live hyper-parameter to a number in the resolved config', () => {
    const config = valid(lines(...HEAD, '  "loss": { "kind": "minimax" }', '}'));
    assert.equal(HYPERPARAMETER_KEYS.length, 12);
    for (const key of HYPERPARAMETER_KEYS) {
      assert.equal(typeof hyperparameterValue(config, key), 'number', key);
    }
  });

  it('replaces only the value, keeping comments and odd formatting byte for byte', () => {
    const text = lines(
      ...HEAD,
      '  "loss":{"kind":"minimax"},   // odd spacing',
      '  "optimizer" : {',
      '    /* G */ "generator" :{ "kind":"adam",  "lr" :   0.0002 /* was 1e-4 */, "beta1":0.5},',
      '    "discriminator": { "kind": "sgd", "lr": 1e-2 } // plain',
      '  },',
      '  "schedule": {"steps":100}',
      '}',
    );
    const out = roundTrip(text, { generatorLr: 0.0005, generatorBeta1: 0.25, discriminatorLr: 0.05, steps: 2500 });
    const expected = text
      .replace('0.0002', '0.0005')
      .replace('"beta1":0.5', '"beta1":0.25')
      .replace('1e-2', '0.05')
      .replace('"steps":100', '"steps":2500');
    assert.equal(out, expected);
    const edits = editsOf(text, { steps: 2500 });
    assert.deepEqual(edits, [{ offset: text.indexOf('100'), length: 3, content: '2500' }]);
  });

  it('makes no edit when the value is already there, however it is written', () => {
    const text = lines(...HEAD, '  "loss": { "kind": "minimax" },', '  "schedule": { "steps": 1.0e3 }', '}');
    assert.deepEqual(editsOf(text, { steps: 1000 }), []);
    assert.deepEqual(editsOf(text, {}), []);
  });

  it('inserts a missing property into a one-line object on that line', () => {
    const text = lines(...HEAD, '  "loss": { "kind": "minimax" },', '  "schedule": { "steps": 100 /* short */ }', '}');
    const out = roundTrip(text, { dStepsPerGStep: 2 });
    assert.equal(out, text.replace('"steps": 100', '"steps": 100, "dStepsPerGStep": 2'));
    assert.ok(
      editsOf(text, { dStepsPerGStep: 2 }).every((e) => e.length === 0),
      'a pure insertion',
    );
  });

  it('inserts into a multi-line object on its own line, keeping a trailing comment on its line', () => {
    const text = lines(...HEAD, '  "loss": { "kind": "minimax" },', '  "logging": {', '    "metricsEvery": 5 // often', '  }', '}');
    const out = roundTrip(text, { samplesEvery: 50, checkpointEvery: 0 });
    assert.equal(
      out,
      lines(
        ...HEAD,
        '  "loss": { "kind": "minimax" },',
        '  "logging": {',
        '    "metricsEvery": 5, // often',
        '    "samplesEvery": 50,',
        '    "checkpointEvery": 0',
        '  }',
        '}',
      ),
    );
    assert.ok(editsOf(text, { samplesEvery: 50, checkpointEvery: 0 }).every((e) => e.length === 0));
  });

  it('inserts a missing section, with the whole optimizer the run uses, after the last property', () => {
    const text = lines(...HEAD, '  "loss": { "kind": "minimax" } // the end', '}', '');
    const out = roundTrip(text, { generatorLr: 0.001, generatorBeta2: 0.9, discriminatorLr: 0.002, metricsEvery: 7 });
    assert.equal(
      out,
      lines(
        ...HEAD,
        '  "loss": { "kind": "minimax" }, // the end',
        '  "optimizer": {',
        '    "generator": {',
        '      "kind": "adam",',
        '      "lr": 0.001,',
        '      "beta1": 0.5,',
        '      "beta2": 0.9,',
        '      "epsilon": 1e-8',
        '    },',
        '    "discriminator": {',
        '      "kind": "adam",',
        '      "lr": 0.002,',
        '      "beta1": 0.5,',
        '      "beta2": 0.999,',
        '      "epsilon": 1e-8',
        '    }',
        '  },',
        '  "logging": {',
        '    "metricsEvery": 7',
        '  }',
        '}',
        '',
      ),
    );
  });

  it('adds a missing network to a one-line optimizer section and skips betas a non-Adam optimizer lacks', () => {
    const text = lines(...HEAD, '  "loss": { "kind": "minimax" },', '  "optimizer": { "generator": { "kind": "sgd", "lr": 0.1 } }', '}');
    const out = edit(text, { generatorBeta1: 0.9, discriminatorLr: 0.01 });
    assert.equal(
      out,
      text.replace(
        '"lr": 0.1 }',
        '"lr": 0.1 }, "discriminator": { "kind": "adam", "lr": 0.01, "beta1": 0.5, "beta2": 0.999, "epsilon": 1e-8 }',
      ),
    );
    assert.deepEqual(classifyChanges(valid(text), valid(out)), { live: { discriminatorLr: 0.01 }, restart: [] });
  });

  for (const [loss, uses] of [
    ['"wgan"', { kind: 'rmsprop', lr: 5e-5, decay: 0.9, momentum: 0, epsilon: 1e-7 }],
    ['"energy", "mutualInformation": { "kind": "none" }', { kind: 'adam', lr: 1e-4, beta1: 0.5, beta2: 0.9, epsilon: 1e-8 }],
  ] as const)
    it(`writes the optimizer a ${loss.split('"')[1]} run uses where the file gives none, so the edit stays live`, () => {
      for (const optimizer of ['', '  "optimizer": {},']) {
        const text = lines(...HEAD, optimizer, `  "loss": { "kind": ${loss} }`, '}');
        assert.deepEqual(valid(text).optimizer.discriminator, uses, 'the default this loss resolves to');
        const out = roundTrip(text, { discriminatorLr: 3e-4, dStepsPerGStep: 2 });
        assert.deepEqual(valid(out).optimizer, { generator: uses, discriminator: { ...uses, lr: 3e-4 } });
      }
    });

  it('writes the optimizer the run uses, not what the file would resolve to now', () => {
    const text = lines(...HEAD, '  "loss": { "kind": "minimax" }', '}');
    const run = valid(lines(...HEAD, '  "loss": { "kind": "wgan" }', '}'));
    const out = applyHyperparameterEdits(text, { generatorLr: 1e-4, generatorBeta1: 0.7 }, run.optimizer);
    assert.deepEqual(valid(out).optimizer.generator, { ...run.optimizer.generator, lr: 1e-4 }, 'RMSprop has no β1: only lr is written');
  });

  it('fills an empty object', () => {
    const text = lines(...HEAD, '  "loss": { "kind": "minimax" },', '  "schedule": {},', '  "logging": {', '  }', '}');
    const out = roundTrip(text, { steps: 10, histogramsEvery: 3 });
    assert.equal(
      out,
      lines(
        ...HEAD,
        '  "loss": { "kind": "minimax" },',
        '  "schedule": {',
        '    "steps": 10',
        '  },',
        '  "logging": {',
        '    "histogramsEvery": 3',
        '  }',
        '}',
      ),
    );
  });

  it('keeps tab indentation and CRLF line ends', () => {
    const text = [
      '{',
      '\t"name": "t",',
      '\t"data": { "kind": "ring" },',
      '\t"generator": { "kind": "mlp" },',
      '\t"discriminator": { "kind": "mlp" },',
      '\t"loss": { "kind": "minimax" },',
      '\t"schedule": {',
      '\t\t"steps": 10 // short',
      '\t}',
      '}',
      '',
    ].join('\r\n');
    assert.deepEqual(detectFormatting(text), { indent: '\t', insertSpaces: false, tabSize: 4, eol: '\r\n' });
    const out = roundTrip(text, { steps: 20, dStepsPerGStep: 2, discriminatorLr: 0.01 });
    assert.doesNotMatch(out, /[^\r]\n/, 'every line ends in CRLF');
    assert.doesNotMatch(out, /^ +/m, 'no space indentation');
    assert.match(
      out,
      /\t\t"steps": 20, \/\/ short\r\n\t\t"dStepsPerGStep": 2\r\n\t\},\r\n\t"optimizer": \{\r\n\t\t"discriminator": \{\r\n\t\t\t"kind": "adam",/,
    );
  });

  it('detects the indentation width of the file', () => {
    assert.equal(detectFormatting('{\n    "a": {\n        "b": 1\n    }\n}').indent, '    ');
    assert.equal(detectFormatting('{"a": 1}').indent, '  ');
    const text = lines(
      '{',
      '    "name": "t",',
      '    "data": { "kind": "ring" },',
      '    "generator": { "kind": "mlp" },',
      '    "discriminator": { "kind": "mlp" },',
      '    "loss": { "kind": "minimax" }',
      '}',
    );
    assert.match(roundTrip(text, { steps: 5 }), /\n {4}"schedule": \{\n {8}"steps": 5\n {4}\}\n\}$/);
  });

  it('round-trips every hyper-parameter at once on the examples', () => {
    const all: HyperparameterChanges = {
      generatorLr: 0.00031,
      discriminatorLr: 0.00042,
      generatorBeta1: 0.4,
      generatorBeta2: 0.95,
      discriminatorBeta1: 0.3,
      discriminatorBeta2: 0.93, // no example uses it (an unchanged value is no change)
      dStepsPerGStep: 4,
      steps: 12345,
      metricsEvery: 3,
      histogramsEvery: 33,
      samplesEvery: 333,
      checkpointEvery: 0,
    };
    const examples = readdirSync(EXAMPLES).filter((f) => f.endsWith('.gan.json'));
    assert.ok(examples.length > 0);
    for (const file of examples) {
      const text = readFileSync(join(EXAMPLES, file), 'utf8');
      // Betas are Adam's: an example training a network with another optimizer keeps them out.
      const config = valid(text);
      const applicable = Object.fromEntries(
        Object.entries(all).filter(([key]) => {
          const network = key.startsWith('generator') ? 'generator' : 'discriminator';
          return !/Beta/.test(key) || config.optimizer[network].kind === 'adam';
        }),
      );
      const out = edit(text, all);
      assert.deepEqual(classifyChanges(config, valid(out)), { live: applicable, restart: [] }, `${file}: ${out}`);
      assert.equal(applyEdits(text, editsOf(text, all)), out);
    }
    roundTrip(lines(...HEAD, '  "loss": { "kind": "minimax" }', '}'), all);
  });

  it('round-trips random subsets of changes on differently formatted files', () => {
    let seed = 12345;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const valueFor = (key: string): number =>
      /Lr$/.test(key)
        ? Number((random() * 0.01).toPrecision(3))
        : /Beta/.test(key)
          ? Number((random() * 0.99).toFixed(3))
          : 1 + Math.floor(random() * (key === 'dStepsPerGStep' ? 100 : 500));
    const bases = [
      readFileSync(join(EXAMPLES, 'ring8-nonsaturating.gan.json'), 'utf8'),
      lines(...HEAD, '  "loss": { "kind": "minimax" }', '}'),
      lines(
        ...HEAD,
        '  "loss": { "kind": "minimax" },',
        '  "optimizer": {}, "schedule": { "batchSize": 8 },',
        '  "logging": {',
        '    // nothing yet',
        '  }',
        '}',
      ).replace(/\n/g, '\r\n'),
    ];
    for (let trial = 0; trial < 200; trial++) {
      const changes: HyperparameterChanges = {};
      for (const key of HYPERPARAMETER_KEYS) if (random() < 0.4) changes[key] = valueFor(key);
      const base = bases[trial % bases.length]!;
      const before = valid(base);
      // Only real changes go live: drop values that equal the current ones.
      for (const key of HYPERPARAMETER_KEYS) {
        if (hyperparameterValue(before, key) === changes[key]) delete changes[key];
      }
      roundTrip(base, changes);
    }
  });

  it('refuses text it cannot edit safely, and values that are not finite numbers', () => {
    const { optimizer } = valid(lines(...HEAD, '  "loss": { "kind": "minimax" }', '}'));
    assert.throws(() => applyHyperparameterEdits('{ "name": "t", }', { steps: 3 }, optimizer), /syntax errors/);
    assert.throws(() => applyHyperparameterEdits('[1]', { steps: 3 }, optimizer), /not a JSON object/);
    assert.throws(() => applyHyperparameterEdits('{ "schedule": 5 }', { steps: 3 }, optimizer), /schedule is not an object/);
    assert.throws(() => applyHyperparameterEdits('{}', { steps: Number.NaN }, optimizer), RangeError);
  });
});
