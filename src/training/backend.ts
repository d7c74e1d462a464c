/**
 * Chooses and starts the TensorFlow.js backend. `auto` tries tensorflow (tfjs-node-gpu with a
 * CUDA GPU), webgpu (Dawn on a real GPU), wasm, then cpu, and records why each earlier candidate
 * was skipped; every backend but cpu must pass a numerical probe against cpu first. A forced
 * backend that cannot start is an error, never a silent fallback. The pieces are in backends/.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendName } from '../shared/experiment/schema';
import type { BackendChoice } from '../shared/runFormat';
import { chooseBackend } from './backends/choose';
import { startCpu } from './backends/cpu';
import { probeActiveBackend } from './backends/probe';
import { startTensorflow } from './backends/tensorflow';
import type { SelectionDeps } from './backends/types';
import { startWasm } from './backends/wasm';
import { startWebgpu } from './backends/webgpu';

export { BackendUnavailableError } from './backends/choose';

const REAL: SelectionDeps = {
  start: { tensorflow: (forced) => startTensorflow(forced), webgpu: (forced) => startWebgpu(forced), wasm: startWasm, cpu: startCpu },
  probe: probeActiveBackend,
};

export async function selectBackend(requested: BackendName, deps: SelectionDeps = REAL): Promise<BackendChoice> {
  // Silences tfjs's "install tfjs-node" banner and debug checks; errors still throw.
  tf.enableProdMode();
  return chooseBackend(requested, deps);
}
