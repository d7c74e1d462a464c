/**
 * The SIMD kernels' thread pool (src/training/kernels/simdThreads.ts) on a shared memory of its
 * own: a call is split into bands of rows that give the one-thread bits, as many as its work
 * allows up to the threads, and a worker that never
 * finishes its band costs one timeout — this thread computes the band, the pool retires and its
 * workers are terminated — never a hang or a core left spinning.
 */
import assert from 'node:assert/strict';
import { instantiateSimdKernels, simdReady, type SimdKernels } from '../../src/training/kernels/simdKernels';
import { BAND_MIN_MACS, PARALLEL_MIN_MACS, SimdThreads } from '../../src/training/kernels/simdThreads';
import { assembleModule, FunctionBody } from '../../src/training/kernels/wasmAssembler';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const sharedMemory = () => new WebAssembly.Memory({ initial: 64, maximum: 65536, shared: true });

/** Calls `call` until the pool hands a band to its worker (a worker that has not started yet gets none). */
async function untilBanded(call: () => number): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    if (call() > 0) return;
    await sleep(10);
  }
  assert.fail('the worker never took a band');
}

/** Runs C = A·B (m×k·k×n at byte addresses a, b, c) through `pool` as `macs` of work; returns the rows this thread computed. */
function bandedGemm(pool: SimdThreads, kernels: SimdKernels, [a, b, c]: number[], [m, k, n]: number[], macs: number): number {
  let rows = 0;
  pool.run({
    kernel: 'gemm',
    run: (...args: number[]) => {
      rows += args[4]!;
      kernels.gemm(...(args as Parameters<SimdKernels['gemm']>));
    },
    args: [a!, b!, 0, c!, m!, k!, n!, k! * 4, 4],
    rowsArg: 4,
    rowBytes: [k! * 4, 0, 0, n! * 4, 0, 0, 0, 0, 0],
    macs,
  });
  return rows;
}

describe('SIMD kernels’ thread pool', function () {
  this.timeout(30_000);

  it('splits a product into bands of rows on its workers, bit for bit what one thread computes', async () => {
    const memory = sharedMemory();
    const kernels = instantiateSimdKernels(memory);
    assert.ok(simdReady(kernels), 'the kernels compile against a shared memory');
    const [m, k, n] = [70, 160, 200];
    assert.ok(m * k * n >= PARALLEL_MIN_MACS, 'large enough to be split');
    const floats = new Float32Array(memory.buffer);
    const [a, b, c1, c2] = [0, m * k, m * k + k * n, m * k + k * n + m * n].map((i) => i * 4) as [number, number, number, number];
    for (let i = 0; i < m * k + k * n; i++) floats[i] = Math.sin(i * 0.37) * 10 ** ((i % 5) - 2);
    kernels.gemm(a, b, 0, c1, m, k, n, k * 4, 4);
    const pool = new SimdThreads(kernels.module, memory, 2);
    try {
      await untilBanded(() => m - bandedGemm(pool, kernels, [a, b, c2], [m, k, n], m * k * n));
      const one = new Uint32Array(memory.buffer, c1, m * n);
      const two = new Uint32Array(memory.buffer, c2, m * n);
      assert.deepEqual(Array.from(two), Array.from(one));
      assert.equal(pool.threads, 2);
    } finally {
      pool.dispose();
    }
  });

  it('splits a call into as many bands as it has BAND_MIN_MACS of work, up to the threads', async () => {
    const memory = sharedMemory();
    const kernels = instantiateSimdKernels(memory);
    assert.ok(simdReady(kernels));
    const [m, k, n] = [128, 64, 64];
    const floats = new Float32Array(memory.buffer);
    for (let i = 0; i < m * k + k * n; i++) floats[i] = Math.cos(i * 0.11);
    const [a, b, c, reference] = [0, m * k * 4, (m * k + k * n) * 4, (m * k + k * n + m * n) * 4];
    kernels.gemm(a, b, 0, reference, m, k, n, k * 4, 4);
    const sameAsOneThread = () =>
      assert.deepEqual(Array.from(new Uint32Array(memory.buffer, c, m * n)), Array.from(new Uint32Array(memory.buffer, reference, m * n)));
    const pool = new SimdThreads(kernels.module, memory, 4);
    const rowsHere = (macs: number) => bandedGemm(pool, kernels, [a, b, c], [m, k, n], macs);
    try {
      await untilBanded(() => m - rowsHere(64 * BAND_MIN_MACS));
      for (let attempt = 0; attempt < 50 && rowsHere(64 * BAND_MIN_MACS) !== m / 4; attempt++) await sleep(20); // every worker started
      new Float32Array(memory.buffer, c, m * n).fill(0);
      assert.equal(rowsHere(64 * BAND_MIN_MACS), m / 4, 'ample work: a band per thread');
      sameAsOneThread();
      new Float32Array(memory.buffer, c, m * n).fill(0);
      assert.equal(rowsHere(3 * BAND_MIN_MACS), Math.ceil(m / 3 / 4) * 4, 'three bands');
      sameAsOneThread();
      assert.equal(rowsHere(2 * BAND_MIN_MACS), m / 2, 'two bands');
      assert.equal(rowsHere(PARALLEL_MIN_MACS - 1), m, 'under two bands of work: this thread alone');
    } finally {
      pool.dispose();
    }
  });

  it('computes a band here when its worker misses the deadline, then retires and terminates the workers', async () => {
    // A module whose kernels never return: the worker's band hangs, this thread's `run` records bands.
    const hang = () => {
      const f = new FunctionBody([]);
      f.loop(() => f.br(0));
      return f;
    };
    const memory = sharedMemory();
    const module = new WebAssembly.Module(
      assembleModule(
        [
          { name: 'gemm', body: hang() },
          { name: 'conv', body: hang() },
        ],
        true,
      ),
    );
    const pool = new SimdThreads(module, memory, 2, 300);
    const bands: Array<[number, number]> = [];
    const call = () => {
      bands.length = 0;
      pool.run({
        kernel: 'gemm',
        run: (...args: number[]) => bands.push([args[0]! / 4, args[4]!]),
        args: [0, 0, 0, 0, 64, 1, 1, 4, 4],
        rowsArg: 4,
        rowBytes: [4, 0, 0, 0, 0, 0, 0, 0, 0],
        macs: PARALLEL_MIN_MACS,
      });
      return bands.length === 1 && bands[0]![1] === 64 ? 0 : 1;
    };
    await untilBanded(call);
    assert.deepEqual(
      bands,
      [
        [0, 32],
        [32, 32],
      ],
      'this thread computed its own band, then the worker’s',
    );
    assert.equal(pool.threads, 1, 'the pool retired');
    call();
    assert.deepEqual(bands, [[0, 64]], 'later calls run on this thread alone');
    for (let waited = 0; pool.runningWorkers > 0 && waited < 10_000; waited += 20) await sleep(20);
    assert.equal(pool.runningWorkers, 0, 'the hung worker was terminated');
  });
});
