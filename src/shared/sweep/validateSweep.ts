/**
 * Phase 1 of a sweep file's check: its text alone (syntax, the schema of `sweepSchema.ts` through
 * the experiment validator's walk, and relations between fields). Phase 2, against the base
 * experiment, is `expandSweep.ts`. Pure and synchronous.
 */
import { SourceMap, type JsonPath } from '../experiment/sourceMap';
import { parseDocument, problemAt, resolveDocument, type ConfigProblem } from '../experiment/validate';
import { overlaps, parsePath, pathText } from './parameterPath';
import { SweepSchema, type Sweep, type SweepParameter } from './sweepSchema';

/** At most this many trials in one sweep. */
export const MAX_TRIALS = 1000;

export interface SweepCheck {
  problems: ConfigProblem[];
  /** The resolved sweep when the text has no problem. */
  sweep?: Sweep;
  map: SourceMap;
}

/** Trials a grid of these parameters makes (a range: its count). */
export function gridSize(parameters: readonly SweepParameter[]): number {
  return parameters.reduce((n, p) => n * (p.kind === 'values' ? p.values.length : p.count), 1);
}

export function checkSweepDocument(text: string): SweepCheck {
  const parsed = parseDocument(text);
  const { map, problems } = parsed;
  if (!('value' in parsed)) return { problems, map };
  const sweep = resolveDocument(SweepSchema, parsed.value, map, problems) as Sweep;
  if (problems.length > 0) return { problems: problems.sort((a, b) => a.offset - b.offset), map };
  const report = (path: JsonPath, message: string, detail: { expected?: string; found?: string } = {}) =>
    problems.push(problemAt(map, 'semantic', path, message, detail));
  const paths: JsonPath[] = [];
  sweep.parameters.forEach((p, i) => {
    const at: JsonPath = ['parameters', i];
    const path = parsePath(p.path);
    if (typeof path === 'string') report([...at, 'path'], path);
    else {
      const earlier = paths.findIndex((q) => overlaps(q, path));
      if (earlier >= 0)
        report(
          [...at, 'path'],
          `"${p.path}" overlaps parameters[${earlier}] ("${pathText(paths[earlier]!)}"): each field may be varied by one parameter; merge them`,
        );
      paths.push(path);
    }
    if (p.kind !== 'values' && p.min > p.max)
      report([...at, 'max'], `max is below min; swap them`, { expected: `at least ${p.min}`, found: String(p.max) });
    if (p.kind === 'logUniform')
      for (const end of ['min', 'max'] as const)
        if (p[end] <= 0)
          report([...at, end], `a logUniform range must lie above 0; use "uniform" for a range that includes 0`, {
            expected: 'a number above 0',
            found: String(p[end]),
          });
  });
  if (sweep.search.kind === 'list') {
    const first = sweep.parameters[0]!;
    sweep.parameters.forEach((p, i) => {
      if (p.kind !== 'values')
        report(['parameters', i, 'kind'], 'a list search takes "values" parameters only (trial i takes the i-th value of each)', {
          expected: '"values"',
          found: JSON.stringify(p.kind),
        });
      else if (first.kind === 'values' && p.values.length !== first.values.length)
        report(
          ['parameters', i, 'values'],
          `a list search needs the same number of values in every parameter: parameters[0] has ${first.values.length}, this one ${p.values.length}`,
          {
            expected: `${first.values.length} values`,
            found: `${p.values.length}`,
          },
        );
    });
  }
  if (sweep.search.kind === 'grid') {
    const size = gridSize(sweep.parameters);
    if (size > MAX_TRIALS)
      report(['parameters'], `the grid makes ${size} trials, more than ${MAX_TRIALS}; take fewer values or counts, or use a random search`);
  }
  problems.sort((a, b) => a.offset - b.offset);
  return problems.length > 0 ? { problems, map } : { problems, sweep, map };
}

/** The name of the sweep: its "name", else the file's name without `.sweep.json`. */
export function sweepName(sweep: Sweep, file: string): string {
  if (sweep.name) return sweep.name;
  const base = file
    .split(/[\\/]/)
    .at(-1)!
    .replace(/\.sweep\.json$/i, '')
    .replace(/\.json$/i, '');
  const safe = base.replace(/[^A-Za-z0-9._-]/g, '-').replace(/^[^A-Za-z0-9]+/, '');
  return (safe || 'sweep').slice(0, 48);
}
