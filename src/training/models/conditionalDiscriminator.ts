import * as tf from '@tensorflow/tfjs';
import type { ImageShape } from '../../shared/runFormat';
import type { Rng } from '../random';
import { requireLabels } from './conditionalGenerator';
import { Dense } from './dense';
import type { Mode, Network, SplitNetwork } from './network';
import { createVariable } from './variables';

/** How the label joins D's input for `concat`: x [n, dim] and one-hot y [n, classes] → the inner network's input. */
export type JoinLabels = (x: tf.Tensor2D, labels: tf.Tensor2D) => tf.Tensor2D;

/** concat for vectors (an mlp D): the one-hot row after the sample's numbers. */
export const appendLabels: JoinLabels = (x, labels) => tf.concat([x, labels], 1);

/**
 * concat for a convolutional D: one constant map per class beside the image channels (1 for the
 * sample's class, 0 for the others), so each HWC pixel carries channels + classes values.
 */
export function labelMaps(image: ImageShape): JoinLabels {
  const { height, width, channels } = image;
  return (x, labels) => {
    const [n, classes] = labels.shape;
    const maps = tf.tile(tf.reshape(labels, [n, 1, 1, classes]), [1, height, width, 1]);
    const joined = tf.concat([tf.reshape(x, [n, height, width, channels]), maps], 3);
    return tf.reshape(joined, [n, height * width * (channels + classes)]);
  };
}

export interface ConditionalDiscriminatorOptions {
  /** Features per sample (the inner network's input is wider when `join` adds the labels). */
  inputDim: number;
  classes: number;
  /** concat: how the labels join the input; absent for projection. */
  join?: JoinLabels;
  /** projection: add e(y)ᵀφ(x) with a learned class embedding e. */
  projection: boolean;
  /** AC-GAN: a head of one logit per class on φ(x). */
  classifier: boolean;
}

/** D's output and the auxiliary classifier's class logits [n, classes], from one pass. */
export interface ScoresAndClasses {
  output: tf.Tensor2D;
  classLogits: tf.Tensor2D;
}

/**
 * A class-conditional discriminator D(x, y) around a network read as trunk φ and output layer ψ:
 * - projection (Miyato & Koyama 2018): D(x, y) = ψ(φ(x)) + e(y)ᵀφ(x), e(y) = yE with E a learned
 *   [classes, featureDim] embedding, initialised Glorot-uniform;
 * - concat: D(x, y) = ψ(φ(join(x, y))), the inner network built for the wider input.
 * With an auxiliary classifier (AC-GAN, Odena et al. 2017) a dense head gives class logits on φ.
 * The labels are inputs, not variables: ∇ₓD(x, y) (gradient penalties) holds y fixed.
 */
export class ConditionalDiscriminator implements Network {
  readonly inputDim: number;
  readonly outputDim = 1;
  readonly classes: number;
  private readonly join: JoinLabels | undefined;
  private readonly embedding: tf.Variable | undefined;
  private readonly classifier: Dense | undefined;

  constructor(
    private readonly inner: SplitNetwork,
    options: ConditionalDiscriminatorOptions,
    rng: Rng,
  ) {
    this.inputDim = options.inputDim;
    this.classes = options.classes;
    this.join = options.join;
    const features = inner.featureDim;
    if (options.projection) {
      const bound = Math.sqrt(6 / (options.classes + features));
      const values = rng.fillUniform(new Float32Array(options.classes * features), -bound, bound);
      this.embedding = createVariable(tf.tensor2d(values, [options.classes, features]), true, `${inner.name}/embedding`);
    }
    if (options.classifier) this.classifier = new Dense(`${inner.name}/classifier`, features, options.classes, rng);
  }

  get name(): string {
    return this.inner.name;
  }

  get hasClassifier(): boolean {
    return this.classifier !== undefined;
  }

  get trainable(): tf.Variable[] {
    return [...this.inner.trainable, ...this.ownVariables];
  }

  get variables(): tf.Variable[] {
    return [...this.inner.variables, ...this.ownVariables];
  }

  private get ownVariables(): tf.Variable[] {
    return [...(this.embedding ? [this.embedding] : []), ...(this.classifier?.variables ?? [])];
  }

  apply(x: tf.Tensor2D, mode: Mode, labels?: tf.Tensor2D): tf.Tensor2D {
    const y = requireLabels(this.name, this.classes, x, labels);
    return tf.tidy(() => this.score(this.inner.features(this.join ? this.join(x, y) : x, mode), y));
  }

  /** D(x, y) and the class logits of x from one pass (so batch statistics are updated once). */
  scoreAndClassify(x: tf.Tensor2D, mode: Mode, labels: tf.Tensor2D): ScoresAndClasses {
    const classifier = this.classifier;
    if (!classifier) throw new Error(`the ${this.name} has no auxiliary classifier (conditional.auxiliaryClassifier is 0)`);
    const y = requireLabels(this.name, this.classes, x, labels);
    return tf.tidy(() => {
      const phi = this.inner.features(this.join ? this.join(x, y) : x, mode);
      return { output: this.score(phi, y), classLogits: classifier.apply(phi) };
    });
  }

  private score(phi: tf.Tensor2D, y: tf.Tensor2D): tf.Tensor2D {
    const output = this.inner.head(phi);
    if (!this.embedding) return output;
    return tf.add(output, tf.sum(tf.mul(tf.matMul(y, this.embedding as tf.Tensor2D), phi), 1, true));
  }

  toLayersModel(): tf.Sequential {
    throw new Error(`the conditional ${this.name} takes the label beside the sample and has no single-input layers model`);
  }

  dispose(): void {
    this.inner.dispose();
    for (const v of this.ownVariables) v.dispose();
  }
}
