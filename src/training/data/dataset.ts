/** What the trainer and the quality metrics need to know about a source of real samples. */
import type { DataKind } from '../../shared/experiment/schema';
import type { ImageShape, SampleLayout } from '../../shared/runFormat';
import type { Rng } from '../random';

export interface Mode {
  centre: number[];
  std: number;
  /** Relative share of the samples drawn from this component (equal shares when absent). */
  weight?: number;
}

export interface Dataset {
  readonly kind: DataKind;
  /** Features per sample. */
  readonly dim: number;
  /** How the dashboard draws a sample of this data. */
  readonly layout: SampleLayout;
  /** Per-dimension range that holds (nearly) all real samples, with a margin; used for grids and bins. */
  readonly bounds: { min: number[]; max: number[] };
  /** Known mixture components (ring, grid, mixture1d), for mode coverage. */
  readonly modes?: Mode[];
  /** curves: x position of each coordinate. */
  readonly curveX?: number[];
  /** Image data (layout `images`): dim = height·width·channels, values in [−1, 1], HWC order. */
  readonly image?: ImageShape;
  /** n samples, row-major n × dim. Deterministic for a given rng state. */
  sample(n: number, rng: Rng): Float32Array;
  /** Labelled data (MNIST with its labels file, imageFolder by sub-folder, Stacked MNIST): the classes. */
  readonly classes?: ClassInfo;
  /**
   * Labelled data: n samples and the class index of each. Draws exactly what `sample(n, rng)` draws
   * from the same rng state (so a run's batches do not depend on whether labels are used).
   */
  sampleLabeled?(n: number, rng: Rng): LabeledBatch;
}

export interface ClassInfo {
  /** Class names in index order (MNIST "0" … "9"; imageFolder the sub-folder names, sorted). */
  readonly names: readonly string[];
}

export interface LabeledBatch {
  x: Float32Array;
  /** Class index of each row, in [0, classes.names.length). */
  labels: Int32Array;
}
