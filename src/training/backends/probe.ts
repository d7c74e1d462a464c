/**
 * The start-up check of a backend's arithmetic: a small matMul and the gradient of
 * sum(tanh(x·W)) with respect to W, computed with tf on the active backend and compared with the
 * same values computed in float64 JavaScript (what the cpu backend computes, without switching
 * backends). Catches a GPU driver or a software rasteriser that runs the shaders but gets the
 * numbers wrong. A few milliseconds once the backend's shaders are compiled.
 */
import * as tf from '@tensorflow/tfjs';
import { firstLine, type ProbeResult } from './types';

const N = 8;
const K = 16;
const M = 8;
/** float32 sums of 16 products of O(1) values are good to ~1e-6; wrong kernels are off by O(1). */
export const PROBE_TOLERANCE = 1e-3;

/** Deterministic values in [-1, 1], no two rows alike. */
const fill = (length: number, seed: number) => Float64Array.from({ length }, (_, i) => Math.sin(seed + 1.7 * i + 0.31 * i * i));

interface ProbeInput {
  x: Float64Array;
  w: Float64Array;
}

export const PROBE_INPUT: ProbeInput = { x: fill(N * K, 1), w: fill(K * M, 2).map((v) => v / 2) };

/** x·W and ∂/∂W sum(tanh(x·W)) = xᵀ·(1 − tanh²(x·W)), in float64. */
export function referenceValues({ x, w }: ProbeInput): { product: Float64Array; gradient: Float64Array } {
  const product = new Float64Array(N * M);
  for (let i = 0; i < N; i++) for (let j = 0; j < M; j++) for (let k = 0; k < K; k++) product[i * M + j]! += x[i * K + k]! * w[k * M + j]!;
  const slope = product.map((v) => 1 - Math.tanh(v) ** 2);
  const gradient = new Float64Array(K * M);
  for (let k = 0; k < K; k++)
    for (let j = 0; j < M; j++) for (let i = 0; i < N; i++) gradient[k * M + j]! += x[i * K + k]! * slope[i * M + j]!;
  return { product, gradient };
}

/** Both values on the active backend, read asynchronously (webgpu in Node has no synchronous read). */
async function backendValues({ x, w }: ProbeInput): Promise<{ product: Float32Array; gradient: Float32Array }> {
  const [product, gradient] = tf.tidy(() => {
    const xt = tf.tensor2d(Float32Array.from(x), [N, K]);
    const wt = tf.tensor2d(Float32Array.from(w), [K, M]);
    const grad = tf.grad((wv: tf.Tensor) => tf.sum(tf.tanh(tf.matMul(xt, wv as tf.Tensor2D))));
    return [tf.matMul(xt, wt), grad(wt)];
  });
  try {
    return { product: (await product.data()) as Float32Array, gradient: (await gradient.data()) as Float32Array };
  } finally {
    tf.dispose([product, gradient]);
  }
}

const maxAbsError = (actual: Float32Array, expected: Float64Array) =>
  actual.length !== expected.length
    ? Infinity
    : actual.reduce((worst, v, i) => Math.max(worst, Number.isNaN(v) ? Infinity : Math.abs(v - expected[i]!)), 0);

/** Compares measured values with the reference; pure, so a mismatch can be tested directly. */
export function judgeProbe(
  measured: { product: Float32Array; gradient: Float32Array },
  reference: { product: Float64Array; gradient: Float64Array },
  tolerance = PROBE_TOLERANCE,
): ProbeResult {
  const productError = maxAbsError(measured.product, reference.product);
  const gradientError = maxAbsError(measured.gradient, reference.gradient);
  if (Math.max(productError, gradientError) <= tolerance) return { ok: true, maxAbsError: Math.max(productError, gradientError) };
  const [which, error] = productError > tolerance ? ['matMul', productError] : ['gradient of sum(tanh(x·W))', gradientError];
  return {
    ok: false,
    reason: `its numerical probe disagrees with cpu: the ${which} is off by up to ${error.toExponential(2)} (max abs error; tolerance ${tolerance})`,
  };
}

/** The probe on tfjs's active backend. */
export async function probeActiveBackend(): Promise<ProbeResult> {
  try {
    return judgeProbe(await backendValues(PROBE_INPUT), referenceValues(PROBE_INPUT));
  } catch (e) {
    return { ok: false, reason: `its numerical probe failed to run: ${firstLine(e)}` };
  }
}
