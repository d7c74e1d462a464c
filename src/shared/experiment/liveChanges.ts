/**
 * What an edit of a running experiment's file means for the run: which differences the trainer
 * can take live (`updateHyperparameters`) and which only a new run would pick up.
 */
import {
  HYPERPARAMETERS,
  hyperparameter,
  hyperparameterName,
  type HyperparameterChanges,
  type HyperparameterKey,
} from '../hyperparameterTable';
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

const LIVE_KEY_BY_PATH = new Map<string, HyperparameterKey>(HYPERPARAMETERS.map((h) => [h.path.join('.'), h.key]));

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

/** Optimizer settings are live only while the network keeps its optimizer kind, and only on kinds that have them. */
function isLiveEditable(key: HyperparameterKey, before: Experiment, after: Experiment): boolean {
  const { path, optimizerKinds } = hyperparameter(key);
  if (optimizerKinds === undefined) return true;
  const kindBefore = valueAt(before, [...path.slice(0, 2), 'kind']);
  return kindBefore === valueAt(after, [...path.slice(0, 2), 'kind']) && (optimizerKinds as readonly unknown[]).includes(kindBefore);
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

/** One line per live change, old value first: `generator learning rate 0.0002 → 0.0005`. */
export function describeLiveChanges(before: Experiment, live: HyperparameterChanges): string[] {
  const lines: string[] = [];
  for (const { key, path } of HYPERPARAMETERS) {
    const to = live[key];
    if (to === undefined) continue;
    const from = valueAt(before, path);
    lines.push(typeof from === 'number' ? `${hyperparameterName(key)} ${from} → ${to}` : `${hyperparameterName(key)} → ${to}`);
  }
  return lines;
}
