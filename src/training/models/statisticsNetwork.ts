import * as tf from '@tensorflow/tfjs';
import type { AuxiliaryNetworkConfig } from '../../shared/experiment/schema';
import type { DataShape } from '../../shared/runFormat';
import type { Rng } from '../random';
import { DcganDiscriminator } from './dcganDiscriminator';
import { Mlp } from './mlp';
import type { Mode } from './network';

/** Features a convolutional statistics network reduces an image to before it meets z. */
export const STATISTICS_IMAGE_FEATURES = 128;
/** Width of the dense layer that takes the image features and z together. */
export const STATISTICS_HEAD_WIDTH = 256;

/**
 * The statistics network T(x, z) of a mutual-information estimator: one raw score per (x, z) row
 * pair. An MLP takes x and z side by side; a dcgan one first reduces x to features by convolution
 * (z is a vector, convolving it would mean nothing), then a dense layer takes them with z.
 */
export class StatisticsNetwork {
  private readonly trunk: DcganDiscriminator | undefined;
  private readonly head: Mlp;

  constructor(
    readonly name: string,
    config: AuxiliaryNetworkConfig,
    data: DataShape,
    latentDim: number,
    rng: Rng,
  ) {
    if (config.kind === 'dcgan') {
      this.trunk = new DcganDiscriminator(`${name}/trunk`, data.image, config, rng, STATISTICS_IMAGE_FEATURES);
      const head = {
        kind: 'mlp' as const,
        hidden: [STATISTICS_HEAD_WIDTH],
        activation: config.activation,
        leakySlope: config.leakySlope,
        normalization: 'none' as const,
      };
      this.head = new Mlp(`${name}/head`, STATISTICS_IMAGE_FEATURES + latentDim, 1, head, rng);
    } else {
      this.head = new Mlp(name, data.dim + latentDim, 1, config, rng);
    }
  }

  get trainable(): tf.Variable[] {
    return [...(this.trunk?.trainable ?? []), ...this.head.trainable];
  }

  get variables(): tf.Variable[] {
    return [...(this.trunk?.variables ?? []), ...this.head.variables];
  }

  /** T on row pairs: x [n, dataDim], z [n, latentDim] → [n, 1]. */
  score(x: tf.Tensor2D, z: tf.Tensor2D, mode: Mode): tf.Tensor2D {
    return tf.tidy(() => {
      const features = this.trunk ? this.trunk.apply(x, mode) : x;
      return this.head.apply(tf.concat([features, z], 1), mode);
    });
  }

  dispose(): void {
    this.trunk?.dispose();
    this.head.dispose();
  }
}
