/**
 * The committed MNIST classifier at run time: penultimate features and class probabilities of
 * 28×28 grayscale images in [−1, 1], for the learned image metrics. The network is mnistNetwork.ts,
 * the weights media/mnist-classifier/ (mnistWeightsFile.ts); nothing is downloaded.
 */
import * as tf from '@tensorflow/tfjs';
import { CLASS_COUNT, FEATURE_DIM, INPUT_DIM, mnistForward, WEIGHT_NAMES, WEIGHT_SHAPES, type MnistWeights } from './mnistNetwork';
import { defaultWeightsDirectory, readMnistWeights, type WeightsManifest } from './mnistWeightsFile';

export { CLASS_COUNT, FEATURE_DIM, IMAGE_SIDE as CLASSIFIER_SIDE, INPUT_DIM } from './mnistNetwork';
export { toClassifierImages } from './classifierInput';

/** Images per forward pass: bounds the activations (~6 MB of conv maps per 100 images). */
const BATCH = 250;

export interface Embedding {
  /** n × FEATURE_DIM, row-major: the ReLU features before the last layer. */
  features: Float32Array;
  /** n × CLASS_COUNT, row-major: softmax probabilities, each row summing to 1. */
  probabilities: Float32Array;
}

export interface MnistClassifier {
  /** What the weights file says about them (test accuracy, training settings). */
  readonly manifest: WeightsManifest;
  /** `images`: n × 784 values in [−1, 1] (toClassifierImages brings other sizes and colour images to it). */
  embed(images: Float32Array): Promise<Embedding>;
  dispose(): void;
}

/** Loads the committed weights (checked against their sha256) onto the active backend. */
export async function loadMnistClassifier(directory: string = defaultWeightsDirectory()): Promise<MnistClassifier> {
  const { manifest, values } = await readMnistWeights(directory);
  const weights = {} as MnistWeights;
  for (const name of WEIGHT_NAMES) weights[name] = tf.tensor(values[name], [...WEIGHT_SHAPES[name]]);
  let disposed = false;
  return {
    manifest,
    async embed(images) {
      if (disposed) throw new Error('the MNIST classifier was disposed');
      if (images.length % INPUT_DIM !== 0)
        throw new Error(`the MNIST classifier takes rows of ${INPUT_DIM} values (28×28), got ${images.length} values`);
      const n = images.length / INPUT_DIM;
      const features = new Float32Array(n * FEATURE_DIM);
      const probabilities = new Float32Array(n * CLASS_COUNT);
      for (let start = 0; start < n; start += BATCH) {
        const count = Math.min(BATCH, n - start);
        const [f, p] = tf.tidy(() => {
          const x = tf.tensor2d(images.subarray(start * INPUT_DIM, (start + count) * INPUT_DIM), [count, INPUT_DIM]);
          const out = mnistForward(weights, x);
          return [out.features, tf.softmax(out.logits)];
        });
        try {
          features.set(await f.data(), start * FEATURE_DIM);
          probabilities.set(await p.data(), start * CLASS_COUNT);
        } finally {
          f.dispose();
          p.dispose();
        }
      }
      return { features, probabilities };
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      for (const name of WEIGHT_NAMES) weights[name].dispose();
    },
  };
}
