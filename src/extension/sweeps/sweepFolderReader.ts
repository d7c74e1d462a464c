/**
 * The sweep folder as the editor's views show it: the sweep engine's one reader (readSweep,
 * src/shared/sweep/sweepFolder.ts) turned into the SweepView of the Runs tree and the sweep
 * dashboard (protocol.ts). Pure Node (no `vscode`): the render tests read their fixture with it.
 */
import { access } from 'node:fs/promises';
import type { SweepParamValue, SweepView } from '../../shared/protocol';
import { manifestFile, readSweep, type JsonValue, type SweepStatus } from '../../shared/sweep/sweepFolder';
import { bestTrial } from '../../shared/sweepView';

/** Whether `dir` holds a sweep record (sweep.json). */
export async function isSweepFolder(dir: string): Promise<boolean> {
  return access(manifestFile(dir)).then(
    () => true,
    () => false,
  );
}

/** A parameter's value as the views show it: numbers, strings and booleans as they are, anything else as its JSON. */
function paramValue(v: JsonValue): SweepParamValue {
  return typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean' ? v : JSON.stringify(v);
}

export function toSweepView(status: SweepStatus): SweepView {
  const { manifest } = status;
  const view: SweepView = {
    dir: status.dir,
    name: manifest.name,
    executor: manifest.executor.kind,
    objective: { metric: manifest.objective.metric, lowerIsBetter: manifest.objective.goal === 'minimize' },
    parameters: manifest.parameters.map((p) => p.path),
    trials: status.trials.map((t) => ({
      index: t.trial.index,
      params: Object.fromEntries(Object.entries(t.trial.params).map(([path, v]) => [path, paramValue(v)])),
      state: t.state,
      step: t.step,
      totalSteps: t.totalSteps,
      metrics: Object.fromEntries(Object.entries(t.finalMetrics ?? {}).filter((e): e is [string, number] => typeof e[1] === 'number')),
      runDir: t.runPath ?? null,
      error: t.error ? (t.error.split('\n').find((l) => l.trim() !== '') ?? t.error) : null,
    })),
    best: null,
    active: status.counts.pending + status.counts.running > 0,
    warnings: status.warnings,
  };
  view.best = bestTrial(view);
  return view;
}

/** The sweep in `dir`; throws the reader's error (naming the file and the fix) for a folder that is not one. */
export async function readSweepView(dir: string): Promise<SweepView> {
  return toSweepView(readSweep(dir));
}
