import type { DataConfig } from '../../shared/experiment/schema';
import type { Dataset } from './dataset';
import { gaussianMixtureDataset } from './gaussianMixture';

export type GridConfig = Extract<DataConfig, { kind: 'grid' }>;

/** size × size equal-weight Gaussians, `spacing` apart, centred on the origin. */
export function createGridDataset(config: GridConfig): Dataset {
  const offset = (config.size - 1) / 2;
  const modes = [];
  for (let i = 0; i < config.size; i++) {
    for (let j = 0; j < config.size; j++) {
      modes.push({ centre: [(i - offset) * config.spacing, (j - offset) * config.spacing], std: config.std });
    }
  }
  return gaussianMixtureDataset(
    'grid',
    modes,
    modes.map(() => 1),
  );
}
