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
 *     sampling/<id>/            gan-sample: SamplingRecord (sampling.json), image data: before.png, after.png
 */
import type { BackendName, DataKind, LossKind } from './experiment/schema';

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
  sampling: 'sampling',
} as const;

export type RunStatus = 'running' | 'completed' | 'stopped' | 'failed' | 'diverged';
export type ConcreteBackend = Exclude<BackendName, 'auto'>;

export interface BackendChoice {
  name: ConcreteBackend;
  requested: BackendName;
  /** Why this backend was chosen. */
  reason: string;
  /** The device it computes on, where one is named (webgpu: the adapter). */
  device?: string;
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
  /**
   * Seconds of training up to `lastStep`, summed over the run's sessions, pauses and the time
   * between sessions excluded (absent in runs recorded before it was kept); written whenever run.json is.
   */
  trainingSeconds?: number;
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
  /**
   * Labelled data: the class names in index order. run.json records them for conditional runs only
   * (their networks take one-hot labels of this many classes).
   */
  classes?: { readonly names: readonly string[] };
}

export interface MetricRecord {
  /** Generator step (iteration) after which the record was taken, 1-based. */
  step: number;
  /** Wall-clock time, ms since the epoch. */
  time: number;
  /**
   * Seconds of training up to this record, summed over the run's sessions (a resumed run goes on
   * from the checkpoint's figure), pauses excluded. Runs recorded before it was kept give seconds
   * since their session's start.
   */
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
  /** The trainer's memory when the record was taken (absent in runs written before it was logged). */
  memory?: TrainerMemory;
}

/** What a long run watches to see that the trainer does not grow: live tensors and resident memory. */
export interface TrainerMemory {
  /** `tf.memory().numTensors`: tensors alive in the TensorFlow.js engine. */
  tensors: number;
  /** Resident set size of the trainer process, MiB. */
  rssMb: number;
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
  /**
   * shapes: share of generated images that are a single blob matching one of the data set's shapes
   * (intersection over union ≥ 0.9 at the best rotation; exact rule: src/training/quality/shapeFit.ts).
   */
  shapeFitShare?: number;
  /** shapes: the same share on real images, for reference (about 0.99: the smallest shapes lose a little to pixelation). */
  realShapeFitShare?: number;
  /** shapes: share of generated images recognised as a square, an ellipse, a triangle (they sum to shapeFitShare). */
  squareShare?: number;
  ellipseShare?: number;
  triangleShare?: number;
  /**
   * MNIST-like data (learned metrics, src/training/quality/learned/): Fréchet distance between the
   * MNIST classifier's penultimate features of generated images and of the reference images (the
   * MNIST analogue of FID), on the documented number of generated samples.
   */
  frechetDistance?: number;
  /** The same for real training images against the reference (the floor a perfect generator reaches). */
  realFrechetDistance?: number;
  /** The same for uniform noise images (the ceiling of a useless generator). */
  noiseFrechetDistance?: number;
  /** Kernel (inception) distance, unbiased MMD² with the cubic polynomial kernel, mean over subsets. */
  kernelDistance?: number;
  /** Standard deviation of the kernel distance over the subsets. */
  kernelDistanceStd?: number;
  realKernelDistance?: number;
  /**
   * Improved precision and recall (Kynkäänniemi et al. 2019, k-nearest-neighbour manifolds): in the
   * classifier's feature space for MNIST-like data, in data space for the 1-D and 2-D toys.
   */
  precision?: number;
  recall?: number;
  realPrecision?: number;
  realRecall?: number;
  /** Classes the generated images cover (a class is covered with at least max(1, 0.2·n/classes) images). */
  classesCovered?: number;
  classesTotal?: number;
  /** KL(generated class histogram ‖ uniform), in bits (0: every class equally often). */
  classKl?: number;
  /** Classifier score, exp E[KL(p(y|x) ‖ p(y))]: the Inception-score analogue, at most the class count. */
  classifierScore?: number;
  realClassifierScore?: number;
  /** Stacked MNIST: modes (digit triples) covered of 1,000, and KL(mode histogram ‖ uniform) in bits. */
  stackedModesCovered?: number;
  stackedModesTotal?: number;
  stackedKl?: number;
  realStackedModesCovered?: number;
  /** Conditional runs: share of generated images the classifier labels as the class they were asked for. */
  labelAgreement?: number;
}

/** Class histogram of generated images (learned metrics), for the bar chart against uniform. */
export interface ClassHistogram {
  /** Class names in index order ("0" … "9"; Stacked MNIST: "000" … "999"). */
  names: string[];
  /** Generated images the classifier assigned to each class. */
  counts: number[];
}

export interface QualityRecord {
  step: number;
  metrics: QualityMetrics;
  /** MNIST-like data: the generated class histogram behind classesCovered and classKl. */
  classes?: ClassHistogram;
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
  /**
   * Conditional runs: the class every row of the fixed grid was generated for (one row per class,
   * `columns` tiles each), in row order.
   */
  rowClasses?: string[];
  /**
   * MNIST-like data: for every tile of the fixed grid, its nearest training images in the
   * classifier's feature space (a memorisation check). `png` holds one row per tile, `count`
   * images each, nearest first; `distances[tile][j]` is the Euclidean feature distance.
   */
  nearest?: { png: string; count: number; distances: number[][] };
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
  /**
   * points2d: D on a resolution × resolution grid of equal cells, at each cell's centre, row-major
   * from (xMin, yMin). For the `energy` loss D is the energy U(x).
   */
  grid?: {
    xMin: number;
    xMax: number;
    yMin: number;
    yMax: number;
    resolution: number;
    values: number[];
    /**
     * The real data's probability of each cell, same order as `values`, summing to 1: exact for the
     * Gaussian mixtures (ring, grid, mixture1d), else the share of 20,000 real samples in the cell.
     * The same in every record of a run.
     */
    realProbability?: number[];
  };
  /**
   * points2d: ∇ₓ of D's logit at each fixed fake point — the direction the generator's update pushes
   * that point (towards what D calls real).
   */
  fixedGradients?: number[][];
  /** points1d: D at the centres of equal cells along the line (for the `energy` loss, the energy U(x)). */
  line?: {
    xMin: number;
    xMax: number;
    values: number[];
    /**
     * The real data's probability of each cell, same order as `values`, summing to 1: exact for the
     * Gaussian mixtures (ring, grid, mixture1d), else the share of 20,000 real samples in the cell.
     * The same in every record of a run.
     */
    realProbability?: number[];
  };
  /** images: the PNG grids (`fixed`, `fresh` and `real` are then empty: the pixels are in the PNGs). */
  images?: ImageSamples;
}

/**
 * What an event records. The trainer writes every kind while it runs; `sampling` is written by
 * whoever finished the MCMC run (see SamplingEventData).
 *
 * - `backend`: the backend chosen and why; `warning`, `info`: messages for the reader (a warning
 *   of the trainer's divergence watch carries its finding: BlowUpEventData)
 * - `hyperparameters`: a live edit the trainer applied (`data.changes`: name → { from, to })
 * - `checkpoint`: a checkpoint written (`data.path`)
 * - `status`: completed, stopped, failed, diverged, resumed from a checkpoint
 * - `paused`, `resumed`: the trainer held between steps, and went on (PausedEventData, ResumedEventData)
 * - `sampling`: an MCMC sampling result written to `sampling/<id>/` (SamplingEventData)
 * - `alarm`: the run watching itself found a known failure (mode collapse, a discriminator that
 *   wins, a growing oscillation): AlarmEventData. A blow-up is the divergence watch's `warning`.
 */
export type RunEventKind =
  'backend' | 'hyperparameters' | 'warning' | 'info' | 'checkpoint' | 'status' | 'paused' | 'resumed' | 'sampling' | 'alarm';

export interface RunEvent {
  /** The last step the trainer had completed when it happened. */
  step: number;
  time: number;
  kind: RunEventKind;
  message: string;
  data?: Record<string, unknown>;
}

/**
 * What the blow-up detector watches: a loss or gradient norm (MetricRecord's names), D's sigmoid
 * saturated (`saturation`), or no gradient reaching either network (`noGradient`).
 */
export type BlowUpSignal = 'dLoss' | 'gLoss' | 'gradNormD' | 'gradNormG' | 'saturation' | 'noGradient';

/**
 * `data` of a `warning` event of the divergence watch (src/training/watchdog/): a blow-up that
 * stays finite, at the event's step (the metrics record that confirmed it). The message says the
 * same in words, with the advice.
 */
export interface BlowUpEventData {
  detector: 'blowUp';
  /** A loss or gradient norm beyond its running scale (the furthest), or `saturation`. */
  signal: BlowUpSignal;
  /** The first metrics record of the blow-up. */
  since: number;
  /** A loss or gradient norm: its value, its running scale and |value| / scale. */
  value?: number;
  scale?: number;
  ratio?: number;
  /** saturation, noGradient: mean D on the real and the fake batch, the gradient norms, and the steps it has lasted. */
  dReal?: number;
  dFake?: number;
  gradNormD?: number;
  gradNormG?: number;
  steps?: number;
  /** The experiment file's `divergence.action`: `stop` ends the run as diverged. */
  action: 'warn' | 'stop';
  /** What to try, most likely first, each a short phrase ("lower the learning rate (now 10)"). */
  advice: string[];
}

/** The failures the run watches itself for (src/training/watchdog/); `blowUp` is the divergence watch's. */
export type AlarmKind = 'modeCollapse' | 'discriminatorWins' | 'oscillation' | 'blowUp';

/** What an alarm does besides its event, its notification and its CLI line (the experiment file's `alarms.<kind>.action`). */
export type AlarmAction = 'none' | 'checkpoint' | 'pause';

/** What showed an alarm (see AlarmEventData.signal). */
export type AlarmSignal = 'modes' | 'classes' | 'recall' | 'precisionRecall' | 'separated' | 'vanishing' | 'dLoss' | 'gLoss';

/**
 * `data` of an `alarm` event, at the event's step (the record that confirmed it). The message says
 * the same in words, with the advice.
 */
export interface AlarmEventData {
  alarm: Exclude<AlarmKind, 'blowUp'>;
  /**
   * What showed it: modeCollapse `modes` (share of modes or classes covered fell), `classes` (class
   * histogram concentrated), `recall` (recall fell), `precisionRecall` (recall far below precision);
   * discriminatorWins `separated` (D(real) near 1, D(fake) near 0), `vanishing` (G's gradient
   * norm vanished); oscillation `dLoss` or `gLoss` (its swings grew).
   */
  signal: AlarmSignal;
  /** The first record of the stretch that raised it. */
  since: number;
  /** The figures behind it, by name (e.g. `covered`, `peak`; `dReal`, `dFake`, `gradNormG`; `amplitude`, `growth`). */
  values: Record<string, number>;
  /** The action taken: `checkpoint` writes one at this step (its `checkpoint` event follows), `pause` holds the run. */
  action: AlarmAction;
  /** What to try, most likely first. */
  advice: string[];
}

/** `data` of a `paused` event: the trainer holds after `step`, until resumed or stopped. */
export interface PausedEventData {
  /** When the pause began, ms since the epoch. */
  since: number;
}

/** `data` of a `resumed` event: how long the trainer was held. */
export interface ResumedEventData {
  pausedSeconds: number;
}

/**
 * `data` of a `sampling` event: one `gan-sample` result, at the step the run had reached when it
 * was written. Who appends it decides by whether the run is live, so that events.jsonl has one
 * writer at a time: the trainer while it runs in the editor (the host hands it the event),
 * otherwise `gan-sample` itself (an O_APPEND write of one line; `--no-event` leaves it to the host).
 */
export interface SamplingEventData {
  /** The result folder's name: `sampling/<id>/`. */
  id: string;
  /** The folder relative to the run directory (`sampling/<id>`). */
  folder: string;
  method: SamplingMethod;
  chains: number;
  steps: number;
  /** Accepted proposals over all proposals (1 for Langevin). */
  acceptanceRate: number;
  /** The checkpoint the chains sampled from. */
  checkpointStep: number;
  durationSeconds: number;
}

export interface CheckpointInfo {
  step: number;
  /** Directory, relative to the run directory. */
  path: string;
}

// ---- MCMC in latent space (gan-sample) ------------------------------------------------------

export const SAMPLING_FORMAT = 'gan-workbench-sampling/1';

/** The files of one result folder, `sampling/<id>/`. */
export const SAMPLING_FILES = { record: 'sampling.json', beforePng: 'before.png', afterPng: 'after.png' } as const;

export type SamplingMethod = 'langevin' | 'mala';

export interface SamplingSettings {
  method: SamplingMethod;
  steps: number;
  /** ε in z̃ = z − ε·∇E(z) + sqrt(2ε)·ξ. */
  stepSize: number;
  /** T in E(z) = U(G(z))/T + prior energy. */
  temperature: number;
  chains: number;
  /** `fresh`: z₀ drawn from the prior with `seed`; `fixed`: the first rows of the run's fixed noise batch. */
  start: 'fresh' | 'fixed';
  /** Whether E includes the prior's energy: ‖z‖²/2 for a normal latent, the box [−1, 1]^d for a uniform one. */
  prior: boolean;
  seed: number;
}

/** Per recorded step (every step, or evenly spaced ones for long chains). Energies are null where E was not finite. */
export interface SamplingTrace {
  /** 1-based: step s is the state after s transitions. */
  steps: number[];
  meanEnergy: (number | null)[];
  minEnergy: (number | null)[];
  maxEnergy: (number | null)[];
  /** Share of chains that took their proposal on that step (always 1 for Langevin, which has no test). */
  acceptanceRate: number[];
}

/** The latent paths of the first chains (at most 16). */
export interface ChainPaths {
  latentDim: number;
  /** False when the latent has more than two coordinates: the paths then hold only the first two. */
  complete: boolean;
  /** Step of each point of a path: 0 (the start), then every recorded step. */
  steps: number[];
  /** [chain][point][coordinate]; null where a coordinate was not finite. */
  chains: (number | null)[][][];
  /** 2-D latents: E on a resolution × resolution grid over [min, max]², row-major from (min, min); null where not finite. */
  energyGrid?: { min: number; max: number; resolution: number; values: (number | null)[] };
}

export interface SamplingImages {
  shape: ImageShape;
  columns: number;
  /** File names inside the result folder. */
  beforePng: string;
  afterPng: string;
}

/** `sampling/<id>/sampling.json`: one gan-sample result. */
export interface SamplingRecord {
  format: typeof SAMPLING_FORMAT;
  /** The folder name. */
  id: string;
  createdAt: string;
  durationSeconds: number;
  runId: string;
  experimentName: string;
  checkpointStep: number;
  settings: SamplingSettings;
  /** How the energy U(x) is read from D's raw output for this loss. */
  energy: { loss: LossKind; formula: string };
  latent: { dim: number; distribution: 'normal' | 'uniform' };
  backend: ConcreteBackend;
  dataKind: DataKind;
  layout: SampleLayout;
  /** Accepted proposals over all proposals (1 for Langevin). */
  acceptanceRate: number;
  trace: SamplingTrace;
  /** E per chain at the start and at the end (null where not finite). */
  startEnergies: (number | null)[];
  finalEnergies: (number | null)[];
  paths: ChainPaths;
  /** G(z₀) and G(z_T), one row per chain, and a real batch for reference (empty for images: see `images`). */
  before: number[][];
  after: number[][];
  real: number[][];
  /** curves: x position of each coordinate. */
  curveX?: number[];
  images?: SamplingImages;
  /** Conditional runs: the class each chain is held to all along (chain i: class i mod the class count), by name. */
  chainClasses?: string[];
  /** The data kind's quality metrics of G(z₀) and G(z_T); null when the real data could not be loaded (see `notes`). */
  quality: { before: QualityMetrics; after: QualityMetrics } | null;
  /** What the reader should know: coordinates left out, metrics not computed, and why. */
  notes: string[];
}
