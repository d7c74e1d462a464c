/**
 * `tensorflow`: the native TensorFlow backend, an optional package installed on demand or beside
 * the trainer. Two variants: `gpu` (@tensorflow/tfjs-node-gpu, CUDA; auto tries it only with an
 * NVIDIA GPU visible) and `cpu` (@tensorflow/tfjs-node, libtensorflow's multi-threaded CPU
 * kernels). tfjs-node-gpu falls back to the CPU when a CUDA library is missing, logging it only on
 * stderr: that is detected (the backend's isUsingGpuDevice) and explained (nativeDiagnosis.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { existsSync, readdirSync } from 'node:fs';
import { NATIVE_PACKAGES, type NativeVariant } from '../../shared/backendCheck';
import { diagnoseMissingCudaLibraries, diagnoseNativeGpu, CUDA_REQUIREMENT } from './nativeDiagnosis';
import { loadNative, NativeNotInstalledError, type LoadedNative } from './nativeLoader';
import { sharedLibraryFinder } from './sharedLibraries';
import { type StartResult } from './types';

export interface TensorflowHost {
  nvidiaGpuVisible(): boolean;
  /** Loads the variant's package, which registers the `tensorflow` backend; throws when it cannot. */
  load(variant: NativeVariant): LoadedNative;
  setBackend(name: string): Promise<boolean>;
  /** Whether the active backend computes on a GPU device (tfjs-node's isUsingGpuDevice); undefined when it does not say. */
  usingGpuDevice(): boolean | undefined;
  /** Why CUDA is unusable, from looking for its libraries on this machine; undefined when all are there. */
  missingCuda(): string | undefined;
  /** The trainer's tfjs version, which the native package should match. */
  tfjsVersion: string;
}

export const realTensorflowHost: TensorflowHost = {
  nvidiaGpuVisible: () => {
    const dir = '/proc/driver/nvidia/gpus';
    return existsSync(dir) && readdirSync(dir).length > 0;
  },
  load: (variant) => loadNative(variant),
  setBackend: (name) => tf.setBackend(name),
  usingGpuDevice: () => {
    const flag: unknown = (tf.backend() as unknown as { isUsingGpuDevice?: unknown }).isUsingGpuDevice;
    return typeof flag === 'boolean' ? flag : undefined;
  },
  missingCuda: () => (process.platform === 'linux' ? diagnoseMissingCudaLibraries(sharedLibraryFinder()) : undefined),
  tfjsVersion: tf.version.tfjs,
};

/** The loader's error in a reason: the CUDA diagnosis when it names one, else its first line. */
function loadFailure(packageName: string, e: unknown): string {
  if (e instanceof NativeNotInstalledError) return e.message;
  const text = e instanceof Error ? e.message : String(e);
  const diagnosis = diagnoseNativeGpu(text);
  return `${packageName} is installed but cannot load: ${diagnosis ?? text.split('\n')[0]!}`;
}

/** What started, with the variant it serves as (a CPU-only tfjs-node-gpu serves as the cpu variant). */
function describe(native: LoadedNative, onGpu: boolean, tfjsVersion: string): string {
  const kernels = onGpu ? 'gpu variant: CUDA on the NVIDIA GPU' : "cpu variant: libtensorflow's multi-threaded CPU kernels";
  const version =
    native.version && native.version !== tfjsVersion ? `; version ${native.version}, the trainer's tfjs is ${tfjsVersion}` : '';
  return `${native.packageName} (${kernels}), from ${native.from}${version}`;
}

async function startVariant(variant: NativeVariant, forced: boolean, host: TensorflowHost): Promise<StartResult> {
  let native: LoadedNative;
  try {
    native = host.load(variant);
  } catch (e) {
    return { ok: false, reason: loadFailure(NATIVE_PACKAGES[variant], e) };
  }
  if (!(await host.setBackend('tensorflow')))
    return { ok: false, reason: `${native.packageName} loaded but its backend failed to initialise` };
  const onGpu = native.variant === 'gpu' && host.usingGpuDevice() !== false;
  if (native.variant === 'gpu' && !onGpu && variant === 'gpu') {
    const why = host.missingCuda() ?? 'libtensorflow found no usable CUDA device';
    const fallback = `${native.packageName} runs on the CPU, not the GPU: ${why} (it needs ${CUDA_REQUIREMENT})`;
    if (!forced) return { ok: false, reason: fallback };
    return { ok: true, reason: `${describe(native, false, host.tfjsVersion)} — ${fallback}` };
  }
  return { ok: true, reason: describe(native, onGpu, host.tfjsVersion) };
}

/**
 * Starts one variant (auto's candidates), or, forced with no variant, the GPU package if it is
 * installed, else the CPU one. Auto skips the GPU variant without an NVIDIA GPU, and when its
 * package would compute on the CPU.
 */
export async function startTensorflow(
  forced: boolean,
  variant?: NativeVariant,
  host: TensorflowHost = realTensorflowHost,
): Promise<StartResult> {
  if (variant === 'gpu' && !forced && !host.nvidiaGpuVisible())
    return {
      ok: false,
      reason: 'no NVIDIA GPU visible (/proc/driver/nvidia/gpus is empty or absent), so @tensorflow/tfjs-node-gpu is not tried',
    };
  if (variant) return startVariant(variant, forced, host);
  const gpu = await startVariant('gpu', true, host);
  if (gpu.ok) return gpu;
  const cpu = await startVariant('cpu', true, host);
  return cpu.ok ? cpu : { ok: false, reason: `${gpu.reason}; ${cpu.reason}` };
}
