import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../src/training/backend';
import { binaryLayout, stockBinaryKernel } from '../../src/training/kernels/wasmBinaryOps';
import { simdKernelsOf, simdReady } from '../../src/training/kernels/simdKernels';
import { normal, rememberBackend } from './convTestSupport';

const KERNELS = [
  ['Add', tf.add],
  ['Sub', tf.sub],
  ['Multiply', tf.mul],
  ['RealDiv', tf.div],
] as const;

/** Shapes per layout the SIMD path takes, and those it leaves to the backend (scalars: as fast there). */
const PAIRS: Array<[number[], number[], string | undefined]> = [
  [[256, 256], [256, 256], 'same'],
  [[7, 3], [7, 3], 'same'],
  [[5], [1, 5], 'same'],
  [[256, 256], [], undefined],
  [[1, 1], [9, 1], undefined],
  [[13], [1], undefined],
  [[256, 256], [256], 'rowSecond'],
  [[8, 3, 3, 6], [1, 1, 1, 6], 'rowSecond'],
  [[3, 7], [5, 3, 7], 'rowFirst'],
  [[4, 1], [4, 5], undefined],
  [[2, 1, 3], [1, 4, 3], undefined],
];

/** Values with every kind of float32 a step can meet: mixed magnitudes, zeros of both signs, infinities, NaN, subnormals. */
function values(seed: number, n: number): Float32Array {
  const special = [0, -0, Infinity, -Infinity, NaN, 1e-45, -3e-39, 3.4e38];
  return normal(seed, n).map((v, i) => (i % 11 === 5 ? special[((i / 11) % special.length) | 0]! : v * 10 ** ((i % 9) - 4)));
}

/** NaN's payload is not specified by either path; every other value must match bit for bit. */
const bits = (x: Float32Array) =>
  Array.from(new Uint32Array(x.buffer, x.byteOffset, x.length)).map((u, i) => (Number.isNaN(x[i]) ? 'NaN' : u));

describe('float32 element-wise arithmetic on wasm’s SIMD kernels', function () {
  this.timeout(60_000);
  const restore = rememberBackend();
  before(() => selectBackend('wasm'));
  after(() => restore());

  it('the SIMD kernels started (else every case below compares the backend with itself)', () => {
    assert.ok(simdReady(simdKernelsOf(tf.backend())));
  });

  for (const [a, b, kind] of PAIRS) {
    it(`[${a}] with [${b}] takes the ${kind ?? 'backend’s'} path`, () => {
      const ta = tf.zeros(a);
      const tb = tf.zeros(b);
      assert.equal(binaryLayout(ta, tb)?.kind, kind);
      tf.dispose([ta, tb]);
    });
    for (const [kernelName, op] of KERNELS) {
      it(`${kernelName} of [${a}] and [${b}] equals the backend's kernel bit for bit`, () => {
        const size = (s: number[]) => s.reduce((x, y) => x * y, 1);
        const ta = tf.tensor(values(1, size(a)), a);
        const tb = tf.tensor(values(2, size(b)), b);
        const before = tf.memory().numBytes;
        const result = op(ta, tb);
        const backend = tf.backend();
        const expected = stockBinaryKernel(kernelName).kernelFunc({ inputs: { a: ta, b: tb }, backend, attrs: {} }) as tf.TensorInfo;
        assert.deepEqual(result.shape, expected.shape);
        assert.deepEqual(bits(result.dataSync() as Float32Array), bits(backend.readSync(expected.dataId) as Float32Array));
        backend.disposeData(expected.dataId);
        result.dispose();
        assert.equal(tf.memory().numBytes, before);
        tf.dispose([ta, tb]);
      });
    }
  }

  it('int32 arithmetic keeps the backend’s kernels and types', () => {
    const x = tf.tensor([1, 2, 3], [3], 'int32');
    const y = tf.add(x, tf.scalar(2, 'int32'));
    assert.equal(y.dtype, 'int32');
    assert.deepEqual(Array.from(y.dataSync()), [3, 4, 5]);
    tf.dispose([x, y]);
  });

  it('shapes that do not broadcast still get the backend’s error', () => {
    const x = tf.zeros([2, 3]);
    const y = tf.zeros([4]);
    assert.throws(() => tf.add(x, y), /broadcast/);
    tf.dispose([x, y]);
  });
});
