/**
 * The validator's messages as a reader meets them (issue 20, "The CLI's messages"): a byte-order
 * mark is not JSON's business, a repeated key is named as such where it repeats, a missing section
 * says what it is and how to add it, every message reads as a sentence, and --steps is checked
 * against schedule.steps's own bounds.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkDocument, formatProblem, validateExperiment, type ConfigProblem } from '../../src/shared/experiment/validate';
import { ExperimentSchema } from '../../src/shared/experiment/schema';
import { parseTrainArgs, stepsOption, UsageError } from '../../src/training/cli/args';
import { textProblems } from '../../src/extension/editor/experimentChecks';
import { ringExperiment } from '../helpers/experiments';

const BOM = '\uFEFF';
const EXAMPLES = join(__dirname, '..', '..', 'examples');
const exampleFiles = readdirSync(EXAMPLES).filter((n) => n.endsWith('.gan.json'));

/** 1-based line and column of the `nth` (0-based) `needle` in `text`, counted without the validator. */
function at(text: string, needle: string, nth = 0): { line: number; column: number } {
  let offset = -1;
  for (let i = 0; i <= nth; i++) offset = text.indexOf(needle, offset + 1);
  assert.ok(offset >= 0, `${needle} #${nth} not in the text`);
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before.at(-1)!.length + 1 };
}

function problemsOf(text: string): ConfigProblem[] {
  const result = validateExperiment(text);
  assert.equal(result.ok, false, 'expected the file to be rejected');
  return result.problems;
}

const ring = (overrides: Record<string, unknown> = {}) => JSON.stringify(ringExperiment(overrides), null, 2);

describe('validator messages (issue 20)', () => {
  describe('a UTF-8 byte-order mark', () => {
    it('every example file is accepted with a BOM, with the config it has without one', () => {
      assert.ok(exampleFiles.length >= 5);
      for (const name of exampleFiles) {
        const text = readFileSync(join(EXAMPLES, name), 'utf8');
        const plain = validateExperiment(text);
        assert.ok(plain.ok, name);
        const withBom = validateExperiment(`${BOM}${text}`);
        assert.deepEqual(withBom.problems, [], `${name}: ${JSON.stringify(withBom.problems)}`);
        assert.ok(withBom.ok);
        assert.deepEqual(withBom.config, plain.config, name);
      }
    });

    it('with comments, CRLF lines or a minified file', () => {
      const texts = [
        `// my experiment\n${ring()}`,
        ring().replace(/\n/g, '\r\n'),
        JSON.stringify(ringExperiment()),
        `/* a */ ${JSON.stringify(ringExperiment({ name: 'bom-test' }))}\n`,
      ];
      for (const text of texts) {
        const result = validateExperiment(`${BOM}${text}`);
        assert.deepEqual(result.problems, [], text.slice(0, 40));
        assert.ok(result.ok);
      }
    });

    it('problems of a file with a BOM are where an editor shows them, and never print the mark', () => {
      const texts = [
        ring({ seed: 'x' }),
        ring({ sead: 3 }),
        `{ "name": "t" }`, // every missing section at line 1, column 1
        `{\n  "name": "t",\n  "data": { "kind": "ring" }\n  "loss": {}\n}`, // a syntax error
      ];
      for (const text of texts) {
        const plain = problemsOf(text).map((p) => formatProblem('f', p));
        const withBom = problemsOf(`${BOM}${text}`).map((p) => formatProblem('f', p));
        assert.deepEqual(withBom, plain);
        for (const line of withBom) assert.ok(!line.includes(BOM), line);
      }
    });

    it('a mark alone is an empty file; a mark elsewhere is an error that names it as U+FEFF', () => {
      const [empty] = problemsOf(BOM);
      assert.equal(empty!.message, 'the file is empty');
      const [inside] = problemsOf(`{ "name": "t",${BOM} "seed": 1 }`);
      assert.equal(inside!.found, 'U+FEFF');
      assert.ok(!formatProblem('f', inside!).includes(BOM));
      const [zeroWidth] = problemsOf(ring({ 'se\u200Bed': 3 }));
      assert.match(zeroWidth!.message, /^unknown property "seU\+200Bed"; did you mean "seed"\?$/);
    });
  });

  describe('duplicate keys', () => {
    const cases: { name: string; text: string; key: string; path: string }[] = [
      {
        name: 'top level',
        text: '{\n  "name": "t",\n  "seed": 1,\n  "data": { "kind": "ring" },\n  "seed": "two",\n  "generator": { "kind": "mlp" },\n  "discriminator": { "kind": "mlp" },\n  "loss": { "kind": "minimax" }\n}',
        key: '"seed"',
        path: 'seed',
      },
      {
        name: 'in a section',
        text: '{\n  "name": "t",\n  "data": { "kind": "ring" },\n  "generator": {\n    "kind": "mlp",\n    "hidden": [8],\n    "hidden": [16, 16]\n  },\n  "discriminator": { "kind": "mlp" },\n  "loss": { "kind": "minimax" }\n}',
        key: '"hidden"',
        path: 'generator.hidden',
      },
      {
        name: 'two levels down',
        text: '{\n  "name": "t",\n  "data": { "kind": "ring" },\n  "generator": { "kind": "mlp" },\n  "discriminator": { "kind": "mlp" },\n  "loss": { "kind": "minimax" },\n  "optimizer": {\n    "generator": { "kind": "adam", "lr": 0.001,\n      "lr": 0.002 }\n  }\n}',
        key: '"lr"',
        path: 'optimizer.generator.lr',
      },
      {
        name: 'in an object in an array',
        text: '{\n  "name": "t",\n  "data": { "kind": "ring" },\n  "generator": { "kind": "mlp" },\n  "discriminator": { "kind": "mlp" },\n  "loss": { "kind": "wgan" },\n  "regularizers": [\n    { "kind": "r1", "weight": 1 },\n    { "kind": "instanceNoise", "std": 0.1, "std": 0.2 }\n  ]\n}',
        key: '"std"',
        path: 'regularizers[1].std',
      },
      {
        name: 'the kind of a section',
        text: '{\n  "name": "t",\n  "data": { "kind": "ring", "kind": "grid" },\n  "generator": { "kind": "mlp" },\n  "discriminator": { "kind": "mlp" },\n  "loss": { "kind": "minimax" }\n}',
        key: '"kind"',
        path: 'data.kind',
      },
    ];
    for (const c of cases) {
      it(`${c.name}: "duplicate key" at the second key, with the first one's line`, () => {
        const problems = problemsOf(c.text).filter((p) => p.message.startsWith('duplicate key'));
        assert.equal(problems.length, 1, JSON.stringify(problemsOf(c.text)));
        const p = problems[0]!;
        const first = at(c.text, c.key, c.key === '"kind"' ? 0 : 0);
        const second = at(c.text, c.key, c.key === '"kind"' ? 1 : 1);
        assert.equal(p.path, c.path);
        assert.deepEqual({ line: p.line, column: p.column }, second);
        assert.equal(
          p.message,
          `duplicate key ${c.key} (first at line ${first.line}): an object may have each key once; remove one of them`,
        );
        assert.equal(p.found, `a second ${c.key}`);
        assert.equal(p.length, c.key.length);
      });
    }

    it('the other problems are about the first value, at the first key (the value the position shows)', () => {
      // The first "seed" is wrong and the second right: the type problem quotes and points at the first.
      const text =
        '{\n  "name": "t",\n  "seed": "one",\n  "seed": 2,\n  "data": { "kind": "ring" },\n  "generator": { "kind": "mlp" },\n  "discriminator": { "kind": "mlp" },\n  "loss": { "kind": "minimax" }\n}';
      const problems = problemsOf(text);
      assert.deepEqual(
        problems.map((p) => [p.path, p.line, p.found]),
        [
          ['seed', 3, '"one"'],
          ['seed', 4, 'a second "seed"'],
        ],
      );
      // Both right, one key repeated: one problem, no config.
      const twice = text.replace('"one"', '1');
      assert.deepEqual(
        problemsOf(twice).map((p) => p.message),
        ['duplicate key "seed" (first at line 3): an object may have each key once; remove one of them'],
      );
      assert.equal(checkDocument(twice).config, undefined);
    });

    it('three times: each repeat is reported, each naming the first', () => {
      const text =
        '{\n  "name": "a",\n  "name": "b",\n  "name": "c",\n  "data": { "kind": "ring" },\n  "generator": { "kind": "mlp" },\n  "discriminator": { "kind": "mlp" },\n  "loss": { "kind": "minimax" }\n}';
      assert.deepEqual(
        problemsOf(text).map((p) => [p.line, p.message.slice(0, 40)]),
        [
          [3, 'duplicate key "name" (first at line 2): '],
          [4, 'duplicate key "name" (first at line 2): '],
        ],
      );
    });
  });

  describe('missing sections', () => {
    const full = ringExperiment();
    const without = (key: string) => {
      const rest: Record<string, unknown> = { ...full };
      delete rest[key];
      return JSON.stringify(rest, null, 2);
    };
    const expectations: [string, RegExp][] = [
      ['generator', /^missing "generator": the generator network; add "generator": \{ "kind": … \}$/],
      ['discriminator', /^missing "discriminator": the discriminator network; add "discriminator": \{ "kind": … \}$/],
      ['loss', /^missing "loss": training objective; add "loss": \{ "kind": … \}$/],
      ['data', /^missing "data": the real data the generator learns; add "data": \{ "kind": … \}$/],
      ['name', /^missing "name": experiment name; runs are stored under runs\/<name>\/; add "name": "…"$/],
    ];
    for (const [key, message] of expectations) {
      it(`"${key}": what it is and how to add it, expected as a type`, () => {
        const problems = problemsOf(without(key));
        assert.equal(problems.length, 1);
        const p = problems[0]!;
        assert.equal(p.path, key);
        assert.match(p.message, message);
        assert.equal(p.found, 'nothing');
        assert.match(p.expected!, key === 'name' ? /^a string$/ : /^an object with "kind": "[a-zA-Z0-9]+"( \| "[a-zA-Z0-9]+")+$/);
        assert.doesNotMatch(formatProblem('f', p), /\.,|\.\)/, 'no sentence stops inside the line');
      });
    }

    it('a missing "kind" lists the choices', () => {
      const text = ring({ generator: {}, loss: { weight: 1 } });
      const messages = problemsOf(text).map((p) => p.message);
      assert.ok(messages.includes('missing "kind": add one of "mlp" or "dcgan"'), messages.join('\n'));
      assert.ok(
        messages.some((m) => /^missing "kind": add one of "minimax", "nonSaturating", .* or "energy"$/.test(m)),
        messages.join('\n'),
      );
    });

    it('every required property of every section, missing, reads as one sentence', () => {
      // Each data kind's required fields (path, …) and each section, left out one at a time.
      const texts = [
        ...['csv', 'imageFolder', 'idx'].map((kind) => ring({ data: { kind } })),
        ...['name', 'data', 'generator', 'discriminator', 'loss'].map(without),
      ];
      let seen = 0;
      for (const text of texts)
        for (const p of problemsOf(text)) {
          seen++;
          const line = formatProblem('f', p);
          assert.match(p.message, /^missing "[a-zA-Z]+": /, line);
          assert.doesNotMatch(line, /\.,|\.\)|expected [A-Z]/, line);
          assert.doesNotMatch(line, /required property|\(s\)/, line);
        }
      assert.ok(seen >= 8, `${seen}`);
    });

    it('counts in words: an item, items, a character, characters', () => {
      const empty = problemsOf(ring({ data: { kind: 'mixture1d', means: [], stds: [], weights: [] } })).map((p) => p.message);
      assert.ok(
        empty.every((m) => !m.includes('(s)')),
        empty.join('\n'),
      );
      const long = problemsOf(ring({ name: 'x'.repeat(65) })).map((p) => formatProblem('f', p));
      assert.ok(
        long.some((l) => l.includes('must have at most 64 characters (expected at most 64 characters, found 65 characters)')),
        long.join('\n'),
      );
      const bad = problemsOf(ring({ name: 'my run' })).map((p) => p.message);
      assert.deepEqual(bad, ['may hold only letters, digits, ".", "_" and "-"']);
    });
  });

  it('the editor shows the same: no error for a BOM, the duplicate and missing-section messages', () => {
    for (const name of exampleFiles) {
      const text = readFileSync(join(EXAMPLES, name), 'utf8');
      assert.deepEqual(
        textProblems(`${BOM}${text}`).problems.filter((p) => p.severity === 'error'),
        [],
        name,
      );
    }
    const texts = [ring({ generator: undefined }), `${BOM}{\n  "name": "a",\n  "name": "b"\n}`, ring({ loss: {} })];
    for (const text of texts) {
      const cli = problemsOf(text).map(({ kind: _kind, ...p }) => p);
      const editor = textProblems(text).problems.map(({ severity: _severity, ...p }) => p);
      assert.deepEqual(editor, cli);
    }
  });

  describe('--steps', () => {
    const { minimum, maximum } = ExperimentSchema.properties.schedule.properties.steps as { minimum: number; maximum: number };
    const refused: [string, RegExp][] = [
      [
        '0',
        new RegExp(
          `^--steps: out of range: must be between ${minimum} and ${maximum}, as schedule\\.steps in an experiment file \\(found 0\\)$`,
        ),
      ],
      ['-1', /^--steps: out of range: must be between 1 and 100000000, .*\(found -1\)$/],
      ['1.5', /^--steps: expected an integer, as schedule\.steps in an experiment file \(found 1\.5\)$/],
      ['1e12', /^--steps: out of range: must be between 1 and 100000000, .*\(found 1000000000000\)$/],
      ['1000000000000', /out of range: must be between 1 and 100000000/],
      [String(maximum + 1), /out of range/],
      ['abc', /^--steps: expected an integer, .*\(found "abc"\)$/],
      ['', /^--steps: expected an integer/],
      ['0x10', /expected an integer/],
    ];
    for (const [text, message] of refused)
      it(`refuses ${JSON.stringify(text)} with the schema's bounds (a usage error)`, () => {
        assert.throws(
          () => stepsOption(text),
          (e: unknown) => e instanceof UsageError && message.test(e.message),
        );
        assert.throws(() => parseTrainArgs(['e.gan.json', '--steps', text]), UsageError);
        assert.throws(() => parseTrainArgs(['--resume', 'run', `--steps=${text}`]), UsageError);
      });

    it('takes 1, 10⁸ and 1e3 (JSON number syntax)', () => {
      assert.equal(stepsOption('1'), 1);
      assert.equal(stepsOption(String(maximum)), maximum);
      assert.equal(stepsOption('1e3'), 1000);
      assert.deepEqual(parseTrainArgs(['e.gan.json', '--steps', '250']), { quiet: false, steps: 250, experiment: 'e.gan.json' });
    });
  });
});
