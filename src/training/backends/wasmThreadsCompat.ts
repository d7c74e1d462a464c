/**
 * Whether the threaded wasm loader (wasmThreadsLoader.ts) applies to the installed
 * @tensorflow/tfjs-backend-wasm. The loader works around tfjs's Node code from the outside, so it
 * relies on the exact version it was written against and on the pieces of that code listed in
 * LOADER_PATTERNS; any other version, or a missing piece, means one thread (with the reason).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The version the loader was written against (package.json pins every @tensorflow package to it). */
export const LOADER_TFJS_VERSION = '4.22.0';

/** What the loader relies on in dist/tf-backend-wasm.node.js, each with why. */
export const LOADER_PATTERNS: ReadonlyArray<{ why: string; text: string }> = [
  { why: 'the module reads threads support from this flag', text: "ENV.registerFlag('WASM_HAS_MULTITHREAD_SUPPORT'" },
  { why: 'the Node branch installs worker_threads.Worker as the global Worker', text: 'commonjsGlobal.Worker = nodeWorkerThreads.Worker;' },
  { why: 'pthread workers are made by `new Worker` from the global', text: 'worker = new Worker(pthreadMainJs);' },
  { why: 'the worker script is handed over as a blob: URL', text: 'return URL.createObjectURL(blob);' },
  { why: "the load message carries the workers' main script", text: '"urlOrBlob": Module["mainScriptUrlOrBlob"] || _scriptDir' },
  { why: 'a worker error goes to worker.onerror', text: 'worker.on("error", function (e) { worker.onerror(e); });' },
  { why: 'a running pthread ref()s its worker', text: 'worker.ref();' },
  { why: "XNNPACK's pool size is set before the backend starts", text: 'function setThreadsCount(numThreads) {' },
];

export interface ThreadedWasmFiles {
  version: string;
  /** dist/tf-backend-wasm.node.js, the module Node loads. */
  bundle: string;
  /** wasm-out/…worker.js: a CommonJS module exporting the worker script as `wasmWorkerContents`. */
  workerModule: string;
  /** wasm-out/…threaded-simd.js: the Emscripten factory the workers evaluate. */
  mainScript: string;
}

export function installedThreadedWasmFiles(): ThreadedWasmFiles {
  const manifest = require.resolve('@tensorflow/tfjs-backend-wasm/package.json');
  const root = dirname(manifest);
  const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string };
  return {
    version,
    bundle: join(root, 'dist', 'tf-backend-wasm.node.js'),
    workerModule: join(root, 'wasm-out', 'tfjs-backend-wasm-threaded-simd.worker.js'),
    mainScript: join(root, 'wasm-out', 'tfjs-backend-wasm-threaded-simd.js'),
  };
}

/** The worker script's text from the package's worker module, or why it cannot be had. */
export function workerScriptText(files: ThreadedWasmFiles): string | { problem: string } {
  try {
    const contents: unknown = (require(files.workerModule) as { wasmWorkerContents?: unknown }).wasmWorkerContents;
    if (typeof contents !== 'string') return { problem: `${files.workerModule} exports no wasmWorkerContents string` };
    if (!contents.includes('importScripts(e.data.urlOrBlob)') || !contents.includes('WasmBackendModuleThreadedSimd(Module)'))
      return { problem: `${files.workerModule}'s worker script no longer loads its main script by path` };
    // As tfjs does before making its Blob: the template literal turned the \n escapes in the script's strings into newlines.
    return contents.replace(/\n/g, '\\n');
  } catch (e) {
    return { problem: `cannot read ${files.workerModule}: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}` };
  }
}

/** Every reason the loader does not apply to these files; empty when it does. `bundleSource` replaces the bundle's text (tests). */
export function threadedLoaderProblems(files: ThreadedWasmFiles, bundleSource?: string): string[] {
  const problems: string[] = [];
  if (files.version !== LOADER_TFJS_VERSION)
    problems.push(`@tensorflow/tfjs-backend-wasm is ${files.version}; the thread loader is written for ${LOADER_TFJS_VERSION}`);
  if (typeof SharedArrayBuffer !== 'function' || typeof Atomics !== 'object')
    problems.push('this Node has no SharedArrayBuffer or Atomics');
  const source = bundleSource ?? (existsSync(files.bundle) ? readFileSync(files.bundle, 'utf8') : undefined);
  if (source === undefined) problems.push(`${files.bundle} is missing`);
  else for (const p of LOADER_PATTERNS) if (!source.includes(p.text)) problems.push(`tfjs's Node code changed: ${p.why} (no "${p.text}")`);
  if (!existsSync(files.mainScript)) problems.push(`${files.mainScript} is missing`);
  else if (!readFileSync(files.mainScript, 'utf8').includes('var WasmBackendModuleThreadedSimd ='))
    problems.push(`${files.mainScript} no longer defines WasmBackendModuleThreadedSimd`);
  const worker = workerScriptText(files);
  if (typeof worker !== 'string') problems.push(worker.problem);
  return problems;
}
