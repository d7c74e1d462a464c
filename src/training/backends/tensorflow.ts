/** `tensorflow`: @tensorflow/tfjs-node-gpu (CUDA), an optional dependency that is often absent. */
import * as tf from '@tensorflow/tfjs';
import { existsSync, readdirSync } from 'node:fs';
import { firstLine, type StartResult } from './types';

export interface TensorflowHost {
  nvidiaGpuVisible(): boolean;
  /** Loads the package, which registers the `tensorflow` backend; throws when it cannot. */
  loadTfjsNodeGpu(): void;
  setBackend(name: string): Promise<boolean>;
}

export const realTensorflowHost: TensorflowHost = {
  nvidiaGpuVisible: () => {
    const dir = '/proc/driver/nvidia/gpus';
    return existsSync(dir) && readdirSync(dir).length > 0;
  },
  loadTfjsNodeGpu: () => {
    require('@tensorflow/tfjs-node-gpu');
  },
  setBackend: (name) => tf.setBackend(name),
};

export async function startTensorflow(forced: boolean, host: TensorflowHost = realTensorflowHost): Promise<StartResult> {
  // Without a GPU it would run on libtensorflow's CPU kernels; auto leaves that to wasm.
  if (!forced && !host.nvidiaGpuVisible())
    return { ok: false, reason: 'no NVIDIA GPU visible (/proc/driver/nvidia/gpus is empty or absent)' };
  try {
    host.loadTfjsNodeGpu();
  } catch (e) {
    return { ok: false, reason: `@tensorflow/tfjs-node-gpu is not installed or cannot load: ${firstLine(e)}` };
  }
  if (!(await host.setBackend('tensorflow'))) return { ok: false, reason: 'tfjs-node-gpu loaded but its backend failed to initialise' };
  return { ok: true, reason: 'tfjs-node-gpu (CUDA)' };
}
