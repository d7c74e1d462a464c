/**
 * Every message between the extension host and the trainer process (Node IPC over
 * `child_process.fork`). Each is `{ type, payload }`; the direction is in the type name.
 * Unknown messages are logged by the receiver, never silently dropped.
 */
import type { Experiment } from './experiment/schema';
import type {
  CheckpointInfo,
  HistogramRecord,
  MetricRecord,
  QualityRecord,
  RunEvent,
  RunMeta,
  RunStatus,
  SampleRecord,
  SamplingRecord,
} from './runFormat';
import {
  isHyperparameterChanges,
  isHyperparameterKey,
  isHyperparameterValue,
  type HyperparameterChanges,
  type HyperparameterKey,
} from './hyperparameterTable';
import { isSamplingEvent, type EventContent } from './runEvents';
import { SAMPLING_FOLDER_NAME } from './samplingId';

type Message<T extends string, P> = { type: T; payload: P };

export type { HyperparameterChanges };

// ---- trainer → host -------------------------------------------------------------------------

/** trainer → host: the run directory exists and training is about to begin. */
export type StartedMessage = Message<'started', { runDir: string; meta: RunMeta; config: Experiment }>;
/** trainer → host: one metrics interval. */
export type MetricsMessage = Message<'metrics', MetricRecord>;
/** trainer → host: quality metrics computed with a samples record. */
export type QualityMessage = Message<'quality', QualityRecord>;
/** trainer → host: histograms of D on a real and a fake batch. */
export type HistogramMessage = Message<'histogram', HistogramRecord>;
/** trainer → host: generated samples (also written to samples/). */
export type SamplesMessage = Message<'samples', SampleRecord>;
/** trainer → host: a checkpoint was written. */
export type CheckpointMessage = Message<'checkpoint', CheckpointInfo>;
/** trainer → host: a line for the trainer log, or a warning to show. */
export type LogMessage = Message<'log', { level: 'info' | 'warning' | 'error'; message: string }>;
/** trainer → host: an event written to events.jsonl (backend choice, hyper-parameter edit, …). */
export type EventMessage = Message<'event', RunEvent>;
/** trainer → host: paused or resumed. */
export type PausedMessage = Message<'paused', { paused: boolean; step: number }>;
/** trainer → host: training ended without error (completed or stopped). */
export type FinishedMessage = Message<'finished', { status: Extract<RunStatus, 'completed' | 'stopped'>; meta: RunMeta }>;
/** trainer → host: training ended with an error (failed, or diverged). */
export type FailedMessage = Message<'failed', { status: Extract<RunStatus, 'failed' | 'diverged'>; error: string; meta: RunMeta | null }>;

export type TrainerToHost =
  | StartedMessage
  | MetricsMessage
  | QualityMessage
  | HistogramMessage
  | SamplesMessage
  | CheckpointMessage
  | LogMessage
  | EventMessage
  | PausedMessage
  | FinishedMessage
  | FailedMessage;

// ---- host → trainer -------------------------------------------------------------------------

/** host → trainer: finish the current step, checkpoint, mark the run stopped and exit. */
export type StopMessage = Message<'stop', Record<string, never>>;
/** host → trainer: hold after the current step. */
export type PauseMessage = Message<'pause', Record<string, never>>;
/** host → trainer: continue after a pause. */
export type ResumeMessage = Message<'resume', Record<string, never>>;
/** host → trainer: apply new hyper-parameters from the next step on. */
export type UpdateHyperparametersMessage = Message<'updateHyperparameters', HyperparameterChanges>;
/** host → trainer: record samples (and histograms) now, outside the usual interval. */
export type SampleNowMessage = Message<'sampleNow', Record<string, never>>;
/**
 * host → trainer: append this event to events.jsonl at the current step (and send it back as an
 * `event`), so that the live run's directory has one writer. Only `sampling` events (runEvents.ts).
 */
export type RecordEventMessage = Message<'recordEvent', EventContent>;

export type HostToTrainer =
  StopMessage | PauseMessage | ResumeMessage | UpdateHyperparametersMessage | SampleNowMessage | RecordEventMessage;

const TRAINER_TO_HOST_TYPES: readonly TrainerToHost['type'][] = [
  'started',
  'metrics',
  'quality',
  'histogram',
  'samples',
  'checkpoint',
  'log',
  'event',
  'paused',
  'finished',
  'failed',
];
const HOST_TO_TRAINER_TYPES: readonly HostToTrainer['type'][] = [
  'stop',
  'pause',
  'resume',
  'updateHyperparameters',
  'sampleNow',
  'recordEvent',
];

const isEnvelope = (m: unknown): m is { type: string; payload: unknown } =>
  typeof m === 'object' &&
  m !== null &&
  typeof (m as { type?: unknown }).type === 'string' &&
  typeof (m as { payload?: unknown }).payload === 'object';

export function isTrainerToHost(m: unknown): m is TrainerToHost {
  return isEnvelope(m) && (TRAINER_TO_HOST_TYPES as readonly string[]).includes(m.type);
}

export function isHostToTrainer(m: unknown): m is HostToTrainer {
  if (!isEnvelope(m) || !(HOST_TO_TRAINER_TYPES as readonly string[]).includes(m.type)) return false;
  if (m.type === 'updateHyperparameters') return isHyperparameterChanges(m.payload);
  if (m.type === 'recordEvent') return isSamplingEvent(m.payload);
  return true;
}

// ---- host ↔ webview (dashboard panel and samples view) ----------------------------------------

/** What a view knows about its run. */
export interface RunView {
  runDir: string;
  runId: string;
  experimentName: string;
  /** Absolute path of the experiment file ('' when unknown, e.g. a run from another machine). */
  experimentFile: string;
  /** Live phase (`queued`, `starting`, `running`, `paused`, `stopping`) or the final status. */
  phase: string;
  live: boolean;
  meta: RunMeta | null;
  config: Experiment | null;
  error: string | null;
  /** Problems found while reading the run directory (truncated lines, missing files). */
  warnings: string[];
}

/**
 * Pixels of one PNG grid of an `images` samples record, read and decoded by the host (a view cannot
 * read the run directory): row-major, per pixel `channels` values then alpha (gutters are
 * transparent), 0–255, base64.
 */
export interface GridPixels {
  width: number;
  height: number;
  channels: 1 | 3;
  data: string;
}

/** The grids of an `images` samples record; null where the PNG is missing, unreadable or refused. */
export interface SampleGrids {
  fixed: GridPixels | null;
  real: GridPixels | null;
  /**
   * `images.nearest.png` (one row of nearest training images per fixed tile), only where the record
   * has one and the view shows it (the dashboard, not the samples side view); null when unreadable.
   */
  nearest?: GridPixels | null;
  /** Why a grid that is null was not read (missing, refused by its header, not a grid): a sentence naming the file. */
  problems?: { fixed?: string; real?: string; nearest?: string };
}

/** A samples record as a view gets it: for layout `images`, with the pixels of its PNG grids. */
export type ShownSamples = SampleRecord & { grids?: SampleGrids };

/** Largest grid side the host sends (pixels). */
export const MAX_GRID_SIDE = 8192;
/**
 * Largest grid the host decodes (width × height, pixels): 2048². The trainer's largest is the
 * nearest-images grid of 64-px MNIST (5 × 64 tiles with 1-px gutters: 324 × 4,159 = 1,347,516 px;
 * its samples grids are at most 519 × 519), so this leaves about 3× room while bounding what a
 * crafted file can cost (16 MiB of RGBA).
 */
export const MAX_GRID_PIXELS = 2048 * 2048;

/** Whether `v` is a well-formed GridPixels (sizes in range, data exactly width·height·(channels + 1) bytes). */
export function isGridPixels(v: unknown): v is GridPixels {
  if (typeof v !== 'object' || v === null) return false;
  const g = v as Record<string, unknown>;
  const side = (n: unknown) => typeof n === 'number' && Number.isInteger(n) && n > 0 && n <= MAX_GRID_SIDE;
  if (!side(g.width) || !side(g.height) || (g.channels !== 1 && g.channels !== 3) || typeof g.data !== 'string') return false;
  const bytes = (g.width as number) * (g.height as number) * ((g.channels as number) + 1);
  return g.data.length === 4 * Math.ceil(bytes / 3) && /^[A-Za-z0-9+/]*={0,2}$/.test(g.data);
}

/** host → webview: everything the view shows, on (re)load. */
export type SnapshotMessage = Message<
  'snapshot',
  {
    run: RunView;
    metrics: MetricRecord[];
    quality: QualityRecord[];
    events: RunEvent[];
    histograms: HistogramRecord[];
    /** Steps that have a samples file, ascending. */
    sampleSteps: number[];
    /** The newest samples, if any. */
    samples: ShownSamples | null;
  }
>;
/** host → webview: new metric records (batched). */
export type MetricsAppendedMessage = Message<'metricsAppended', { records: MetricRecord[] }>;
/** host → webview: a new histogram record. */
export type HistogramAppendedMessage = Message<'histogramAppended', HistogramRecord>;
/** host → webview: a new quality record. */
export type QualityAppendedMessage = Message<'qualityAppended', QualityRecord>;
/** host → webview: a new event (hyper-parameter edit, warning, checkpoint, status). */
export type EventAppendedMessage = Message<'eventAppended', RunEvent>;
/** host → webview: samples — the newest (live) or the step the view asked for. */
export type SamplesShownMessage = Message<'samplesShown', { record: ShownSamples; sampleSteps: number[]; requested: boolean }>;
/** host → webview: the run's phase or meta changed. */
export type RunChangedMessage = Message<'runChanged', RunView>;

/** A live hyper-parameter whose value in the experiment file is not the run's. */
export interface FileDifference {
  key: HyperparameterKey;
  /** The run's value (what the trainer acknowledged). */
  run: number;
  /** The file's value, with the file's defaults filled in. */
  file: number;
}

/**
 * Whether the run's experiment file holds the values the run uses (the live hyper-parameters):
 * - `same`: it does; nothing to save
 * - `differs`: `differences` lists them; "Save to experiment file" writes the run's values in
 * - `missing`: the file was deleted or renamed
 * - `invalid`: the file does not parse or validate (`reason`), so it cannot be compared
 * - `unknown`: the run names no file or has no config (a run from elsewhere, not started yet)
 */
export interface ExperimentFileState {
  state: 'same' | 'differs' | 'missing' | 'invalid' | 'unknown';
  /** The file as the workspace names it (relative path), '' when there is none. */
  file: string;
  /** Whether the comparison was with the editor's unsaved text (a save then goes into the editor, unsaved). */
  unsaved: boolean;
  differences: FileDifference[];
  reason?: string;
}

/** host → webview: how the experiment file stands against the run's values (sent on load and when either changes). */
export type ExperimentFileStateMessage = Message<'experimentFileState', ExperimentFileState>;

/** A run that can be overlaid on this one's charts. */
export interface CompareCandidate {
  runDir: string;
  /** `experiment · run id · status`. */
  label: string;
}

/** host → webview: the runs the user may compare with (answer to `listCompareRuns`). */
export type CompareRunsListedMessage = Message<'compareRunsListed', { runs: CompareCandidate[] }>;
/** host → webview: another run's series for the overlay (answer to `addCompareRun`). */
export type CompareRunAddedMessage = Message<
  'compareRunAdded',
  { runDir: string; label: string; metrics: MetricRecord[]; quality: QualityRecord[] }
>;
/** host → webview: the result of an export the view asked for. */
export type ExportDoneMessage = Message<'exportDone', { ok: boolean; message: string }>;

/** A sampling result as a view gets it: for image data, with the pixels of before.png and after.png. */
export type ShownSampling = SamplingRecord & {
  /** `problems`: why a grid that is null was not read, a sentence naming the file. */
  grids?: { before: GridPixels | null; after: GridPixels | null; problems?: { before?: string; after?: string } };
};
/**
 * host → webview: the run's sampling results (`sampling/<id>/`, ids newest first) and the one to
 * show: the one the view asked for, else the newest (on load, and when a new result appears).
 */
export type SamplingShownMessage = Message<'samplingShown', { ids: string[]; shown: ShownSampling | null }>;

export type HostToWebview =
  | SnapshotMessage
  | MetricsAppendedMessage
  | HistogramAppendedMessage
  | QualityAppendedMessage
  | EventAppendedMessage
  | SamplesShownMessage
  | RunChangedMessage
  | CompareRunsListedMessage
  | CompareRunAddedMessage
  | ExportDoneMessage
  | SamplingShownMessage
  | ExperimentFileStateMessage;

/** webview → host: the page loaded (or reloaded) and wants a full snapshot. */
export type ReadyMessage = Message<'ready', Record<string, never>>;
/** webview → host: a button of the header. */
export type RunActionMessage = Message<
  'runAction',
  {
    action:
      | 'stop'
      | 'pause'
      | 'resume'
      | 'resumeFromCheckpoint'
      | 'openExperiment'
      | 'openRunFolder'
      | 'sampleNow'
      | 'sampleWithMcmc'
      | 'saveToExperimentFile';
  }
>;
/**
 * webview → host: the user edited a live hyper-parameter. The host applies it to the run (and, with
 * the setting `ganWorkbench.dashboardEdits` at `runAndFile`, writes it into the experiment file).
 */
export type SetHyperparameterMessage = Message<'setHyperparameter', { key: HyperparameterKey; value: number }>;
/** webview → host: show the samples recorded at this step. */
export type RequestSamplesMessage = Message<'requestSamples', { step: number }>;

/** webview → host: which runs could be compared with this one? */
export type ListCompareRunsMessage = Message<'listCompareRuns', Record<string, never>>;
/** webview → host: overlay this run (one of those listed) on the charts. */
export type AddCompareRunMessage = Message<'addCompareRun', { runDir: string }>;
/**
 * webview → host: save a file the view made (a chart or samples PNG, a GIF of the samples) — the
 * host asks the user where; the view only suggests a file name. `data` is base64.
 */
export type SaveExportMessage = Message<'saveExport', { format: 'png' | 'gif'; suggestedName: string; data: string }>;
/** webview → host: save this run's metrics as CSV (written by the host from metrics.jsonl). */
export type ExportMetricsCsvMessage = Message<'exportMetricsCsv', Record<string, never>>;
/** webview → host (samples view): open the dashboard of the run shown. */
export type OpenDashboardMessage = Message<'openDashboard', Record<string, never>>;
/** webview → host: show this sampling result of the run (one of the ids listed). */
export type RequestSamplingMessage = Message<'requestSampling', { id: string }>;

export type WebviewToHost =
  | ReadyMessage
  | RunActionMessage
  | SetHyperparameterMessage
  | RequestSamplesMessage
  | ListCompareRunsMessage
  | AddCompareRunMessage
  | SaveExportMessage
  | ExportMetricsCsvMessage
  | OpenDashboardMessage
  | RequestSamplingMessage;

/** Largest export a view may hand the host (base64 characters): 64 MiB. */
export const MAX_EXPORT_BASE64 = 64 * 1024 * 1024;

const RUN_ACTIONS: readonly RunActionMessage['payload']['action'][] = [
  'stop',
  'pause',
  'resume',
  'resumeFromCheckpoint',
  'openExperiment',
  'openRunFolder',
  'sampleNow',
  'sampleWithMcmc',
  'saveToExperimentFile',
];

/** The payload fields of each webview → host message: a payload with any other field is refused. */
export const WEBVIEW_PAYLOAD_KEYS: {
  readonly [T in WebviewToHost['type']]: readonly (keyof Extract<WebviewToHost, { type: T }>['payload'])[];
} = {
  ready: [],
  runAction: ['action'],
  setHyperparameter: ['key', 'value'],
  requestSamples: ['step'],
  listCompareRuns: [],
  addCompareRun: ['runDir'],
  saveExport: ['format', 'suggestedName', 'data'],
  exportMetricsCsv: [],
  openDashboard: [],
  requestSampling: ['id'],
};

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null);

/** Exactly `{ type, payload }` with a plain-object payload holding exactly the fields of its type. */
function hasContractShape(m: unknown): m is { type: WebviewToHost['type']; payload: Record<string, unknown> } {
  if (!isPlainObject(m) || !isPlainObject(m.payload) || typeof m.type !== 'string') return false;
  if (!Object.hasOwn(WEBVIEW_PAYLOAD_KEYS, m.type)) return false;
  const envelope = Object.keys(m);
  if (envelope.length !== 2 || !envelope.includes('type') || !envelope.includes('payload')) return false;
  const allowed = WEBVIEW_PAYLOAD_KEYS[m.type as WebviewToHost['type']] as readonly string[];
  const keys = Reflect.ownKeys(m.payload);
  return keys.length === allowed.length && keys.every((k) => typeof k === 'string' && allowed.includes(k));
}

/**
 * Validates a message from a webview before the host acts on it (webviews are untrusted input):
 * the exact shape of its type (no extra field, such as a path, in the envelope or the payload) and
 * every value within the contract. No message names a file to write; a run folder (addCompareRun)
 * is only acted on when it is one the host itself offered.
 */
export function isWebviewToHost(m: unknown): m is WebviewToHost {
  if (!hasContractShape(m)) return false;
  const payload = m.payload;
  switch (m.type) {
    case 'ready':
    case 'listCompareRuns':
    case 'exportMetricsCsv':
    case 'openDashboard':
      return true;
    case 'runAction':
      return (RUN_ACTIONS as readonly unknown[]).includes(payload.action);
    case 'setHyperparameter':
      return isHyperparameterKey(payload.key) && isHyperparameterValue(payload.key, payload.value);
    case 'requestSamples':
      return typeof payload.step === 'number' && Number.isSafeInteger(payload.step) && payload.step >= 0;
    case 'requestSampling':
      return typeof payload.id === 'string' && SAMPLING_FOLDER_NAME.test(payload.id);
    case 'addCompareRun':
      return (
        typeof payload.runDir === 'string' && payload.runDir.length > 0 && payload.runDir.length <= 4096 && !payload.runDir.includes('\0')
      );
    case 'saveExport':
      return (
        (payload.format === 'png' || payload.format === 'gif') &&
        typeof payload.suggestedName === 'string' &&
        payload.suggestedName.length <= 200 &&
        typeof payload.data === 'string' &&
        payload.data.length <= MAX_EXPORT_BASE64 &&
        /^[A-Za-z0-9+/]*={0,2}$/.test(payload.data)
      );
    default:
      return false;
  }
}

// ---- host ↔ sweep dashboard (one panel per sweep folder) -------------------------------------

/** A trial's state as the sweep views show it (the sweep folder's files are the truth). */
export type SweepTrialState = 'pending' | 'running' | 'done' | 'failed' | 'cancelled';

/** A parameter value of a trial, as the sweep file gave it. */
export type SweepParamValue = number | string | boolean;

/** One trial as the sweep dashboard shows it. */
export interface SweepTrialView {
  /** 0-based trial index (the job array index on Slurm). */
  index: number;
  /** The value of each swept parameter, by its path in the experiment (`optimizer.generator.lr`, `seed`). */
  params: Record<string, SweepParamValue>;
  state: SweepTrialState;
  /** The newest step recorded, and the steps of the trial's schedule (0 while pending). */
  step: number;
  totalSteps: number;
  /** The newest quality metrics (the trial's result once it has ended); empty before the first record. */
  metrics: Record<string, number>;
  /** The trial's run directory, null while it has none. */
  runDir: string | null;
  /** Why the trial failed (its first line), else null. */
  error: string | null;
}

/** A sweep as its dashboard shows it: read from the sweep folder, sent whole on every change. */
export interface SweepView {
  /** The sweep folder. */
  dir: string;
  name: string;
  executor: string;
  /** The quality metric trials are ranked by, and whether lower is better. */
  objective: { metric: string; lowerIsBetter: boolean };
  /** The swept parameters' paths, in the sweep file's order. */
  parameters: string[];
  trials: SweepTrialView[];
  /** The index of the best trial by the objective (among trials with a value), null when none has one. */
  best: number | null;
  /** Whether trials are still pending or running. */
  active: boolean;
  /** Problems found while reading the folder (a trial's unreadable file). */
  warnings: string[];
}

/** host → sweep dashboard: the sweep, on (re)load and whenever its folder changes. */
export type SweepShownMessage = Message<'sweepShown', SweepView>;

export type HostToSweepView = SweepShownMessage;

/** sweep dashboard → host: the page loaded (or reloaded) and wants the sweep. */
export type SweepReadyMessage = Message<'sweepReady', Record<string, never>>;
/** sweep dashboard → host: open this trial's own run dashboard. */
export type OpenTrialMessage = Message<'openTrial', { index: number }>;
/** sweep dashboard → host: compare the samples of these trials side by side (the best ones, ranked). */
export type CompareTrialsMessage = Message<'compareTrials', { indices: number[] }>;

export type SweepViewToHost = SweepReadyMessage | OpenTrialMessage | CompareTrialsMessage;

/** Most trials one compareTrials message may name. */
export const MAX_COMPARED_TRIALS = 8;

const isTrialIndex = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/**
 * Validates a message from the sweep dashboard before the host acts on it: exactly the fields of
 * its type, trial indices as non-negative integers (the host then looks them up in its own sweep;
 * no message names a path).
 */
export function isSweepViewToHost(m: unknown): m is SweepViewToHost {
  if (!isPlainObject(m) || !isPlainObject(m.payload) || typeof m.type !== 'string') return false;
  const envelope = Object.keys(m);
  if (envelope.length !== 2 || !envelope.includes('type') || !envelope.includes('payload')) return false;
  const keys = Reflect.ownKeys(m.payload);
  const only = (...allowed: string[]) => keys.length === allowed.length && keys.every((k) => typeof k === 'string' && allowed.includes(k));
  switch (m.type) {
    case 'sweepReady':
      return only();
    case 'openTrial':
      return only('index') && isTrialIndex(m.payload.index);
    case 'compareTrials': {
      const indices = m.payload.indices;
      return (
        only('indices') &&
        Array.isArray(indices) &&
        indices.length > 0 &&
        indices.length <= MAX_COMPARED_TRIALS &&
        indices.every(isTrialIndex)
      );
    }
    default:
      return false;
  }
}

// ---- Runs side by side (issue 24): the comparison panel ----

/** Runs one comparison shows at most (and at least two). */
export const MAX_COMPARISON_RUNS = 4;
export const MIN_COMPARISON_RUNS = 2;

/** One run of a comparison: what its views need, read from its run directory when the panel opened. */
export interface ComparedRun {
  runDir: string;
  /** Short name shown on its panels and legend entries (experiment and start time). */
  label: string;
  config: Experiment | null;
  /** Metric records (evenly thinned to the dashboards' retention; the curves). */
  metrics: MetricRecord[];
  /** Every histogram record. */
  histograms: HistogramRecord[];
  /** Steps that have a samples record, ascending (each asked for when the timeline reaches it). */
  sampleSteps: number[];
  /** Why the run could not be read (it is then shown with this line only), else null. */
  error: string | null;
}

/** host → comparison page: the runs compared, in order, on (re)load. */
export type ComparisonShownMessage = Message<'comparisonShown', { runs: ComparedRun[] }>;
/** host → comparison page: the samples of run `run` (its index) at a step the page asked for. */
export type ComparedSamplesMessage = Message<'comparedSamples', { run: number; record: ShownSamples }>;

export type HostToComparisonView = ComparisonShownMessage | ComparedSamplesMessage;

/** comparison page → host: the page loaded (or reloaded) and wants the runs. */
export type ComparisonReadyMessage = Message<'comparisonReady', Record<string, never>>;
/** comparison page → host: the samples of run `run` (its index in the comparison) at `step`. */
export type RequestComparedSamplesMessage = Message<'requestComparedSamples', { run: number; step: number }>;

export type ComparisonViewToHost = ComparisonReadyMessage | RequestComparedSamplesMessage;

/**
 * Validates a message from the comparison page before the host acts on it: exactly the fields of
 * its type; runs by index and steps as non-negative integers (the host looks both up in its own
 * list; no message names a path).
 */
export function isComparisonViewToHost(m: unknown): m is ComparisonViewToHost {
  if (!isPlainObject(m) || !isPlainObject(m.payload) || typeof m.type !== 'string') return false;
  const envelope = Object.keys(m);
  if (envelope.length !== 2 || !envelope.includes('type') || !envelope.includes('payload')) return false;
  const keys = Reflect.ownKeys(m.payload);
  const only = (...allowed: string[]) => keys.length === allowed.length && keys.every((k) => typeof k === 'string' && allowed.includes(k));
  const index = (v: unknown, below: number) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 && v < below;
  switch (m.type) {
    case 'comparisonReady':
      return only();
    case 'requestComparedSamples':
      return only('run', 'step') && index(m.payload.run, MAX_COMPARISON_RUNS) && index(m.payload.step, Number.MAX_SAFE_INTEGER);
    default:
      return false;
  }
}
