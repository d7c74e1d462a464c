import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../random';
import { uniformConvParameters } from './convParameters';

/**
 * A stride-s transposed convolution with "same" padding on NHWC maps: the side grows s-fold (for
 * k = 4, s = 2 this is PyTorch's ConvTranspose2d(k=4, s=2, p=1)). Initialised as PyTorch does:
 * uniform on ±1/√fan_in for weights and bias, where PyTorch's fan_in for a transposed convolution
 * is outChannels·k·k (it reads dimension 1 of its [in, out, k, k] weight). Kernel [k, k, out, in],
 * the layout tf.conv2dTranspose takes. No bias where batch normalisation follows.
 */
export class ConvTranspose2d {
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
      [kernelSize, kernelSize, outChannels, inChannels],
      outChannels * kernelSize * kernelSize,
      withBias ? outChannels : undefined,
      rng,
    ));
  }

  apply(x: tf.Tensor4D): tf.Tensor4D {
    const [n, h, w] = x.shape;
    const shape: [number, number, number, number] = [n, h * this.stride, w * this.stride, this.outChannels];
    const y = tf.conv2dTranspose(x, this.kernel as tf.Tensor4D, shape, this.stride, 'same');
    return this.bias ? tf.add(y, this.bias) : y;
  }

  get variables(): tf.Variable[] {
    return this.bias ? [this.kernel, this.bias] : [this.kernel];
  }

  /** Appends the equivalent tf.layers layer, holding these weights, to `model`. */
  addTo(model: tf.Sequential): void {
    const layer = tf.layers.conv2dTranspose({
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
