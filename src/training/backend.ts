/**
 * Chooses and starts the TensorFlow.js backend. `auto` tries tensorflow (tfjs-node-gpu with a
 * CUDA GPU), then wasm, then cpu, and records why each earlier candidate was skipped. A forced
 * backend that cannot start is an error, never a silent fallback.
 */
import * as tf from '@tensorflow/tfjs';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { BackendName } from '../shared/experiment/schema';
import type { BackendChoice, ConcreteBackend } from '../shared/runFormat';
import { useFastTransposedMatMul } from './kernels/fastTransposedMatMul';
import { useFastConvKernels } from './kernels/convKernels';

const AUTO_ORDER: ConcreteBackend[] = ['tensorflow', 'wasm', 'cpu'];

type Attempt = { ok: true; reason: string } | { ok: false; reason: string };

const errorText = (e: unknown) => (e instanceof Error ? e.message.split('\n')[0]! : String(e));

function nvidiaGpuVisible(): boolean {
  const dir = '/proc/driver/nvidia/gpus';
  return existsSync(dir) && readdirSync(dir).length > 0;
}

async function startTensorflow(forced: boolean): Promise<Attempt> {
  if (!forced && !nvidiaGpuVisible()) return { ok: false, reason: 'no NVIDIA GPU visible (/proc/driver/nvidia/gpus is empty or absent)' };
  try {
    // Optional dependency: absent where its install could not download libtensorflow.
    require('@tensorflow/tfjs-node-gpu');
  } catch (e) {
    return { ok: false, reason: `@tensorflow/tfjs-node-gpu is not installed or cannot load: ${errorText(e)}` };
  }
  if (!(await tf.setBackend('tensorflow'))) return { ok: false, reason: 'tfjs-node-gpu loaded but its backend failed to initialise' };
  return { ok: true, reason: 'tfjs-node-gpu (CUDA)' };
}

/** Folder holding the backend's .wasm files: beside the bundle when packaged, else in node_modules. */
function wasmDirectory(): string {
  if (existsSync(join(__dirname, 'tfjs-backend-wasm-simd.wasm'))) return __dirname;
  return join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
}

async function startWasm(): Promise<Attempt> {
  try {
    const wasm = require('@tensorflow/tfjs-backend-wasm') as typeof import('@tensorflow/tfjs-backend-wasm');
    wasm.setWasmPaths(`${wasmDirectory()}/`);
    if (!(await tf.setBackend('wasm'))) return { ok: false, reason: 'the wasm backend failed to initialise' };
    useFastTransposedMatMul('wasm');
    useFastConvKernels('wasm');
    return { ok: true, reason: `WebAssembly${tf.env().getBool('WASM_HAS_SIMD_SUPPORT') ? ' with SIMD' : ''}, single-threaded in Node` };
  } catch (e) {
    return { ok: false, reason: `wasm backend unavailable: ${errorText(e)}` };
  }
}

async function startCpu(): Promise<Attempt> {
  if (!(await tf.setBackend('cpu'))) return { ok: false, reason: 'the cpu backend failed to initialise' };
  useFastConvKernels('cpu');
  return { ok: true, reason: 'plain JavaScript kernels' };
}

async function attempt(name: ConcreteBackend, forced: boolean): Promise<Attempt> {
  switch (name) {
    case 'tensorflow':
      return startTensorflow(forced);
    case 'wasm':
      return startWasm();
    case 'cpu':
      return startCpu();
  }
}

export class BackendUnavailableError extends Error {}

export async function selectBackend(requested: BackendName): Promise<BackendChoice> {
  // Silences tfjs's "install tfjs-node" banner and debug checks; errors still throw.
  tf.enableProdMode();
  if (requested !== 'auto') {
    const result = await attempt(requested, true);
    if (!result.ok) throw new BackendUnavailableError(`backend "${requested}" cannot start: ${result.reason}`);
    return { name: requested, requested, reason: `requested in the experiment or on the command line; ${result.reason}`, skipped: [] };
  }
  const skipped: BackendChoice['skipped'] = [];
  for (const name of AUTO_ORDER) {
    const result = await attempt(name, false);
    if (result.ok) return { name, requested, reason: `auto: first candidate that started; ${result.reason}`, skipped };
    skipped.push({ name, reason: result.reason });
  }
  throw new BackendUnavailableError(`no backend could start: ${skipped.map((s) => `${s.name}: ${s.reason}`).join('; ')}`);
}
