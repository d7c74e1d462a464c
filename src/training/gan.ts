/** The networks and optimizers of one GAN, built from a resolved experiment config. */
import type * as tf from '@tensorflow/tfjs';
import type { Experiment, LossConfig, LossKind, RegularizerConfig } from '../shared/experiment/schema';
import type { DataShape } from '../shared/runFormat';
import { useSharedSavedTensors } from './kernels/sharedSavedTensors';
import { ConditionalDiscriminator, type ScoresAndClasses } from './models/conditionalDiscriminator';
import { createDiscriminator, createGenerator } from './models/createNetworks';
import { GeneratorAverage } from './models/generatorAverage';
import type { Mode, Network } from './models/network';
import { createMutualInformation, type MutualInformationTerm } from './mutualInformation';
import { createOptimizer } from './optimizers/createOptimizer';
import type { Optimizer } from './optimizers/optimizer';
import type { Rng } from './random';
import { ReplayRegion } from './replay/replayRegion';
import type { GradientLayout } from './stepGradients';

/** What the networks minimise: the loss (with its settings) and the regularizers of D. */
export interface Objective {
  readonly loss: LossConfig;
  readonly regularizers: readonly RegularizerConfig[];
}

export interface Gan {
  readonly generator: Network;
  readonly discriminator: Network;
  readonly generatorOptimizer: Optimizer;
  readonly discriminatorOptimizer: Optimizer;
  /** The loss kind (`objective.loss.kind`). */
  readonly loss: LossKind;
  readonly objective: Objective;
  /** Stream for the steps' own random draws (WGAN-GP's ε, instance noise) when the caller gives none. */
  readonly stepRng: Rng;
  readonly latentDim: number;
  /** The exponential moving average of G's weights ("generatorAverage"), updated after every G step. */
  readonly generatorAverage?: GeneratorAverage;
  /** The energy objective's mutual-information estimator, trained with G (absent for other losses). */
  readonly mutualInformation?: MutualInformationTerm;
  /**
   * Conditional runs: the number of classes (G and D take one-hot labels of this many classes next
   * to z and x); undefined when unconditional.
   */
  readonly classes?: number;
  /** AC-GAN (`conditional.auxiliaryClassifier` > 0): the weight of its cross-entropy, and D's pass that also classifies. */
  readonly auxiliaryClassifier?: AuxiliaryClassifier;
  /** The D and G steps' gradient computations, replayed without tfjs's engine once known (replay/replayRegion.ts). */
  readonly replay: { readonly discriminator: ReplayRegion<GradientLayout>; readonly generator: ReplayRegion<GradientLayout> };
  dispose(): void;
}

export interface AuxiliaryClassifier {
  readonly weight: number;
  /** D(x, y) and the class logits of x, from one pass of D. */
  scoreAndClassify(x: tf.Tensor2D, mode: Mode, labels: tf.Tensor2D): ScoresAndClasses;
}

/**
 * `data`: the shape of the real samples (a Dataset will do; image data for the dcgan networks, and
 * its classes for a conditional experiment).
 */
export function createGan(config: Experiment, data: DataShape, rng: Rng): Gan {
  // Training speed: saved-for-gradient tensors share data instead of copying (same results).
  useSharedSavedTensors();
  const generator = createGenerator(config, data, rng.fork('generator'));
  const discriminator = createDiscriminator(config, data, rng.fork('discriminator'));
  const generatorOptimizer = createOptimizer(config.optimizer.generator, generator.trainable);
  const discriminatorOptimizer = createOptimizer(config.optimizer.discriminator, discriminator.trainable);
  const mutualInformation = createMutualInformation(config, data, rng.fork('mutual-information'));
  const classes = generator.classes;
  const generatorAverage = config.generatorAverage && new GeneratorAverage(generator, config, data, config.generatorAverage.decay);
  const auxiliaryClassifier =
    discriminator instanceof ConditionalDiscriminator && discriminator.hasClassifier
      ? {
          weight: config.conditional!.auxiliaryClassifier,
          scoreAndClassify: (x: tf.Tensor2D, mode: Mode, labels: tf.Tensor2D) => discriminator.scoreAndClassify(x, mode, labels),
        }
      : undefined;
  const replay = {
    discriminator: new ReplayRegion<GradientLayout>('the discriminator step'),
    generator: new ReplayRegion<GradientLayout>('the generator step'),
  };
  return {
    generator,
    discriminator,
    generatorOptimizer,
    discriminatorOptimizer,
    loss: config.loss.kind,
    objective: { loss: config.loss, regularizers: config.regularizers },
    stepRng: rng.fork('steps'),
    latentDim: config.latent.dim,
    ...(generatorAverage && { generatorAverage }),
    ...(mutualInformation && { mutualInformation }),
    ...(classes !== undefined && { classes }),
    ...(auxiliaryClassifier && { auxiliaryClassifier }),
    replay,
    dispose() {
      replay.discriminator.dispose();
      replay.generator.dispose();
      mutualInformation?.dispose();
      generatorAverage?.dispose();
      generator.dispose();
      discriminator.dispose();
      generatorOptimizer.dispose();
      discriminatorOptimizer.dispose();
    },
  };
}

/**
 * The GAN as its samples are drawn: with a generator average, the average stands in for G (samples,
 * quality, exports, latent sampling); otherwise the GAN itself.
 */
export function samplingGan(gan: Gan): Gan {
  return gan.generatorAverage ? { ...gan, generator: gan.generatorAverage.network } : gan;
}
