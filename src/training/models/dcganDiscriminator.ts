import * as tf from '@tensorflow/tfjs';
import type { Static } from '@sinclair/typebox';
import type { DcganDiscriminator as DcganDiscriminatorSchema } from '../../shared/experiment/schema';
import type { ImageShape } from '../../shared/runFormat';
import type { Rng } from '../random';
import { activationFor, type Activation } from './activations';
import { Conv2d } from './conv2d';
import { blockWidths, dcganLayout } from './dcganLayout';
import { Dense } from './dense';
import { activationLayer, denseLayer } from './layersExport';
import type { Mode, SplitNetwork } from './network';
import { SpatialNorm } from './spatialNormalization';

export type DcganDiscriminatorConfig = Static<typeof DcganDiscriminatorSchema>;

/**
 * DCGAN discriminator: the image (a flat HWC row) → stride-2 convolutions doubling the channels
 * and halving the side down to the smallest map, each → [norm] (never after the first) →
 * activation, then flatten → dense → one raw output (no sigmoid; the losses take logits/scores), or
 * `outputDim` outputs when it serves as an encoder or a feature extractor.
 * Every op has a gradient that is itself correctly differentiable (convolutions, written-out
 * normalisation, activations.ts), so gradient penalties work through it.
 */
export class DcganDiscriminator implements SplitNetwork {
  readonly inputDim: number;
  private readonly image: ImageShape;
  /** Channels of each input pixel: the image's, then any label maps. */
  private readonly inputChannels: number;
  private readonly convs: Conv2d[] = [];
  /** norms[i] follows convs[i]; none after the first. */
  private readonly norms: (SpatialNorm | undefined)[] = [];
  private readonly output: Dense;
  private readonly activation: Activation;

  constructor(
    readonly name: string,
    image: ImageShape | undefined,
    private readonly config: DcganDiscriminatorConfig,
    rng: Rng,
    /** 1 for a discriminator; the latent size for an encoder, a feature count for a trunk. */
    readonly outputDim = 1,
    /** Input maps beside the image channels (a conditional D's one map per class, `concat`). */
    labelChannels = 0,
  ) {
    const layout = dcganLayout(image, 'discriminator');
    this.image = layout.image;
    this.inputChannels = layout.image.channels + labelChannels;
    this.inputDim = layout.image.height * layout.image.width * this.inputChannels;
    this.activation = activationFor(config);
    const widths = blockWidths(layout, config.channels, 'discriminator');
    const norm = config.normalization;
    let side = layout.image.height;
    let inChannels = this.inputChannels;
    widths.forEach((width, i) => {
      side /= 2;
      const normalized = i > 0 && norm !== 'none';
      this.convs.push(new Conv2d(`${name}/conv${i}`, inChannels, width, config.kernelSize, 2, !(normalized && norm === 'batch'), rng));
      this.norms.push(normalized ? new SpatialNorm(`${name}/norm${i}`, norm, side, width) : undefined);
      inChannels = width;
    });
    this.output = new Dense(`${name}/output`, side * side * inChannels, outputDim, rng);
  }

  get trainable(): tf.Variable[] {
    return [...this.convs.flatMap((c) => c.variables), ...this.norms.flatMap((n) => n?.trainable ?? []), ...this.output.variables];
  }

  get variables(): tf.Variable[] {
    return [...this.trainable, ...this.norms.flatMap((n) => n?.state ?? [])];
  }

  get featureDim(): number {
    return this.output.kernel.shape[0]!;
  }

  apply(x: tf.Tensor2D, mode: Mode): tf.Tensor2D {
    return tf.tidy(() => this.head(this.features(x, mode)));
  }

  /** The last convolution's activations, flattened. */
  features(x: tf.Tensor2D, mode: Mode): tf.Tensor2D {
    const { height, width } = this.image;
    let h = tf.reshape<tf.Rank.R4>(x, [x.shape[0], height, width, this.inputChannels]);
    this.convs.forEach((conv, i) => {
      h = conv.apply(h);
      const norm = this.norms[i];
      if (norm) h = norm.apply(h, mode);
      h = this.activation(h) as tf.Tensor4D;
    });
    return tf.reshape<tf.Rank.R2>(h, [x.shape[0], -1]);
  }

  head(features: tf.Tensor2D): tf.Tensor2D {
    return this.output.apply(features);
  }

  toLayersModel(): tf.Sequential {
    const { height, width } = this.image;
    const model = tf.sequential({ name: this.name });
    model.add(tf.layers.reshape({ inputShape: [this.inputDim], targetShape: [height, width, this.inputChannels] }));
    this.convs.forEach((conv, i) => {
      conv.addTo(model);
      this.norms[i]?.addTo(model);
      model.add(activationLayer(this.config));
    });
    model.add(tf.layers.flatten());
    model.add(denseLayer(this.output));
    return model;
  }

  dispose(): void {
    for (const v of this.variables) v.dispose();
  }
}
