/**
 * Samples of image data: G on (the first tiles of) the fixed noise batch as a PNG grid
 * `samples/step-<step>.png` every samplesEvery steps, a real batch as `samples/real.png` once, and
 * a samples record that points at both with empty rows (the pixels are in the PNGs). D's grid,
 * line and gradients are not computed: they are for 1-D and 2-D data. PNGs are written atomically
 * (temp file + rename), before the record that names them.
 */
import { existsSync } from 'node:fs';
import { writeFileAtomic } from '../../shared/atomicFile';
import { RUN_FILES, type ImageShape, type SampleRecord } from '../../shared/runFormat';
import type { Dataset } from '../data/dataset';
import type { Gan } from '../gan';
import { stepName, type RunDirectory } from '../run/runDirectory';
import { generateAsync } from './evaluate';
import { encodeImageGrid, MAX_GRID_TILES } from './imageGrid';

/** The real grid, relative to the run directory (the record's paths use `/` on every system). */
export const REAL_GRID_PATH = `${RUN_FILES.samples}/real.png`;

export const fixedGridPath = (step: number) => `${RUN_FILES.samples}/${stepName(step)}.png`;

export class ImageSampleWriter {
  /** Tiles per grid: the first samples of the batch. */
  readonly count: number;
  readonly columns: number;

  constructor(
    private readonly dir: RunDirectory,
    private readonly dataset: Dataset,
    private readonly shape: ImageShape,
    sampleCount: number,
  ) {
    this.count = Math.max(1, Math.min(sampleCount, MAX_GRID_TILES));
    this.columns = Math.ceil(Math.sqrt(this.count));
  }

  /**
   * Writes this step's grid of G on `fixedZ` (and the real grid, when the run has none yet: a
   * resumed run keeps its own), then returns the record to write beside them.
   */
  async record(gan: Gan, step: number, fixedZ: Float32Array, realBatch: (n: number) => Float32Array): Promise<SampleRecord> {
    if (!existsSync(this.dir.file(REAL_GRID_PATH))) this.write(REAL_GRID_PATH, realBatch(this.count));
    const fixedPng = fixedGridPath(step);
    this.write(fixedPng, await generateAsync(gan, fixedZ.subarray(0, this.count * gan.latentDim)));
    return {
      step,
      dataKind: this.dataset.kind,
      layout: 'images',
      fixed: [],
      fresh: [],
      real: [],
      images: { shape: { ...this.shape }, columns: this.columns, fixedPng, realPng: REAL_GRID_PATH },
    };
  }

  private write(relativePath: string, samples: Float32Array): void {
    writeFileAtomic(this.dir.file(relativePath), encodeImageGrid(samples, this.count, this.shape, this.columns));
  }
}

/** The writer for `dataset` when it holds images, else undefined. */
export function imageSampleWriter(dir: RunDirectory, dataset: Dataset, sampleCount: number): ImageSampleWriter | undefined {
  return dataset.image ? new ImageSampleWriter(dir, dataset, dataset.image, sampleCount) : undefined;
}
