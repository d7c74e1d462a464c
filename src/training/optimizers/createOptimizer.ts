import type * as tf from '@tensorflow/tfjs';
import type { OptimizerConfig } from '../../shared/experiment/schema';
import { Adam } from './adam';
import type { Optimizer } from './optimizer';
import { RmsProp } from './rmsprop';
import { Sgd } from './sgd';

export function createOptimizer(config: OptimizerConfig, params: tf.Variable[]): Optimizer {
  switch (config.kind) {
    case 'adam':
      return new Adam(params, { lr: config.lr, beta1: config.beta1, beta2: config.beta2, epsilon: config.epsilon });
    case 'rmsprop':
      return new RmsProp(params, { lr: config.lr, decay: config.decay, momentum: config.momentum, epsilon: config.epsilon });
    case 'sgd':
      return new Sgd(params, { lr: config.lr, momentum: config.momentum });
  }
}
