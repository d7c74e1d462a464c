import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../src/training/backend';
import { conv2dBackpropFilterConfig } from '../../src/training/kernels/conv2dBackpropFilter';
import { convGeometry, type ConvPad } from '../../src/training/kernels/convGeometry';
import { backpropFilterRef } from './convReference';
import { normal, rememberBackend, runConfig, scaledError } from './convTestSupport';

interface Case {
  x: [number, number, number, number];
  outChannels: number;
  kernel: number;
  strides: number | [number, number];
  pad: ConvPad;
}

// Patches narrower than dy (kh·kw·ci < outChannels) take the product; the last case does not.
const CASES: Case[] = [
  { x: [8, 28, 28, 1], outChannels: 64, kernel: 4, strides: 2, pad: 'same' },
  { x: [4, 16, 16, 3], outChannels: 64, kernel: 4, strides: 2, pad: 'same' },
  { x: [3, 15, 13, 1], outChannels: 32, kernel: 5, strides: 2, pad: 'same' },
  { x: [3, 12, 12, 1], outChannels: 32, kernel: 4, strides: 2, pad: 'valid' },
  { x: [2, 10, 10, 2], outChannels: 24, kernel: 3, strides: 1, pad: 'same' },
  { x: [2, 12, 9, 1], outChannels: 40, kernel: 5, strides: [2, 1], pad: 'same' },
  {
    x: [2, 9, 11, 1],
    outChannels: 20,
    kernel: 4,
    strides: 2,
    pad: [
      [0, 0],
      [2, 0],
      [0, 3],
      [0, 0],
    ],
  },
  { x: [2, 8, 8, 8], outChannels: 16, kernel: 4, strides: 2, pad: 'same' },
];

const bits = (values: Float32Array) => Array.from(new Uint32Array(values.buffer, values.byteOffset, values.length));

describe('Conv2DBackpropFilter as a product with patches (wasm)', function () {
  this.timeout(60_000);
  const restore = rememberBackend();
  before(() => selectBackend('wasm'));
  after(() => restore());

  for (const c of CASES) {
    const pad = typeof c.pad === 'object' ? JSON.stringify(c.pad.slice(1, 3)) : c.pad;
    it(`x [${c.x}] k${c.kernel} ×${c.outChannels} s${c.strides} pad ${pad}: the dilated-convolution form bit for bit, and the float64 reference`, () => {
      const filterShape: [number, number, number, number] = [c.kernel, c.kernel, c.x[3], c.outChannels];
      const g = convGeometry(c.x, filterShape, c.strides, c.pad, 'NHWC', undefined);
      const dyShape = [g.batch, g.outHeight, g.outWidth, g.outChannels];
      const size = (s: number[]) => s.reduce((a, b) => a * b, 1);
      const xValues = normal(21, size(c.x));
      const dyValues = normal(22, size(dyShape));
      const x = tf.tensor(xValues, c.x);
      const dy = tf.tensor(dyValues, dyShape);
      const before = tf.memory().numTensors;
      try {
        const attrs = { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', filterShape };
        const byPatches = runConfig(conv2dBackpropFilterConfig('wasm'), { x, dy }, attrs);
        const dilated = runConfig(conv2dBackpropFilterConfig('wasm', { usePatches: false }), { x, dy }, attrs);
        assert.deepEqual(bits(byPatches), bits(dilated));
        const reference = backpropFilterRef(g, xValues, dyValues);
        assert.ok(scaledError(byPatches, reference) < 1e-5, `error ${scaledError(byPatches, reference)}`);
        assert.equal(tf.memory().numTensors, before);
      } finally {
        tf.dispose([x, dy]);
      }
    });
  }
});
