/**
 * How many threads the wasm backend asks for. A process-wide runtime setting (gan-train
 * --threads, the editor's ganWorkbench.wasmThreads), not an experiment hyper-parameter: the
 * threaded build's results are bitwise those of one thread, so a run's numbers do not depend on it.
 */
import { availableParallelism } from 'node:os';

/** The most threads the SIMD kernels' pool runs (simdThreads.ts: this one and up to 63 workers). */
export const WASM_MAX_THREADS = 64;

/** The largest --threads accepted (far above any pool the build can make, below nonsense). */
export const WASM_THREADS_LIMIT = 1024;

let requested: number | undefined;

/** Sets the thread count for this process's wasm backend; 0 or undefined: every core. Call before it starts. */
export function setWasmThreads(threads: number | undefined): void {
  if (threads !== undefined && (!Number.isInteger(threads) || threads < 0 || threads > WASM_THREADS_LIMIT))
    throw new RangeError(`wasm threads must be an integer from 0 to ${WASM_THREADS_LIMIT}, got ${threads}`);
  requested = threads === 0 ? undefined : threads;
}

/** The threads asked for: the setting, else the machine's cores. */
export function requestedWasmThreads(): number {
  return requested ?? availableParallelism();
}
