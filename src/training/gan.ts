/** The networks and optimizers of one GAN, built from a resolved experiment config. */
import type { Experiment, LossKind } from '../shared/experiment/schema';
import { createDiscriminator, createGenerator } from './models/createNetworks';
import type { Network } from './models/network';
import { createOptimizer } from './optimizers/createOptimizer';
import type { Optimizer } from './optimizers/optimizer';
import type { Rng } from './random';

export interface Gan {
  readonly generator: Network;
  readonly discriminator: Network;
  readonly generatorOptimizer: Optimizer;
  readonly discriminatorOptimizer: Optimizer;
  readonly loss: LossKind;
  readonly latentDim: number;
  dispose(): void;
}

export function createGan(config: Experiment, dataDim: number, rng: Rng): Gan {
  const generator = createGenerator(config, dataDim, rng.fork('generator'));
  const discriminator = createDiscriminator(config, dataDim, rng.fork('discriminator'));
  const generatorOptimizer = createOptimizer(config.optimizer.generator, generator.trainable);
  const discriminatorOptimizer = createOptimizer(config.optimizer.discriminator, discriminator.trainable);
  return {
    generator,
    discriminator,
    generatorOptimizer,
    discriminatorOptimizer,
    loss: config.loss.kind,
    latentDim: config.latent.dim,
    dispose() {
      generator.dispose();
      discriminator.dispose();
      generatorOptimizer.dispose();
      discriminatorOptimizer.dispose();
    },
  };
}
