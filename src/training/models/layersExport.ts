/**
 * tf.layers equivalents of the project's layers, for exporting a network as a TensorFlow.js model
 * (`tf.loadLayersModel` in a web page). Each takes the current values of the variables it mirrors.
 */
import * as tf from '@tensorflow/tfjs';
import type { NetworkConfig } from '../../shared/experiment/schema';
import type { Dense } from './dense';

export function activationLayer(config: Pick<NetworkConfig, 'activation' | 'leakySlope'>): tf.layers.Layer {
  switch (config.activation) {
    case 'relu':
      return tf.layers.reLU();
    case 'leakyRelu':
      return tf.layers.leakyReLU({ alpha: config.leakySlope });
    case 'tanh':
      return tf.layers.activation({ activation: 'tanh' });
    case 'elu':
      return tf.layers.elu({ alpha: 1 });
  }
}

export function tanhLayer(): tf.layers.Layer {
  return tf.layers.activation({ activation: 'tanh' });
}

/** The first layer of a model also names the input width. */
export function denseLayer(dense: Dense, inputDim?: number): tf.layers.Layer {
  const [inputs, units] = dense.kernel.shape as [number, number];
  return tf.layers.dense({
    units,
    ...(inputDim !== undefined && { inputShape: [inputs] }),
    weights: [dense.kernel, dense.bias],
  });
}
