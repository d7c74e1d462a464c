/**
 * The run directory's file format, shared by the trainer (writer), the extension and the CLI
 * (readers). Documented for users in the README ("Run directory").
 *
 *   runs/<experiment name>/<run id>/
 *     experiment.json   resolved config (all defaults filled)
 *     run.json          RunMeta, rewritten atomically on every status change
 *     metrics.jsonl     MetricRecord per line
 *     quality.jsonl     QualityRecord per line
 *     histograms.jsonl  HistogramRecord per line
 *     events.jsonl      RunEvent per line
 *     samples/step-<step>.json  SampleRecord
 *     samples/step-<step>.png   image data: grid of G on the fixed noise batch (ImageSamples)
 *     samples/real.png          image data: grid of a real batch, written once
 *     checkpoints/step-<step>/  weights of every network and optimizer state
 */
import type { BackendName, DataKind } from './experiment/schema';

export const RUN_FORMAT_VERSION = 1;

export const RUN_FILES = {
  experiment: 'experiment.json',
  meta: 'run.json',
  metrics: 'metrics.jsonl',
  quality: 'quality.jsonl',
  histograms: 'histograms.jsonl',
  events: 'events.jsonl',
  samples: 'samples',
  checkpoints: 'checkpoints',
} as const;

export type RunStatus = 'running' | 'completed' | 'stopped' | 'failed' | 'diverged';
export type ConcreteBackend = Exclude<BackendName, 'auto'>;

export interface BackendChoice {
  name: ConcreteBackend;
  requested: BackendName;
  /** Why this backend was chosen. */
  reason: string;
  /** Candidates `auto` tried first, with why each was skipped. */
  skipped: { name: ConcreteBackend; reason: string }[];
}

export interface RunMeta {
  formatVersion: typeof RUN_FORMAT_VERSION;
  runId: string;
  experimentName: string;
  /** Absolute path of the experiment file the run was started from. */
  experimentFile: string;
  status: RunStatus;
  backend: BackendChoice | null;
  versions: { ganWorkbench: string; tfjs: string; node: string };
  startedAt: string;
  endedAt: string | null;
  lastStep: number;
  totalSteps: number;
  /** What went wrong, for failed and diverged runs. */
  error: string | null;
  pid: number;
  /** Shape of one sample of the data (absent in runs recorded before it was kept). */
  data?: DataShape;
}

/** What the networks need to know about the data: features per sample, and the image shape if any. */
export interface DataShape {
  dim: number;
  image?: ImageShape;
}

export interface MetricRecord {
  /** Generator step (iteration) after which the record was taken, 1-based. */
  step: number;
  /** Wall-clock time, ms since the epoch. */
  time: number;
  /** Seconds since the run started. */
  elapsed: number;
  /** Steps per second over the last interval. */
  stepsPerSecond: number;
  dLoss: number;
  gLoss: number;
  /** Every named term of the losses, e.g. `d.real`, `d.fake`. */
  components: Record<string, number>;
  /** Mean D(x) on the real batch (a probability for sigmoid losses). */
  dReal: number;
  /** Mean D(G(z)) on the fake batch. */
  dFake: number;
  gradNormD: number;
  gradNormG: number;
}

export interface QualityMetrics {
  /** Jensen–Shannon divergence (bits) between binned real and generated samples (1-D and 2-D). */
  js?: number;
  /** KL(real ‖ generated) (bits) on the same bins. */
  kl?: number;
  /** Exact 1-D Wasserstein-1 distance between the samples. */
  wasserstein?: number;
  /** Modes that received their share of high-quality samples (ring, grid, mixture1d). */
  modesCovered?: number;
  modesTotal?: number;
  /** Share of generated samples within 3σ of some mode. */
  highQualityShare?: number;
  /** parabola: share of generated curves that fit y = a·x² + (a−1) with a in range. */
  curveFitShare?: number;
  /** parabola: Kolmogorov–Smirnov distance between fitted a and U[aMin, aMax]. */
  curveKs?: number;
  /**
   * images: share of generated images whose ink (pixels brighter than mid-grey) is one 8-connected
   * blob, not empty and not most of the image (exact rule: src/training/quality/imageQuality.ts).
   */
  singleBlobShare?: number;
  /** images: the same share on real images, for reference. */
  realSingleBlobShare?: number;
  /** images: mean share of ink pixels in a generated image. */
  meanInk?: number;
  /** images: mean share of ink pixels in a real image. */
  realMeanInk?: number;
}

export interface QualityRecord {
  step: number;
  metrics: QualityMetrics;
}

export interface HistogramRecord {
  step: number;
  /** Shared bin range of both histograms. */
  min: number;
  max: number;
  /** `probability`: D(x) in [0, 1]; `score`: raw critic output. */
  scale: 'probability' | 'score';
  real: number[];
  fake: number[];
}

export type SampleLayout = 'points1d' | 'points2d' | 'curves' | 'vectors' | 'images';

/**
 * Shape of an image sample. A sample is the image flattened row-major in height × width × channels
 * order (HWC), each value in [−1, 1] (−1 black, 1 white), the range of a tanh generator.
 */
export interface ImageShape {
  height: number;
  width: number;
  channels: 1 | 3;
}

/**
 * images: PNG grids written beside the samples record (paths relative to the run directory), one
 * tile per sample at its exact pixel size (no upscaling; views upscale with nearest-neighbour).
 */
export interface ImageSamples {
  shape: ImageShape;
  /** Tiles per row of every grid. */
  columns: number;
  /** Grid of G on the fixed noise batch at this step (`samples/step-<step>.png`). */
  fixedPng: string;
  /** Grid of a real batch, written once at the start of the run (`samples/real.png`). */
  realPng: string;
}

export interface SampleRecord {
  step: number;
  dataKind: DataKind;
  layout: SampleLayout;
  /** Generator output on the fixed noise batch (the same z all run long). */
  fixed: number[][];
  /** Generator output on a fresh noise batch. */
  fresh: number[][];
  /** A real batch of the same size, for reference. */
  real: number[][];
  /** curves: x position of each coordinate. */
  curveX?: number[];
  /** points2d: D on a resolution × resolution grid, row-major from (xMin, yMin). */
  grid?: { xMin: number; xMax: number; yMin: number; yMax: number; resolution: number; values: number[] };
  /**
   * points2d: ∇ₓ of D's logit at each fixed fake point — the direction the generator's update pushes
   * that point (towards what D calls real).
   */
  fixedGradients?: number[][];
  /** points1d: D along the line. */
  line?: { xMin: number; xMax: number; values: number[] };
  /** images: the PNG grids (`fixed`, `fresh` and `real` are then empty: the pixels are in the PNGs). */
  images?: ImageSamples;
}

export type RunEventKind = 'backend' | 'hyperparameters' | 'warning' | 'info' | 'checkpoint' | 'status';

export interface RunEvent {
  step: number;
  time: number;
  kind: RunEventKind;
  message: string;
  data?: Record<string, unknown>;
}

export interface CheckpointInfo {
  step: number;
  /** Directory, relative to the run directory. */
  path: string;
}
