import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../src/training/backend';
import { Rng } from '../../src/training/random';

function values(backend: 'cpu' | 'wasm', f: () => tf.Tensor): Promise<Float32Array> {
  return (async () => {
    await tf.setBackend(backend);
    return tf.tidy(() => f().dataSync() as Float32Array);
  })();
}

const close = (a: Float32Array, b: Float32Array, tolerance: number) => {
  assert.equal(a.length, b.length);
  const worst = Math.max(...a.map((v, i) => Math.abs(v - b[i]!) / (1 + Math.abs(b[i]!))));
  assert.ok(worst < tolerance, `max relative difference ${worst}`);
};

describe('backends', () => {
  after(async () => {
    await selectBackend('wasm');
  });

  it('auto on this machine (no GPU, no native package) skips tensorflow (gpu), webgpu and tensorflow (cpu) with their reasons, chooses wasm, and records why', async () => {
    const choice = await selectBackend('auto');
    assert.equal(choice.name, 'wasm');
    assert.equal(choice.requested, 'auto');
    assert.deepEqual(
      choice.skipped.map((s) => s.name),
      ['tensorflow', 'webgpu', 'tensorflow'],
    );
    assert.match(choice.skipped[0]!.reason, /^no NVIDIA GPU visible|tfjs-node-gpu is not installed/);
    // Without libvulkan1 Dawn is not asked; with it (CI with Mesa's lavapipe) the adapter is software.
    assert.match(
      choice.skipped[1]!.reason,
      /^no WebGPU adapter: no Vulkan loader|^no WebGPU adapter: Dawn found no Vulkan adapter|a software adapter/,
    );
    assert.match(choice.skipped[2]!.reason, /^@tensorflow\/tfjs-node is not installed/);
    assert.match(choice.reason, /WebAssembly.*numerical probe against cpu passed \(max abs error \d\.\de-\d+\)/);
    assert.equal(choice.device, undefined);
    assert.equal(tf.getBackend(), 'wasm');
  });

  it('a forced backend that cannot start throws a clear error instead of falling back', async () => {
    await assert.rejects(selectBackend('tensorflow'), /backend "tensorflow" cannot start: .*tfjs-node-gpu/);
  });

  describe('wasm transposed matMul (explicit-transpose kernel) matches cpu', () => {
    const rng = new Rng(5);
    const a = Array.from(rng.fillNormal(new Float32Array(37 * 19)));
    const b = Array.from(rng.fillNormal(new Float32Array(37 * 23)));
    const c = Array.from(rng.fillNormal(new Float32Array(23 * 19)));
    before(async () => {
      await selectBackend('wasm');
    });

    for (const [name, f] of [
      ['aᵀ·b', () => tf.matMul(tf.tensor2d(a, [37, 19]), tf.tensor2d(b, [37, 23]), true, false)],
      ['a·cᵀ', () => tf.matMul(tf.tensor2d(a, [37, 19]), tf.tensor2d(c, [23, 19]), false, true)],
      ['bᵀ·aᵀ (both)', () => tf.matMul(tf.tensor2d(b, [37, 23]), tf.tensor2d(a, [19, 37]), true, true)],
      ['batched aᵀ·b', () => tf.matMul(tf.tensor3d([...a, ...a], [2, 37, 19]), tf.tensor3d([...b, ...b], [2, 37, 23]), true, false)],
    ] as const) {
      it(name, async () => close(await values('wasm', f), await values('cpu', f), 1e-4));
    }

    it('second-order gradient through a dense layer (as a gradient penalty needs)', async () => {
      const penalty = () => {
        const w = tf.tensor2d(c, [23, 19]);
        const x = tf.tensor2d(b, [37, 23]);
        const dOfW = tf.grad((wv: tf.Tensor) => {
          const gx = tf.grad((xv: tf.Tensor) => tf.sum(tf.tanh(tf.matMul(xv as tf.Tensor2D, wv as tf.Tensor2D))))(x);
          return tf.sum(tf.square(gx));
        });
        return dOfW(w);
      };
      close(await values('wasm', penalty), await values('cpu', penalty), 1e-3);
    });
  });
});
