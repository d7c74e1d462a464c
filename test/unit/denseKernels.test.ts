/**
 * The fused dense kernels (src/training/kernels/denseKernels.ts) against the plain tfjs ops they
 * replace: values, first-order gradients and the second-order gradient a gradient penalty takes
 * (∂/∂W of ‖∇ₓ D‖²), on cpu and wasm, for every fused activation and every transpose of GanMatMul.
 */
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../src/training/backend';
import { denseOp, matMulOp, type FusedActivation } from '../../src/training/kernels/denseKernels';
import { Rng } from '../../src/training/random';

const rng = new Rng(7);
const values = (n: number) => rng.fillNormal(new Float32Array(n));
const X = values(9 * 5);
const W1 = values(5 * 6);
const B1 = values(6);
const W2 = values(6 * 1);

function close(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance: number): void {
  assert.equal(actual.length, expected.length);
  for (let i = 0; i < actual.length; i++) {
    const scale = Math.max(1, Math.abs(expected[i]!));
    assert.ok(Math.abs(actual[i]! - expected[i]!) <= tolerance * scale, `entry ${i}: ${actual[i]} vs ${expected[i]}`);
  }
}

const reference: Record<FusedActivation['kind'], (x: tf.Tensor) => tf.Tensor> = {
  linear: (x) => x,
  relu: (x) => tf.relu(x),
  // Twice-differentiable form (tf.leakyRelu's gradient has no gradient of its own).
  leakyrelu: (x) => tf.add(tf.mul(x, 0.6), tf.mul(tf.abs(x), 0.4)),
};

const ACTIVATIONS: FusedActivation[] = [{ kind: 'linear' }, { kind: 'relu' }, { kind: 'leakyrelu', alpha: 0.2 }];

/** A two-layer critic x → act(x·W1 + b1)·W2, fused or with plain ops. */
function critic(fused: boolean, activation: FusedActivation) {
  return (x: tf.Tensor2D, w1: tf.Tensor2D, b1: tf.Tensor1D, w2: tf.Tensor2D) =>
    fused
      ? matMulOp(denseOp(x, w1, b1, activation), w2)
      : tf.matMul(reference[activation.kind](tf.add(tf.matMul(x, w1), b1)) as tf.Tensor2D, w2);
}

/** D(x), ∂ΣD/∂W1 and the penalty's ∂‖∇ₓD‖²/∂W1, flattened. */
function measure(fused: boolean, activation: FusedActivation): Float32Array[] {
  return tf.tidy(() => {
    const x = tf.tensor2d(X, [9, 5]);
    const w1 = tf.tensor2d(W1, [5, 6]);
    const b1 = tf.tensor1d(B1);
    const w2 = tf.tensor2d(W2, [6, 1]);
    const d = critic(fused, activation);
    const out = d(x, w1, b1, w2);
    const firstOrder = tf.grad((w: tf.Tensor) => tf.sum(d(x, w as tf.Tensor2D, b1, w2)))(w1);
    const penalty = tf.grad((w: tf.Tensor) => {
      const gx = tf.grad((xv: tf.Tensor) => tf.sum(d(xv as tf.Tensor2D, w as tf.Tensor2D, b1, w2)))(x);
      return tf.sum(tf.square(gx));
    })(w1);
    return [out, firstOrder, penalty].map((t) => t.dataSync() as Float32Array);
  });
}

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`fused dense kernels on ${backend}`, () => {
    before(async () => {
      await selectBackend(backend);
    });

    for (const activation of ACTIVATIONS) {
      it(`${activation.kind}: output, first- and second-order gradients equal the unfused ops'`, () => {
        const [out, grad, penalty] = measure(true, activation);
        const [refOut, refGrad, refPenalty] = measure(false, activation);
        close(out!, refOut!, 1e-5);
        close(grad!, refGrad!, 1e-5);
        close(penalty!, refPenalty!, 1e-4);
        assert.ok(
          refPenalty!.some((v) => v !== 0),
          'the penalty gradient is not trivially zero',
        );
      });
    }

    for (const [transposeA, transposeB] of [
      [false, false],
      [false, true],
      [true, false],
      [true, true],
    ] as const) {
      it(`GanMatMul transposeA=${transposeA} transposeB=${transposeB}: product and gradients equal tf.matMul's`, () => {
        const aShape: [number, number] = transposeA ? [4, 3] : [3, 4];
        const bShape: [number, number] = transposeB ? [5, 4] : [4, 5];
        const aValues = values(12);
        const bValues = values(20);
        const run = (fused: boolean) =>
          tf.tidy(() => {
            const a = tf.tensor2d(aValues, aShape);
            const b = tf.tensor2d(bValues, bShape);
            const f = (p: tf.Tensor, q: tf.Tensor) =>
              fused ? matMulOp(p as tf.Tensor2D, q as tf.Tensor2D, transposeA, transposeB) : tf.matMul(p, q, transposeA, transposeB);
            const [da, db] = tf.grads((p: tf.Tensor, q: tf.Tensor) => tf.sum(tf.square(f(p, q))))([a, b]);
            return [f(a, b), da!, db!].map((t) => ({ shape: t.shape, data: t.dataSync() as Float32Array }));
          });
        const fused = run(true);
        const plain = run(false);
        assert.deepEqual(
          fused.map((t) => t.shape),
          [[3, 5], aShape, bShape],
        );
        fused.forEach((t, i) => close(t.data, plain[i]!.data, 1e-5));
      });
    }
  });
}
