import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../src/training/backend';
import { stockKernel } from '../../src/training/kernels/convKernels';
import { simdKernelsOf, simdReady, simdThreadCount, type SimdKernels } from '../../src/training/kernels/simdKernels';
import { normal, rememberBackend, runConfig } from './convTestSupport';

/** Bits of each value, every NaN as one canonical NaN (their payloads are not what is compared). */
const bits = (values: ArrayLike<number>) =>
  Array.from(new Uint32Array(Float32Array.from(values, (v) => (Number.isNaN(v) ? NaN : v)).buffer));

interface Case {
  x: [number, number, number, number];
  filter: [number, number, number, number];
  strides: number | [number, number];
  pad: tf.Conv2DAttrs['pad'];
  dilations?: [number, number];
}

const CASES: Case[] = [
  // A DCGAN's layers as the training step runs them (forward, a sub-pixel phase, a dilated filter gradient).
  { x: [8, 14, 14, 64], filter: [4, 4, 64, 128], strides: 2, pad: 'same' },
  {
    x: [8, 7, 7, 128],
    filter: [2, 2, 128, 64],
    strides: 1,
    pad: [
      [0, 0],
      [0, 1],
      [1, 0],
      [0, 0],
    ],
  },
  {
    x: [8, 14, 14, 16],
    filter: [7, 7, 16, 32],
    strides: 1,
    pad: [
      [0, 0],
      [1, 1],
      [1, 1],
      [0, 0],
    ],
    dilations: [2, 2],
  },
  // Output channels not a multiple of 8 (the last tile zero-padded), pixels not a multiple of 4.
  { x: [3, 9, 11, 5], filter: [3, 2, 5, 13], strides: [2, 1], pad: 'valid' },
  { x: [1, 5, 5, 4], filter: [3, 3, 4, 9], strides: 1, pad: 'same' },
  { x: [2, 6, 6, 12], filter: [1, 1, 12, 8], strides: 1, pad: 'valid' },
  { x: [2, 10, 10, 8], filter: [5, 5, 8, 24], strides: 3, pad: 2 },
  // Fewer than 8 output channels: one partial tile (a DCGAN's input gradient into one-channel images, by phase).
  { x: [4, 7, 7, 64], filter: [2, 2, 64, 1], strides: 1, pad: 'valid' },
  { x: [2, 6, 6, 8], filter: [3, 3, 8, 4], strides: 1, pad: 'same' },
  { x: [3, 5, 7, 6], filter: [3, 3, 6, 7], strides: [1, 2], pad: 'same' },
  // A filter larger than the input, mostly padding.
  { x: [2, 3, 3, 6], filter: [5, 5, 6, 16], strides: 1, pad: 'same' },
];

const describeCase = (c: Case) =>
  `x [${c.x}] * filter [${c.filter}], strides ${c.strides}, pad ${JSON.stringify(c.pad)}, dilations ${c.dilations ?? 1}`;

describe('wasm Conv2D on the project’s SIMD convolution', function () {
  this.timeout(60_000);
  const restore = rememberBackend();
  let kernels: SimdKernels;
  let simdCalls = 0;
  let conv: SimdKernels['conv'];
  before(async () => {
    await selectBackend('wasm');
    const started = simdKernelsOf(tf.backend());
    assert.ok(simdReady(started), 'the SIMD kernels started (else every case below would test XNNPACK against itself)');
    kernels = started;
    conv = kernels.conv;
    kernels.conv = (...args) => {
      simdCalls++;
      conv(...args);
    };
  });
  after(async () => {
    kernels.conv = conv;
    await restore();
  });

  const convolve = (x: tf.Tensor, filter: tf.Tensor, c: Case) =>
    tf.conv2d(x as tf.Tensor4D, filter as tf.Tensor4D, c.strides, c.pad, 'NHWC', c.dilations ?? 1);
  const xnnpack = (x: tf.Tensor, filter: tf.Tensor, c: Case) =>
    runConfig(
      stockKernel('Conv2D', 'wasm')!,
      { x, filter },
      { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', dilations: c.dilations ?? 1 },
    );

  for (const c of CASES) {
    it(`${describeCase(c)} equals XNNPACK's conv bit for bit, and frees its temporaries`, () => {
      // Mixed magnitudes, so that a different order of the adds would show in the last bits.
      const x = tf.tensor(
        normal(1, tf.util.sizeFromShape(c.x)).map((v, i) => v * 10 ** ((i % 5) - 2)),
        c.x,
      );
      const filter = tf.tensor(normal(2, tf.util.sizeFromShape(c.filter)), c.filter);
      try {
        const before = tf.memory();
        const callsBefore = simdCalls;
        const y = convolve(x, filter, c);
        const actual = y.dataSync();
        y.dispose();
        assert.equal(simdCalls, callsBefore + 1, 'the SIMD convolution ran');
        assert.equal(tf.memory().numBytes, before.numBytes, 'no bytes left behind');
        assert.deepEqual(bits(actual), bits(xnnpack(x, filter, c)));
      } finally {
        tf.dispose([x, filter]);
      }
    });
  }

  it('a NaN or ∞ weight poisons the sums that reach it, padding taps included, as in XNNPACK', () => {
    const c: Case = { x: [2, 4, 4, 8], filter: [3, 3, 8, 8], strides: 1, pad: 'same' };
    const x = tf.tensor(normal(3, tf.util.sizeFromShape(c.x)), c.x);
    const values = normal(4, tf.util.sizeFromShape(c.filter));
    values[0] = NaN; // tap (0, 0): in the padding for the first row and column of outputs
    values[5 * 8 + 3] = Infinity;
    values[8 * 8 * 8 + 2] = -Infinity;
    const filter = tf.tensor(values, c.filter);
    const y = convolve(x, filter, c);
    const actual = y.dataSync();
    assert.ok(actual.some(Number.isNaN));
    assert.deepEqual(bits(actual), bits(xnnpack(x, filter, c)));
    tf.dispose([x, filter, y]);
  });

  it("fewer than 4 input channels: XNNPACK's conv on one thread, the SIMD convolution on several (XNNPACK has one there)", () => {
    const c = { x: [2, 6, 6, 3], filter: [3, 3, 3, 16], strides: 2, pad: 'same' } as const;
    const x = tf.tensor(normal(5, tf.util.sizeFromShape([...c.x])), [...c.x]);
    const filter = tf.tensor(normal(6, tf.util.sizeFromShape([...c.filter])), [...c.filter]);
    const callsBefore = simdCalls;
    const y = tf.conv2d(x as tf.Tensor4D, filter as tf.Tensor4D, c.strides, c.pad);
    assert.equal(simdCalls - callsBefore, simdThreadCount(kernels) > 1 ? 1 : 0, `SIMD calls on ${simdThreadCount(kernels)} thread(s)`);
    assert.deepEqual(bits(y.dataSync()), bits(xnnpack(x, filter, { ...c, x: [...c.x], filter: [...c.filter] })));
    tf.dispose([x, filter, y]);
  });

  it('channels first is still the backend’s error (its Conv2D supports channels last only)', () => {
    const x = tf.zeros([2, 8, 6, 6]) as tf.Tensor4D;
    const w = tf.zeros([3, 3, 8, 16]) as tf.Tensor4D;
    const callsBefore = simdCalls;
    assert.throws(() => tf.conv2d(x, w, 1, 'valid', 'NCHW'), /does not support dataFormat:'channelsFirst'/);
    assert.equal(simdCalls, callsBefore);
    tf.dispose([x, w]);
  });

  it("dimRoundingMode 'ceil' with a numeric pad: the output row past the padding is the zero-padded sum, as on cpu", async () => {
    const c = { x: [1, 8, 8, 8] as const, filter: [3, 3, 8, 16] as const };
    const xv = normal(7, 8 * 8 * 8);
    const wv = normal(8, 3 * 3 * 8 * 16);
    const run = () => {
      const x = tf.tensor4d(xv, [...c.x]);
      const w = tf.tensor4d(wv, [...c.filter]);
      const y = tf.conv2d(x, w, 2, 0, 'NHWC', 1, 'ceil');
      const out = { shape: y.shape, values: y.dataSync() };
      tf.dispose([x, w, y]);
      return out;
    };
    const callsBefore = simdCalls;
    const wasm = run();
    assert.equal(simdCalls, callsBefore + 1);
    await selectBackend('cpu');
    const cpu = run();
    await selectBackend('wasm');
    assert.deepEqual(wasm.shape, cpu.shape);
    for (let i = 0; i < cpu.values.length; i++) assert.ok(Math.abs(wasm.values[i]! - cpu.values[i]!) < 1e-4, `value ${i}`);
  });

  it('a conv whose filter does not match the input is still the backend’s error', () => {
    const x = tf.zeros([1, 5, 5, 8]) as tf.Tensor4D;
    const w = tf.zeros([3, 3, 6, 16]) as tf.Tensor4D;
    assert.throws(() => tf.conv2d(x, w, 1, 'same'), /depth of input \(8\) must match input depth for filter 6/);
    tf.dispose([x, w]);
  });
});
