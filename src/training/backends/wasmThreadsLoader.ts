/**
 * Starts tfjs-backend-wasm's threaded SIMD build in Node, which tfjs itself disables there
 * (tfjs #3830), without changing any file of the package: the worker script is written to a real
 * file in a cache folder, the workers import the package's own wasm-out main script
 * (wasmThreadsWorker.ts). Returns why it did not start otherwise; the caller then starts the
 * single-threaded build.
 *
 * The build is started for its shared memory, on which the project's SIMD product and convolution
 * run on every thread asked for (simdThreads.ts); XNNPACK's own pool is left at one thread. Its
 * workers sleep between kernels, and waking one cost 70–130 µs per kernel on a 2-core VM — more than
 * a small model's kernels take: the parabola toy trained at 540–630 steps/s on 2 XNNPACK threads
 * and at 1,020 on one (bench/RESULTS.md). Every product and convolution of a step runs on the SIMD
 * kernels there, so what stays on XNNPACK is element-wise and small.
 */
import * as tf from '@tensorflow/tfjs';
import { createHash } from 'node:crypto';
import { mkdirSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { installedThreadedWasmFiles, threadedLoaderProblems, workerScriptText, type ThreadedWasmFiles } from './wasmThreadsCompat';
import { redirectedWorkerClass, type WorkerRedirect } from './wasmThreadsWorker';
import { WASM_MAX_THREADS } from './wasmThreadsSetting';

type WasmPackage = typeof import('@tensorflow/tfjs-backend-wasm');

/** XNNPACK's pool: this thread only (see the file's comment). */
const XNNPACK_THREADS = 1;

export interface ThreadedStartOptions {
  threads: number;
  /** Folder the worker script is written to (default: gan-workbench-wasm in the temp folder). */
  cacheDir?: string;
  /** The worker script's text instead of the package's (tests inject a broken one). */
  workerScript?: string;
  /** How long the start may take before it counts as failed (default 30 s; it takes ~0.15 s). */
  timeoutMs?: number;
  files?: ThreadedWasmFiles;
}

export type ThreadedStart = { ok: true; threads: number } | { ok: false; reason: string };

const DEFAULT_TIMEOUT_MS = 30_000;

/** Writes the worker script under a name made from its content (atomically: trainers may start together). */
function writeWorkerScript(cacheDir: string, text: string): string {
  const file = join(cacheDir, `tfjs-backend-wasm-threaded-simd.worker.${createHash('sha256').update(text).digest('hex').slice(0, 16)}.cjs`);
  if (existsSync(file)) return file;
  mkdirSync(cacheDir, { recursive: true });
  const partial = `${file}.${process.pid}.tmp`;
  writeFileSync(partial, text);
  renameSync(partial, file);
  return file;
}

/** Runs `body` with globalThis.Worker fixed to `worker` (the module's own assignment is ignored). */
async function withGlobalWorker<T>(worker: typeof Worker, body: () => Promise<T>): Promise<T> {
  const previous = Object.getOwnPropertyDescriptor(globalThis, 'Worker');
  Object.defineProperty(globalThis, 'Worker', { configurable: true, get: () => worker, set: () => {} });
  try {
    return await body();
  } finally {
    if (previous) Object.defineProperty(globalThis, 'Worker', previous);
    else Reflect.deleteProperty(globalThis, 'Worker');
  }
}

export async function startThreadedWasm(wasm: WasmPackage, options: ThreadedStartOptions): Promise<ThreadedStart> {
  const files = options.files ?? installedThreadedWasmFiles();
  const problems = threadedLoaderProblems(files);
  if (problems.length > 0) return { ok: false, reason: problems.join('; ') };
  const text = options.workerScript ?? workerScriptText(files);
  if (typeof text !== 'string') return { ok: false, reason: text.problem };
  let workerScript: string;
  try {
    workerScript = writeWorkerScript(options.cacheDir ?? join(tmpdir(), 'gan-workbench-wasm'), text);
  } catch (e) {
    return { ok: false, reason: `cannot write the worker script: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}` };
  }
  let failed: (reason: string) => void = () => {};
  const failure = new Promise<string>((resolve) => (failed = resolve));
  const redirect: WorkerRedirect = {
    workerScript,
    mainScript: files.mainScript,
    workers: [],
    onError: (m) => failed(`a worker failed: ${m}`),
  };
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`it did not start within ${timeoutMs / 1000} s`), timeoutMs);
  });
  const threads = Math.min(options.threads, WASM_MAX_THREADS);
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
  wasm.setThreadsCount(XNNPACK_THREADS);
  let outcome: boolean | string;
  try {
    outcome = await withGlobalWorker(redirectedWorkerClass(redirect), () => Promise.race([tf.setBackend('wasm'), failure, timeout]));
  } catch (e) {
    outcome = e instanceof Error ? e.message.split('\n')[0]! : String(e);
  } finally {
    clearTimeout(timer);
  }
  if (outcome === true) return { ok: true, threads };
  for (const worker of redirect.workers) void worker.terminate();
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  wasm.setThreadsCount(1);
  return { ok: false, reason: outcome === false ? 'tfjs could not initialise the threaded build' : outcome };
}
