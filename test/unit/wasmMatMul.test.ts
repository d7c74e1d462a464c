import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../src/training/backend';
import { instantiateSimdKernels } from '../../src/training/kernels/simdKernels';
import { stockWasmKernel, useWasmMatMul } from '../../src/training/kernels/wasmMatMul';
import { normal, rememberBackend, runConfig } from './convTestSupport';

const bits = (values: ArrayLike<number>) => Array.from(new Uint32Array(Float32Array.from(values).buffer));

/** XNNPACK's product (the stock kernel, untransposed), on operands the stock Transpose made row-major. */
function stockProduct(a: tf.Tensor, b: tf.Tensor, transposeA: boolean, transposeB: boolean): Float32Array {
  const transpose = stockWasmKernel('Transpose');
  const swap = (x: tf.Tensor) => {
    const rank = x.rank;
    const perm = [...Array.from({ length: rank - 2 }, (_, i) => i), rank - 1, rank - 2];
    return tf.tensor(runConfig(transpose, { x }, { perm }), [...x.shape.slice(0, -2), x.shape[rank - 1]!, x.shape[rank - 2]!]);
  };
  const a2 = transposeA ? swap(a) : a;
  const b2 = transposeB ? swap(b) : b;
  try {
    return runConfig(stockWasmKernel('BatchMatMul'), { a: a2, b: b2 }, { transposeA: false, transposeB: false });
  } finally {
    if (a2 !== a) a2.dispose();
    if (b2 !== b) b2.dispose();
  }
}

interface Case {
  a: number[];
  b: number[];
  transposeA?: boolean;
  transposeB?: boolean;
}

const CASES: Case[] = [
  { a: [256, 256], b: [256, 256] },
  { a: [256, 256], b: [256, 256], transposeA: true },
  { a: [256, 256], b: [256, 256], transposeB: true },
  { a: [64, 33], b: [20, 33], transposeA: false, transposeB: true },
  { a: [33, 7], b: [33, 19], transposeA: true },
  { a: [33, 6], b: [21, 33], transposeA: true, transposeB: true },
  { a: [5, 1], b: [1, 9] },
  { a: [1, 300], b: [300, 64] },
  { a: [2, 256], b: [256, 256] },
  { a: [256, 2], b: [256, 256], transposeA: true },
  { a: [256, 2], b: [2, 256] },
  { a: [3, 9, 17], b: [3, 17, 12] },
  { a: [3, 17, 9], b: [3, 12, 17], transposeA: true, transposeB: true },
  { a: [1, 9, 17], b: [4, 17, 16] },
  { a: [4, 9, 17], b: [17, 16] },
  // Fewer than 8 output columns with A transposed: as Cᵀ = Bᵀ·Aᵀ.
  { a: [256, 256], b: [256, 1], transposeA: true },
  { a: [256, 256], b: [256, 2], transposeA: true },
  { a: [40, 13], b: [3, 40], transposeA: true, transposeB: true },
  { a: [2, 40, 13], b: [2, 40, 3], transposeA: true },
  // Fewer than 8 output columns, 8 or more rows: one zero-padded tile of the packed B (a layer of 128 to 1; 15 = 8 + 7).
  { a: [64, 128], b: [128, 1] },
  { a: [64, 128], b: [128, 15] },
  { a: [9, 5], b: [5, 3] },
  { a: [64, 33], b: [3, 33], transposeB: true },
  { a: [2, 12, 7], b: [2, 7, 5] },
  // Rows of a multiple of 4 KiB, or a large B: XNNPACK on one thread, the SIMD product on several (transposes done by the SIMD transpose).
  { a: [16, 64], b: [64, 1024] },
  { a: [64, 16], b: [64, 1024], transposeA: true },
  { a: [8, 1100], b: [1000, 1100], transposeB: true },
  // Narrow products of fewer than 8 rows: XNNPACK, through explicit transposes.
  { a: [5, 256], b: [256, 2] },
  { a: [7, 256], b: [2, 256], transposeB: true },
  { a: [40, 5], b: [40, 3], transposeA: true },
];

describe('wasm products and transposes on the project’s SIMD kernels', function () {
  this.timeout(60_000);
  const restore = rememberBackend();
  before(() => selectBackend('wasm'));
  after(() => restore());

  it('the SIMD kernels started on this machine (else every case below would test XNNPACK against itself)', () => {
    assert.deepEqual(useWasmMatMul(tf.backend()), {});
  });

  for (const c of CASES) {
    const label = `[${c.a}]${c.transposeA ? 'ᵀ' : ''} · [${c.b}]${c.transposeB ? 'ᵀ' : ''}`;
    it(`${label} equals XNNPACK's product bit for bit, and frees its temporaries`, () => {
      const sizeOf = (s: number[]) => s.reduce((x, y) => x * y, 1);
      // Mixed magnitudes, so that a different order of the adds would show in the last bits.
      const a = tf.tensor(
        normal(1, sizeOf(c.a)).map((v, i) => v * 10 ** ((i % 5) - 2)),
        c.a,
      );
      const b = tf.tensor(normal(2, sizeOf(c.b)), c.b);
      try {
        const before = tf.memory();
        const result = tf.matMul(a, b, c.transposeA, c.transposeB);
        const actual = result.dataSync();
        const expectedShape = [...tf.broadcast_util.assertAndGetBroadcastShape(c.a.slice(0, -2), c.b.slice(0, -2))];
        expectedShape.push(c.transposeA ? c.a[c.a.length - 1]! : c.a[c.a.length - 2]!);
        expectedShape.push(c.transposeB ? c.b[c.b.length - 2]! : c.b[c.b.length - 1]!);
        assert.deepEqual(result.shape, expectedShape);
        result.dispose();
        assert.equal(tf.memory().numBytes, before.numBytes, 'no bytes left behind');
        const expected = stockProduct(a, b, !!c.transposeA, !!c.transposeB);
        assert.deepEqual(bits(actual), bits(expected));
      } finally {
        tf.dispose([a, b]);
      }
    });
  }

  it('a shape mismatch is still the backend’s error, naming the shapes', () => {
    const a = tf.zeros([4, 5]);
    const b = tf.zeros([6, 8]);
    assert.throws(() => tf.matMul(a, b), /inner shapes \(5\) and \(6\)/);
    tf.dispose([a, b]);
  });

  it('the gradient of a product is the one tf.matMul defines', () => {
    const a = tf.tensor(normal(3, 12 * 10), [12, 10]);
    const b = tf.tensor(normal(4, 10 * 9), [10, 9]);
    const dy = tf.tensor(normal(5, 12 * 9), [12, 9]);
    const [ga, gb] = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.matMul(x, y))([a, b], dy);
    assert.deepEqual(bits(ga!.dataSync()), bits(stockProduct(dy, b, false, true)));
    assert.deepEqual(bits(gb!.dataSync()), bits(stockProduct(a, dy, true, false)));
    tf.dispose([a, b, dy, ga!, gb!]);
  });

  for (const [shape, dtype] of [
    [[256, 256], 'float32'],
    [[7, 13], 'float32'],
    [[3, 5, 9], 'float32'],
    [[6, 11], 'int32'],
  ] as const) {
    it(`Transpose of the last two axes of a ${dtype} [${shape}] copies every element, bit for bit`, () => {
      const size = shape.reduce((x: number, y: number) => x * y, 1);
      const values = dtype === 'int32' ? Int32Array.from({ length: size }, (_, i) => i * 7 - 40) : normal(6, size);
      const x = tf.tensor(values, [...shape], dtype);
      const perm = [...Array.from({ length: shape.length - 2 }, (_, i) => i), shape.length - 1, shape.length - 2];
      const y = tf.transpose(x, perm);
      const expected = runConfig(stockWasmKernel('Transpose'), { x }, { perm });
      assert.deepEqual(Array.from(y.dataSync()), Array.from(dtype === 'int32' ? Int32Array.from(expected) : expected));
      tf.dispose([x, y]);
    });
  }

  it('other permutations keep the backend’s Transpose', () => {
    const x = tf.tensor(normal(7, 24), [2, 3, 4]);
    const y = tf.transpose(x, [2, 0, 1]);
    assert.deepEqual(y.shape, [4, 2, 3]);
    const out = y.arraySync() as number[][][];
    const input = x.arraySync() as number[][][];
    assert.equal(out[3]![1]![2], input[1]![2]![3]);
    tf.dispose([x, y]);
  });

  it('the kernels report why they cannot start on a memory they cannot link to', () => {
    const result = instantiateSimdKernels({} as WebAssembly.Memory);
    assert.ok('failed' in result && /memory/i.test(result.failed), JSON.stringify(result));
  });
});
