/**
 * What the editor adds to the JSON Schema's diagnostics: relations between fields and the data
 * files the experiment names (a missing CSV, columns beyond its width, a batch or k that cannot
 * work with the number of rows, intervals longer than the run). Pure Node: no `vscode` import,
 * async file access only.
 */
import { readFile, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { configWarnings, type FileProbe } from '../../shared/experiment/semantics';
import { findsMnist } from '../../training/data/mnistFiles';
import { formatJsonPath, SourceMap, type JsonPath } from '../../shared/experiment/sourceMap';
import { validateExperiment, type ConfigProblem } from '../../shared/experiment/validate';
import { parseTree } from 'jsonc-parser';

export interface EditorProblem extends Omit<ConfigProblem, 'kind'> {
  severity: 'error' | 'warning';
}

async function probeFor(experimentFile: string, names: string[]): Promise<FileProbe> {
  const states = new Map<string, 'file' | 'missing' | 'notAFile'>();
  await Promise.all(
    names.map(async (name) => {
      try {
        states.set(name, (await stat(resolve(dirname(experimentFile), name))).isFile() ? 'file' : 'notAFile');
      } catch {
        states.set(name, 'missing');
      }
    }),
  );
  const probe: FileProbe = (name) => states.get(name) ?? 'missing';
  probe.findsMnist = () => findsMnist(dirname(experimentFile));
  return probe;
}

/** Paths of files a config names ("path", and idx's "labels"), found without validating (so the probe can answer synchronously). */
function namedFiles(text: string): string[] {
  return ['path', 'labels'].flatMap((key) => {
    const match = new RegExp(`"${key}"\\s*:\\s*"((?:[^"\\\\]|\\\\.)*)"`).exec(text);
    return match ? [JSON.parse(`"${match[1]}"`) as string] : [];
  });
}

/** The probe that answers for the files `text` names: the editor's checks and the check before a run use it. */
export async function experimentProbe(text: string, experimentFile: string): Promise<FileProbe> {
  return probeFor(experimentFile, namedFiles(text));
}

async function csvShape(file: string, delimiter: string, header: 'auto' | 'yes' | 'no'): Promise<{ rows: number; width: number }> {
  const lines = (await readFile(file, 'utf8')).split(/\r?\n/).filter((l) => l.trim() !== '');
  const first = lines[0]?.split(delimiter) ?? [];
  const isHeader = header === 'yes' || (header === 'auto' && first.some((cell) => cell.trim() === '' || !Number.isFinite(Number(cell))));
  return { rows: lines.length - (isHeader ? 1 : 0), width: first.length };
}

export async function experimentProblems(text: string, experimentFile: string): Promise<EditorProblem[]> {
  const result = validateExperiment(text, await experimentProbe(text, experimentFile));
  // Syntax and schema problems are the JSON language service's to show (same schema, same facts).
  if (!result.ok) return result.problems.filter((p) => p.kind === 'semantic').map(({ kind: _kind, ...p }) => ({ ...p, severity: 'error' }));
  const config = result.config;
  const map = new SourceMap(text, parseTree(text));
  const problems: EditorProblem[] = [];
  const add = (path: JsonPath, severity: EditorProblem['severity'], message: string, detail: { expected?: string; found?: string } = {}) =>
    problems.push({ path: formatJsonPath(path), severity, message, ...detail, ...map.valueRange(path) });

  for (const warning of configWarnings(config)) add(warning.path, 'warning', warning.message);
  const steps = config.schedule.steps;
  for (const key of ['histogramsEvery', 'samplesEvery'] as const) {
    if (config.logging[key] > steps)
      add(['logging', key], 'warning', `longer than the run (${steps} steps): only the final step is recorded`, {
        expected: `≤ ${steps}`,
        found: String(config.logging[key]),
      });
  }
  if (config.data.kind === 'csv') {
    const file = resolve(dirname(experimentFile), config.data.path);
    try {
      const { rows, width } = await csvShape(file, config.data.delimiter, config.data.header);
      const beyond = config.data.columns.findIndex((c) => c >= width);
      if (beyond >= 0)
        add(
          ['data', 'columns', beyond],
          'error',
          `column ${config.data.columns[beyond]} does not exist: ${config.data.path} has ${width} column(s)`,
          {
            expected: `0 … ${width - 1}`,
            found: String(config.data.columns[beyond]),
          },
        );
      const { batchSize, dStepsPerGStep: k } = config.schedule;
      if (rows === 0) add(['data', 'path'], 'error', `${config.data.path} has no data rows`);
      else if (batchSize > rows)
        add(['schedule', 'batchSize'], 'warning', `a batch of ${batchSize} is drawn from only ${rows} rows: every batch repeats rows`, {
          expected: `≤ ${rows}`,
          found: String(batchSize),
        });
      else if (batchSize * k > rows)
        add(
          ['schedule', 'dStepsPerGStep'],
          'warning',
          `k = ${k} batches of ${batchSize} need ${batchSize * k} rows per iteration; the data has ${rows}`,
          {
            expected: `≤ ${Math.floor(rows / batchSize)}`,
            found: String(k),
          },
        );
    } catch (e) {
      add(['data', 'path'], 'error', `cannot read ${config.data.path}: ${(e as Error).message}`);
    }
  }
  return problems;
}
