import * as tf from '@tensorflow/tfjs';
import type { Mode } from './network';
import { BatchNorm, LayerNorm, type Normalization } from './normalization';

/** normalization.ts's ε (the layers export must use the same). */
const EPSILON = 1e-5;

/**
 * Normalisation of NHWC feature maps, written as the row normalisations of normalization.ts on a
 * reshaped map (so the same written-out arithmetic, safe for second-order gradients, serves both):
 * - batch: per channel over batch, height and width (PyTorch BatchNorm2d) — BatchNorm over the
 *   rows of [n·h·w, c], with running statistics for eval;
 * - layer: per sample over height, width and channels, with one scale and offset per element
 *   (PyTorch LayerNorm([c, h, w])) — LayerNorm over the rows of [n, h·w·c].
 */
export class SpatialNorm {
  private readonly norm: Normalization;

  constructor(
    name: string,
    readonly kind: 'batch' | 'layer',
    readonly side: number,
    readonly channels: number,
  ) {
    this.norm = kind === 'batch' ? new BatchNorm(name, channels) : new LayerNorm(name, side * side * channels);
  }

  get trainable(): tf.Variable[] {
    return this.norm.trainable;
  }

  get state(): tf.Variable[] {
    return this.norm.state;
  }

  apply(x: tf.Tensor4D, mode: Mode): tf.Tensor4D {
    const [n, h, w, c] = x.shape;
    const rows = this.kind === 'batch' ? tf.reshape(x, [n * h * w, c]) : tf.reshape(x, [n, h * w * c]);
    return tf.reshape(this.norm.apply(rows as tf.Tensor2D, mode), x.shape);
  }

  /** Appends the equivalent tf.layers layer (eval mode: running statistics), holding these weights, to `model`. */
  addTo(model: tf.Sequential): void {
    if (this.kind === 'batch') {
      const layer = tf.layers.batchNormalization({ axis: -1, epsilon: EPSILON });
      model.add(layer);
      // gamma, beta, running mean, running variance: the order of both lists.
      layer.setWeights([...this.trainable, ...this.state]);
      return;
    }
    const layer = tf.layers.layerNormalization({ axis: [1, 2, 3], epsilon: EPSILON });
    model.add(layer);
    tf.tidy(() => layer.setWeights(this.trainable.map((v) => tf.reshape(v, [this.side, this.side, this.channels]))));
  }
}
