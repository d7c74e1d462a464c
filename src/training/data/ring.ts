import type { DataConfig } from '../../shared/experiment/schema';
import type { Dataset } from './dataset';
import { gaussianMixtureDataset } from './gaussianMixture';

export type RingConfig = Extract<DataConfig, { kind: 'ring' }>;

/** `modes` equal-weight Gaussians at angles 2πi/modes on a circle of `radius`. */
export function createRingDataset(config: RingConfig): Dataset {
  const modes = Array.from({ length: config.modes }, (_, i) => {
    const angle = (2 * Math.PI * i) / config.modes;
    return { centre: [config.radius * Math.cos(angle), config.radius * Math.sin(angle)], std: config.std };
  });
  return gaussianMixtureDataset(
    'ring',
    modes,
    modes.map(() => 1),
  );
}
