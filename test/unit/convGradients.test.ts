import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../src/training/backend';
import { convGeometry } from '../../src/training/kernels/convGeometry';
import { backpropFilterRef, conv2dRef } from './convReference';
import { normal, rememberBackend, scaledError, TEST_BACKENDS, type TestBackend } from './convTestSupport';

const ALPHA = 0.2;
const X_SHAPE: [number, number, number, number] = [3, 8, 8, 2];
const W1_SHAPE: [number, number, number, number] = [4, 4, 2, 4];
const W2_SHAPE: [number, number] = [4 * 4 * 4, 1];

/** Leaky ReLU with a second derivative tfjs can take (its leakyRelu gradient cannot be differentiated). */
const leaky = (h: tf.Tensor) => tf.add(tf.mul(0.5 * (1 + ALPHA), h), tf.mul(0.5 * (1 - ALPHA), tf.abs(h)));
const preActivation = (x: tf.Tensor4D, w1: tf.Tensor4D) => tf.conv2d(x, w1, 2, 'same');
const critic = (x: tf.Tensor4D, w1: tf.Tensor4D, w2: tf.Tensor2D) =>
  tf.matMul(tf.reshape(leaky(preActivation(x, w1)), [X_SHAPE[0], -1]), w2);

/** Σ ‖∇ₓ Σ D(x)‖²: the part of a gradient penalty that needs second-order conv gradients. */
function penalty(x: tf.Tensor4D, w1: tf.Tensor4D, w2: tf.Tensor2D): tf.Scalar {
  const gx = tf.grad((xv: tf.Tensor) => tf.sum(critic(xv as tf.Tensor4D, w1, w2)))(x);
  return tf.sum(tf.square(gx));
}

const scalar = (make: () => tf.Scalar) => {
  const t = tf.tidy(make);
  const v = t.dataSync()[0]!;
  t.dispose();
  return v;
};
const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((s, v, i) => s + v * b[i]!, 0);

interface PenaltyCheck {
  gradW1: Float32Array;
  gradW2: Float32Array;
  analytic: [number, number];
  numeric: [number, number];
}

/**
 * The penalty's gradient over D's weights (tf.variableGrads, as a training step takes it), and
 * central differences of the penalty along a random direction in each weight. ε shrinks until no
 * pre-activation changes sign: |h| has a kink at 0, and the penalty jumps across it.
 */
function checkPenalty(): PenaltyCheck {
  const x = tf.tensor4d(normal(1, 3 * 8 * 8 * 2), X_SHAPE);
  const w1 = tf.tidy(() => tf.variable(tf.tensor4d(normal(2, 4 * 4 * 2 * 4, 0.3), W1_SHAPE)));
  const w2 = tf.tidy(() => tf.variable(tf.tensor2d(normal(3, 64, 0.3), W2_SHAPE)));
  const d1 = normal(4, 4 * 4 * 2 * 4);
  const d2 = normal(5, 64);
  const { grads, value } = tf.variableGrads(() => penalty(x, w1 as tf.Variable<tf.Rank.R4>, w2 as tf.Variable<tf.Rank.R2>));
  const gradW1 = grads[w1.name]!.dataSync() as Float32Array;
  const gradW2 = grads[w2.name]!.dataSync() as Float32Array;
  tf.dispose([value, ...Object.values(grads)]);
  const at = (e1: number, e2: number) =>
    scalar(() =>
      penalty(
        x,
        tf.add(w1, tf.mul(e1, tf.tensor4d(d1, W1_SHAPE))) as tf.Tensor4D,
        tf.add(w2, tf.mul(e2, tf.tensor2d(d2, W2_SHAPE))) as tf.Tensor2D,
      ),
    );
  const signs = (e1: number) =>
    tf.tidy(() =>
      tf
        .sign(preActivation(x, tf.add(w1, tf.mul(e1, tf.tensor4d(d1, W1_SHAPE))) as tf.Tensor4D))
        .dataSync()
        .join(),
    );
  let eps = 1e-2;
  while (signs(eps) !== signs(0) || signs(-eps) !== signs(0)) eps /= 2;
  const numeric: [number, number] = [(at(eps, 0) - at(-eps, 0)) / (2 * eps), (at(0, 1e-2) - at(0, -1e-2)) / 2e-2];
  tf.dispose([x, w1, w2]);
  return { gradW1, gradW2, analytic: [dot(gradW1, d1), dot(gradW2, d2)], numeric };
}

describe('conv gradients through the composite kernels', function () {
  this.timeout(120_000);
  const restore = rememberBackend();
  after(() => restore());

  const penaltyChecks = new Map<TestBackend, PenaltyCheck>();
  for (const backendName of TEST_BACKENDS) {
    it(`a gradient penalty through conv (stride 2) + leaky ReLU + dense matches finite differences on ${backendName}`, async () => {
      await selectBackend(backendName);
      const before = tf.memory().numTensors;
      const check = checkPenalty();
      assert.equal(tf.memory().numTensors, before, 'tensors leaked');
      penaltyChecks.set(backendName, check);
      check.analytic.forEach((a, i) => {
        const n = check.numeric[i]!;
        assert.ok(
          Math.abs(a - n) <= 2e-3 * Math.max(1, Math.abs(n)),
          `${i === 0 ? 'conv' : 'dense'} weights: analytic ${a}, finite difference ${n}`,
        );
      });
    });
  }

  it('the gradient penalty gradients agree between cpu and wasm', () => {
    const [cpu, wasm] = [penaltyChecks.get('cpu'), penaltyChecks.get('wasm')];
    assert.ok(cpu && wasm, 'both backends were checked above');
    assert.ok(scaledError(wasm.gradW1, cpu.gradW1) < 1e-4, `conv weights: ${scaledError(wasm.gradW1, cpu.gradW1)}`);
    assert.ok(scaledError(wasm.gradW2, cpu.gradW2) < 1e-4, `dense weights: ${scaledError(wasm.gradW2, cpu.gradW2)}`);
  });

  describe('a conv2dTranspose layer (4×5×8 → 8×10×3, k4 s2 same) has the reference gradients', () => {
    const Z: [number, number, number, number] = [3, 4, 5, 8];
    const W: [number, number, number, number] = [4, 4, 3, 8];
    const Y: [number, number, number, number] = [3, 8, 10, 3];
    const z = normal(20, 3 * 4 * 5 * 8);
    const w = normal(21, 4 * 4 * 3 * 8, 0.3);
    const target = normal(22, 3 * 8 * 10 * 3);
    const results = new Map<TestBackend, Float32Array[]>();

    for (const backendName of TEST_BACKENDS) {
      it(`on ${backendName}`, async () => {
        await selectBackend(backendName);
        const [zt, wt, tt] = [tf.tensor4d(z, Z), tf.tensor4d(w, W), tf.tensor4d(target, Y)];
        const output = () => tf.conv2dTranspose(zt, wt, Y, 2, 'same');
        const { grads, upstream } = tf.tidy(() => {
          const loss = (zv: tf.Tensor, wv: tf.Tensor) =>
            tf.sum(tf.mul(tf.tanh(tf.conv2dTranspose(zv as tf.Tensor4D, wv as tf.Tensor4D, Y, 2, 'same')), tt));
          // dLoss/dy, from which the reference computes the layer's two gradients.
          const up = tf.mul(tt, tf.sub(1, tf.square(tf.tanh(output()))));
          return { grads: tf.grads(loss)([zt, wt]), upstream: up };
        });
        const [gz, gw] = grads.map((g) => g.dataSync() as Float32Array) as [Float32Array, Float32Array];
        const g = convGeometry(Y, W, 2, 'same', 'NHWC', undefined);
        const up = upstream.dataSync();
        tf.dispose([zt, wt, tt, upstream, ...grads]);
        results.set(backendName, [gz, gw]);
        assert.ok(scaledError(gz, conv2dRef(g, up, w)) < 1e-5, `dLoss/dz: ${scaledError(gz, conv2dRef(g, up, w))}`);
        assert.ok(scaledError(gw, backpropFilterRef(g, up, z)) < 1e-5, `dLoss/dW: ${scaledError(gw, backpropFilterRef(g, up, z))}`);
      });
    }

    it('and the same gradients on cpu and wasm', () => {
      const [cpu, wasm] = [results.get('cpu'), results.get('wasm')];
      assert.ok(cpu && wasm, 'both backends were checked above');
      cpu.forEach((c, i) => assert.ok(scaledError(wasm[i]!, c) < 1e-5, `gradient ${i}: ${scaledError(wasm[i]!, c)}`));
    });
  });
});
