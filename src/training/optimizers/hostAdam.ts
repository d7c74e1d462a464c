/**
 * Adam's update of one parameter as one loop over host memory (see hostMemory.ts) instead of ~14
 * kernels, doing exactly the float32 arithmetic of the tensor ops in adam.ts, in the same order:
 * each + − × ÷ √ of two float32 values is computed in double and rounded once to float32, which
 * gives the correctly rounded float32 result (double has more than twice float32's precision), as
 * the cpu and wasm kernels compute it. So a run is bit for bit the same on either path.
 *
 * The results go into new tensors that the variables are assigned, as the tensor ops would (written
 * in place only before anyone else sees them, hostMemory.ts's updateOnHost): storage is never overwritten, because the wasm backend caches XNNPACK's packed copy of a matMul's
 * weights by tensor (an in-place update would leave the forward pass on the old weights), and the
 * cpu backend hands out its storage arrays from dataSync().
 */
import * as tf from '@tensorflow/tfjs';
import { updateOnHost } from '../hostMemory';
import { simdKernelsOf, simdReady, type SimdKernels } from '../kernels/simdKernels';

const f32 = Math.fround;

export interface AdamStep {
  lr: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  /** Updates so far, this one included (the bias corrections' exponent). */
  iterations: number;
  /** Whether m̂/(√v̂ + ε) is 0 where the denominator is 0 (tf.divNoNan), rather than 0/0. */
  divideNoNan: boolean;
}

/** Updates p, m and v from g; false (nothing done) where their values are not in host memory. */
export function adamOnHost(p: tf.Variable, m: tf.Variable, v: tf.Variable, g: tf.Tensor, s: AdamStep): boolean {
  if (g.size !== p.size) return false;
  return updateOnHost([m, v, p], [p, m, v, g], ([nextM, nextV, nextP], [pv, mv, vv, gv]) => {
    const arrays: AdamArrays = { p: pv!, m: mv!, v: vv!, g: gv!, nextP: nextP!, nextM: nextM!, nextV: nextV! };
    const scalars = adamScalars(s);
    // On wasm the arrays are ranges of the backend's heap (updateOnHost), where the SIMD kernel runs
    // the loop's float32 operations four lanes at a time (12–19× the loop).
    const kernels = s.divideNoNan ? undefined : simdAdam();
    if (kernels) adamOnSimd(kernels, arrays, scalars);
    else adamLoop(arrays, scalars, s.divideNoNan);
  });
}

/** The SIMD kernels where the active backend is wasm and they started, else undefined (then the loop runs). */
export function simdAdam(): SimdKernels | undefined {
  if (tf.getBackend() !== 'wasm') return undefined;
  const kernels = simdKernelsOf(tf.backend());
  return simdReady(kernels) ? kernels : undefined;
}

/** Inputs p, m, v, g and outputs of one update, all the same length. */
export interface AdamArrays {
  p: Float32Array;
  m: Float32Array;
  v: Float32Array;
  g: Float32Array;
  nextP: Float32Array;
  nextM: Float32Array;
  nextV: Float32Array;
}

/** The scalars the tensor ops would be given, as float32. */
export interface AdamScalars {
  beta1: number;
  keep1: number;
  beta2: number;
  keep2: number;
  correction2: number;
  epsilon: number;
  stepSize: number;
}

export function adamScalars(s: AdamStep): AdamScalars {
  return {
    beta1: f32(s.beta1),
    keep1: f32(1 - s.beta1),
    beta2: f32(s.beta2),
    keep2: f32(1 - s.beta2),
    correction2: f32(1 - s.beta2 ** s.iterations),
    epsilon: f32(s.epsilon),
    stepSize: f32(s.lr / (1 - s.beta1 ** s.iterations)),
  };
}

/** The update in JavaScript (exported for the benchmark that sets it against the SIMD kernel). */
export function adamLoop(a: AdamArrays, c: AdamScalars, divideNoNan: boolean): void {
  const { p, m, v, g, nextP, nextM, nextV } = a;
  const { beta1, keep1, beta2, keep2, correction2, epsilon, stepSize } = c;
  for (let i = 0; i < p.length; i++) {
    const gi = g[i]!;
    const mi = f32(f32(m[i]! * beta1) + f32(gi * keep1));
    const vi = f32(f32(v[i]! * beta2) + f32(f32(gi * gi) * keep2));
    nextM[i] = mi;
    nextV[i] = vi;
    const denominator = f32(f32(Math.sqrt(f32(vi / correction2))) + epsilon);
    const ratio = divideNoNan && denominator === 0 ? 0 : f32(mi / denominator);
    nextP[i] = f32(p[i]! - f32(ratio * stepSize));
  }
}

/** The same update on the SIMD kernel, for arrays on the wasm heap (without divideNoNan). */
export function adamOnSimd(kernels: SimdKernels, a: AdamArrays, c: AdamScalars): void {
  const at = (view: Float32Array) => view.byteOffset;
  kernels.adam(
    at(a.p),
    at(a.m),
    at(a.v),
    at(a.g),
    at(a.nextP),
    at(a.nextM),
    at(a.nextV),
    a.p.length,
    c.beta1,
    c.keep1,
    c.beta2,
    c.keep2,
    c.correction2,
    c.epsilon,
    c.stepSize,
  );
}
