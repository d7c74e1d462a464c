import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../random';
import { createVariable } from './variables';

/**
 * The first layer of a convolutional generator: a fully connected layer from z to a side × side ×
 * channels map (DCGAN's "project and reshape"), initialised as PyTorch's nn.Linear (uniform on
 * ±1/√fan_in, fan_in = z's dimension). No bias where batch normalisation follows.
 */
export class Projection {
  readonly kernel: tf.Variable;
  readonly bias: tf.Variable | undefined;

  constructor(
    name: string,
    readonly inputs: number,
    readonly side: number,
    readonly channels: number,
    withBias: boolean,
    rng: Rng,
  ) {
    const units = side * side * channels;
    const bound = 1 / Math.sqrt(inputs);
    this.kernel = createVariable(
      tf.tensor2d(rng.fillUniform(new Float32Array(inputs * units), -bound, bound), [inputs, units]),
      true,
      `${name}/kernel`,
    );
    this.bias = withBias
      ? createVariable(tf.tensor1d(rng.fillUniform(new Float32Array(units), -bound, bound)), true, `${name}/bias`)
      : undefined;
  }

  apply(z: tf.Tensor2D): tf.Tensor4D {
    const flat = tf.matMul(z, this.kernel as tf.Tensor2D);
    return tf.reshape(this.bias ? tf.add(flat, this.bias) : flat, [z.shape[0], this.side, this.side, this.channels]);
  }

  get variables(): tf.Variable[] {
    return this.bias ? [this.kernel, this.bias] : [this.kernel];
  }

  /** Appends the equivalent tf.layers layers (dense, reshape), holding these weights, to `model`; they take z. */
  addTo(model: tf.Sequential): void {
    const dense = tf.layers.dense({
      inputShape: [this.inputs],
      units: this.side * this.side * this.channels,
      useBias: this.bias !== undefined,
    });
    model.add(dense);
    dense.setWeights(this.variables);
    model.add(tf.layers.reshape({ targetShape: [this.side, this.side, this.channels] }));
  }
}
