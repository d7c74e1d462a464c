/**
 * What an edit of a running experiment's file means for the run: which differences the trainer
 * can take live (`updateHyperparameters`) and which only a new run would pick up.
 */
import type { HyperparameterChanges } from '../protocol';
import { HYPERPARAMETER_KEYS, HYPERPARAMETER_PATHS, type HyperparameterKey } from './editHyperparameters';
import type { Experiment } from './schema';
import { formatJsonPath, type JsonPath } from './sourceMap';

export interface ClassifiedChanges {
  /** Differences the running trainer can apply, with their new values. */
  live: HyperparameterChanges;
  /** Every other difference, as sorted, unique JSON paths (e.g. `generator.hidden`). */
  restart: string[];
}

/** Top-level properties that never matter to a run. */
const IGNORED = new Set(['description', '$schema']);

const LIVE_KEY_BY_PATH = new Map<string, HyperparameterKey>(HYPERPARAMETER_KEYS.map((key) => [HYPERPARAMETER_PATHS[key].join('.'), key]));

const LABELS: Record<HyperparameterKey, string> = {
  generatorLr: 'generator lr',
  discriminatorLr: 'discriminator lr',
  generatorBeta1: 'generator beta1',
  generatorBeta2: 'generator beta2',
  discriminatorBeta1: 'discriminator beta1',
  discriminatorBeta2: 'discriminator beta2',
  dStepsPerGStep: 'D steps per G step',
  steps: 'steps',
  metricsEvery: 'metrics every',
  histogramsEvery: 'histograms every',
  samplesEvery: 'samples every',
  checkpointEvery: 'checkpoint every',
};

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function valueAt(root: unknown, path: readonly (string | number)[]): unknown {
  let node = root;
  for (const segment of path) {
    if (!isRecord(node) && !Array.isArray(node)) return undefined;
    node = (node as Record<string | number, unknown>)[segment];
  }
  return node;
}

/**
 * Collects the paths where `a` and `b` differ: leaves, whole arrays, and for objects whose `kind`
 * changed the `kind` plus the properties both variants share (the others follow from the kind).
 */
function collectDifferences(a: unknown, b: unknown, path: JsonPath, out: JsonPath[]): void {
  if (isRecord(a) && isRecord(b)) {
    const kindChanged = a.kind !== b.kind;
    if (kindChanged) out.push([...path, 'kind']);
    const keys = kindChanged ? Object.keys(a).filter((k) => k !== 'kind' && k in b) : [...new Set([...Object.keys(a), ...Object.keys(b)])];
    for (const key of keys) collectDifferences(a[key], b[key], [...path, key], out);
    return;
  }
  const same = Array.isArray(a) || Array.isArray(b) ? JSON.stringify(a) === JSON.stringify(b) : a === b;
  if (!same) out.push(path);
}

/** Optimizer settings are live only while the network keeps its optimizer kind; betas only for Adam. */
function isLiveEditable(key: HyperparameterKey, before: Experiment, after: Experiment): boolean {
  const [section, network, setting] = HYPERPARAMETER_PATHS[key];
  if (section !== 'optimizer') return true;
  const kindBefore = valueAt(before, [section, network!, 'kind']);
  if (kindBefore !== valueAt(after, [section, network!, 'kind'])) return false;
  return setting === 'lr' || kindBefore === 'adam';
}

/** Splits the differences between two resolved configs into live changes and restart-only ones. */
export function classifyChanges(before: Experiment, after: Experiment): ClassifiedChanges {
  const paths: JsonPath[] = [];
  collectDifferences(before, after, [], paths);
  const live: HyperparameterChanges = {};
  const restart = new Set<string>();
  for (const path of paths) {
    if (IGNORED.has(String(path[0]))) continue;
    const name = formatJsonPath(path);
    const key = LIVE_KEY_BY_PATH.get(path.join('.'));
    const value = valueAt(after, path);
    if (key !== undefined && typeof value === 'number' && isLiveEditable(key, before, after)) live[key] = value;
    else restart.add(name);
  }
  return { live, restart: [...restart].sort() };
}

/** One line per live change, old value first: `generator lr 0.0002 → 0.0005`. */
export function describeLiveChanges(before: Experiment, live: HyperparameterChanges): string[] {
  const lines: string[] = [];
  for (const key of HYPERPARAMETER_KEYS) {
    const to = live[key];
    if (to === undefined) continue;
    const from = valueAt(before, HYPERPARAMETER_PATHS[key]);
    lines.push(typeof from === 'number' ? `${LABELS[key]} ${from} → ${to}` : `${LABELS[key]} → ${to}`);
  }
  return lines;
}
