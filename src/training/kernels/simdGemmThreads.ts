/**
 * The SIMD matrix product (simdKernels.ts) on several threads, where the wasm backend runs its
 * threaded build: its memory is then shared, so worker threads instantiate the same module on it
 * and each computes a band of C's rows while this thread computes the first. Every output is still
 * one thread's sequential sum, so the bits do not depend on the split.
 *
 * Workers spin for SPIN_MS after a product, then sleep in Atomics.wait, woken through a small shared control block; they are unref'd, so they never
 * keep the process alive. A worker that has not started yet
 * gets no band (this thread takes it), and one that does not finish within WORKER_TIMEOUT_MS makes
 * this thread compute its band too (the same bits, so a late write changes nothing) and retires the
 * pool, so a lost worker costs time once, never a hang or a wrong result.
 */
import { Worker } from 'node:worker_threads';

/** Products smaller than this many multiply-adds (~120 µs on one thread) stay on one: handing a band over costs tens of µs. */
export const PARALLEL_MIN_MACS = 1 << 21;
const WORKER_TIMEOUT_MS = 5_000;
/** How long a worker spins for the next product, and this thread for a worker's band, before sleeping (ms). */
const SPIN_MS = 0.05;

// Control block (Int32): generation, stop, the product's 8 arguments, rows per band, then per worker
// its ready flag and the last generation it finished.
const GENERATION = 0;
const STOP = 1;
const ARGS = 2;
const CHUNK = 10;
const READY = 16;
const MAX_WORKERS = 64;
const DONE = READY + MAX_WORKERS;

const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { module, memory, control, index } = workerData;
const gemm = new WebAssembly.Instance(module, { env: { memory } }).exports.gemm;
const ctl = new Int32Array(control);
let seen = Atomics.load(ctl, ${GENERATION}); // before ready: a product posted after ready is then seen as new
Atomics.store(ctl, ${READY} + index, 1);
const { performance } = require('node:perf_hooks');
for (;;) {
  // Spin briefly first: a futex wake-up costs 50–150 µs on a VM. Not longer: a spinning worker
  // takes the core XNNPACK's own pool needs for the kernels in between (1 ms cost a ring-8 step 25%).
  const spinUntil = performance.now() + ${SPIN_MS};
  while (Atomics.load(ctl, ${GENERATION}) === seen && performance.now() < spinUntil) {}
  Atomics.wait(ctl, ${GENERATION}, seen);
  seen = Atomics.load(ctl, ${GENERATION});
  if (Atomics.load(ctl, ${STOP}) !== 0) break;
  const [a, b, c, m, k, n, aRow, aCol] = ctl.subarray(${ARGS}, ${ARGS} + 8);
  const chunk = ctl[${CHUNK}];
  const first = (index + 1) * chunk;
  const rows = Math.min(m, first + chunk) - first;
  if (rows > 0) gemm(a + first * aRow, b, c + first * n * 4, rows, k, n, aRow, aCol);
  Atomics.store(ctl, ${DONE} + index, seen);
  Atomics.notify(ctl, ${DONE} + index);
}
`;

type Gemm = (a: number, b: number, c: number, m: number, k: number, n: number, aRow: number, aCol: number) => void;

export class GemmThreads {
  private readonly control = new Int32Array(new SharedArrayBuffer((DONE + MAX_WORKERS) * 4));
  private readonly workers: Worker[] = [];
  private retired = false;

  /** `threads` in all, this one included; the module must import `memory`, which must be shared. */
  constructor(module: WebAssembly.Module, memory: WebAssembly.Memory, threads: number) {
    const count = Math.min(MAX_WORKERS, Math.max(0, threads - 1));
    for (let index = 0; index < count; index++) {
      const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { module, memory, control: this.control.buffer, index } });
      worker.on('error', () => this.retire());
      worker.unref();
      this.workers.push(worker);
    }
  }

  get threads(): number {
    return this.retired ? 1 : this.workers.length + 1;
  }

  /** C = A·B as `gemm` computes it, split into bands of rows over the threads where that pays. */
  run(gemm: Gemm, a: number, b: number, c: number, m: number, k: number, n: number, aRow: number, aCol: number): void {
    const ready = this.workers.every((_, i) => Atomics.load(this.control, READY + i) === 1);
    if (this.retired || !ready || m < 8 || m * k * n < PARALLEL_MIN_MACS) {
      gemm(a, b, c, m, k, n, aRow, aCol);
      return;
    }
    const parts = this.workers.length + 1;
    const chunk = Math.ceil(m / parts / 4) * 4;
    const ctl = this.control;
    ctl.set([a, b, c, m, k, n, aRow, aCol], ARGS);
    ctl[CHUNK] = chunk;
    const generation = Atomics.add(ctl, GENERATION, 1) + 1;
    Atomics.notify(ctl, GENERATION);
    gemm(a, b, c, Math.min(m, chunk), k, n, aRow, aCol);
    const deadline = Date.now() + WORKER_TIMEOUT_MS;
    for (let i = 0; i < this.workers.length; i++) {
      const spinUntil = performance.now() + SPIN_MS;
      while (Atomics.load(ctl, DONE + i) !== generation && performance.now() < spinUntil) {
        // the band is usually done within microseconds of this thread's
      }
      while (Atomics.load(ctl, DONE + i) !== generation) {
        if (Date.now() > deadline) {
          // Its band, computed here; the pool is not used again.
          const first = (i + 1) * chunk;
          const rows = Math.min(m, first + chunk) - first;
          if (rows > 0) gemm(a + first * aRow, b, c + first * n * 4, rows, k, n, aRow, aCol);
          this.retire();
          break;
        }
        Atomics.wait(ctl, DONE + i, Atomics.load(ctl, DONE + i), 50);
      }
    }
  }

  /** Stops the workers (they exit at their next wake-up). */
  dispose(): void {
    this.retire();
  }

  private retire(): void {
    if (this.retired) return;
    this.retired = true;
    Atomics.store(this.control, STOP, 1);
    Atomics.add(this.control, GENERATION, 1);
    Atomics.notify(this.control, GENERATION);
  }
}
