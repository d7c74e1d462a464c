/**
 * Expands a sweep file, once, at submission: the base experiment read and checked, every
 * parameter path checked against the experiment's schema, the trials made (grid, random with its
 * seed, or list) and each trial's experiment resolved by the experiment validator. A value the
 * validator rejects is a problem at its place in the sweep file. Nothing is sampled later: the
 * folder keeps the resolved experiments (`writeSweepFolder.ts`).
 */
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import type { Experiment } from '../experiment/schema';
import { ExperimentSchema } from '../experiment/schema';
import type { JsonPath } from '../experiment/sourceMap';
import { checkDocument, formatMessage, parseDocument, problemAt, type ConfigProblem } from '../experiment/validate';
import { overlaps, parsePath, pathProblem, pathText, setAt } from './parameterPath';
import { trialId, type JsonValue } from './sweepFolder';
import type { Sweep, SweepParameter } from './sweepSchema';
import { checkSweepDocument, sweepName } from './validateSweep';

/** A problem of one file (the sweep file, or the base experiment it names). */
export interface FileProblem {
  file: string;
  problem: ConfigProblem;
}

export interface ExpandedTrial {
  index: number;
  id: string;
  params: Record<string, JsonValue>;
  experiment: Experiment;
}

export type Expansion =
  | { ok: true; sweep: Sweep; name: string; sweepFile: string; baseFile: string; trials: ExpandedTrial[] }
  | { ok: false; problems: FileProblem[] };

/** Six significant digits: what a drawn or spaced number is written as (0.000316228, not 0.00031622776601683794). */
const tidy = (x: number): number => Number(x.toPrecision(6));

/** The points of a parameter in a grid search. */
export function gridValues(p: SweepParameter): JsonValue[] {
  if (p.kind === 'values') return p.values as JsonValue[];
  const n = p.count;
  const at = (k: number) => (n === 1 ? 0 : k / (n - 1));
  const points: number[] = [];
  for (let k = 0; k < n; k++) {
    if (p.kind === 'uniform') {
      const x = p.min + (p.max - p.min) * at(k);
      points.push(p.integer ? Math.round(x) : tidy(x));
    } else points.push(tidy(Math.exp(Math.log(p.min) + (Math.log(p.max) - Math.log(p.min)) * at(k))));
  }
  return [...new Set(points)];
}

/** mulberry32: a small seeded generator of uniform numbers in [0, 1). */
export function seededUniform(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function draw(p: SweepParameter, u: number): JsonValue {
  if (p.kind === 'values') return p.values[Math.min(p.values.length - 1, Math.floor(u * p.values.length))] as JsonValue;
  if (p.kind === 'uniform')
    return p.integer ? Math.min(p.max, Math.floor(p.min + u * (p.max - p.min + 1))) : tidy(p.min + u * (p.max - p.min));
  return tidy(Math.exp(Math.log(p.min) + u * (Math.log(p.max) - Math.log(p.min))));
}

/** Each trial's values, parameter by parameter, in the sweep's order (grid: the first parameter varies slowest). */
export function trialValues(sweep: Sweep): JsonValue[][] {
  const { search, parameters } = sweep;
  if (search.kind === 'list') {
    const n = parameters[0]!.kind === 'values' ? parameters[0]!.values.length : 0;
    return Array.from({ length: n }, (_, i) => parameters.map((p) => (p.kind === 'values' ? (p.values[i] as JsonValue) : null)));
  }
  if (search.kind === 'random') {
    const u = seededUniform(search.seed);
    return Array.from({ length: search.trials }, () => parameters.map((p) => draw(p, u())));
  }
  let combos: JsonValue[][] = [[]];
  for (const p of parameters) combos = combos.flatMap((c) => gridValues(p).map((v) => [...c, v]));
  return combos;
}

const DATA_PATHS = ['path', 'labels'] as const;

/** A trial's experiment lives in the sweep folder: the data files it names become absolute (they were relative to the base file). */
function absoluteDataPaths(config: Experiment, baseDir: string): Experiment {
  const data = config.data as Record<string, unknown>;
  for (const key of DATA_PATHS) {
    const value = data[key];
    if (typeof value === 'string' && value !== '' && !isAbsolute(value)) data[key] = resolve(baseDir, value);
  }
  return config;
}

/** A problem's JSON path as segments ([] for "(root)" or "(syntax)": it concerns the whole file). */
function problemPath(p: ConfigProblem): JsonPath {
  const path = parsePath(p.path);
  return typeof path === 'string' ? [] : path;
}

/** `optimizer.generator.lr = 0.001, seed = 2`. */
export const describeParams = (params: Record<string, JsonValue>): string =>
  Object.entries(params)
    .map(([k, v]) => `${k} = ${JSON.stringify(v)}`)
    .join(', ');

/** Reads, checks and expands the sweep file `file` (its text may be given, e.g. an editor's unsaved buffer). */
export function expandSweep(file: string, text?: string): Expansion {
  const sweepFile = resolve(file);
  let sweepText = text;
  if (sweepText === undefined) {
    try {
      sweepText = readFileSync(sweepFile, 'utf8');
    } catch (e) {
      return {
        ok: false,
        problems: [
          {
            file: sweepFile,
            problem: {
              kind: 'syntax',
              path: '(root)',
              message: `cannot read the sweep file: ${(e as Error).message}`,
              line: 1,
              column: 1,
              offset: 0,
              length: 0,
            },
          },
        ],
      };
    }
  }
  const check = checkSweepDocument(sweepText);
  const fail = (problems: ConfigProblem[], at = sweepFile): Expansion => ({
    ok: false,
    problems: problems.map((problem) => ({ file: at, problem })),
  });
  if (!check.sweep) return fail(check.problems);
  const { sweep, map } = check;
  const problems: ConfigProblem[] = [];
  const report = (path: JsonPath, message: string) => problems.push(problemAt(map, 'semantic', path, message));

  const baseFile = resolve(dirname(sweepFile), sweep.experiment);
  let baseText: string;
  try {
    baseText = readFileSync(baseFile, 'utf8');
  } catch (e) {
    report(
      ['experiment'],
      `cannot read the base experiment ${baseFile} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); "experiment" is relative to the sweep file: fix the path`,
    );
    return fail(problems);
  }
  const baseCheck = checkDocument(baseText);
  if (!baseCheck.config) {
    report(
      ['experiment'],
      `the base experiment ${baseFile} has ${baseCheck.problems.length === 1 ? 'a problem' : `${baseCheck.problems.length} problems`}; fix it first`,
    );
    return {
      ok: false,
      problems: [
        ...problems.map((problem) => ({ file: sweepFile, problem })),
        ...baseCheck.problems.map((problem) => ({ file: baseFile, problem })),
      ],
    };
  }
  const base = parseDocument(baseText).value as Record<string, unknown>;
  const baseDir = dirname(baseFile);

  const paths = sweep.parameters.map((p) => parsePath(p.path) as JsonPath);
  sweep.parameters.forEach((p, i) => {
    const wrong = pathProblem(ExperimentSchema, baseCheck.config, paths[i]!, p.path);
    if (wrong) report(['parameters', i, 'path'], wrong);
  });
  if (problems.length > 0) return fail(problems);

  /** The experiment's problems with `values` set at `paths` (the base's other fields as they are). */
  const experimentWith = (values: readonly (readonly [JsonPath, unknown])[]) => {
    const copy = JSON.parse(JSON.stringify(base)) as Record<string, unknown>;
    for (const [path, value] of values) setAt(copy, path, value, baseCheck.config);
    return checkDocument(JSON.stringify(copy));
  };
  const rejected = (at: JsonPath, path: JsonPath, value: unknown, p: ConfigProblem) =>
    report(at, `${pathText(path)} = ${JSON.stringify(value)} is not a valid experiment: ${p.path}: ${formatMessage(p)}; change this value`);
  // Each value alone first: a problem at its own place in the sweep file.
  sweep.parameters.forEach((p, i) => {
    const path = paths[i]!;
    const each: [JsonPath, unknown][] =
      p.kind === 'values'
        ? p.values.map((v, j) => [['parameters', i, 'values', j], v])
        : [
            [['parameters', i, 'min'], p.min],
            [['parameters', i, 'max'], p.max],
          ];
    for (const [at, value] of each) {
      const own = experimentWith([[path, value]]).problems.find((q) => overlaps(problemPath(q), path));
      if (own) rejected(at, path, value, own);
    }
  });
  if (problems.length > 0) return fail(problems);

  const trials: ExpandedTrial[] = [];
  const seen = new Set<string>();
  for (const [index, values] of trialValues(sweep).entries()) {
    const params = Object.fromEntries(sweep.parameters.map((p, i) => [p.path, values[i]!])) as Record<string, JsonValue>;
    const result = experimentWith(paths.map((path, i) => [path, values[i]] as const));
    if (!result.config) {
      for (const p of result.problems) {
        const key = `${p.path}: ${p.message}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const owner = paths.findIndex((path) => overlaps(problemPath(p), path));
        report(
          owner >= 0 ? ['parameters', owner] : ['parameters'],
          `${trialId(index)} (${describeParams(params)}) is not a valid experiment: ${p.path}: ${formatMessage(p)}; change the values that make it`,
        );
      }
      continue;
    }
    const id = trialId(index);
    const experiment = absoluteDataPaths(result.config, baseDir);
    experiment.$schema = '';
    experiment.name = `${experiment.name.slice(0, 64 - id.length - 1)}-${id}`;
    trials.push({ index, id, params, experiment });
  }
  if (problems.length > 0) return fail(problems);
  return { ok: true, sweep, name: sweepName(sweep, sweepFile), sweepFile, baseFile, trials };
}
