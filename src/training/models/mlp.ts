import * as tf from '@tensorflow/tfjs';
import type { MlpDiscriminator, MlpGenerator } from '../../shared/experiment/schema';
import type { Static } from '@sinclair/typebox';
import type { Rng } from '../random';
import { activationFor, tanh, type Activation } from './activations';
import { Dense } from './dense';
import { activationLayer, denseLayer, tanhLayer } from './layersExport';
import type { Mode, SplitNetwork } from './network';
import { BatchNorm, LayerNorm, type Normalization } from './normalization';

type MlpConfig = Static<typeof MlpGenerator> | Static<typeof MlpDiscriminator>;

/** dense → [norm] → activation, repeated for each hidden width, then a linear output layer. */
export class Mlp implements SplitNetwork {
  private readonly layers: Dense[] = [];
  private readonly norms: (Normalization | undefined)[] = [];
  private readonly activation: Activation;
  private readonly outputActivation: Activation | undefined;
  private readonly config: MlpConfig;

  constructor(
    readonly name: string,
    readonly inputDim: number,
    readonly outputDim: number,
    config: MlpConfig,
    rng: Rng,
  ) {
    this.config = config;
    this.activation = activationFor(config);
    this.outputActivation = 'outputActivation' in config && config.outputActivation === 'tanh' ? tanh : undefined;
    let width = inputDim;
    config.hidden.forEach((units, i) => {
      this.layers.push(new Dense(`${name}/dense${i}`, width, units, rng));
      this.norms.push(
        config.normalization === 'batch'
          ? new BatchNorm(`${name}/norm${i}`, units)
          : config.normalization === 'layer'
            ? new LayerNorm(`${name}/norm${i}`, units)
            : undefined,
      );
      width = units;
    });
    this.layers.push(new Dense(`${name}/output`, width, outputDim, rng));
  }

  get trainable(): tf.Variable[] {
    return [...this.layers.flatMap((l) => l.variables), ...this.norms.flatMap((n) => n?.trainable ?? [])];
  }

  get variables(): tf.Variable[] {
    return [...this.trainable, ...this.norms.flatMap((n) => n?.state ?? [])];
  }

  get featureDim(): number {
    return this.config.hidden.at(-1) ?? this.inputDim;
  }

  apply(x: tf.Tensor2D, mode: Mode): tf.Tensor2D {
    return tf.tidy(() => this.head(this.features(x, mode)));
  }

  features(x: tf.Tensor2D, mode: Mode): tf.Tensor2D {
    let h: tf.Tensor2D = x;
    this.layers.slice(0, -1).forEach((layer, i) => {
      h = layer.apply(h);
      const norm = this.norms[i];
      if (norm) h = norm.apply(h, mode);
      h = this.activation(h) as tf.Tensor2D;
    });
    return h;
  }

  head(features: tf.Tensor2D): tf.Tensor2D {
    const out = this.layers.at(-1)!.apply(features);
    return this.outputActivation ? (this.outputActivation(out) as tf.Tensor2D) : out;
  }

  toLayersModel(): tf.Sequential {
    const layers: tf.layers.Layer[] = [];
    const last = this.layers.length - 1;
    this.layers.forEach((dense, i) => {
      layers.push(denseLayer(dense, i === 0 ? this.inputDim : undefined));
      if (i === last) return;
      const norm = this.norms[i];
      if (norm) layers.push(norm.toLayer());
      layers.push(activationLayer(this.config));
    });
    if (this.outputActivation) layers.push(tanhLayer());
    return tf.sequential({ name: this.name, layers });
  }

  dispose(): void {
    for (const v of this.variables) v.dispose();
  }
}
