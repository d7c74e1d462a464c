import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { experimentProblems } from '../../src/extension/editor/experimentChecks';
import { TEMPLATES } from '../../src/extension/editor/templates';
import { validateExperiment } from '../../src/shared/experiment/validate';
import { ringExperiment, tempDir } from '../helpers/experiments';

describe('New Experiment templates', () => {
  for (const template of TEMPLATES) {
    it(`"${template.label}" is a valid, commented experiment file with the given name`, () => {
      const text = template.text('my-run');
      assert.match(text, /^\s*\/\/ /m, 'has comments');
      const result = validateExperiment(text);
      assert.ok(result.ok, JSON.stringify(!result.ok && result.problems));
      assert.equal(result.config.name, 'my-run');
    });
  }

  it('covers the seed parabola, 2-D ring and grid, the 1-D mixture and MNIST', () => {
    const kinds = TEMPLATES.map((t) => validateExperiment(t.text('x'))).map((r) => r.ok && r.config.data.kind);
    assert.deepEqual(kinds, ['parabola', 'ring', 'grid', 'mixture1d', 'mnist']);
  });
});

describe('editor checks beyond the schema', () => {
  const csvExperiment = (dir: string, csv: string, overrides: Record<string, unknown> = {}, data: Record<string, unknown> = {}) => {
    writeFileSync(join(dir, 'data.csv'), csv);
    return JSON.stringify(ringExperiment({ data: { kind: 'csv', path: 'data.csv', ...data }, ...overrides }), null, 2);
  };

  it('warns at discriminator.normalization when a gradient penalty meets batch norm in D', async () => {
    const text = JSON.stringify(
      ringExperiment({ loss: { kind: 'wganGp' }, discriminator: { kind: 'mlp', hidden: [16], normalization: 'batch' } }),
      null,
      2,
    );
    const [problem, ...rest] = await experimentProblems(text, join(tempDir(), 'e.gan.json'));
    assert.equal(rest.length, 0);
    assert.equal(problem?.severity, 'warning');
    assert.equal(problem?.path, 'discriminator.normalization');
    assert.match(problem!.message, /^wganGp's gradient penalty is per sample/);
    assert.equal(text.slice(problem!.offset, problem!.offset + problem!.length), '"batch"');
  });

  it('a missing CSV file is an error at data.path', async () => {
    const dir = tempDir();
    const text = JSON.stringify(ringExperiment({ data: { kind: 'csv', path: 'nope.csv' } }), null, 2);
    const [problem, ...rest] = await experimentProblems(text, join(dir, 'e.gan.json'));
    assert.equal(rest.length, 0);
    assert.equal(problem?.severity, 'error');
    assert.equal(problem?.path, 'data.path');
    assert.equal(text.slice(problem!.offset, problem!.offset + problem!.length), '"nope.csv"');
  });

  it('a column beyond the CSV width, a batch larger than the data, and k batches beyond it', async () => {
    const dir = tempDir();
    const rows = 'x,y\n' + Array.from({ length: 40 }, (_, i) => `${i},${i * 2}`).join('\n');
    const beyond = await experimentProblems(csvExperiment(dir, rows, {}, { columns: [0, 5] }), join(dir, 'e.gan.json'));
    assert.deepEqual(
      beyond.map((p) => [p.path, p.severity]),
      [['data.columns[1]', 'error']],
    );
    assert.match(beyond[0]!.message, /column 5 does not exist: data.csv has 2 columns/);
    const big = await experimentProblems(csvExperiment(dir, rows, { schedule: { steps: 40, batchSize: 64 } }), join(dir, 'e.gan.json'));
    assert.deepEqual(
      big.map((p) => [p.path, p.severity]),
      [['schedule.batchSize', 'warning']],
    );
    const k = await experimentProblems(
      csvExperiment(dir, rows, { schedule: { steps: 40, batchSize: 16, dStepsPerGStep: 3 } }),
      join(dir, 'e.gan.json'),
    );
    assert.deepEqual(
      k.map((p) => [p.path, p.severity]),
      [['schedule.dStepsPerGStep', 'warning']],
    );
  });

  it("reports syntax, schema and semantic problems as errors in the validator's own words (the JSON service does not see these files)", async () => {
    const dir = tempDir();
    const typo = JSON.stringify({ ...ringExperiment(), sead: 3 }, null, 2);
    const [unknown, ...none] = await experimentProblems(typo, join(dir, 'e.gan.json'));
    assert.deepEqual(none, []);
    assert.equal(unknown?.severity, 'error');
    assert.equal(unknown?.message, 'unknown property "sead"; did you mean "seed"?');
    assert.equal(typo.slice(unknown!.offset, unknown!.offset + unknown!.length), '"sead"');
    const kind = await experimentProblems(JSON.stringify(ringExperiment({ loss: { kind: 'notALoss' } })), join(dir, 'e.gan.json'));
    assert.deepEqual(
      kind.map((p) => [p.path, p.severity, p.expected]),
      [['loss.kind', 'error', '"minimax" | "nonSaturating" | "wgan" | "wganGp" | "hinge" | "lsgan" | "neuralDistance" | "energy"']],
    );
    const syntax = await experimentProblems('{ "name": "x", }', join(dir, 'e.gan.json'));
    assert.deepEqual(
      syntax.map((p) => [p.path, p.severity, p.message]),
      [['(syntax)', 'error', 'invalid JSON: trailing comma']],
    );
    const text = JSON.stringify(ringExperiment({ data: { kind: 'parabola', xMin: 1, xMax: 0 } }), null, 2);
    const semantic = await experimentProblems(text, join(dir, 'e.gan.json'));
    assert.deepEqual(
      semantic.map((p) => [p.path, p.severity]),
      [['data.xMax', 'error']],
    );
  });

  it('intervals longer than the run are warned about', async () => {
    const text = JSON.stringify(ringExperiment({ schedule: { steps: 40 }, logging: { samplesEvery: 100 } }), null, 2);
    const problems = await experimentProblems(text, join(tempDir(), 'e.gan.json'));
    assert.deepEqual(
      problems.map((p) => [p.path, p.severity]),
      [
        ['logging.histogramsEvery', 'warning'],
        ['logging.samplesEvery', 'warning'],
      ],
    );
  });
});
