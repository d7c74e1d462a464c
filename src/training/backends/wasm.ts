/**
 * `wasm`: WebAssembly with SIMD and, where it starts, the threaded build (wasmThreadsLoader.ts) at
 * the requested thread count (wasmThreadsSetting.ts; every core by default), else one thread with
 * the reason in the run's backend record; with the project's faster kernels.
 */
import * as tf from '@tensorflow/tfjs';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { useFastConvKernels } from '../kernels/convKernels';
import { useFastReductions } from '../kernels/leadingAxesReduction';
import { useFastReductionGradients } from '../kernels/reductionGradients';
import { useSharedSameTypeCast } from '../kernels/sameTypeCast';
import { useSimdBinaryOps } from '../kernels/wasmBinaryOps';
import { useWasmMatMul } from '../kernels/wasmMatMul';
import { firstLine, type StartResult } from './types';
import { startThreadedWasm, type ThreadedStartOptions } from './wasmThreadsLoader';
import { requestedWasmThreads } from './wasmThreadsSetting';

/** Folder holding the backend's .wasm files: beside the bundle when packaged, else in node_modules. */
function wasmDirectory(): string {
  if (existsSync(join(__dirname, 'tfjs-backend-wasm-simd.wasm'))) return __dirname;
  return join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
}

export interface WasmStartOptions {
  /** Threads to ask for (default: the process's setting, else every core). */
  threads?: number;
  /** The threaded loader's options besides the count (tests inject failures through them). */
  loader?: Omit<ThreadedStartOptions, 'threads'>;
}

/** The first start's report: the backend initialises once per process, and later starts reuse it, thread count included. */
let started: string | undefined;

const isInitialised = () => (tf.engine() as unknown as { registry: Record<string, unknown> }).registry['wasm'] !== undefined;

async function initialise(options: WasmStartOptions): Promise<{ reason: string; threads: number } | { failed: string }> {
  const wasm = require('@tensorflow/tfjs-backend-wasm') as typeof import('@tensorflow/tfjs-backend-wasm');
  wasm.setWasmPaths(`${wasmDirectory()}/`);
  const simd = (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) === true;
  const threads = options.threads ?? requestedWasmThreads();
  const threaded = simd && threads > 1 ? await startThreadedWasm(wasm, { ...options.loader, threads }) : undefined;
  if (threaded?.ok)
    return { reason: `WebAssembly with SIMD, ${threaded.threads} threads (${threads} requested)`, threads: threaded.threads };
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  if (!(await tf.setBackend('wasm'))) return { failed: 'the wasm backend failed to initialise' };
  const single = `WebAssembly${simd ? ' with SIMD' : ''}, single-threaded`;
  if (threaded) return { reason: `${single}: the threaded build did not start (${threaded.reason})`, threads: 1 };
  return { reason: `${single} (${simd ? `${threads} thread requested` : 'threads need SIMD'})`, threads: 1 };
}

/** Starts the wasm backend with `options`; the selection's starter is `startWasm`. */
export async function startWasmWith(options: WasmStartOptions): Promise<StartResult> {
  try {
    if (started !== undefined && isInitialised()) {
      if (!(await tf.setBackend('wasm'))) return { ok: false, reason: 'the wasm backend failed to initialise' };
      return { ok: true, reason: started };
    }
    const start = await initialise(options);
    if ('failed' in start) return { ok: false, reason: start.failed };
    const { reason } = start;
    const products = useWasmMatMul(tf.backend(), start.threads);
    useSimdBinaryOps();
    useFastConvKernels('wasm');
    useFastReductions('wasm');
    useFastReductionGradients();
    useSharedSameTypeCast('wasm');
    started = products.failed
      ? `${reason}; products and element-wise arithmetic on the backend's own kernels (the SIMD kernels did not start: ${products.failed})`
      : reason;
    return { ok: true, reason: started };
  } catch (e) {
    return { ok: false, reason: `wasm backend unavailable: ${firstLine(e)}` };
  }
}

/** The selection's starter: the thread count from the process's setting. */
export const startWasm = (): Promise<StartResult> => startWasmWith({});
