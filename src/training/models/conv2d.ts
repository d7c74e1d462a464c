import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../random';
import { uniformConvParameters } from './convParameters';

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
    ({ kernel: this.kernel, bias: this.bias } = uniformConvParameters(
      name,
      [kernelSize, kernelSize, inChannels, outChannels],
      inChannels * kernelSize * kernelSize,
      withBias ? outChannels : undefined,
      rng,
    ));
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
