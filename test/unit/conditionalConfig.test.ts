/**
 * The `conditional` section (issue 17): optional (absent, the experiment resolves exactly as
 * before), defaults when given, refused with the fix when the data has no labels; and the toy
 * mixtures' labels (the component of each sample).
 */
import assert from 'node:assert/strict';
import { dataHasLabels } from '../../src/shared/experiment/conditionalChecks';
import { toJsonSchema } from '../../src/shared/experiment/jsonSchema';
import type { DataConfig } from '../../src/shared/experiment/schema';
import { validateExperiment } from '../../src/shared/experiment/validate';
import { createGridDataset } from '../../src/training/data/grid';
import { createMixture1dDataset } from '../../src/training/data/mixture1d';
import { createRingDataset } from '../../src/training/data/ring';
import { Rng } from '../../src/training/random';
import { ringExperiment, type Json } from '../helpers/experiments';

const validate = (overrides: Json) => validateExperiment(JSON.stringify(ringExperiment(overrides), null, 2));

describe('conditional experiments', () => {
  it('absent: the resolved config has no conditional key, so unconditional runs resolve as before', () => {
    const result = validate({});
    assert.ok(result.ok);
    assert.equal('conditional' in result.config, false);
  });

  it('{} resolves to a projection discriminator without an auxiliary classifier; settings and mistakes are checked', () => {
    const empty = validate({ conditional: {} });
    assert.ok(empty.ok);
    assert.deepEqual(empty.config.conditional, { discriminator: 'projection', auxiliaryClassifier: 0 });
    const given = validate({ conditional: { discriminator: 'concat', auxiliaryClassifier: 0.5 } });
    assert.ok(given.ok);
    assert.deepEqual(given.config.conditional, { discriminator: 'concat', auxiliaryClassifier: 0.5 });
    const wrong = validate({ conditional: { discriminator: 'projectoin', auxiliaryClassifier: -1, weight: 1 } });
    assert.ok(!wrong.ok);
    assert.deepEqual(
      wrong.problems.map((p) => [p.path, p.message]),
      [
        ['conditional.discriminator', 'expected one of "projection", "concat"; did you mean "projection"?'],
        ['conditional.auxiliaryClassifier', 'out of range: must be between 0 and 1000'],
        ['conditional.weight', 'unknown property "weight"'],
      ],
    );
  });

  it('on data without labels is an error at conditional that names the labelled data kinds', () => {
    for (const data of [
      { kind: 'moons' },
      { kind: 'shapes', size: 28 },
      { kind: 'mnist', labels: false },
      { kind: 'idx', path: 'x.idx' },
    ]) {
      const result = validate({ conditional: {}, data });
      assert.ok(!result.ok, JSON.stringify(data));
      assert.equal(result.problems.length, 1, JSON.stringify(result.problems));
      const [problem] = result.problems;
      assert.equal(problem!.path, 'conditional');
      assert.equal(problem!.kind, 'semantic');
      assert.match(problem!.message, new RegExp(`data "${data.kind}"( as configured)? has none`));
      assert.match(
        problem!.message,
        /ring, grid or mixture1d .* mnist .* stackedMnist, idx with a "labels" file, or imageFolder with "labels": "folders" — or remove "conditional"/,
      );
    }
    for (const data of [{ kind: 'grid' }, { kind: 'mixture1d' }, { kind: 'mnist' }, { kind: 'stackedMnist' }]) {
      const result = validate({ conditional: {}, data });
      assert.deepEqual(result.problems, [], JSON.stringify(data));
    }
  });

  it('which data kinds give labels, as configured', () => {
    const labelled = (data: Json) => dataHasLabels(data as unknown as DataConfig);
    assert.equal(labelled({ kind: 'ring' }), true);
    assert.equal(labelled({ kind: 'idx', path: 'a', labels: '' }), false);
    assert.equal(labelled({ kind: 'idx', path: 'a', labels: 'train-labels-idx1-ubyte' }), true);
    assert.equal(labelled({ kind: 'imageFolder', path: 'a', labels: 'none' }), false);
    assert.equal(labelled({ kind: 'imageFolder', path: 'a', labels: 'folders' }), true);
    assert.equal(labelled({ kind: 'mnist', labels: true }), true);
    assert.equal(labelled({ kind: 'csv', path: 'a.csv' }), false);
  });

  it('the JSON Schema leaves conditional out of required and describes its two settings', () => {
    const schema = toJsonSchema() as {
      required: string[];
      properties: { conditional: { properties: Record<string, { default: unknown }> } };
    };
    assert.ok(!schema.required.includes('conditional'));
    assert.ok(schema.required.includes('name') && schema.required.includes('data'));
    const { discriminator, auxiliaryClassifier } = schema.properties.conditional.properties;
    assert.deepEqual([discriminator?.default, auxiliaryClassifier?.default], ['projection', 0]);
  });
});

describe('labels of the toy mixtures (the component each sample was drawn from)', () => {
  it('ring and grid: sampleLabeled draws what sample draws, each label the index of the nearest mode', () => {
    for (const dataset of [
      createRingDataset({ kind: 'ring', modes: 8, radius: 2, std: 0.02 }),
      createGridDataset({ kind: 'grid', size: 3, spacing: 2, std: 0.02 }),
    ]) {
      const modes = dataset.modes!;
      assert.deepEqual(
        dataset.classes?.names,
        modes.map((_, i) => String(i)),
      );
      const { x, labels } = dataset.sampleLabeled!(500, new Rng(3));
      assert.deepEqual(x, dataset.sample(500, new Rng(3)));
      const nearest = (i: number) => {
        const distances = modes.map((m) => Math.hypot(x[2 * i]! - m.centre[0]!, x[2 * i + 1]! - m.centre[1]!));
        return distances.indexOf(Math.min(...distances));
      };
      labels.forEach((label, i) => assert.equal(label, nearest(i), `sample ${i}`));
      assert.equal(new Set(labels).size, modes.length, 'every class drawn');
    }
  });

  it('mixture1d: a zero-weight component is no class; the names keep the components’ indices', () => {
    const dataset = createMixture1dDataset({ kind: 'mixture1d', means: [-5, 0, 5], stds: [0.1, 0.1, 0.1], weights: [1, 0, 1] });
    assert.deepEqual(dataset.classes?.names, ['0', '2']);
    const { x, labels } = dataset.sampleLabeled!(200, new Rng(1));
    labels.forEach((label, i) => assert.equal(label, x[i]! < 0 ? 0 : 1));
  });
});
