import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../src/training/backend';
import { backpropInputNhwc } from '../../src/training/kernels/conv2dBackpropInput';
import { backpropInputByPhase } from '../../src/training/kernels/conv2dBackpropInputPhases';
import { convGeometry, type ConvPad } from '../../src/training/kernels/convGeometry';
import { inKernelScope, type KernelScope } from '../../src/training/kernels/kernelScope';
import { backpropInputRef } from './convReference';
import { normal, rememberBackend, scaledError, TEST_BACKENDS } from './convTestSupport';

interface Case {
  x: [number, number, number, number];
  outChannels: number;
  kernel: number;
  strides: number | [number, number];
  pad: ConvPad;
  /** Whether the phases serve: input sizes multiples of the strides, every phase reading dy, 16 or more input channels. */
  byPhase: boolean;
}

const CASES: Case[] = [
  { x: [3, 14, 14, 16], outChannels: 8, kernel: 4, strides: 2, pad: 'same', byPhase: true },
  { x: [2, 28, 28, 1], outChannels: 8, kernel: 4, strides: 2, pad: 'same', byPhase: false },
  { x: [2, 10, 10, 16], outChannels: 4, kernel: 5, strides: 2, pad: 'same', byPhase: true },
  { x: [2, 8, 8, 16], outChannels: 4, kernel: 3, strides: 1, pad: 'same', byPhase: true },
  { x: [2, 8, 8, 16], outChannels: 4, kernel: 4, strides: 2, pad: 1, byPhase: true },
  { x: [2, 8, 6, 16], outChannels: 4, kernel: 4, strides: 2, pad: 'valid', byPhase: true },
  { x: [2, 12, 9, 16], outChannels: 4, kernel: 5, strides: [2, 1], pad: 'same', byPhase: true },
  { x: [1, 9, 9, 16], outChannels: 3, kernel: 4, strides: 2, pad: 'same', byPhase: false },
  {
    x: [2, 6, 8, 16],
    outChannels: 4,
    kernel: 4,
    strides: 2,
    pad: [
      [0, 0],
      [2, 1],
      [0, 3],
      [0, 0],
    ],
    byPhase: true,
  },
  // Padding that leaves dy rows and columns no input reaches, at the end and at the start: the phases read windows of dy.
  {
    x: [2, 8, 8, 16],
    outChannels: 4,
    kernel: 4,
    strides: 2,
    pad: [
      [0, 0],
      [0, 4],
      [4, 0],
      [0, 0],
    ],
    byPhase: true,
  },
];

const bits = (values: Float32Array) => Array.from(new Uint32Array(values.buffer, values.byteOffset, values.length));

/** Runs `form` in a kernel scope on the active backend; its values, or undefined where it declines. */
function run(form: (s: KernelScope) => tf.TensorInfo | undefined): Float32Array | undefined {
  const backend = tf.backend();
  let declined = false;
  const out = inKernelScope(backend, tf.getBackend(), (s) => {
    const result = form(s);
    if (result) return result;
    declined = true;
    return s.constant(new Float32Array(1), [1]);
  });
  const values = Float32Array.from(backend.readSync(out.dataId) as Float32Array);
  backend.disposeData(out.dataId);
  return declined ? undefined : values;
}

describe('Conv2DBackpropInput by phase', function () {
  this.timeout(60_000);
  const restore = rememberBackend();
  after(() => restore());

  for (const backendName of TEST_BACKENDS) {
    describe(`on ${backendName}`, () => {
      before(() => selectBackend(backendName));

      for (const c of CASES) {
        const label = `x [${c.x}] k${c.kernel} ×${c.outChannels} s${c.strides} pad ${typeof c.pad === 'object' ? JSON.stringify(c.pad.slice(1, 3)) : c.pad}`;
        it(`${label}: ${c.byPhase ? 'the one-convolution form bit for bit, and the float64 reference' : 'declines (one convolution serves)'}`, () => {
          const filterShape: [number, number, number, number] = [c.kernel, c.kernel, c.x[3], c.outChannels];
          const g = convGeometry(c.x, filterShape, c.strides, c.pad, 'NHWC', undefined);
          const dyShape = [g.batch, g.outHeight, g.outWidth, g.outChannels];
          const size = (s: number[]) => s.reduce((a, b) => a * b, 1);
          const dyValues = normal(7, size(dyShape));
          const wValues = normal(8, size(filterShape));
          const dy = tf.tensor(dyValues, dyShape);
          const w = tf.tensor(wValues, filterShape);
          const tensorsBefore = tf.memory().numTensors;
          try {
            const byPhase = run((s) => backpropInputByPhase(s, dy, w, g));
            if (!c.byPhase) {
              assert.equal(byPhase, undefined);
              return;
            }
            const oneConvolution = run((s) => backpropInputNhwc(s, dy, w, g))!;
            assert.ok(byPhase);
            assert.deepEqual(bits(byPhase), bits(oneConvolution));
            const reference = backpropInputRef(g, dyValues, wValues);
            assert.ok(scaledError(byPhase, reference) < 1e-5, `error ${scaledError(byPhase, reference)}`);
            assert.equal(tf.memory().numTensors, tensorsBefore);
          } finally {
            tf.dispose([dy, w]);
          }
        });
      }
    });
  }
});
