import type { Experiment } from '../../shared/experiment/schema';
import type { DataShape } from '../../shared/runFormat';
import type { Rng } from '../random';
import { DcganDiscriminator } from './dcganDiscriminator';
import { DcganGenerator } from './dcganGenerator';
import { Mlp } from './mlp';
import type { Network } from './network';

export function createGenerator(config: Experiment, data: DataShape, rng: Rng): Network {
  switch (config.generator.kind) {
    case 'mlp':
      return new Mlp('generator', config.latent.dim, data.dim, config.generator, rng);
    case 'dcgan':
      return new DcganGenerator('generator', config.latent.dim, data.image, config.generator, rng);
  }
}

export function createDiscriminator(config: Experiment, data: DataShape, rng: Rng): Network {
  switch (config.discriminator.kind) {
    case 'mlp':
      return new Mlp('discriminator', data.dim, 1, config.discriminator, rng);
    case 'dcgan':
      return new DcganDiscriminator('discriminator', data.image, config.discriminator, rng);
  }
}
