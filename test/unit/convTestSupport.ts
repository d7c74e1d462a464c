/** Helpers shared by the conv kernel tests: backend switching that restores, seeded data, errors. */
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../src/training/backend';
import { Rng } from '../../src/training/random';

export type TestBackend = 'cpu' | 'wasm';
export const TEST_BACKENDS: TestBackend[] = ['cpu', 'wasm'];

/**
 * Remembers the active backend; `restore` re-selects it (through selectBackend for cpu and wasm, so
 * their kernels stay registered). With none active, it leaves wasm, the backend the other unit
 * tests use.
 */
export function rememberBackend(): () => Promise<void> {
  // The engine's backendName is undefined until a backend has been set.
  const previous: string | undefined = tf.engine().backendName || undefined;
  return async () => {
    if (previous === undefined || previous === 'cpu' || previous === 'wasm') await selectBackend(previous ?? 'wasm');
    else await tf.setBackend(previous);
  };
}

export function normal(seed: number, size: number, scale = 1): Float32Array {
  const values = new Rng(seed).fillNormal(new Float32Array(size));
  return scale === 1 ? values : values.map((v) => v * scale);
}

/** max |a − b| / max(1, max |b|): absolute error for values of order 1, relative for larger ones. */
export function scaledError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  if (actual.length !== expected.length) throw new Error(`lengths differ: ${actual.length} vs ${expected.length}`);
  let worst = 0;
  let scale = 1;
  for (let i = 0; i < expected.length; i++) {
    worst = Math.max(worst, Math.abs(actual[i]! - expected[i]!));
    scale = Math.max(scale, Math.abs(expected[i]!));
  }
  return worst / scale;
}

/** A kernel's values, read back and the tensor disposed (never returned from a tidy: tidy walks arrays). */
export function valuesOf(make: () => tf.Tensor): Float32Array {
  const t = tf.tidy(make);
  const values = t.dataSync() as Float32Array;
  t.dispose();
  return values;
}

/** Runs a kernel config directly on the active backend (e.g. the stock one a composite replaced). */
export function runConfig(config: tf.KernelConfig, inputs: Record<string, tf.Tensor>, attrs: object): Float32Array {
  const backend = tf.backend();
  const out = config.kernelFunc({ inputs, backend, attrs: attrs as tf.NamedAttrMap }) as tf.TensorInfo;
  const values = Float32Array.from(backend.readSync(out.dataId) as Float32Array);
  backend.disposeData(out.dataId);
  return values;
}
