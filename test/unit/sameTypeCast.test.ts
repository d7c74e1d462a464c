import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../src/training/backend';
import { rememberBackend } from './convTestSupport';

describe('Cast to the same dtype on wasm shares storage', function () {
  const restore = rememberBackend();
  before(() => selectBackend('wasm'));
  after(() => restore());

  it('float32 → float32 keeps the values, and each tensor outlives the other', () => {
    const buffersBefore = tf.memory().numDataBuffers;
    const x = tf.tensor([1.5, -2, 3.25], [3]);
    const y = tf.cast(x, 'float32');
    assert.equal(tf.memory().numDataBuffers, buffersBefore + 1, 'no second buffer');
    x.dispose();
    assert.deepEqual(Array.from(y.dataSync()), [1.5, -2, 3.25]);
    const z = tf.cast(y, 'float32');
    y.dispose();
    assert.deepEqual(Array.from(z.dataSync()), [1.5, -2, 3.25]);
    z.dispose();
    assert.equal(tf.memory().numDataBuffers, buffersBefore);
  });

  it('another dtype still converts, into its own buffer', () => {
    const x = tf.tensor([1.7, -2.2, 0], [3]);
    const asInt = tf.cast(x, 'int32');
    assert.equal(asInt.dtype, 'int32');
    assert.deepEqual(Array.from(asInt.dataSync()), [1, -2, 0]);
    x.dispose();
    assert.deepEqual(Array.from(asInt.dataSync()), [1, -2, 0]);
    asInt.dispose();
  });

  it('a ReLU gradient (which casts step(x) to float32) is unchanged', () => {
    const x = tf.tensor([-1, 0.5, 2, -0.25], [4]);
    const g = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(tf.relu(v), tf.tensor([1, 2, 3, 4]))))(x);
    assert.deepEqual(Array.from(g.dataSync()), [0, 2, 3, 0]);
    tf.dispose([x, g]);
  });
});
