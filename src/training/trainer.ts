/**
 * The training loop: k discriminator steps (each on fresh batches) then one generator step, per
 * iteration, with recording at the configured intervals. Control (stop, pause, hyper-parameter
 * edits) arrives between steps; the loop yields to the event loop every step so it is heard.
 */
import * as tf from '@tensorflow/tfjs';
import { dirname, join, resolve } from 'node:path';
import type { TrainArgs } from './cli/args';
import type { TrainingInput } from './loadExperiment';
import type { BackendName, Experiment } from '../shared/experiment/schema';
import type { HyperparameterChanges } from '../shared/protocol';
import { configWarnings, type ConfigWarning } from '../shared/experiment/semantics';
import { formatJsonPath, type JsonPath } from '../shared/experiment/sourceMap';
import { blowUpData, pausedEvent, resumedEvent, type EventContent } from '../shared/runEvents';
import { RUN_FILES, RUN_FORMAT_VERSION, type MetricRecord, type RunMeta, type RunStatus } from '../shared/runFormat';
import { selectBackend } from './backend';
import { createDataset, DataSetError } from './data/createDataset';
import type { Dataset, LabeledBatch } from './data/dataset';
import { createGan, type Gan } from './gan';
import { oneHot, sampleLabels } from './labels';
import { sampleLatent } from './latent';
import { Rng } from './random';
import { Recorder, type Emit } from './recorder';
import { LearnedQualityRecorder } from './recording/learnedQuality';
import { BLOWN_UP_SUFFIX, loadCheckpoint, setAsideCheckpointsAfter } from './run/checkpoint';
import { dropRecordsAfter, type ResumePoint } from './run/resume';
import { TrainingStreams } from './streams';
import { RunDirectory } from './run/runDirectory';
import { discriminatorStep, generatorStep, readStepAsync, disposeStep, type StepValues } from './steps';
import { applyHyperparameters } from './hyperparameters';
import { versions } from './versions';
import { DivergenceWatch, watchedD, watchedValues } from './watchdog/divergenceWatch';
import { AlarmWatch, type RaisedAlarm } from './watchdog/alarmWatch';

export interface TrainerOptions {
  /** Absolute path of the experiment file (data paths are relative to it). */
  experimentFile: string;
  /** Resolved config (defaults filled). */
  config: Experiment;
  /** Root under which `<name>/<run id>/` is created; default `runs/` beside the experiment file. */
  outRoot?: string;
  steps?: number;
  backend?: BackendName;
  /** Continue this run directory from its latest checkpoint (config and options come from it). */
  resume?: ResumePoint;
  /** Real data built by the caller instead of from `config.data` (tests and fixtures). */
  dataset?: Dataset;
  /** The data files' warnings found before the run (phase 2 of validation): recorded as warning events with the config's. */
  dataFileWarnings?: ConfigWarning[];
  /**
   * What an alarm's "pause" action does: "hold" (the editor's trainer process: it waits for Resume
   * or Stop), or "stop" (gan-train, which has no one to resume it: the run stops with a checkpoint,
   * to be resumed with --resume). Default "hold".
   */
  alarmPause?: 'hold' | 'stop';
  emit: Emit;
}

/** Why a run failed, and the field of the experiment file it is about when known (data.path for a data file that cannot be loaded). */
export interface RunFailure {
  message: string;
  configPath?: JsonPath;
}

export class DivergedError extends Error {}

/** A trainer for the command-line arguments shared by `gan-train` and the trainer process. */
export function trainerFor(args: TrainArgs, input: TrainingInput, emit: Emit, alarmPause?: TrainerOptions['alarmPause']): Trainer {
  return new Trainer({
    ...(alarmPause && { alarmPause }),
    experimentFile: input.experimentFile,
    config: input.config,
    ...(input.resume && { resume: input.resume }),
    ...(args.out !== undefined && { outRoot: resolve(args.out) }),
    ...(args.steps !== undefined && { steps: args.steps }),
    ...(args.backend !== undefined && { backend: args.backend }),
    ...(input.warnings && { dataFileWarnings: input.warnings }),
    emit,
  });
}

const nextTick = () => new Promise<void>((resolve) => setImmediate(resolve));

export class Trainer {
  private readonly config: Experiment;
  private stopRequested = false;
  private paused: { resume: () => void; promise: Promise<void> } | undefined;
  private sampleRequested = false;
  private pending: HyperparameterChanges[] = [];
  /** Events handed in (recordEvent) before the run directory exists. */
  private pendingEvents: EventContent[] = [];
  private meta: RunMeta | undefined;
  private recorder: Recorder | undefined;
  /** Set when the run ended failed or diverged. */
  failure: RunFailure | undefined;
  /** Training time: seconds trained before this session (up to the checkpoint resumed from), when this session's loop began, and its pauses. */
  private readonly clock = { before: 0, since: undefined as number | undefined, pausedMs: 0 };

  constructor(private readonly options: TrainerOptions) {
    this.config = {
      ...options.config,
      schedule: { ...options.config.schedule, steps: options.steps ?? options.config.schedule.steps },
      backend: options.backend ?? options.config.backend,
    };
  }

  stop(): void {
    this.stopRequested = true;
    this.resume();
  }

  pause(): void {
    if (this.paused) return;
    let resume = () => {};
    const promise = new Promise<void>((r) => (resume = r));
    this.paused = { resume, promise };
  }

  resume(): void {
    const paused = this.paused;
    this.paused = undefined;
    paused?.resume();
  }

  sampleNow(): void {
    this.sampleRequested = true;
  }

  updateHyperparameters(changes: HyperparameterChanges): void {
    this.pending.push(changes);
  }

  /**
   * Appends an event another part of the workbench made (an MCMC sampling result) to events.jsonl at
   * the current step, at once (also while paused), so that a live run's events have one writer.
   */
  recordEvent(event: EventContent): void {
    if (this.recorder) this.recorder.event(event.kind, event.message, event.data);
    else this.pendingEvents.push(event);
  }

  /** Trains to the end (or until stopped); returns the final status. Never throws. */
  async run(): Promise<RunStatus> {
    let gan: Gan | undefined;
    let learned: LearnedQualityRecorder | undefined;
    try {
      const backend = await selectBackend(this.config.backend, this.config);
      const dataset = this.options.dataset ?? createDataset(this.config.data, dirname(this.options.experimentFile));
      const rng = new Rng(this.config.seed);
      const resume = this.options.resume;
      const dir = resume
        ? RunDirectory.open(resume.runDir)
        : RunDirectory.create(this.options.outRoot ?? join(dirname(this.options.experimentFile), 'runs'), this.config.name);
      const streams = new TrainingStreams(rng);
      this.recorder = new Recorder(dir, this.config, dataset, this.options.emit, rng, streams.evaluation);
      gan = createGan(this.config, dataset, rng);
      const restored = resume ? loadCheckpoint(resume.checkpoint, gan) : undefined;
      const startStep = restored?.step ?? 0;
      if (resume) {
        const kept = dropRecordsAfter(dir.path, startStep);
        this.clock.before = trainedBefore(resume.previous, startStep, kept[RUN_FILES.metrics]);
        // Checkpoints after the one resumed from were passed over as damaged (resume.warnings).
        setAsideCheckpointsAfter(dir.file(RUN_FILES.checkpoints), startStep);
      }
      this.meta = {
        formatVersion: RUN_FORMAT_VERSION,
        runId: dir.runId,
        experimentName: this.config.name,
        experimentFile: resume?.previous.experimentFile ?? this.options.experimentFile,
        status: 'running',
        backend,
        versions: versions(),
        startedAt: resume?.previous.startedAt ?? new Date().toISOString(),
        endedAt: null,
        lastStep: startStep,
        totalSteps: Math.max(this.config.schedule.steps, startStep),
        trainingSeconds: this.clock.before,
        error: null,
        pid: process.pid,
        data: {
          dim: dataset.dim,
          ...(dataset.image && { image: dataset.image }),
          ...(gan.classes !== undefined && dataset.classes && { classes: { names: [...dataset.classes.names] } }),
        },
      };
      dir.writeExperiment(this.config);
      this.recorder.meta(this.meta);
      this.options.emit({ type: 'started', payload: { runDir: dir.path, meta: this.meta, config: this.config } });
      this.recorder.atStep(startStep);
      this.recorder.event('backend', `backend ${backend.name}: ${backend.reason}`, { ...backend });
      for (const w of [...configWarnings(this.config), ...(this.options.dataFileWarnings ?? [])])
        this.recorder.event('warning', `${formatJsonPath(w.path)}: ${w.message}`, { path: w.path });
      if (resume) {
        this.recorder.event('status', `resumed from the checkpoint at step ${startStep}`, { checkpoint: resume.checkpoint });
        for (const warning of resume.warnings) this.recorder.event('warning', warning, { checkpoint: resume.checkpoint });
      }
      for (const note of restored?.notes ?? []) this.recorder.event('info', note);
      for (const e of this.pendingEvents.splice(0)) this.recorder.event(e.kind, e.message, e.data);
      if (restored?.rng) streams.restore(restored.rng);
      else if (restored)
        this.recorder.event(
          'warning',
          'the checkpoint has no random-stream states (written by an older version): the resumed run draws new batches, so it will not match an uninterrupted run exactly',
        );
      learned = await this.setUpLearnedQuality(dataset);
      const status = await this.loop(gan, dataset, streams, startStep);
      return this.finish(status, null);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.failure = { message, ...(error instanceof DataSetError && { configPath: error.configPath }) };
      return this.finish(error instanceof DivergedError ? 'diverged' : 'failed', message);
    } finally {
      learned?.dispose();
      gan?.dispose();
    }
  }

  /**
   * MNIST-like data: loads the classifier and embeds the reference images (seconds), after the run
   * has started so the editor shows it meanwhile. A failure turns the learned metric off with a
   * warning instead of failing the run.
   */
  private async setUpLearnedQuality(dataset: Dataset): Promise<LearnedQualityRecorder | undefined> {
    const recorder = this.recorder!;
    const started = Date.now();
    try {
      const learned = await LearnedQualityRecorder.create(this.config, dataset, dirname(this.options.experimentFile));
      if (learned) {
        recorder.useLearnedQuality(learned);
        const seconds = ((Date.now() - started) / 1000).toFixed(1);
        recorder.event('info', `learned image metric: MNIST classifier loaded and reference images embedded in ${seconds} s`);
      }
      return learned;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      recorder.event(
        'warning',
        `the learned image metric (Fréchet distance, classes, precision and recall) is off for this run: ${message}`,
      );
      return undefined;
    }
  }

  private async loop(gan: Gan, dataset: Dataset, streams: TrainingStreams, startStep: number): Promise<RunStatus> {
    const recorder = this.recorder!;
    const { data: dataRng, noise: noiseRng, regularization: stepRng } = streams;
    const { batchSize } = this.config.schedule;
    const dim = dataset.dim;
    const classes = gan.classes;
    const started = Date.now();
    this.clock.since = started;
    let lastRecord = { step: startStep, time: started };
    const watch = new DivergenceWatch(this.config);
    const alarms = new AlarmWatch(this.config);
    /** The step of the last checkpoint an alarm wrote (the periodic one at that step is not written twice). */
    let alarmCheckpoint: number | undefined;
    const raise = async (raised: RaisedAlarm[], step: number) => {
      for (const alarm of raised) {
        recorder.event(alarm.event.kind, alarm.event.message, alarm.event.data);
        if (alarm.action === 'none') continue;
        if (alarm.action === 'pause' && this.options.alarmPause === 'stop') {
          this.stop();
          continue;
        }
        if (alarmCheckpoint !== step && step > startStep) {
          await this.checkpointIfFinite(gan, streams, step);
          alarmCheckpoint = step;
        }
        if (alarm.action === 'pause') this.pause();
      }
    };
    if (startStep === 0) {
      const quality = await recorder.samples(gan);
      if (quality) await raise(alarms.observeQuality(quality), 0);
    }

    for (let step = startStep + 1; step <= this.config.schedule.steps; step++) {
      await nextTick();
      if (this.paused) await this.holdWhilePaused(step - 1);
      if (this.stopRequested) {
        if (step > startStep + 1) await this.checkpointIfFinite(gan, streams, step - 1);
        return 'stopped';
      }
      this.applyPendingHyperparameters(gan, step);

      const logging = this.config.logging;
      const k = this.config.schedule.dStepsPerGStep;
      const context = { completedSteps: step - 1, rng: stepRng };
      let dResult: ReturnType<typeof discriminatorStep> | undefined;
      let firstD: StepValues | undefined;
      for (let j = 0; j < k; j++) {
        if (dResult) disposeStep(dResult);
        const batch: { x: Float32Array; labels?: Int32Array } =
          classes === undefined ? { x: dataset.sample(batchSize, dataRng) } : labeledBatch(dataset, batchSize, dataRng);
        const real = tf.tensor2d(batch.x, [batchSize, dim]);
        const z = tf.tensor2d(sampleLatent(noiseRng, batchSize, this.config.latent), [batchSize, this.config.latent.dim]);
        // Conditional: the fakes' labels, uniform over the classes, from the noise stream after z.
        const labels = batch.labels && {
          real: oneHot(batch.labels, classes!),
          fake: oneHot(sampleLabels(noiseRng, batchSize, classes!), classes!),
        };
        dResult = discriminatorStep(gan, real, z, context, labels);
        tf.dispose([real, z, ...(labels ? [labels.real, labels.fake] : [])]);
        // k > 1: the divergence watch's D scales start before D's first update of the session (read once).
        if (j === 0 && k > 1 && step === startStep + 1 && watch.enabled) [firstD, dResult] = [await readStepAsync(dResult), undefined];
      }
      const z = tf.tensor2d(sampleLatent(noiseRng, batchSize, this.config.latent), [batchSize, this.config.latent.dim]);
      const fakeLabels = classes === undefined ? undefined : oneHot(sampleLabels(noiseRng, batchSize, classes), classes);
      const gResult = generatorStep(gan, z, context, fakeLabels);
      tf.dispose([z, ...(fakeLabels ? [fakeLabels] : [])]);
      recorder.atStep(step);
      this.meta!.lastStep = step;

      const last = step === this.config.schedule.steps;
      if (step % logging.metricsEvery === 0 || last) {
        const now = Date.now();
        const record = metricRecord(
          step,
          now,
          this.trainingSeconds(now),
          lastRecord,
          await readStepAsync(dResult!),
          await readStepAsync(gResult),
        );
        lastRecord = { step, time: now };
        recorder.metrics(record);
        const bad = firstNonFinite(record);
        if (bad) throw new DivergedError(`diverged at step ${step}: ${bad} — try a lower learning rate or a gradient penalty`);
        if (step === startStep + 1) {
          const first = firstD ? { ...record, ...watchedD(firstD) } : record;
          watch.start(first);
          alarms.start(first);
        }
        let blowUpFound = false;
        const blownUp = watch.observe(record, (e) => {
          recorder.event(e.kind, e.message, e.data);
          blowUpFound ||= blowUpData(e) !== undefined;
        });
        if (blownUp) {
          this.setAsideBlownUpCheckpoints(watch.soundUpTo);
          throw new DivergedError(blownUp);
        }
        // A blow-up's action: no checkpoint from blown-up weights, so "pause" only holds (or, in gan-train, stops).
        if (blowUpFound && alarms.blowUpAction === 'pause') {
          if (this.options.alarmPause === 'stop') this.stop();
          else this.pause();
        }
        await raise(alarms.observeMetrics(record), step);
      } else if (step === startStep + 1 && watch.enabled) {
        // The divergence watch's running scales start at the session's first step (read once).
        const first = watchedValues(step, firstD ?? (await readStepAsync(dResult!)), await readStepAsync(gResult));
        watch.start(first);
        alarms.start(first);
        if (firstD) disposeStep(dResult!);
      } else {
        disposeStep(dResult!);
        disposeStep(gResult);
      }
      // The losses above come from before this step's updates: after the last one, check the weights.
      const badWeights = last ? await nonFiniteNetwork(gan) : undefined;
      if (badWeights)
        throw new DivergedError(
          `diverged at step ${step}: the ${badWeights}'s weights are NaN or infinite after the last update — try a lower learning rate or a gradient penalty`,
        );
      if (step % logging.histogramsEvery === 0 || last || this.sampleRequested) await recorder.histograms(gan);
      if (step % logging.samplesEvery === 0 || last || this.sampleRequested) {
        const quality = await recorder.samples(gan);
        if (quality) await raise(alarms.observeQuality(quality), step);
      }
      this.sampleRequested = false;
      const periodic =
        logging.checkpointEvery > 0 && step % logging.checkpointEvery === 0 && !watch.holdCheckpoints && alarmCheckpoint !== step;
      if (periodic || (last && alarmCheckpoint !== step)) await this.checkpointIfFinite(gan, streams, step);
    }
    return 'completed';
  }

  /** Holds after `step` until resumed or stopped; the pause and the resume are events of the run. */
  private async holdWhilePaused(step: number): Promise<void> {
    const since = Date.now();
    const paused = pausedEvent(since);
    this.recorder!.event(paused.kind, paused.message, paused.data);
    this.options.emit({ type: 'paused', payload: { paused: true, step } });
    await this.paused!.promise;
    this.clock.pausedMs += Date.now() - since;
    // A stop also ends the pause: the run's `stopped` status says what happened.
    if (!this.stopRequested) {
      const resumed = resumedEvent(Date.now() - since);
      this.recorder!.event(resumed.kind, resumed.message, resumed.data);
    }
    this.options.emit({ type: 'paused', payload: { paused: false, step } });
  }

  /**
   * Checkpoints after `step` unless a weight is NaN or infinite: a diverged state never replaces (or,
   * with keepCheckpoints, rotates out) the last good checkpoint, whatever the metrics interval.
   */
  private async checkpointIfFinite(gan: Gan, streams: TrainingStreams, step: number): Promise<void> {
    const bad = await nonFiniteNetwork(gan);
    if (bad)
      throw new DivergedError(
        `diverged at step ${step}: the ${bad}'s weights are NaN or infinite (no checkpoint written; the last good one is kept) — try a lower learning rate or a gradient penalty`,
      );
    await this.recorder!.checkpoint(gan, streams.states());
  }

  /**
   * A run stopped for a blow-up: the checkpoints after the last state known to be sound are set
   * aside (step-N.blown-up), so a resume takes the newest one before the blow-up.
   */
  private setAsideBlownUpCheckpoints(soundUpTo: number | undefined): void {
    if (soundUpTo === undefined) return;
    const aside = setAsideCheckpointsAfter(this.recorder!.dir.file(RUN_FILES.checkpoints), soundUpTo, BLOWN_UP_SUFFIX);
    if (aside.length > 0)
      this.recorder!.event(
        'info',
        `the checkpoints written after step ${soundUpTo}, the last state known to be sound, are set aside as ${aside.join(', ')}: a resume takes the newest before them`,
        { setAside: aside },
      );
  }

  private applyPendingHyperparameters(gan: Gan, step: number): void {
    for (const changes of this.pending.splice(0)) {
      const applied = applyHyperparameters(this.config, gan, changes, step - 1);
      this.recorder!.event('hyperparameters', `step ${step - 1}: ${applied.summary}`, { changes: applied.changes });
      if (applied.changes.steps) {
        this.meta!.totalSteps = this.config.schedule.steps;
        this.meta!.trainingSeconds = this.trainingSeconds(Date.now());
        this.recorder!.meta(this.meta!);
      }
    }
  }

  /**
   * Seconds of training up to `now`, summed over the run's sessions: the time this session's loop
   * has run, pauses excluded, plus what the run had trained up to the checkpoint it resumed from.
   * Start-up (backend, data, the learned metric's set-up) and the time between sessions are not training.
   */
  private trainingSeconds(now: number): number {
    const { before, since, pausedMs } = this.clock;
    return since === undefined ? before : before + Math.max(0, now - since - pausedMs) / 1000;
  }

  private finish(status: RunStatus, error: string | null): RunStatus {
    const meta = this.meta;
    if (meta) {
      meta.status = status;
      meta.endedAt = new Date().toISOString();
      meta.trainingSeconds = this.trainingSeconds(Date.now());
      meta.error = error;
      try {
        this.recorder!.meta(meta);
        this.recorder!.event('status', error ? `${status}: ${error}` : status);
      } catch (writeError) {
        error = `${error ?? status}; and run.json could not be written: ${(writeError as Error).message}`;
      }
    }
    if (status === 'completed' || status === 'stopped') this.options.emit({ type: 'finished', payload: { status, meta: meta! } });
    else
      this.options.emit({
        type: 'failed',
        payload: { status: status as 'failed' | 'diverged', error: error ?? status, meta: meta ?? null },
      });
    return status;
  }
}

/** A real batch with its labels, for a conditional run (its data must be labelled). */
function labeledBatch(dataset: Dataset, n: number, rng: Rng): LabeledBatch {
  if (!dataset.sampleLabeled)
    throw new Error(
      `"conditional" needs labelled data, and this ${dataset.kind} data has no labels: use data with labels, or remove "conditional"`,
    );
  return dataset.sampleLabeled(n, rng);
}

/**
 * Seconds a resumed run had trained up to `step`, the checkpoint it resumes from: run.json's figure
 * when the run stopped there, else the `elapsed` of the last metrics record kept (at or before it).
 * Runs recorded before training time was kept give their last session's time since its start.
 */
function trainedBefore(previous: RunMeta, step: number, lastMetrics: unknown): number {
  if (previous.lastStep === step && typeof previous.trainingSeconds === 'number') return previous.trainingSeconds;
  const elapsed = (lastMetrics as { elapsed?: unknown } | undefined)?.elapsed;
  return typeof elapsed === 'number' && Number.isFinite(elapsed) && elapsed >= 0 ? elapsed : 0;
}

function metricRecord(
  step: number,
  now: number,
  elapsed: number,
  last: { step: number; time: number },
  d: StepValues,
  g: StepValues,
): MetricRecord {
  const seconds = (now - last.time) / 1000;
  return {
    step,
    time: now,
    elapsed,
    stepsPerSecond: seconds > 0 ? (step - last.step) / seconds : 0,
    dLoss: d.loss,
    gLoss: g.loss,
    components: { ...d.components, ...g.components },
    dReal: d.dReal!,
    dFake: d.dFake!,
    gradNormD: d.gradNorm,
    gradNormG: g.gradNorm,
    memory: { tensors: tf.memory().numTensors, rssMb: Math.round(process.memoryUsage.rss() / 2 ** 20) },
  };
}

/** The first network (generator, discriminator, MI network) with a NaN or infinite variable, if any (one read). */
async function nonFiniteNetwork(gan: Gan): Promise<string | undefined> {
  const networks: [string, tf.Variable[]][] = [
    ['generator', gan.generator.variables],
    ['discriminator', gan.discriminator.variables],
  ];
  const mi = gan.mutualInformation;
  if (mi) networks.push([mi.kind === 'encoder' ? 'encoder' : 'statistics network', mi.variables]);
  // v·0 is 0 where v is finite and NaN where it is not; the sums carry a NaN through.
  const stacked = tf.tidy(() => tf.stack(networks.map(([, vars]) => tf.addN(vars.map((v) => tf.sum(tf.mul(v, 0)))))));
  const sums = await stacked.data();
  stacked.dispose();
  const bad = sums.findIndex((s) => s !== 0);
  return bad >= 0 ? networks[bad]![0] : undefined;
}

function firstNonFinite(record: MetricRecord): string | undefined {
  const values: [string, number][] = [
    ['D loss', record.dLoss],
    ['G loss', record.gLoss],
    ['D gradient norm', record.gradNormD],
    ['G gradient norm', record.gradNormG],
    ...Object.entries(record.components),
  ];
  const bad = values.find(([, v]) => !Number.isFinite(v));
  return bad ? `${bad[0]} is ${bad[1]}` : undefined;
}
