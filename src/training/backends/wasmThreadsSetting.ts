/**
 * How many threads the wasm backend asks for. A process-wide runtime setting (gan-train
 * --threads, the editor's ganWorkbench.wasmThreads), not an experiment hyper-parameter: the
 * threaded build's results are bitwise those of one thread, so a run's numbers do not depend on it.
 */
import { availableParallelism } from 'node:os';

/** The C++ side's max_num_threads in tfjs-backend-wasm 4.22: its pool never grows past it. */
export const WASM_MAX_THREADS = 8;

/** The largest --threads accepted (far above any pool the build can make, below nonsense). */
export const WASM_THREADS_LIMIT = 1024;

/**
 * With no count set, a step whose largest product has fewer multiply-adds than this runs on one
 * thread: the threaded build's per-kernel cost (XNNPACK's pool, the shared heap) then outweighs what
 * the threads share out. On a 2-core VM every MLP example ran 1.2–1.5× slower on 2 threads than on
 * one (ring-8 at width 128, batch 256: 4.2M, 0.80×); ring-8 at width 256 (16.8M) ran 0.71–1.14× as
 * fast, the DCGAN 1.26× (bench/RESULTS.md, issue 22). Above this the machine's cores are kept: a
 * machine with more of them gains where two did not always.
 */
export const THREADS_PAY_FROM_MACS = 1 << 23;

let requested: number | undefined;
let largestProduct: number | undefined;

/**
 * Sets the thread count for this process's wasm backend; 0 or undefined: chosen (wasmThreadsChoice:
 * every core, or one for a step too small for threads). Call before it starts.
 */
export function setWasmThreads(threads: number | undefined): void {
  if (threads !== undefined && (!Number.isInteger(threads) || threads < 0 || threads > WASM_THREADS_LIMIT))
    throw new RangeError(`wasm threads must be an integer from 0 to ${WASM_THREADS_LIMIT}, got ${threads}`);
  requested = threads === 0 ? undefined : threads;
}

/** The threads asked for: the setting, else the machine's cores. */
export function requestedWasmThreads(): number {
  return requested ?? availableParallelism();
}

/** The multiply-adds of the largest product of the step about to run (threadWorkload.ts); undefined: not known. */
export function setWasmWorkload(largestProductMacs: number | undefined): void {
  largestProduct = largestProductMacs;
}

/**
 * The threads to start: the setting where one is set; else one where the step's products are known
 * to be too small for threads to pay (with the reason, for the run's backend record); else every core.
 */
export function wasmThreadsChoice(cores = availableParallelism()): { threads: number; reason?: string } {
  if (requested !== undefined) return { threads: requested };
  if (cores <= 1 || largestProduct === undefined || largestProduct >= THREADS_PAY_FROM_MACS) return { threads: cores };
  const millions = (macs: number) => `${(macs / 1e6).toFixed(1)}M`;
  return {
    threads: 1,
    reason:
      `one thread chosen for ${cores} cores: the step's largest product, ${millions(largestProduct)} multiply-adds, is below the ` +
      `${millions(THREADS_PAY_FROM_MACS)} where threads pay; --threads or ganWorkbench.wasmThreads sets a count`,
  };
}
