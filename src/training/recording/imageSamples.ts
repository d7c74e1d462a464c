/**
 * Samples of image data: G on (the first tiles of) the fixed noise batch as a PNG grid
 * `samples/step-<step>.png` every samplesEvery steps, a real batch as `samples/real.png` once, and
 * a samples record that points at both with empty rows (the pixels are in the PNGs). D's grid,
 * line and gradients are not computed: they are for 1-D and 2-D data. PNGs are written atomically
 * (temp file + rename), before the record that names them. A conditional run with at most
 * MAX_CLASS_ROWS classes gets one grid row per class (`rowClasses`).
 */
import { existsSync } from 'node:fs';
import { writeFileAtomic } from '../../shared/atomicFile';
import { RUN_FILES, type ImageShape, type SampleRecord } from '../../shared/runFormat';
import type { Dataset } from '../data/dataset';
import type { Gan } from '../gan';
import { cyclingLabels } from '../labels';
import { stepName, type RunDirectory } from '../run/runDirectory';
import { generateAsync } from './evaluate';
import { encodeImageGrid, MAX_GRID_TILES } from './imageGrid';

/** The real grid, relative to the run directory (the record's paths use `/` on every system). */
export const REAL_GRID_PATH = `${RUN_FILES.samples}/real.png`;

export const fixedGridPath = (step: number) => `${RUN_FILES.samples}/${stepName(step)}.png`;

/** A conditional run with at most this many classes draws its fixed grid with one row per class. */
export const MAX_CLASS_ROWS = 16;

export class ImageSampleWriter {
  /** Tiles per grid: the first samples of the batch. */
  readonly count: number;
  readonly columns: number;
  /** One row per class: the class of each row of the fixed grid, in order. */
  readonly rowClasses: readonly string[] | undefined;

  constructor(
    private readonly dir: RunDirectory,
    private readonly dataset: Dataset,
    private readonly shape: ImageShape,
    sampleCount: number,
    /** A conditional run's class names. */
    classes?: readonly string[],
  ) {
    const count = Math.max(1, Math.min(sampleCount, MAX_GRID_TILES));
    const square = Math.ceil(Math.sqrt(count));
    if (classes && classes.length <= MAX_CLASS_ROWS) {
      // As many tiles per class as fit in the square grid's width and the tile limit (at least one).
      this.columns = Math.max(1, Math.min(square, Math.floor(count / classes.length)));
      this.count = classes.length * this.columns;
      this.rowClasses = classes;
    } else {
      this.count = count;
      this.columns = square;
      this.rowClasses = undefined;
    }
  }

  /** Labels of the fixed batch's rows for a conditional run: by grid row when it has a row per class, else cycling. */
  fixedLabels(n: number, classes: number): Int32Array {
    return cyclingLabels(n, classes, this.rowClasses ? this.columns : 1);
  }

  /**
   * Writes this step's grid of G on `fixedZ` (conditional: for `fixedLabels`) and the real grid,
   * when the run has none yet (a resumed run keeps its own), then returns the record to write
   * beside them.
   */
  async record(
    gan: Gan,
    step: number,
    fixedZ: Float32Array,
    realBatch: (n: number) => Float32Array,
    fixedLabels?: Int32Array,
  ): Promise<SampleRecord> {
    if (!existsSync(this.dir.file(REAL_GRID_PATH))) this.write(REAL_GRID_PATH, realBatch(this.count));
    const fixedPng = fixedGridPath(step);
    this.write(fixedPng, await generateAsync(gan, fixedZ.subarray(0, this.count * gan.latentDim), fixedLabels?.subarray(0, this.count)));
    return {
      step,
      dataKind: this.dataset.kind,
      layout: 'images',
      fixed: [],
      fresh: [],
      real: [],
      images: {
        shape: { ...this.shape },
        columns: this.columns,
        fixedPng,
        realPng: REAL_GRID_PATH,
        ...(this.rowClasses && { rowClasses: [...this.rowClasses] }),
      },
    };
  }

  private write(relativePath: string, samples: Float32Array): void {
    writeFileAtomic(this.dir.file(relativePath), encodeImageGrid(samples, this.count, this.shape, this.columns));
  }
}

/** The writer for `dataset` when it holds images, else undefined; `classes`: a conditional run's class names. */
export function imageSampleWriter(
  dir: RunDirectory,
  dataset: Dataset,
  sampleCount: number,
  classes?: readonly string[],
): ImageSampleWriter | undefined {
  return dataset.image ? new ImageSampleWriter(dir, dataset, dataset.image, sampleCount, classes) : undefined;
}
