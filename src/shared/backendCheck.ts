/**
 * What `gan-train --check-backends FILE --json` prints and the editor's "Check Backends" command
 * reads, and where the optional native TensorFlow backend lives once installed on demand. One
 * definition for the trainer, the CLI and the extension host.
 *
 * The check starts every backend in turn, reports its state (started, or skipped with why), times
 * a few training steps of the experiment's own model on each one that starts, and names the
 * fastest. Its measurement is cached per model shape and machine, and `auto` may use it.
 */
import type { ConcreteBackend } from './runFormat';

/**
 * The environment variable naming the folder the native backend was installed into (npm's prefix:
 * the package is at `<folder>/node_modules/@tensorflow/tfjs-node-gpu` or `…/tfjs-node`). The
 * extension sets it for every process it starts when the folder holds an install; a terminal user
 * may set it by hand.
 */
export const NATIVE_BACKEND_DIR_ENV = 'GAN_WORKBENCH_NATIVE_DIR';

/**
 * Set (to anything) in the environment of a trainer, `auto` ignores the cached Check Backends
 * measurements and walks its fixed order.
 */
export const IGNORE_SPEED_CACHE_ENV = 'GAN_WORKBENCH_IGNORE_SPEED_CACHE';

/** The two packages of the native backend: CUDA on an NVIDIA GPU, or libtensorflow's multi-threaded CPU kernels. */
export type NativeVariant = 'gpu' | 'cpu';
export const NATIVE_PACKAGES: Record<NativeVariant, string> = {
  gpu: '@tensorflow/tfjs-node-gpu',
  cpu: '@tensorflow/tfjs-node',
};

/** One backend's line in the check. */
export interface BackendCheckEntry {
  name: ConcreteBackend;
  /** Which package or variant, where a backend has several (the native backend: `gpu` or `cpu`). */
  variant?: string;
  /** `measured`: started, passed the probe and was timed; `skipped`: could not start or failed the probe; `failed`: started but the timed steps threw. */
  state: 'measured' | 'skipped' | 'failed';
  /** What started (as a run records it), or why it was skipped or failed. */
  reason: string;
  /** The device it computes on, where one is named (webgpu: the adapter). */
  device?: string;
  /** Timed training steps per second (after warm-up), for `measured` entries. */
  stepsPerSecond?: number;
  /** How many steps were timed, and the warm-up steps before them (shader compilation, first allocations). */
  timedSteps?: number;
  warmupSteps?: number;
}

/** The JSON line `gan-train --check-backends FILE --json` prints (its last line; progress lines may precede it). */
export interface BackendCheckResult {
  type: 'backendCheck';
  /** The experiment file whose model was timed. */
  file: string;
  /** The key of the model shape and machine the measurement is cached under. */
  cacheKey: string;
  entries: BackendCheckEntry[];
  /** The fastest measured backend; absent when none could be measured. */
  fastest?: ConcreteBackend;
  /** The fastest entry's variant, when it has one (the native backend: `gpu` or `cpu`). */
  fastestVariant?: string;
  /** When it was measured (ISO 8601). */
  measuredAt: string;
}

/** A progress line while the check runs: which backend it is on. */
export interface BackendCheckProgress {
  type: 'backendCheckProgress';
  name: ConcreteBackend;
  variant?: string;
  /** 1-based position among the backends checked, and how many there are. */
  index: number;
  count: number;
}
