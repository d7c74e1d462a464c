/**
 * Records what a run produces: writes each record to the run directory and emits it to the
 * listener (the host over IPC, or the CLI's progress display). Everything a user later looks at
 * goes through here, so a CLI run and an editor run produce the same directory.
 */
import { join } from 'node:path';
import type { Experiment } from '../shared/experiment/schema';
import type { TrainerToHost } from '../shared/protocol';
import { RUN_FILES, type MetricRecord, type QualityRecord, type RunEvent, type RunEventKind, type RunMeta } from '../shared/runFormat';
import { computeQuality } from './quality/computeQuality';
import type { Dataset } from './data/dataset';
import { samplingGan, type Gan } from './gan';
import { cyclingLabels, sampleLabels } from './labels';
import { sampleLatent } from './latent';
import { conditionalClasses } from './models/createNetworks';
import { usesSigmoid } from './losses';
import type { Rng } from './random';
import { discriminateAsync, generateAsync } from './recording/evaluate';
import { scoreHistograms } from './recording/histograms';
import { buildSampleRecord } from './recording/samples';
import type { LearnedQualityRecorder } from './recording/learnedQuality';
import { imageSampleWriter, type ImageSampleWriter } from './recording/imageSamples';
import { saveCheckpoint } from './run/checkpoint';
import type { RunDirectory } from './run/runDirectory';
import type { StreamStates } from './streams';

export type Emit = (message: TrainerToHost) => void;

/** Samples used for quality metrics: more than the recorded batch, for steadier estimates. */
const QUALITY_SAMPLES = 2048;
/** Images are costly to generate and to score (connected components); 256 keep the share within a few percent. */
const IMAGE_QUALITY_SAMPLES = 256;

export class Recorder {
  private step = 0;
  private readonly evalRng: Rng;
  private readonly fixedZ: Float32Array;
  /** Image data: PNG grids instead of rows. */
  private readonly images: ImageSampleWriter | undefined;
  /** Conditional runs: the class count, and the class of each fixed-noise row (beside fixedZ all run long). */
  private readonly classes: number | undefined;
  private readonly fixedLabels: Int32Array | undefined;
  private learned: LearnedQualityRecorder | undefined;

  constructor(
    readonly dir: RunDirectory,
    private readonly config: Experiment,
    private readonly dataset: Dataset,
    private readonly emit: Emit,
    rng: Rng,
    /** Draws of histograms, samples and quality (saved in checkpoints with the other streams). */
    evaluation: Rng,
  ) {
    this.evalRng = evaluation;
    this.classes = conditionalClasses(config, dataset);
    const classNames = this.classes === undefined ? undefined : dataset.classes?.names;
    this.images = imageSampleWriter(dir, dataset, config.logging.sampleCount, classNames);
    // The same z all run long, so the user sees the same samples evolve (a grid with a row per class may need more rows).
    const fixedRows = Math.max(config.logging.sampleCount, this.images?.count ?? 0);
    this.fixedZ = sampleLatent(rng.fork('fixed-noise'), fixedRows, config.latent);
    if (this.classes !== undefined)
      this.fixedLabels = this.images ? this.images.fixedLabels(fixedRows, this.classes) : cyclingLabels(fixedRows, this.classes);
  }

  /** n real samples, with their labels in a conditional run. */
  private real(n: number): { x: Float32Array; labels?: Int32Array } {
    if (this.classes === undefined) return { x: this.dataset.sample(n, this.evalRng) };
    if (!this.dataset.sampleLabeled) throw new Error(`"conditional" needs labelled data, and this ${this.dataset.kind} data has no labels`);
    return this.dataset.sampleLabeled(n, this.evalRng);
  }

  /** Labels for n fresh fakes of a conditional run, uniform over the classes; undefined when unconditional. */
  private fakeLabels(n: number): Int32Array | undefined {
    return this.classes === undefined ? undefined : sampleLabels(this.evalRng, n, this.classes);
  }

  /** MNIST-like data: score every samples interval with the learned image metric from now on. */
  useLearnedQuality(learned: LearnedQualityRecorder): void {
    this.learned = learned;
  }

  atStep(step: number): void {
    this.step = step;
  }

  meta(meta: RunMeta): void {
    this.dir.writeMeta(meta);
  }

  event(kind: RunEventKind, message: string, data?: Record<string, unknown>): void {
    const event: RunEvent = { step: this.step, time: Date.now(), kind, message, ...(data ? { data } : {}) };
    this.dir.appendEvent(event);
    this.emit({ type: 'event', payload: event });
  }

  log(level: 'info' | 'warning' | 'error', message: string): void {
    if (level !== 'info') this.event(level === 'warning' ? 'warning' : 'info', message);
    this.emit({ type: 'log', payload: { level, message } });
  }

  metrics(record: MetricRecord): void {
    this.dir.appendMetrics(record);
    this.emit({ type: 'metrics', payload: record });
  }

  async histograms(gan: Gan): Promise<void> {
    const n = this.config.logging.sampleCount;
    const real = this.real(n);
    const z = sampleLatent(this.evalRng, n, this.config.latent);
    const fakeLabels = this.fakeLabels(n);
    const fake = await generateAsync(gan, z, fakeLabels);
    const record = scoreHistograms(
      this.step,
      await discriminateAsync(gan, real.x, this.dataset.dim, real.labels),
      await discriminateAsync(gan, fake, this.dataset.dim, fakeLabels),
      this.config.logging.histogramBins,
      usesSigmoid(gan.loss),
    );
    this.dir.appendHistogram(record);
    this.emit({ type: 'histogram', payload: record });
  }

  /**
   * Writes the samples and the quality record of what the run generates (G, or its average when the
   * experiment keeps one); returns the quality record (none when the data has no quality metric).
   */
  async samples(trained: Gan): Promise<QualityRecord | undefined> {
    const gan = samplingGan(trained);
    const n = this.config.logging.sampleCount;
    const record = await (this.images
      ? this.images.record(gan, this.step, this.fixedZ, (count) => this.dataset.sample(count, this.evalRng), this.fixedLabels)
      : buildSampleRecord(gan, this.dataset, this.config, {
          step: this.step,
          fixedZ: this.fixedZ,
          freshZ: sampleLatent(this.evalRng, n, this.config.latent),
          real: this.dataset.sample(n, this.evalRng),
          ...(this.fixedLabels && { fixedLabels: this.fixedLabels, freshLabels: this.fakeLabels(n)! }),
        }));
    if (this.learned && this.images && record.images) {
      const count = this.images.count;
      const tiles = await generateAsync(gan, this.fixedZ.subarray(0, count * gan.latentDim), this.fixedLabels?.subarray(0, count));
      const nearest = await this.learned.nearest(this.dir, this.step, tiles);
      if (nearest) record.images.nearest = nearest;
    }
    this.dir.writeSamples(record);
    this.emit({ type: 'samples', payload: record });

    const count = this.dataset.image ? IMAGE_QUALITY_SAMPLES : QUALITY_SAMPLES;
    const real = this.dataset.sample(count, this.evalRng);
    const z = sampleLatent(this.evalRng, count, this.config.latent);
    const fakeLabels = this.fakeLabels(count);
    const fake = await generateAsync(gan, z, fakeLabels);
    const metrics = computeQuality(this.dataset, real, fake, this.config.data);
    const learned = await this.learned?.score(gan, this.evalRng);
    if (learned) Object.assign(metrics, learned.metrics);
    if (Object.keys(metrics).length > 0) {
      const quality: QualityRecord = { step: this.step, metrics, ...(learned && { classes: learned.classes }) };
      this.dir.appendQuality(quality);
      this.emit({ type: 'quality', payload: quality });
      return quality;
    }
    return undefined;
  }

  async checkpoint(gan: Gan, streams: StreamStates): Promise<void> {
    const name = await saveCheckpoint(this.dir.file(RUN_FILES.checkpoints), this.step, gan, streams, this.config.logging.keepCheckpoints);
    const path = join(RUN_FILES.checkpoints, name);
    this.event('checkpoint', `checkpoint at step ${this.step}`, { path });
    this.emit({ type: 'checkpoint', payload: { step: this.step, path } });
  }
}
