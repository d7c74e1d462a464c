/**
 * The SIMD product and convolution (simdKernels.ts) on several threads, where the wasm backend runs
 * its threaded build: its memory is then shared, so worker threads instantiate the same module on
 * it and each computes a band of the output's rows (a product's rows of C, a convolution's output
 * pixels) while this thread computes the first. Every output is still one thread's sequential sum,
 * so the bits do not depend on the split.
 *
 * Workers spin for SPIN_MS after a call, then sleep in Atomics.wait, woken through a small shared
 * control block; they are unref'd, so they never keep the process alive. A worker that has not
 * started yet gets no band (this thread takes it), and one that does not finish within
 * WORKER_TIMEOUT_MS makes this thread compute its band too (the same bits, so a late write changes
 * nothing) and retires the pool, terminating its workers, so a lost worker costs time once, never
 * a hang, a wrong result or a core spinning on.
 */
import { Worker } from 'node:worker_threads';
import { WASM_MAX_THREADS } from '../backends/wasmThreadsSetting';

/** Calls smaller than this many multiply-adds (~120 µs on one thread) stay on one: handing a band over costs tens of µs. */
export const PARALLEL_MIN_MACS = 1 << 21;
const WORKER_TIMEOUT_MS = 5_000;
/** How long a worker spins for the next call, and this thread for a worker's band, before sleeping (ms). */
const SPIN_MS = 0.05;

/** The kernels a band can run, by their export names; the index is what the control block holds. */
export const BANDED_KERNELS = ['gemm', 'conv'] as const;
export type BandedKernel = (typeof BANDED_KERNELS)[number];
const MAX_ARGS = 10;

// Control block (Int32): generation, stop, kernel, index of the rows argument, rows per band, the
// call's arguments, each argument's bytes per row, then per worker its ready flag and the last
// generation it finished.
const GENERATION = 0;
const STOP = 1;
const KERNEL = 2;
const ROWS_ARG = 3;
const CHUNK = 4;
const ARGS = 5;
const ROW_BYTES = ARGS + MAX_ARGS;
const READY = ROW_BYTES + MAX_ARGS;
const MAX_WORKERS = WASM_MAX_THREADS - 1;
const DONE = READY + MAX_WORKERS;

/** Arguments of rows first … first+rows−1 of a call: each argument advanced by its bytes per row, the rows argument set. */
function bandArguments(args: ArrayLike<number>, rowBytes: ArrayLike<number>, rowsArg: number, first: number, rows: number): number[] {
  const band = Array.from(args, (a, i) => a + first * rowBytes[i]!);
  band[rowsArg] = rows;
  return band;
}

const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { module, memory, control, index, names } = workerData;
const exports = new WebAssembly.Instance(module, { env: { memory } }).exports;
const kernels = names.map((name) => exports[name]);
const bandArguments = ${bandArguments.toString()};
const ctl = new Int32Array(control);
let seen = Atomics.load(ctl, ${GENERATION}); // before ready: a call posted after ready is then seen as new
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
  const args = ctl.slice(${ARGS}, ${ARGS + MAX_ARGS});
  const rowsArg = ctl[${ROWS_ARG}];
  const chunk = ctl[${CHUNK}];
  const first = (index + 1) * chunk;
  const rows = Math.min(args[rowsArg], first + chunk) - first;
  if (rows > 0) kernels[ctl[${KERNEL}]](...bandArguments(args, ctl.slice(${ROW_BYTES}, ${ROW_BYTES + MAX_ARGS}), rowsArg, first, rows));
  Atomics.store(ctl, ${DONE} + index, seen);
  Atomics.notify(ctl, ${DONE} + index);
}
`;

/** One call of a banded kernel: its arguments, which of them counts the rows, and how far each moves per row (bytes; 0 for most). */
export interface BandedCall {
  kernel: BandedKernel;
  run: (...args: number[]) => void;
  args: number[];
  rowsArg: number;
  rowBytes: number[];
  macs: number;
}

export class SimdThreads {
  private readonly control = new Int32Array(new SharedArrayBuffer((DONE + MAX_WORKERS) * 4));
  private readonly workers: Worker[] = [];
  private retired = false;
  private exited = 0;

  private readonly timeoutMs: number;

  /**
   * `threads` in all, this one included; the module must import `memory`, which must be shared.
   * `timeoutMs`: how long a worker's band may take before the pool is retired (tests shorten it).
   */
  constructor(module: WebAssembly.Module, memory: WebAssembly.Memory, threads: number, timeoutMs = WORKER_TIMEOUT_MS) {
    this.timeoutMs = timeoutMs;
    const count = Math.min(MAX_WORKERS, Math.max(0, threads - 1));
    for (let index = 0; index < count; index++) {
      const workerData = { module, memory, control: this.control.buffer, index, names: [...BANDED_KERNELS] };
      const worker = new Worker(WORKER_SOURCE, { eval: true, workerData });
      worker.on('error', () => this.retire());
      worker.on('exit', () => this.exited++);
      worker.unref();
      this.workers.push(worker);
    }
  }

  /** Workers whose thread has not exited (a retired pool's end at their next wake-up, or at once when terminated). */
  get runningWorkers(): number {
    return this.workers.length - this.exited;
  }

  get threads(): number {
    return this.retired ? 1 : this.workers.length + 1;
  }

  /** The call as its kernel computes it, split into bands of rows over the threads where that pays. */
  run(call: BandedCall): void {
    const { args, rowsArg, rowBytes } = call;
    const rowsTotal = args[rowsArg]!;
    const ready = this.workers.every((_, i) => Atomics.load(this.control, READY + i) === 1);
    if (this.retired || !ready || rowsTotal < 8 || call.macs < PARALLEL_MIN_MACS) {
      call.run(...args);
      return;
    }
    const parts = this.workers.length + 1;
    const chunk = Math.ceil(rowsTotal / parts / 4) * 4;
    const ctl = this.control;
    ctl.fill(0, ARGS, READY);
    ctl.set(args, ARGS);
    ctl.set(rowBytes, ROW_BYTES);
    ctl[KERNEL] = BANDED_KERNELS.indexOf(call.kernel);
    ctl[ROWS_ARG] = rowsArg;
    ctl[CHUNK] = chunk;
    const generation = Atomics.add(ctl, GENERATION, 1) + 1;
    Atomics.notify(ctl, GENERATION);
    call.run(...bandArguments(args, rowBytes, rowsArg, 0, Math.min(rowsTotal, chunk)));
    const deadline = Date.now() + this.timeoutMs;
    for (let i = 0; i < this.workers.length; i++) {
      const spinUntil = performance.now() + SPIN_MS;
      while (Atomics.load(ctl, DONE + i) !== generation && performance.now() < spinUntil) {
        // the band is usually done within microseconds of this thread's
      }
      while (Atomics.load(ctl, DONE + i) !== generation) {
        if (Date.now() > deadline) {
          // Its band, computed here; the pool is not used again.
          const first = (i + 1) * chunk;
          const rows = Math.min(rowsTotal, first + chunk) - first;
          this.retire(true);
          if (rows > 0) call.run(...bandArguments(args, rowBytes, rowsArg, first, rows));
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

  /** Stops the workers at their next wake-up; `terminate`: now (a worker that missed its deadline may never wake). */
  private retire(terminate = false): void {
    if (terminate) for (const worker of this.workers) void worker.terminate();
    if (this.retired) return;
    this.retired = true;
    Atomics.store(this.control, STOP, 1);
    Atomics.add(this.control, GENERATION, 1);
    Atomics.notify(this.control, GENERATION);
  }
}
