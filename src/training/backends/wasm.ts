/** `wasm`: WebAssembly with SIMD (single-threaded in Node), with the project's faster kernels. */
import * as tf from '@tensorflow/tfjs';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { useFastConvKernels } from '../kernels/convKernels';
import { useFastTransposedMatMul } from '../kernels/fastTransposedMatMul';
import { firstLine, type StartResult } from './types';

/** Folder holding the backend's .wasm files: beside the bundle when packaged, else in node_modules. */
function wasmDirectory(): string {
  if (existsSync(join(__dirname, 'tfjs-backend-wasm-simd.wasm'))) return __dirname;
  return join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
}

export async function startWasm(): Promise<StartResult> {
  try {
    const wasm = require('@tensorflow/tfjs-backend-wasm') as typeof import('@tensorflow/tfjs-backend-wasm');
    wasm.setWasmPaths(`${wasmDirectory()}/`);
    if (!(await tf.setBackend('wasm'))) return { ok: false, reason: 'the wasm backend failed to initialise' };
    useFastTransposedMatMul('wasm');
    useFastConvKernels('wasm');
    return { ok: true, reason: `WebAssembly${tf.env().getBool('WASM_HAS_SIMD_SUPPORT') ? ' with SIMD' : ''}, single-threaded in Node` };
  } catch (e) {
    return { ok: false, reason: `wasm backend unavailable: ${firstLine(e)}` };
  }
}
