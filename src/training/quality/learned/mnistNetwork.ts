/**
 * The MNIST classifier's network, defined once for the training script and the trainer's learned
 * metrics: conv 5×5 (32, valid) → ReLU → max-pool 2 → conv 5×5 (64, valid) → ReLU → max-pool 2 →
 * dense 1024→128 → ReLU (the features) → dense 128→10 (the logits). Input: 28×28 grayscale images
 * flattened row-major, values in [−1, 1] (−1 black, 1 white). Kernels are tfjs's layouts: conv
 * [height, width, in, out], dense [in, out]; the flatten before `features` is in NHWC order
 * (row, column, channel).
 */
import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../../random';

export const IMAGE_SIDE = 28;
export const INPUT_DIM = IMAGE_SIDE * IMAGE_SIDE;
export const FEATURE_DIM = 128;
export const CLASS_COUNT = 10;

/** Every weight tensor, in the order the weights file stores them. */
export const WEIGHT_SHAPES = {
  'conv1/kernel': [5, 5, 1, 32],
  'conv1/bias': [32],
  'conv2/kernel': [5, 5, 32, 64],
  'conv2/bias': [64],
  'features/kernel': [4 * 4 * 64, FEATURE_DIM],
  'features/bias': [FEATURE_DIM],
  'logits/kernel': [FEATURE_DIM, CLASS_COUNT],
  'logits/bias': [CLASS_COUNT],
} as const satisfies Record<string, readonly number[]>;

export type WeightName = keyof typeof WEIGHT_SHAPES;
export const WEIGHT_NAMES = Object.keys(WEIGHT_SHAPES) as WeightName[];

/** The network's parameters: plain tensors at run time, variables while training. */
export type MnistWeights = Record<WeightName, tf.Tensor>;

export const weightSize = (name: WeightName): number => WEIGHT_SHAPES[name].reduce((a: number, b: number) => a * b, 1);

/** Penultimate features (after the ReLU) and class logits of n flattened images [n, 784]. */
export function mnistForward(weights: MnistWeights, images: tf.Tensor2D): { features: tf.Tensor2D; logits: tf.Tensor2D } {
  return tf.tidy(() => {
    const x = tf.reshape(images, [-1, IMAGE_SIDE, IMAGE_SIDE, 1]) as tf.Tensor4D;
    const conv = (input: tf.Tensor4D, layer: 'conv1' | 'conv2'): tf.Tensor4D => {
      const y = tf.add(tf.conv2d(input, weights[`${layer}/kernel`] as tf.Tensor4D, 1, 'valid'), weights[`${layer}/bias`]);
      return tf.maxPool(tf.relu(y as tf.Tensor4D), 2, 2, 'valid');
    };
    const maps = conv(conv(x, 'conv1'), 'conv2');
    const flat = tf.reshape(maps, [-1, WEIGHT_SHAPES['features/kernel'][0]]) as tf.Tensor2D;
    const features = tf.relu(tf.add(tf.matMul(flat, weights['features/kernel'] as tf.Tensor2D), weights['features/bias'])) as tf.Tensor2D;
    const logits = tf.add(tf.matMul(features, weights['logits/kernel'] as tf.Tensor2D), weights['logits/bias']) as tf.Tensor2D;
    return { features, logits };
  });
}

/**
 * Fresh weights as PyTorch initialises Conv2d and Linear (uniform on ±1/√fan_in), drawn from
 * `rng` in WEIGHT_NAMES order; each bias shares its kernel's fan-in.
 */
export function initialMnistWeights(rng: Rng): Record<WeightName, Float32Array> {
  const fanIn = (name: WeightName) => {
    const kernel = WEIGHT_SHAPES[name.replace('/bias', '/kernel') as WeightName];
    return kernel.slice(0, -1).reduce((a: number, b: number) => a * b, 1);
  };
  const out = {} as Record<WeightName, Float32Array>;
  for (const name of WEIGHT_NAMES) {
    const bound = 1 / Math.sqrt(fanIn(name));
    out[name] = rng.fillUniform(new Float32Array(weightSize(name)), -bound, bound);
  }
  return out;
}
