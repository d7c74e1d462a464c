/** The dashboard's reference lines from the run's objective (loss kind and regularizers). */
import assert from 'node:assert/strict';
import type { Experiment } from '../../src/shared/experiment/schema';
import { validateExperiment } from '../../src/shared/experiment/validate';
import { boundsWith, objectiveReferences, scoreBounds } from '../../webview/src/logic/referenceLines';
import { ringExperiment, type Json } from '../helpers/experiments';

function config(loss: Json, regularizers: Json[] = []): Experiment {
  const result = validateExperiment(JSON.stringify(ringExperiment({ loss, regularizers })));
  assert.ok(result.ok, JSON.stringify(result.problems));
  return result.config;
}

const lines = (refs: ReturnType<typeof objectiveReferences>) => ({
  scale: refs.scale,
  scores: refs.scores.map((l) => [l.y, l.label, l.role]),
  loss: refs.loss.map((l) => [Number(l.y.toFixed(6)), l.label, l.role]),
});

describe('webview reference lines (from referenceValues of the run’s objective)', () => {
  it('minimax and nonSaturating: D = 0.5 on the scores chart, 2·log 2 on the loss chart; r1 and instance noise change neither', () => {
    for (const kind of ['minimax', 'nonSaturating']) {
      for (const regularizers of [[], [{ kind: 'r1' }, { kind: 'instanceNoise' }]]) {
        assert.deepEqual(lines(objectiveReferences(config({ kind }, regularizers))), {
          scale: 'probability',
          scores: [[0.5, 'equilibrium D = 0.5', 'reference']],
          loss: [[Number((2 * Math.log(2)).toFixed(6)), 'equilibrium D loss = 2·log 2', 'dLoss']],
        });
      }
    }
  });

  it('label smoothing s shifts both: D = s/2 and the BCE there, labelled with the smoothing', () => {
    const refs = objectiveReferences(config({ kind: 'nonSaturating' }, [{ kind: 'labelSmoothing', real: 0.9 }]));
    const dLoss = -(0.9 * Math.log(0.45) + 0.1 * Math.log(0.55)) - Math.log(0.55);
    assert.deepEqual(lines(refs), {
      scale: 'probability',
      scores: [[0.45, 'equilibrium D = 0.45 (label smoothing 0.9)', 'reference']],
      loss: [[Number(dLoss.toFixed(6)), `equilibrium D loss = ${Number(dLoss.toPrecision(4))} (label smoothing 0.9)`, 'dLoss']],
    });
    assert.ok(Math.abs(refs.loss[0]!.y - dLoss) < 1e-12);
  });

  it('LSGAN: D = 0.5 and loss 0.25 on a score scale; hinge: loss 2 and no D line', () => {
    assert.deepEqual(lines(objectiveReferences(config({ kind: 'lsgan' }))), {
      scale: 'score',
      scores: [[0.5, 'equilibrium D = 0.5', 'reference']],
      loss: [[0.25, 'equilibrium D loss = 0.25', 'dLoss']],
    });
    assert.deepEqual(lines(objectiveReferences(config({ kind: 'hinge' }, [{ kind: 'r1' }]))), {
      scale: 'score',
      scores: [],
      loss: [[2, 'equilibrium D loss = 2', 'dLoss']],
    });
  });

  it('critics: one 0 line for D loss and the Wasserstein estimate; no D line', () => {
    for (const kind of ['wgan', 'wganGp', 'neuralDistance'])
      assert.deepEqual(lines(objectiveReferences(config({ kind }))), {
        scale: 'score',
        scores: [],
        loss: [[0, 'equilibrium D loss = W estimate = 0', 'reference']],
      });
  });

  it('no config (a run without experiment.json): no lines, no bounds', () => {
    for (const missing of [null, undefined]) {
      const refs = objectiveReferences(missing);
      assert.deepEqual(refs, { scale: null, scores: [], loss: [] });
      assert.deepEqual(scoreBounds(refs), {});
      assert.deepEqual(boundsWith(refs.loss), {});
    }
  });

  it('axis bounds keep the lines in view: [0, 1] for probabilities, room for score lines, a little above a positive loss line', () => {
    assert.deepEqual(scoreBounds(objectiveReferences(config({ kind: 'minimax' }))), { min: 0, max: 1 });
    assert.deepEqual(scoreBounds(objectiveReferences(config({ kind: 'lsgan' }))), { suggestedMin: 0.5, suggestedMax: 0.52 });
    assert.deepEqual(scoreBounds(objectiveReferences(config({ kind: 'wgan' }))), {});
    assert.deepEqual(boundsWith(objectiveReferences(config({ kind: 'hinge' })).loss), { suggestedMin: 2, suggestedMax: 2.08 });
    assert.deepEqual(boundsWith(objectiveReferences(config({ kind: 'wganGp' })).loss), { suggestedMin: 0, suggestedMax: 0 });
  });
});
