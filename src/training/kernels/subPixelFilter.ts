/**
 * The sub-pixel form of a transposed convolution's filter: padded input row hp = s·u + a of
 * conv2d's input gradient only receives taps i ≡ a (mod s), so each phase (a, b) is a stride-1
 * correlation of dy with the reversed taps a, a+s, … of W (conv2dBackpropInput.ts derives it).
 */
import type * as tf from '@tensorflow/tfjs';
import type { ConvGeometry } from './convGeometry';
import type { KernelScope } from './kernelScope';

type TensorInfo = tf.TensorInfo;

/** A phase of the sub-pixel form: output rows ≡ `row`, columns ≡ `column` (mod the strides) of the padded dx. */
export interface Phase {
  row: number;
  column: number;
}

/** Every phase, row-major: the channel blocks of the one-convolution form. */
const allPhases = (g: ConvGeometry): Phase[] =>
  Array.from({ length: g.strideHeight * g.strideWidth }, (_, i) => ({ row: Math.floor(i / g.strideWidth), column: i % g.strideWidth }));

/**
 * The filter [th, tw, outChannels, phases·inChannels] whose output channel p·ci + c at tap (m', n')
 * is W[a + sh·(th−1−m'), b + sw·(tw−1−n'), c, o] for the p-th phase (a, b), zero past the filter's
 * edge, from W's values `w` ([kh, kw, inChannels, outChannels]). Built in JavaScript: the filter is
 * small, and the backends' gather and reverse kernels are element loops.
 */
export function subPixelFilter(
  s: KernelScope,
  w: Float32Array,
  g: ConvGeometry,
  th: number,
  tw: number,
  phases: Phase[] = allPhases(g),
): TensorInfo {
  return s.constant(subPixelFilterValues(w, g, th, tw, phases), [th, tw, g.outChannels, phases.length * g.inChannels]);
}

/** subPixelFilter's values, in JavaScript memory (no backend allocation: `w` may be a heap view). */
export function subPixelFilterValues(w: Float32Array, g: ConvGeometry, th: number, tw: number, phases: Phase[]): Float32Array {
  const { strideHeight: sh, strideWidth: sw, inChannels: ci, outChannels: co, filterHeight: kh, filterWidth: kw } = g;
  const out = new Float32Array(th * tw * co * phases.length * ci);
  let k = 0;
  for (let m = 0; m < th; m++)
    for (let n = 0; n < tw; n++)
      for (let o = 0; o < co; o++)
        for (const { row: a, column: b } of phases) {
          const i = a + sh * (th - 1 - m);
          const j = b + sw * (tw - 1 - n);
          if (i >= kh || j >= kw) {
            k += ci;
            continue;
          }
          for (let c = 0, from = (i * kw + j) * ci * co + o; c < ci; c++, from += co) out[k++] = w[from]!;
        }
  return out;
}
