/**
 * The gradient penalties' gradients with respect to D's weights (second-order gradients through
 * D), checked against hand-computed values on a linear D and against central finite differences
 * on every architecture the project has, on the cpu and wasm backends (float32 throughout).
 */
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../src/training/backend';
import { Mlp } from '../../src/training/models/mlp';
import { gradientPenalty, inputGradient, r1Penalty, type Critic } from '../../src/training/penalties';
import { Rng } from '../../src/training/random';

type Activation = 'relu' | 'leakyRelu' | 'tanh' | 'elu';
type Normalization = 'none' | 'batch' | 'layer';

function discriminator(hidden: number[], activation: Activation, normalization: Normalization, seed: number): Mlp {
  return new Mlp('discriminator', 2, 1, { kind: 'mlp', hidden, activation, leakySlope: 0.2, normalization }, new Rng(seed));
}

const matrix = (rng: Rng, n: number, scale = 1) =>
  tf.tensor2d(
    rng.fillNormal(new Float32Array(n * 2)).map((v) => v * scale),
    [n, 2],
  );

/** ∂penalty/∂θ for every trainable variable of `net`, as plain arrays. */
function analyticGradients(net: Mlp, penalty: () => tf.Scalar): Float32Array[] {
  return tf.tidy(() => {
    const { grads } = tf.variableGrads(penalty, net.trainable);
    return net.trainable.map((v) => (grads[v.name] ?? tf.zerosLike(v)).dataSync() as Float32Array);
  });
}

const valueOf = (penalty: () => tf.Scalar) => tf.tidy(() => penalty().dataSync()[0]!);

/** Sets entry `i` of `v` to `x`. */
function setEntry(v: tf.Variable, i: number, x: number): void {
  const values = v.dataSync().slice();
  values[i] = x;
  tf.tidy(() => v.assign(tf.tensor(values, v.shape)));
}

/**
 * Numerical derivatives of the penalty in entry `i` of `v`: central (P(θ+h) − P(θ−h))/2h and the
 * one-sided forward and backward differences. A ReLU-family network makes the penalty piecewise
 * smooth (R1 through ReLU even jumps at a kink), so where a kink lies within h of θ the central
 * difference is meaningless, but the one-sided difference away from the kink still is (and where
 * kinks lie on both sides, a smaller h finds the smooth piece around θ).
 */
function numericalDerivatives(v: tf.Variable, i: number, penalty: () => tf.Scalar, h: number): { central: number; oneSided: number[] } {
  const original = v.dataSync()[i]!;
  const at = valueOf(penalty);
  setEntry(v, i, original + h);
  const plus = valueOf(penalty);
  setEntry(v, i, original - h);
  const minus = valueOf(penalty);
  setEntry(v, i, original);
  return { central: (plus - minus) / (2 * h), oneSided: [(plus - at) / h, (at - minus) / h] };
}

/** Multiplies every kernel by `factor`, so that ∇ₓD and the penalties are of order one. */
function scaleKernels(net: Mlp, factor: number): void {
  tf.tidy(() => {
    for (const v of net.trainable) if (v.name.includes('kernel')) v.assign(tf.mul(v, factor));
  });
}

for (const backend of ['cpu', 'wasm'] as const) {
  describe(`gradient penalties: second-order gradients on ${backend}`, () => {
    before(async () => {
      await selectBackend(backend);
    });

    it('a linear D (∇ₓD = w): WGAN-GP = λ(‖w‖ − 1)², ∂/∂w = 2λ(‖w‖ − 1)·w/‖w‖; R1 = γ/2·‖w‖², ∂/∂w = γ·w; no gradient for the bias', () => {
      const net = discriminator([], 'relu', 'none', 1);
      const [kernel, bias] = net.trainable;
      const w = [0.3, -1.2];
      tf.tidy(() => {
        kernel!.assign(tf.tensor2d(w, [2, 1]));
        bias!.assign(tf.tensor1d([0.7]));
      });
      const norm = Math.hypot(...w);
      const rng = new Rng(5);
      const real = matrix(rng, 6);
      const fake = matrix(rng, 6, 3);
      const epsilon = tf.tensor2d(rng.fillUniform(new Float32Array(6), 0, 1), [6, 1]);
      const critic: Critic = (x) => net.apply(x, 'train');
      const lambda = 10;
      const gamma = 4;
      const gp = () => gradientPenalty(critic, real, fake, epsilon, lambda);
      const r1 = () => r1Penalty(critic, real, gamma);

      assert.ok(Math.abs(valueOf(gp) - lambda * (norm - 1) ** 2) < 1e-4, `GP ${valueOf(gp)}`);
      assert.ok(Math.abs(valueOf(r1) - (gamma / 2) * norm ** 2) < 1e-5, `R1 ${valueOf(r1)}`);
      const [gpKernel, gpBias] = analyticGradients(net, gp);
      const [r1Kernel, r1Bias] = analyticGradients(net, r1);
      w.forEach((wi, i) => {
        assert.ok(Math.abs(gpKernel![i]! - (2 * lambda * (norm - 1) * wi) / norm) < 1e-4, `GP ∂/∂w${i} ${gpKernel![i]}`);
        assert.ok(Math.abs(r1Kernel![i]! - gamma * wi) < 1e-5, `R1 ∂/∂w${i} ${r1Kernel![i]}`);
      });
      assert.equal(gpBias![0], 0);
      assert.equal(r1Bias![0], 0);
      tf.dispose([real, fake, epsilon]);
      net.dispose();
    });

    it('the input gradient of a 1-hidden-layer tanh D matches the chain rule by hand', () => {
      // D(x) = v·tanh(Wx + b) + c, so ∇ₓD = Wᵀ(v ⊙ (1 − tanh²(Wx + b))).
      const net = discriminator([3], 'tanh', 'none', 2);
      const [W, b, v] = net.trainable.map((t) => Array.from(t.dataSync()));
      const x = [0.4, -0.9];
      const gradient = tf.tidy(() => Array.from(inputGradient((i) => net.apply(i, 'train'), tf.tensor2d([x], [1, 2])).dataSync()));
      const hidden = [0, 1, 2].map((j) => Math.tanh(x[0]! * W![j]! + x[1]! * W![3 + j]! + b![j]!));
      const byHand = [0, 1].map((i) => [0, 1, 2].reduce((s, j) => s + W![i * 3 + j]! * v![j]! * (1 - hidden[j]! ** 2), 0));
      byHand.forEach((g, i) => assert.ok(Math.abs(gradient[i]! - g) < 1e-5, `∂D/∂x${i}: ${gradient[i]} vs ${g}`));
      net.dispose();
    });

    for (const normalization of ['none', 'layer', 'batch'] as const) {
      for (const activation of ['relu', 'leakyRelu', 'tanh', 'elu'] as const) {
        it(`${activation}, normalization ${normalization}: ∂penalty/∂θ matches central finite differences (WGAN-GP and R1)`, () => {
          const net = discriminator([6, 5], activation, normalization, 11);
          scaleKernels(net, 2);
          const rng = new Rng(21);
          const real = matrix(rng, 8);
          const fake = matrix(rng, 8, 2);
          const epsilon = tf.tensor2d(rng.fillUniform(new Float32Array(8), 0, 1), [8, 1]);
          const critic: Critic = (x) => net.apply(x, 'train');
          const penalties = {
            gradientPenalty: () => gradientPenalty(critic, real, fake, epsilon, 10),
            r1: () => r1Penalty(critic, real, 10),
          };
          for (const [name, penalty] of Object.entries(penalties)) {
            const before = tf.memory().numTensors;
            const analytic = analyticGradients(net, penalty);
            assert.equal(tf.memory().numTensors, before, `${name} leaked tensors`);
            const largest = Math.max(...analytic.map((g) => Math.max(...Array.from(g, Math.abs))));
            assert.ok(largest > 0.1, `${name}: the largest gradient entry is ${largest}`);
            const matches = (numeric: number, an: number) => Math.abs(numeric - an) <= 2e-3 * largest + 3e-2 * Math.abs(an);
            let checked = 0;
            let central = 0;
            let nonZero = 0;
            net.trainable.forEach((v, k) => {
              for (let i = 0; i < v.size; i++) {
                const an = analytic[k]![i]!;
                const numeric = numericalDerivatives(v, i, penalty, 1e-3);
                const centralMatches = matches(numeric.central, an);
                // Kinks on both sides within 1e-3: look closer.
                const closer = centralMatches ? undefined : numericalDerivatives(v, i, penalty, 2.5e-4);
                const agrees = (d: { central: number; oneSided: number[] }) => [d.central, ...d.oneSided].some((x) => matches(x, an));
                assert.ok(
                  agrees(numeric) || (closer !== undefined && agrees(closer)),
                  `${name} ∂/∂${v.name}[${i}]: analytic ${an}, finite differences ${JSON.stringify([numeric, closer])}`,
                );
                checked++;
                if (centralMatches) central++;
                if (Math.abs(an) > 1e-2 * largest) nonZero++;
              }
            });
            const parameters = net.trainable.reduce((n, v) => n + v.size, 0);
            assert.equal(checked, parameters);
            assert.ok(central >= 0.9 * checked, `${name}: only ${central} of ${checked} entries match the central difference`);
            assert.ok(nonZero >= 20, `${name}: only ${nonZero} of ${checked} entries are not ~0`);
          }
          tf.dispose([real, fake, epsilon]);
          net.dispose();
        });
      }
    }
  });
}
