import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../src/training/backend';
import { withStockReductionGradients } from '../../src/training/kernels/reductionGradients';
import { normal, rememberBackend, TEST_BACKENDS } from './convTestSupport';

const bits = (t: tf.Tensor) => Array.from(new Uint32Array(Float32Array.from(t.dataSync() as Float32Array).buffer));

/**
 * A batch-normalisation-like function of x and a weight w (means and sums over leading and inner
 * axes), and the norm of its gradient in x: a gradient penalty, whose gradient in w differentiates
 * Sum's and Mean's gradients again.
 */
function normalised(x: tf.Tensor4D, w: tf.Tensor): tf.Scalar {
  const mean = tf.mean(x, [0, 1, 2], true);
  const centred = tf.sub(x, mean);
  const variance = tf.mean(tf.square(centred), [0, 1, 2], true);
  const y = tf.mul(tf.div(centred, tf.sqrt(tf.add(variance, 1e-5))), w);
  return tf.add(tf.sum(tf.tanh(y)), tf.mul(tf.sum(tf.mean(y, -1)), 0.5)) as tf.Scalar;
}

function firstAndSecondOrder(x: tf.Tensor4D, w: tf.Tensor): tf.Tensor[] {
  return tf.tidy(() => {
    const dx = tf.grad((input: tf.Tensor) => normalised(input as tf.Tensor4D, w))(x);
    const penalty = (weight: tf.Tensor) =>
      tf.sum(tf.square(tf.grad((input: tf.Tensor) => normalised(input as tf.Tensor4D, weight))(x))) as tf.Scalar;
    const dw = tf.grad(penalty)(w);
    return [dx, dw];
  });
}

describe('Sum and Mean gradients with Fill-made ones', function () {
  this.timeout(60_000);
  const restore = rememberBackend();
  after(() => restore());

  for (const backendName of TEST_BACKENDS) {
    // 800 elements take tf.ones, 32,768 the Fill kernel.
    for (const shape of [
      [4, 5, 5, 8],
      [8, 16, 16, 16],
    ] as Array<[number, number, number, number]>) {
      it(`on ${backendName}, x [${shape}]: first- and second-order gradients equal tfjs's own bit for bit, with no tensor leak`, async () => {
        await selectBackend(backendName);
        const x = tf.tensor4d(
          normal(
            11,
            shape.reduce((a, b) => a * b, 1),
          ),
          shape,
        );
        const w = tf.tensor1d(normal(12, shape[3]));
        const before = tf.memory().numTensors;
        const ours = firstAndSecondOrder(x, w);
        const stock = withStockReductionGradients(() => firstAndSecondOrder(x, w));
        for (let i = 0; i < ours.length; i++) assert.deepEqual(bits(ours[i]!), bits(stock[i]!), `gradient ${i}`);
        tf.dispose([...ours, ...stock]);
        assert.equal(tf.memory().numTensors, before);
        tf.dispose([x, w]);
      });
    }
  }
});
