/**
 * `gan-sample`'s work: MCMC in the latent space of a trained run (gan-theory.md §2, "Sampling in
 * latent space after training") with D as the energy, G(z₀) and G(z_T) scored with the data
 * kind's quality metrics, all written to `<run>/sampling/<id>/` at once. A conditional run's chains
 * each hold one class (chain i: class i mod the class count) in G and D.
 */
import type * as tf from '@tensorflow/tfjs';
import { dirname } from 'node:path';
import type { Experiment } from '../../shared/experiment/schema';
import {
  SAMPLING_FILES,
  SAMPLING_FORMAT,
  type ConcreteBackend,
  type DataShape,
  type QualityMetrics,
  type SampleLayout,
  type SamplingRecord,
  type SamplingSettings,
} from '../../shared/runFormat';
import { samplingId } from '../../shared/samplingId';
import { resolveSettings, type RequestedSettings } from '../../shared/samplingSettings';
import { createDataset } from '../data/createDataset';
import type { Dataset } from '../data/dataset';
import { cyclingLabels, oneHot } from '../labels';
import { sampleLatent } from '../latent';
import { computeQuality } from '../quality/computeQuality';
import { Rng } from '../random';
import { samplingGan } from '../gan';
import { generate, toRows } from '../recording/evaluate';
import { encodeImageGrid, gridGeometry, MAX_GRID_TILES } from '../recording/imageGrid';
import { loadTrainedRun, type TrainedRun } from '../run/loadTrainedRun';
import { withinUnitBox } from './boxPrior';
import { discriminatorEnergy, energyFormula } from './discriminatorEnergy';
import { latentEnergyGrid } from './latentEnergyGrid';
import { latentEnergy, type LatentEnergy } from './latentEnergy';
import { runChains } from './runChains';
import { chainPaths, jsonNumbers, MAX_PATH_CHAINS, recordEvery, summarizeTrace } from './samplingTrace';
import { writeSampling, type SamplingPngs } from './samplingWriter';

/** A problem with the settings for this run (the CLI's exit code 1, with the message). */
export class SamplingError extends Error {}

export interface SampleOptions {
  settings: RequestedSettings;
  /** A checkpoint of the run: its step, folder name or path; the latest by default. */
  checkpoint?: string;
  /** The backend the chains run on (selected by the caller), for the record. */
  backend: ConcreteBackend;
  onStep?: (step: number) => void;
}

export interface SampleOutcome {
  folder: string;
  record: SamplingRecord;
}

/** Real samples the quality metrics compare against (vector data; images use as many as there are chains). */
const QUALITY_REAL_SAMPLES = 2048;
/** Real points drawn faintly behind the samples in the views. */
const SHOWN_REAL_SAMPLES = 512;

export function sampleTrainedRun(runDirectory: string, options: SampleOptions): SampleOutcome {
  const started = Date.now();
  const run = loadTrainedRun(runDirectory, options.checkpoint);
  try {
    return sampleLoaded(run, options, started);
  } finally {
    run.gan.dispose();
  }
}

function sampleLoaded(run: TrainedRun, options: SampleOptions, started: number): SampleOutcome {
  const { config, gan, shape } = run;
  const settings = resolveSettings(options.settings, { sampleCount: config.logging.sampleCount, image: !!shape.image, seed: config.seed });
  checkSettings(config, settings);
  const notes: string[] = [...run.notes];
  const dataset = loadDataset(run, notes);
  // A conditional run's chains each keep one class: chain i samples class i mod the class count.
  const chainLabels = gan.classes === undefined ? undefined : cyclingLabels(settings.chains, gan.classes);
  const labelRows = chainLabels && oneHot(chainLabels, gan.classes!);
  try {
    return sampleChains(run, options, started, { settings, notes, dataset, ...(chainLabels && { chainLabels, labelRows }) });
  } finally {
    labelRows?.dispose();
  }
}

interface ChainSetup {
  settings: SamplingSettings;
  notes: string[];
  dataset: Dataset | null;
  /** Conditional runs: each chain's class, and as one-hot rows [chains, classes]. */
  chainLabels?: Int32Array;
  labelRows?: tf.Tensor2D;
}

function sampleChains(run: TrainedRun, options: SampleOptions, started: number, setup: ChainSetup): SampleOutcome {
  const { config, gan, shape } = run;
  const { settings, notes, dataset, chainLabels, labelRows } = setup;
  const start = startingPoints(config, settings);
  const energy = samplingEnergy(run, settings, labelRows);
  const chainRun = runChains({
    energy,
    method: settings.method,
    stepSize: settings.stepSize,
    steps: settings.steps,
    chains: settings.chains,
    start,
    rng: new Rng(settings.seed).fork('mcmc-chains'),
    record: { every: recordEvery(settings.steps), pathChains: Math.min(MAX_PATH_CHAINS, settings.chains), energies: true },
    ...(options.onStep && { onStep: options.onStep }),
  });
  const shown = samplingGan(gan);
  const before = generate(shown, start, chainLabels);
  const after = generate(shown, chainRun.finalZ, chainLabels);
  const paths = chainPaths(chainRun.trace, config.latent.dim);
  if (!paths.complete) notes.push(`the latent has ${config.latent.dim} coordinates: the chains' paths hold only the first two`);
  if (config.latent.dim === 2 && chainLabels)
    notes.push("no energy grid: a conditional run's latent energy depends on the class, and each chain has its own");
  else if (config.latent.dim === 2) paths.energyGrid = latentEnergyGrid(energy, paths, config.latent.distribution);

  const image = shape.image;
  const evalRng = new Rng(settings.seed).fork('mcmc-evaluation');
  const realRows = dataset && !image ? dataset.sample(SHOWN_REAL_SAMPLES, evalRng) : new Float32Array(0);
  const quality = dataset ? qualityBeforeAfter(dataset, config, before, after, settings.chains, evalRng) : null;
  const pngs: SamplingPngs = {};
  if (image) {
    const count = Math.min(MAX_GRID_TILES, settings.chains);
    const { columns } = gridGeometry(count, image);
    pngs[SAMPLING_FILES.beforePng] = encodeImageGrid(before, count, image, columns);
    pngs[SAMPLING_FILES.afterPng] = encodeImageGrid(after, count, image, columns);
  }
  const createdAt = new Date();
  const record: Omit<SamplingRecord, 'id'> = {
    format: SAMPLING_FORMAT,
    createdAt: createdAt.toISOString(),
    durationSeconds: Math.round((Date.now() - started) / 100) / 10,
    runId: run.meta.runId,
    experimentName: run.meta.experimentName,
    checkpointStep: run.step,
    settings,
    energy: { loss: config.loss.kind, formula: energyFormula(config.loss.kind) },
    latent: { dim: config.latent.dim, distribution: config.latent.distribution },
    backend: options.backend,
    dataKind: config.data.kind,
    layout: dataset?.layout ?? layoutOf(shape),
    acceptanceRate: Number(chainRun.acceptanceRate.toPrecision(5)),
    trace: summarizeTrace(chainRun.trace, settings.chains),
    startEnergies: jsonNumbers(chainRun.startEnergies),
    finalEnergies: jsonNumbers(chainRun.finalEnergies),
    paths,
    before: image ? [] : toRows(before, shape.dim),
    after: image ? [] : toRows(after, shape.dim),
    real: toRows(realRows, shape.dim),
    ...(dataset?.curveX && { curveX: dataset.curveX }),
    ...(image && {
      images: {
        shape: image,
        columns: gridGeometry(Math.min(MAX_GRID_TILES, settings.chains), image).columns,
        beforePng: SAMPLING_FILES.beforePng,
        afterPng: SAMPLING_FILES.afterPng,
      },
    }),
    ...(chainLabels && { chainClasses: Array.from(chainLabels, (c) => shape.classes?.names[c] ?? String(c)) }),
    quality,
    notes,
  };
  const written = writeSampling(run.runDir, samplingId(run.step, settings.method, createdAt), record, pngs);
  return { folder: written.folder, record: { ...record, id: written.id } };
}

function checkSettings(config: Experiment, settings: SamplingSettings): void {
  const { sampleCount } = config.logging;
  if (settings.start === 'fixed' && settings.chains > sampleCount)
    throw new SamplingError(
      `--start fixed starts from the run's fixed noise batch, which has ${sampleCount} rows (logging.sampleCount): use --chains ${sampleCount} or fewer, or --start fresh`,
    );
  if (settings.method === 'langevin' && settings.prior && config.latent.distribution === 'uniform')
    throw new SamplingError(
      'this run draws z uniformly from [−1, 1]^d: Langevin steps have no accept/reject test to keep the chains inside that box. Use --method mala (it rejects every step out of the box) or --no-prior',
    );
}

/** The run's data, for real samples and the metrics; null (with a note) when it cannot be loaded here. */
function loadDataset(run: TrainedRun, notes: string[]): Dataset | null {
  try {
    return createDataset(run.config.data, dirname(run.meta.experimentFile));
  } catch (e) {
    notes.push(`the real data could not be loaded, so no quality metrics and no real samples: ${(e as Error).message}`);
    return null;
  }
}

/** fresh: drawn from the prior; fixed: the run's fixed noise batch (Recorder draws it from the same stream). */
function startingPoints(config: Experiment, settings: SamplingSettings): Float32Array {
  if (settings.start === 'fresh') return sampleLatent(new Rng(settings.seed).fork('mcmc-start'), settings.chains, config.latent);
  const fixed = sampleLatent(new Rng(config.seed).fork('fixed-noise'), config.logging.sampleCount, config.latent);
  return fixed.slice(0, settings.chains * config.latent.dim);
}

/** `labels`: a conditional run's one-hot class of every chain, held fixed in G and D. */
function samplingEnergy(run: TrainedRun, settings: SamplingSettings, labels: tf.Tensor2D | undefined): LatentEnergy {
  const { gan, config } = run;
  const normalPrior = settings.prior && config.latent.distribution === 'normal';
  const { generator } = samplingGan(gan);
  const energy = latentEnergy({
    energy: discriminatorEnergy(gan.discriminator, config.loss.kind, labels),
    generator: (z) => generator.apply(z, 'eval', labels),
    temperature: settings.temperature,
    prior: normalPrior,
  });
  return settings.prior && config.latent.distribution === 'uniform' ? withinUnitBox(energy) : energy;
}

function qualityBeforeAfter(
  dataset: Dataset,
  config: Experiment,
  before: Float32Array,
  after: Float32Array,
  chains: number,
  rng: Rng,
): { before: QualityMetrics; after: QualityMetrics } {
  const real = dataset.sample(dataset.image ? chains : QUALITY_REAL_SAMPLES, rng);
  return { before: computeQuality(dataset, real, before, config.data), after: computeQuality(dataset, real, after, config.data) };
}

function layoutOf(shape: DataShape): SampleLayout {
  if (shape.image) return 'images';
  return shape.dim === 1 ? 'points1d' : shape.dim === 2 ? 'points2d' : 'vectors';
}
