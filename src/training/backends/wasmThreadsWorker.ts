/**
 * The Worker class the threaded wasm module gets while it starts (wasmThreadsLoader.ts installs it
 * as the global Worker its Node branch uses). It corrects the three things that keep tfjs's
 * threaded build from running in Node:
 * - the worker script comes as a `blob:` URL, which worker_threads cannot load (ERR_WORKER_PATH):
 *   the worker runs the same script from a real file instead;
 * - the `load` message names the main script as a Blob, which the worker cannot import either:
 *   it gets the package's own wasm-out/tfjs-backend-wasm-threaded-simd.js by path;
 * - a pthread's worker is ref()'d while it runs, and XNNPACK's pool threads never end, so the
 *   process would never exit: these workers stay unref()'d.
 * A worker error is recorded for the loader (which then falls back to one thread) instead of being
 * thrown from an event listener, which would end the process.
 */
import { Worker, type TransferListItem, type WorkerOptions } from 'node:worker_threads';

export interface WorkerRedirect {
  /** The worker script, written to a real file. */
  workerScript: string;
  /** The path the workers import the Emscripten factory from. */
  mainScript: string;
  /** Every worker made, to terminate them when the start fails. */
  readonly workers: Worker[];
  /** Called with the first worker error. */
  onError(message: string): void;
}

interface LoadMessage {
  cmd: 'load';
  urlOrBlob: unknown;
}

const isLoadMessage = (value: unknown): value is LoadMessage =>
  typeof value === 'object' && value !== null && (value as { cmd?: unknown }).cmd === 'load';

export function redirectedWorkerClass(redirect: WorkerRedirect): typeof Worker {
  return class RedirectedWorker extends Worker {
    constructor(filename: string | URL, options?: WorkerOptions) {
      const requested = String(filename);
      if (!requested.startsWith('blob:')) throw new Error(`the threaded wasm module asked for an unexpected worker script: ${requested}`);
      URL.revokeObjectURL(requested);
      super(redirect.workerScript, options);
      this.unref();
      redirect.workers.push(this);
    }

    /** Never keeps the process alive: the pool's threads run until the process ends. */
    override ref(): void {}

    override postMessage(value: unknown, transferList?: readonly TransferListItem[]): void {
      super.postMessage(isLoadMessage(value) ? { ...value, urlOrBlob: redirect.mainScript } : value, transferList);
    }

    /** The module's error handler (it rethrows); reads give the recorder, its own assignment is ignored. */
    get onerror(): (e: unknown) => void {
      return (e) => redirect.onError(e instanceof Error ? e.message.split('\n')[0]! : String(e));
    }

    set onerror(_handler: unknown) {}
  };
}
