import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../src/training/backend';
import { leadingAxesCount, stockReduction } from '../../src/training/kernels/leadingAxesReduction';
import { normal, rememberBackend, runConfig } from './convTestSupport';

interface Case {
  shape: number[];
  axis: number | number[];
}

// Leading axes (the fast pass), and axes that are not leading or are all of them (the stock kernel).
const CASES: Case[] = [
  { shape: [256, 256], axis: 0 },
  { shape: [64, 15], axis: [0] },
  { shape: [7, 3], axis: -2 },
  { shape: [12544, 64], axis: [0] },
  { shape: [8, 5, 5, 16], axis: [0, 1, 2] },
  { shape: [8, 5, 5, 16], axis: [2, 0, 1] },
  { shape: [4, 3, 6], axis: [0, 1] },
  { shape: [1, 9], axis: 0 },
  { shape: [9, 1], axis: 0 },
  { shape: [6, 4], axis: 1 },
  { shape: [5, 4, 3], axis: [0, 2] },
  { shape: [5, 4, 3], axis: [1] },
  { shape: [6, 4], axis: [0, 1] },
  { shape: [6], axis: 0 },
];

const bits = (values: Float32Array) => Array.from(new Uint32Array(values.buffer, values.byteOffset, values.length));

describe('leading-axes Sum and Mean on wasm', function () {
  this.timeout(60_000);
  const restore = rememberBackend();
  before(() => selectBackend('wasm'));
  after(() => restore());

  it('finds how many leading axes an axis list names, and nothing for other lists', () => {
    assert.equal(leadingAxesCount(0, 2), 1);
    assert.equal(leadingAxesCount([0, 1, 2], 4), 3);
    assert.equal(leadingAxesCount(-2, 2), 1);
    assert.equal(leadingAxesCount([2, 0, 1], 4), undefined, 'the stock kernel adds in the order given');
    assert.equal(leadingAxesCount(1, 2), undefined);
    assert.equal(leadingAxesCount([0, 2], 3), undefined);
    assert.equal(leadingAxesCount([0, 1], 2), undefined, 'every axis: the stock kernel already reads in order');
  });

  for (const kernelName of ['Sum', 'Mean'] as const) {
    for (const c of CASES) {
      for (const keepDims of [false, true]) {
        it(`${kernelName} of [${c.shape}] over ${JSON.stringify(c.axis)}${keepDims ? ', keepDims' : ''} equals the stock kernel bit for bit`, () => {
          const size = c.shape.reduce((a, b) => a * b, 1);
          // Mixed magnitudes, so that the order of the adds shows in the last bits.
          const values = normal(size, size).map((v, i) => v * 10 ** ((i % 7) - 3));
          const x = tf.tensor(values, c.shape);
          try {
            const op = kernelName === 'Sum' ? tf.sum : tf.mean;
            const result = op(x, c.axis, keepDims);
            const actual = result.dataSync() as Float32Array;
            const stock = runConfig(stockReduction(kernelName), { x }, { axis: c.axis, keepDims });
            assert.deepEqual(bits(Float32Array.from(actual)), bits(stock));
            // Shapes as the stock kernel gives them (keepDims keeps each reduced axis as 1).
            const reduced = new Set(tf.util.parseAxisParam(c.axis, c.shape));
            const shape = keepDims ? c.shape.map((d, i) => (reduced.has(i) ? 1 : d)) : c.shape.filter((_, i) => !reduced.has(i));
            assert.deepEqual(result.shape, shape);
            result.dispose();
          } finally {
            x.dispose();
          }
        });
      }
    }
  }

  it('a bias gradient (Σ over the batch) is the stock one, and leaks no tensor', () => {
    const x = tf.tensor(normal(3, 64 * 128), [64, 128]);
    const b = tf.tensor(normal(4, 128), [128]);
    const before = tf.memory().numTensors;
    const grad = tf.grad((bias: tf.Tensor) => tf.sum(tf.square(tf.add(x, bias))))(b);
    const dy = tf.tidy(() => tf.mul(tf.add(x, b), 2));
    const stock = runConfig(stockReduction('Sum'), { x: dy }, { axis: [0], keepDims: false });
    assert.deepEqual(bits(Float32Array.from(grad.dataSync() as Float32Array)), bits(stock));
    tf.dispose([grad, dy]);
    assert.equal(tf.memory().numTensors, before);
    tf.dispose([x, b]);
  });

  it('int32 input goes to the stock kernel', () => {
    const x = tf.tensor([1, 2, 3, 4, 5, 6], [3, 2], 'int32');
    const s = tf.sum(x, 0);
    assert.equal(s.dtype, 'int32');
    assert.deepEqual(Array.from(s.dataSync()), [9, 12]);
    tf.dispose([x, s]);
  });
});
