import * as assert from 'node:assert/strict';
import { trainerThreads } from '../../src/extension/trainingRuns/trainerThreads';

describe('the wasm threads the editor asks a trainer for', () => {
  it('passes a set value as it is, whatever else trains', () => {
    assert.equal(trainerThreads(3, 16, 0), 3);
    assert.equal(trainerThreads(3, 16, 5), 3);
  });

  it('by default leaves a trainer that starts alone to take every core', () => {
    assert.equal(trainerThreads(0, 16, 0), undefined);
  });

  it('by default gives a trainer that starts beside others its share of the cores, at least one', () => {
    assert.equal(trainerThreads(0, 16, 1), 8);
    assert.equal(trainerThreads(0, 16, 2), 5);
    assert.equal(trainerThreads(0, 2, 1), 1);
    assert.equal(trainerThreads(0, 2, 4), 1);
  });
});
