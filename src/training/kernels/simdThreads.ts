/**
 * The SIMD product and convolution (simdKernels.ts) on several threads, where the wasm backend runs
 * its threaded build: its memory is then shared, so worker threads instantiate the same module on
 * it and each computes a band of the output's rows (a product's rows of C, a convolution's output
 * pixels) while this thread computes the first. Every output is still one thread's sequential sum,
 * so the bits do not depend on the split.
 *
 * A call is split into as many bands as it has BAND_MIN_MACS of work, up to the threads (so a
 * mid-sized product on a 16-core machine wakes 3 workers, not 15), and only the workers given a
 * band are woken. Workers spin for SPIN_MS after a call, then sleep in Atomics.wait on their own
 * slot of a small shared control block; they are unref'd, so they never keep the process alive. A worker that has not
 * started yet gets no band (this thread takes it), and one that does not finish within
 * WORKER_TIMEOUT_MS makes this thread compute its band too (the same bits, so a late write changes
 * nothing) and retires the pool, terminating its workers, so a lost worker costs time once, never
 * a hang, a wrong result or a core spinning on.
 */
import { Worker } from 'node:worker_threads';
import { WASM_MAX_THREADS } from '../backends/wasmThreadsSetting';

/** The least work (multiply-adds, ~60 µs on one thread) a band is given: waking a worker costs tens of µs. */
export const BAND_MIN_MACS = 1 << 20;
/** Calls smaller than this stay on this thread: two bands' worth. */
export const PARALLEL_MIN_MACS = 2 * BAND_MIN_MACS;
const WORKER_TIMEOUT_MS = 5_000;
/** How long a worker spins for the next call, and this thread for a worker's band, before sleeping (ms). */
const SPIN_MS = 0.05;

/** The kernels a band can run, by their export names; the index is what the control block holds. */
export const BANDED_KERNELS = ['gemm', 'conv'] as const;
export type BandedKernel = (typeof BANDED_KERNELS)[number];
const MAX_ARGS = 10;

// Control block (Int32): stop, kernel, index of the rows argument, rows per band, the call's
// arguments, each argument's bytes per row, then per worker its ready flag, the last call it was
// given and the last call it finished (calls counted per worker).
const STOP = 0;
const KERNEL = 1;
const ROWS_ARG = 2;
const CHUNK = 3;
const ARGS = 4;
const ROW_BYTES = ARGS + MAX_ARGS;
const READY = ROW_BYTES + MAX_ARGS;
const MAX_WORKERS = WASM_MAX_THREADS - 1;
const CALL = READY + MAX_WORKERS;
const DONE = CALL + MAX_WORKERS;

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
const slot = ${CALL} + index;
let seen = Atomics.load(ctl, slot); // before ready: a call posted after ready is then seen as new
Atomics.store(ctl, ${READY} + index, 1);
const { performance } = require('node:perf_hooks');
for (;;) {
  // Spin briefly first: a futex wake-up costs 50–150 µs on a VM. Not longer: a spinning worker takes
  // a core other threads need between calls (when XNNPACK still had a pool, 1 ms cost a ring-8 step 25%).
  const spinUntil = performance.now() + ${SPIN_MS};
  while (Atomics.load(ctl, slot) === seen && performance.now() < spinUntil) {}
  Atomics.wait(ctl, slot, seen);
  seen = Atomics.load(ctl, slot);
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
    if (this.retired || rowsTotal < 8 || call.macs < PARALLEL_MIN_MACS) {
      call.run(...args);
      return;
    }
    const bands = Math.min(this.workers.length + 1, Math.floor(call.macs / BAND_MIN_MACS));
    const chunk = Math.ceil(rowsTotal / bands / 4) * 4;
    // Workers 0 … helpers−1 take bands 1 … helpers, this thread band 0 (rows in multiples of 4).
    const helpers = Math.ceil(rowsTotal / chunk) - 1;
    const ready = Array.from({ length: helpers }, (_, i) => Atomics.load(this.control, READY + i) === 1).every(Boolean);
    if (helpers < 1 || !ready) {
      call.run(...args);
      return;
    }
    const ctl = this.control;
    ctl.fill(0, ARGS, READY);
    ctl.set(args, ARGS);
    ctl.set(rowBytes, ROW_BYTES);
    ctl[KERNEL] = BANDED_KERNELS.indexOf(call.kernel);
    ctl[ROWS_ARG] = rowsArg;
    ctl[CHUNK] = chunk;
    const generations = Array.from({ length: helpers }, (_, i) => {
      const generation = Atomics.add(ctl, CALL + i, 1) + 1;
      Atomics.notify(ctl, CALL + i);
      return generation;
    });
    call.run(...bandArguments(args, rowBytes, rowsArg, 0, Math.min(rowsTotal, chunk)));
    const deadline = Date.now() + this.timeoutMs;
    for (let i = 0; i < helpers; i++) {
      const generation = generations[i]!;
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
    for (let i = 0; i < this.workers.length; i++) {
      Atomics.add(this.control, CALL + i, 1);
      Atomics.notify(this.control, CALL + i);
    }
  }
}
