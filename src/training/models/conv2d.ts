import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../random';
import { createVariable } from './variables';

/**
 * A stride-s convolution with "same" padding on NHWC maps (output side ⌈side/s⌉), initialised as
 * PyTorch's nn.Conv2d: kaiming-uniform with a = √5, i.e. weights and bias uniform on ±1/√fan_in,
 * fan_in = inChannels·k·k. Kernel [k, k, in, out]. No bias where batch normalisation follows
 * (it would cancel it, and its gradient would be zero).
 */
export class Conv2d {
  readonly kernel: tf.Variable;
  readonly bias: tf.Variable | undefined;

  constructor(
    name: string,
    readonly inChannels: number,
    readonly outChannels: number,
    readonly kernelSize: number,
    readonly stride: number,
    withBias: boolean,
    rng: Rng,
  ) {
    const bound = 1 / Math.sqrt(inChannels * kernelSize * kernelSize);
    const w = rng.fillUniform(new Float32Array(kernelSize * kernelSize * inChannels * outChannels), -bound, bound);
    this.kernel = createVariable(tf.tensor4d(w, [kernelSize, kernelSize, inChannels, outChannels]), true, `${name}/kernel`);
    this.bias = withBias
      ? createVariable(tf.tensor1d(rng.fillUniform(new Float32Array(outChannels), -bound, bound)), true, `${name}/bias`)
      : undefined;
  }

  apply(x: tf.Tensor4D): tf.Tensor4D {
    const y = tf.conv2d(x, this.kernel as tf.Tensor4D, this.stride, 'same');
    return this.bias ? tf.add(y, this.bias) : y;
  }

  get variables(): tf.Variable[] {
    return this.bias ? [this.kernel, this.bias] : [this.kernel];
  }

  /** Appends the equivalent tf.layers layer, holding these weights, to `model`. */
  addTo(model: tf.Sequential): void {
    const layer = tf.layers.conv2d({
      filters: this.outChannels,
      kernelSize: this.kernelSize,
      strides: this.stride,
      padding: 'same',
      useBias: this.bias !== undefined,
    });
    model.add(layer);
    layer.setWeights(this.variables);
  }
}
