import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../random';
import { createVariable } from './variables';

/**
 * A convolution's kernel of `shape` and (optionally) its bias of `biasSize`, uniform on ±1/√fanIn as
 * PyTorch initialises them; the kernel is drawn first, then the bias.
 */
export function uniformConvParameters(
  name: string,
  shape: [number, number, number, number],
  fanIn: number,
  biasSize: number | undefined,
  rng: Rng,
): { kernel: tf.Variable; bias: tf.Variable | undefined } {
  const bound = 1 / Math.sqrt(fanIn);
  const w = rng.fillUniform(new Float32Array(shape.reduce((a, b) => a * b, 1)), -bound, bound);
  const kernel = createVariable(tf.tensor4d(w, shape), true, `${name}/kernel`);
  const bias =
    biasSize === undefined
      ? undefined
      : createVariable(tf.tensor1d(rng.fillUniform(new Float32Array(biasSize), -bound, bound)), true, `${name}/bias`);
  return { kernel, bias };
}
