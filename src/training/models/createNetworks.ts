import type { Experiment } from '../../shared/experiment/schema';
import type { Rng } from '../random';
import { Mlp } from './mlp';
import type { Network } from './network';

export function createGenerator(config: Experiment, dataDim: number, rng: Rng): Network {
  switch (config.generator.kind) {
    case 'mlp':
      return new Mlp('generator', config.latent.dim, dataDim, config.generator, rng);
  }
}

export function createDiscriminator(config: Experiment, dataDim: number, rng: Rng): Network {
  switch (config.discriminator.kind) {
    case 'mlp':
      return new Mlp('discriminator', dataDim, 1, config.discriminator, rng);
  }
}
