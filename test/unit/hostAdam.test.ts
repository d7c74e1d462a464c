import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../src/training/backend';
import { Adam, adamWithOps } from '../../src/training/optimizers/adam';
import { adamOnHost, simdAdam, type AdamStep } from '../../src/training/optimizers/hostAdam';
import { Rng } from '../../src/training/random';

// [7, 3]: 21 values, so the SIMD kernel's four-lane loop and its one-value tail both run.
const SHAPES: number[][] = [[15, 128], [128], [7, 3], [128, 1], [1]];

/** Normal values times `scale` (absolute values when `positive`: second moments). */
function variables(seed: number, scale = 1, positive = false): tf.Variable[] {
  const rng = new Rng(seed);
  return SHAPES.map((shape) => {
    const size = shape.reduce((a, b) => a * b, 1);
    const initial = tf.tensor(
      rng.fillNormal(new Float32Array(size)).map((x) => (positive ? Math.abs(x) : x) * scale),
      shape,
    );
    const variable = tf.variable(initial);
    initial.dispose();
    return variable;
  });
}

/** Gradients at mixed scales; the last one all zeros (0/0 with ε = 0). */
function gradients(rng: Rng): tf.Tensor[] {
  return SHAPES.map((shape, i) => {
    const size = shape.reduce((a, b) => a * b, 1);
    const values = rng.fillNormal(new Float32Array(size)).map((g) => g * 10 ** (i - 2));
    return tf.tensor(i === SHAPES.length - 1 ? new Float32Array(size) : values, shape);
  });
}

const values = (vars: tf.Variable[]) => vars.map((v) => Array.from(v.dataSync()));

/** The same parameters and moments updated `steps` times on each path. */
function bothPaths(settings: Omit<AdamStep, 'iterations'>, steps: number) {
  const host = [variables(1), variables(2, 0.1), variables(3, 0.001, true)];
  const ops = [variables(1), variables(2, 0.1), variables(3, 0.001, true)];
  const rng = new Rng(4);
  for (let iterations = 1; iterations <= steps; iterations++) {
    const grads = gradients(rng);
    tf.tidy(() =>
      grads.forEach((g, i) => {
        assert.ok(adamOnHost(host[0]![i]!, host[1]![i]!, host[2]![i]!, g, { ...settings, iterations }), 'the host path is taken');
        adamWithOps(ops[0]![i]!, ops[1]![i]!, ops[2]![i]!, g, { ...settings, iterations });
      }),
    );
    tf.dispose(grads);
  }
  const out = { host: host.map(values), ops: ops.map(values) };
  tf.dispose([...host.flat(), ...ops.flat()]);
  return out;
}

describe('Adam computed in host memory (cpu, wasm)', () => {
  for (const backend of ['cpu', 'wasm'] as const) {
    it(`gives bit for bit the tensor ops' parameters and moments on ${backend}`, async () => {
      await selectBackend(backend);
      assert.equal(simdAdam() !== undefined, backend === 'wasm', 'wasm runs the SIMD kernel, cpu the loop');
      const { host, ops } = bothPaths({ lr: 1e-3, beta1: 0.5, beta2: 0.999, epsilon: 1e-8, divideNoNan: false }, 25);
      assert.deepEqual(host, ops);
    });

    it(`matches with ε = 0 (a 0/0 step is 0) on ${backend}`, async () => {
      await selectBackend(backend);
      const { host, ops } = bothPaths({ lr: 1e-4, beta1: 0.9, beta2: 0.999, epsilon: 0, divideNoNan: true }, 10);
      assert.deepEqual(host, ops);
      assert.ok(host.flat(2).every(Number.isFinite));
    });
  }

  it('a matMul after the update uses the new weights (wasm caches packed weights per tensor)', async () => {
    await selectBackend('wasm');
    const [kernel] = variables(5);
    const x = tf.ones([2, 15]);
    tf.dispose(tf.matMul(x, kernel!)); // packs the weights
    const adam = new Adam([kernel!], { lr: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 });
    const g = tf.onesLike(kernel!);
    adam.apply([g]);
    const expected = tf.tidy(() => tf.matMul(x, tf.tensor(kernel!.dataSync(), kernel!.shape)).dataSync());
    assert.deepEqual(
      tf.tidy(() => tf.matMul(x, kernel!).dataSync()),
      expected,
    );
    tf.dispose([x, g, kernel!]);
    adam.dispose();
  });

  it('leaves no tensors behind', async () => {
    await selectBackend('wasm');
    const params = variables(6);
    const adam = new Adam(params, { lr: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 });
    const before = tf.memory().numTensors;
    const grads = gradients(new Rng(7));
    adam.apply(grads);
    tf.dispose(grads);
    assert.equal(tf.memory().numTensors, before);
    tf.dispose(params);
    adam.dispose();
  });
});
