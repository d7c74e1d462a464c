import type { DataConfig } from '../../shared/experiment/schema';
import type { Dataset } from './dataset';
import { gaussianMixtureDataset } from './gaussianMixture';

export type Mixture1dConfig = Extract<DataConfig, { kind: 'mixture1d' }>;

/** 1-D Gaussian mixture; weights are relative (normalised by the sampler). */
export function createMixture1dDataset(config: Mixture1dConfig): Dataset {
  const modes = config.means.map((mean, i) => ({ centre: [mean], std: config.stds[i]! }));
  return gaussianMixtureDataset('mixture1d', modes, config.weights);
}
