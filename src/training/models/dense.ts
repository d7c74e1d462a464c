import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../random';
import { createVariable } from './variables';

/**
 * A fully connected layer initialised as PyTorch's nn.Linear (weights and bias uniform on
 * ±1/√fan_in), so runs compare with the PyTorch scripts GAN papers ship.
 */
export class Dense {
  readonly kernel: tf.Variable;
  readonly bias: tf.Variable;

  constructor(name: string, inputs: number, outputs: number, rng: Rng) {
    const bound = 1 / Math.sqrt(inputs);
    const w = rng.fillUniform(new Float32Array(inputs * outputs), -bound, bound);
    const b = rng.fillUniform(new Float32Array(outputs), -bound, bound);
    this.kernel = createVariable(tf.tensor2d(w, [inputs, outputs]), true, `${name}/kernel`);
    this.bias = createVariable(tf.tensor1d(b), true, `${name}/bias`);
  }

  apply(x: tf.Tensor2D): tf.Tensor2D {
    return tf.add(tf.matMul(x, this.kernel), this.bias);
  }

  get variables(): tf.Variable[] {
    return [this.kernel, this.bias];
  }
}
