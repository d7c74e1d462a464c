/**
 * Chooses and starts the TensorFlow.js backend. `auto` tries tensorflow (tfjs-node-gpu with a CUDA
 * GPU), webgpu (Dawn on a real GPU), tensorflow (tfjs-node's multi-threaded CPU kernels), wasm,
 * then cpu — or, when Check Backends measured this model on this machine, the measured backends
 * fastest first — and records why it chose and why each earlier candidate was skipped; every
 * backend but cpu must pass a numerical probe against cpu first. A forced backend that cannot
 * start is an error, never a silent fallback. The pieces are in backends/ and backendCheck/.
 */
import * as tf from '@tensorflow/tfjs';
import { IGNORE_SPEED_CACHE_ENV, type BackendCheckResult } from '../shared/backendCheck';
import type { BackendName, Experiment } from '../shared/experiment/schema';
import type { BackendChoice } from '../shared/runFormat';
import { machineShape } from './backendCheck/machine';
import { modelShape } from './backendCheck/modelKey';
import { cacheKey, SpeedCache } from './backendCheck/speedCache';
import { chooseBackend } from './backends/choose';
import { startCpu } from './backends/cpu';
import { probeActiveBackend } from './backends/probe';
import { startTensorflow } from './backends/tensorflow';
import type { SelectionDeps } from './backends/types';
import { startWasm } from './backends/wasm';
import { startWebgpu } from './backends/webgpu';

export { BackendUnavailableError } from './backends/choose';

export const REAL_BACKENDS: SelectionDeps = {
  start: {
    tensorflow: (forced, variant) => startTensorflow(forced, variant),
    webgpu: (forced) => startWebgpu(forced),
    wasm: startWasm,
    cpu: startCpu,
  },
  probe: probeActiveBackend,
};

/** The cache key of this experiment's model on this machine. */
export const speedCacheKey = (model: Experiment, env: NodeJS.ProcessEnv = process.env): string =>
  cacheKey(modelShape(model), machineShape(env));

const warnOnStderr = (message: string) => process.stderr.write(`gan-workbench: warning: ${message}\n`);

/** The Check Backends measurement of `model` on this machine, unless GAN_WORKBENCH_IGNORE_SPEED_CACHE is set. */
export function cachedMeasurement(
  model: Experiment,
  env: NodeJS.ProcessEnv = process.env,
  warn = warnOnStderr,
): BackendCheckResult | undefined {
  if (env[IGNORE_SPEED_CACHE_ENV]) return undefined;
  try {
    return new SpeedCache(undefined, warn).get(speedCacheKey(model, env));
  } catch (e) {
    warn(`the backend speed cache could not be read: ${e instanceof Error ? e.message : String(e)}`);
    return undefined;
  }
}

/**
 * Starts `requested`. With the experiment's config, `auto` uses the cached Check Backends
 * measurement of its model on this machine when there is one.
 */
export async function selectBackend(
  requested: BackendName,
  model?: Experiment,
  deps: SelectionDeps = REAL_BACKENDS,
): Promise<BackendChoice> {
  // Silences tfjs's "install tfjs-node" banner and debug checks; errors still throw.
  tf.enableProdMode();
  const measured = requested === 'auto' && model ? cachedMeasurement(model) : undefined;
  return chooseBackend(requested, measured ? { ...deps, measured } : deps);
}
