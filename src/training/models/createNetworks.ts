import type { Experiment } from '../../shared/experiment/schema';
import type { DataShape } from '../../shared/runFormat';
import type { Rng } from '../random';
import { appendLabels, ConditionalDiscriminator, labelMaps } from './conditionalDiscriminator';
import { ConditionalGenerator } from './conditionalGenerator';
import { DcganDiscriminator } from './dcganDiscriminator';
import { DcganGenerator } from './dcganGenerator';
import { Mlp } from './mlp';
import type { Network } from './network';

/** The class count of a conditional experiment (undefined when unconditional); its data must have labels. */
export function conditionalClasses(config: Experiment, data: DataShape): number | undefined {
  if (!config.conditional) return undefined;
  const classes = data.classes?.names.length;
  if (classes === undefined)
    throw new Error(
      `"conditional" needs labelled data, and this ${config.data.kind} data has no labels: use data with labels, or remove "conditional"`,
    );
  return classes;
}

/** `name` prefixes the variables' logical names (checkpoints): `generator`, or `generatorAverage` for the average's copy. */
export function createGenerator(config: Experiment, data: DataShape, rng: Rng, name = 'generator'): Network {
  const classes = conditionalClasses(config, data);
  const inputs = config.latent.dim + (classes ?? 0);
  const network =
    config.generator.kind === 'mlp'
      ? new Mlp(name, inputs, data.dim, config.generator, rng)
      : new DcganGenerator(name, inputs, data.image, config.generator, rng);
  return classes === undefined ? network : new ConditionalGenerator(network, classes);
}

export function createDiscriminator(config: Experiment, data: DataShape, rng: Rng): Network {
  const classes = conditionalClasses(config, data);
  const concat = config.conditional?.discriminator === 'concat';
  const extra = classes !== undefined && concat ? classes : 0;
  const network =
    config.discriminator.kind === 'mlp'
      ? new Mlp('discriminator', data.dim + extra, 1, config.discriminator, rng)
      : new DcganDiscriminator('discriminator', data.image, config.discriminator, rng, 1, extra);
  if (classes === undefined) return network;
  const join = !concat ? undefined : network instanceof DcganDiscriminator ? labelMaps(data.image!) : appendLabels;
  return new ConditionalDiscriminator(
    network,
    { inputDim: data.dim, classes, ...(join && { join }), projection: !concat, classifier: config.conditional!.auxiliaryClassifier > 0 },
    rng,
  );
}
