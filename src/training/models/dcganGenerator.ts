import * as tf from '@tensorflow/tfjs';
import type { Static } from '@sinclair/typebox';
import type { DcganGenerator as DcganGeneratorSchema } from '../../shared/experiment/schema';
import type { ImageShape } from '../../shared/runFormat';
import type { Rng } from '../random';
import { activationFor, tanh, type Activation } from './activations';
import { ConvTranspose2d } from './convTranspose2d';
import { blockWidths, dcganLayout } from './dcganLayout';
import { activationLayer, tanhLayer } from './layersExport';
import type { Mode, Network } from './network';
import { Projection } from './projection';
import { SpatialNorm } from './spatialNormalization';

export type DcganGeneratorConfig = Static<typeof DcganGeneratorSchema>;

/**
 * DCGAN generator: z → projection to the smallest map (channels·2^(blocks−1)) → [norm] →
 * activation, then stride-2 transposed convolutions halving the channels and doubling the side,
 * each → [norm] → activation, the last to the image's channels → tanh. Output rows are the image
 * flattened in HWC order, values in [−1, 1].
 */
export class DcganGenerator implements Network {
  readonly outputDim: number;
  private readonly projection: Projection;
  private readonly upsampling: ConvTranspose2d[] = [];
  /** norms[0] follows the projection, norms[i] the i-th transposed convolution (none after the last). */
  private readonly norms: SpatialNorm[] = [];
  private readonly activation: Activation;

  constructor(
    readonly name: string,
    readonly inputDim: number,
    image: ImageShape | undefined,
    private readonly config: DcganGeneratorConfig,
    rng: Rng,
  ) {
    const layout = dcganLayout(image, 'generator');
    const widths = [...blockWidths(layout, config.channels, 'generator'), layout.image.channels];
    const norm = config.normalization;
    const batch = norm === 'batch';
    this.outputDim = layout.image.height * layout.image.width * layout.image.channels;
    this.activation = activationFor(config);
    this.projection = new Projection(`${name}/project`, inputDim, layout.smallest, widths[0]!, !batch, rng);
    let side = layout.smallest;
    for (let i = 0; i < layout.blocks; i++) {
      if (norm !== 'none') this.norms.push(new SpatialNorm(`${name}/norm${i}`, norm, side, widths[i]!));
      const last = i === layout.blocks - 1;
      const convName = last ? `${name}/output` : `${name}/up${i + 1}`;
      this.upsampling.push(new ConvTranspose2d(convName, widths[i]!, widths[i + 1]!, config.kernelSize, 2, last || !batch, rng));
      side *= 2;
    }
  }

  get trainable(): tf.Variable[] {
    return [...this.projection.variables, ...this.upsampling.flatMap((c) => c.variables), ...this.norms.flatMap((n) => n.trainable)];
  }

  get variables(): tf.Variable[] {
    return [...this.trainable, ...this.norms.flatMap((n) => n.state)];
  }

  apply(z: tf.Tensor2D, mode: Mode): tf.Tensor2D {
    return tf.tidy(() => {
      let h = this.projection.apply(z);
      this.upsampling.forEach((conv, i) => {
        const norm = this.norms[i];
        if (norm) h = norm.apply(h, mode);
        h = conv.apply(this.activation(h) as tf.Tensor4D);
      });
      return tf.reshape(tanh(h), [z.shape[0], this.outputDim]);
    });
  }

  toLayersModel(): tf.Sequential {
    const model = tf.sequential({ name: this.name });
    this.projection.addTo(model);
    this.upsampling.forEach((conv, i) => {
      this.norms[i]?.addTo(model);
      model.add(activationLayer(this.config));
      conv.addTo(model);
    });
    model.add(tanhLayer());
    model.add(tf.layers.flatten());
    return model;
  }

  dispose(): void {
    for (const v of this.variables) v.dispose();
  }
}
