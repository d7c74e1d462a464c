import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../src/training/backend';
import { convGeometry, type ConvPad, type RoundingMode } from '../../src/training/kernels/convGeometry';
import { stockKernel } from '../../src/training/kernels/convKernels';
import { backpropFilterRef, backpropInputRef, conv2dRef } from './convReference';
import { normal, rememberBackend, runConfig, scaledError, TEST_BACKENDS, valuesOf } from './convTestSupport';

interface Case {
  x: [number, number, number, number];
  outChannels: number;
  kernel: number;
  strides: number | [number, number];
  pad: ConvPad;
  rounding?: RoundingMode;
}

// Batch 1 and 3, channels 1/3/8, kernels 3/4/5, strides 1 and 2, every padding kind, odd and even sizes.
const CASES: Case[] = [
  { x: [1, 8, 8, 1], outChannels: 3, kernel: 3, strides: 1, pad: 'same' },
  { x: [3, 9, 9, 3], outChannels: 8, kernel: 4, strides: 2, pad: 'same' },
  { x: [3, 10, 10, 8], outChannels: 3, kernel: 5, strides: 2, pad: 'same' },
  { x: [3, 14, 14, 8], outChannels: 8, kernel: 4, strides: 2, pad: 'same' },
  { x: [1, 7, 7, 8], outChannels: 8, kernel: 4, strides: 2, pad: 'valid' },
  { x: [3, 11, 8, 3], outChannels: 1, kernel: 5, strides: 1, pad: 'valid' },
  { x: [3, 8, 8, 1], outChannels: 8, kernel: 3, strides: 2, pad: 1 },
  { x: [1, 9, 9, 3], outChannels: 3, kernel: 4, strides: 2, pad: 2 },
  { x: [1, 8, 8, 3], outChannels: 3, kernel: 3, strides: 2, pad: 0, rounding: 'ceil' },
  {
    x: [3, 6, 7, 3],
    outChannels: 8,
    kernel: 4,
    strides: 2,
    pad: [
      [0, 0],
      [2, 1],
      [0, 3],
      [0, 0],
    ],
  },
  { x: [3, 12, 9, 8], outChannels: 8, kernel: 5, strides: [2, 1], pad: 'same' },
];

const TOLERANCE = 1e-5;

function describeCase(c: Case): string {
  const pad = typeof c.pad === 'object' ? JSON.stringify(c.pad.slice(1, 3)) : c.pad;
  return `x [${c.x}] k${c.kernel} ×${c.outChannels} s${c.strides} pad ${pad}${c.rounding ? ` (${c.rounding})` : ''}`;
}

function caseData(c: Case, seed: number) {
  const filterShape: [number, number, number, number] = [c.kernel, c.kernel, c.x[3], c.outChannels];
  const g = convGeometry(c.x, filterShape, c.strides, c.pad, 'NHWC', c.rounding);
  const dyShape: [number, number, number, number] = [g.batch, g.outHeight, g.outWidth, g.outChannels];
  const size = (s: number[]) => s.reduce((a, b) => a * b, 1);
  const x = normal(seed, size(c.x));
  const w = normal(seed + 1, size(filterShape));
  const dy = normal(seed + 2, size(dyShape));
  const attrs = { strides: c.strides, pad: c.pad, dataFormat: 'NHWC' as const, dimRoundingMode: c.rounding };
  return {
    g,
    x,
    w,
    dy,
    filterAttrs: { ...attrs, filterShape },
    inputAttrs: { ...attrs, inputShape: c.x },
    convAttrs: { ...attrs, dilations: 1 },
    tensors: () => ({ x: tf.tensor4d(x, c.x), w: tf.tensor4d(w, filterShape), dy: tf.tensor4d(dy, dyShape) }),
  };
}

const run = (kernel: string, inputs: tf.NamedTensorMap, attrs: object) =>
  tf.engine().runKernel(kernel, inputs, attrs as tf.NamedAttrMap) as tf.Tensor;

describe('conv kernels: Conv2D, Conv2DBackpropFilter and Conv2DBackpropInput as registered by selectBackend', function () {
  this.timeout(120_000);
  const restore = rememberBackend();
  after(() => restore());

  for (const backendName of TEST_BACKENDS) {
    describe(`on ${backendName}, against float64 reference loops`, () => {
      before(() => selectBackend(backendName));
      CASES.forEach((c, i) => {
        it(describeCase(c), () => {
          const d = caseData(c, 100 * i);
          const t = d.tensors();
          const errors = {
            conv2d: scaledError(
              valuesOf(() => run('Conv2D', { x: t.x, filter: t.w }, d.convAttrs)),
              conv2dRef(d.g, d.x, d.w),
            ),
            filter: scaledError(
              valuesOf(() => run('Conv2DBackpropFilter', { x: t.x, dy: t.dy }, d.filterAttrs)),
              backpropFilterRef(d.g, d.x, d.dy),
            ),
            input: scaledError(
              valuesOf(() => run('Conv2DBackpropInput', { dy: t.dy, filter: t.w }, d.inputAttrs)),
              backpropInputRef(d.g, d.dy, d.w),
            ),
          };
          tf.dispose([t.x, t.w, t.dy]);
          for (const [name, error] of Object.entries(errors)) assert.ok(error < TOLERANCE, `${name}: scaled error ${error}`);
        });
      });

      it('NCHW input and output (transposed around the NHWC computation)', () => {
        const c = CASES[2]!;
        const d = caseData(c, 7);
        const t = d.tensors();
        const toNchw = (v: tf.Tensor4D) => tf.transpose(v, [0, 3, 1, 2]);
        const nchw = { dataFormat: 'NCHW' as const, strides: c.strides, pad: c.pad };
        const dw = valuesOf(() => run('Conv2DBackpropFilter', { x: toNchw(t.x), dy: toNchw(t.dy) }, { ...nchw, filterShape: t.w.shape }));
        const dx = valuesOf(() =>
          tf.transpose(
            run('Conv2DBackpropInput', { dy: toNchw(t.dy), filter: t.w }, { ...nchw, inputShape: toNchw(t.x).shape }),
            [0, 2, 3, 1],
          ),
        );
        tf.dispose([t.x, t.w, t.dy]);
        assert.ok(scaledError(dw, backpropFilterRef(d.g, d.x, d.dy)) < TOLERANCE);
        assert.ok(scaledError(dx, backpropInputRef(d.g, d.dy, d.w)) < TOLERANCE);
      });

      it('leaves no tensors and no backend buffers behind', () => {
        const d = caseData(CASES[3]!, 9);
        const t = d.tensors();
        const before = { tensors: tf.memory().numTensors, buffers: tf.backend().numDataIds() };
        for (let i = 0; i < 3; i++) {
          tf.dispose([
            run('Conv2DBackpropFilter', { x: t.x, dy: t.dy }, d.filterAttrs),
            run('Conv2DBackpropInput', { dy: t.dy, filter: t.w }, d.inputAttrs),
          ]);
        }
        assert.deepEqual({ tensors: tf.memory().numTensors, buffers: tf.backend().numDataIds() }, before);
        tf.dispose([t.x, t.w, t.dy]);
      });

      it('rejects non-float32 input with a clear error', () => {
        const d = caseData(CASES[0]!, 11);
        const t = d.tensors();
        const xInt = tf.cast(t.x, 'int32');
        assert.throws(
          () => run('Conv2DBackpropFilter', { x: xInt, dy: t.dy }, d.filterAttrs),
          /Conv2DBackpropFilter: input x must be float32/,
        );
        tf.dispose([t.x, t.w, t.dy, xInt]);
      });

      it('a dilated conv2d cannot be differentiated, and tfjs says why', () => {
        const x = tf.ones([1, 8, 8, 1]) as tf.Tensor4D;
        const w = tf.ones([3, 3, 1, 1]) as tf.Tensor4D;
        assert.throws(
          () => tf.grad((f: tf.Tensor) => tf.sum(tf.conv2d(x, f as tf.Tensor4D, 1, 'same', 'NHWC', 2)))(w),
          /dilation rates greater than 1/,
        );
        tf.dispose([x, w]);
      });
    });
  }

  describe('on cpu, against the stock cpu kernels they replace', () => {
    before(() => selectBackend('cpu'));
    CASES.forEach((c, i) => {
      it(describeCase(c), async () => {
        const d = caseData(c, 100 * i);
        const t = d.tensors();
        const stockFilter = runConfig(stockKernel('Conv2DBackpropFilter', 'cpu')!, { x: t.x, dy: t.dy }, d.filterAttrs);
        const stockInput = runConfig(stockKernel('Conv2DBackpropInput', 'cpu')!, { dy: t.dy, filter: t.w }, d.inputAttrs);
        for (const name of TEST_BACKENDS) {
          // The registered kernels of each backend, on copies of the same values.
          await selectBackend(name);
          const u = d.tensors();
          const filter = valuesOf(() => run('Conv2DBackpropFilter', { x: u.x, dy: u.dy }, d.filterAttrs));
          const input = valuesOf(() => run('Conv2DBackpropInput', { dy: u.dy, filter: u.w }, d.inputAttrs));
          tf.dispose([u.x, u.w, u.dy]);
          assert.ok(scaledError(filter, stockFilter) < TOLERANCE, `${name} Conv2DBackpropFilter vs stock cpu`);
          assert.ok(scaledError(input, stockInput) < TOLERANCE, `${name} Conv2DBackpropInput vs stock cpu`);
        }
        await selectBackend('cpu');
        tf.dispose([t.x, t.w, t.dy]);
      });
    });
  });
});
