/**
 * Writes a new sweep folder (layout: `sweepFolder.ts`) from an expansion: the trials' resolved
 * experiments and empty runs/, logs/ and state/ first, the manifest last and atomically, so a
 * folder with a sweep.json is whole.
 */
import { mkdirSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { writeJsonAtomic } from '../atomicFile';
import { newRunId, safeSegment } from '../runDirectory/runId';
import type { ExpandedTrial } from './expandSweep';
import { SWEEP_FILES, SWEEP_FOLDER_FORMAT, manifestFile, type SweepManifest, type SweepTrial } from './sweepFolder';
import type { ExecutorConfig, Sweep } from './sweepSchema';

export interface SweepSubmission {
  sweep: Sweep;
  name: string;
  sweepFile: string;
  baseFile: string;
  trials: ExpandedTrial[];
}

/** The executor a sweep runs on: the file's, or `kind`'s defaults where the command line names another kind; local's maxParallel filled in. */
export function executorFor(sweep: Sweep, kind?: ExecutorConfig['kind']): ExecutorConfig {
  const given =
    kind === undefined || kind === sweep.executor.kind
      ? sweep.executor
      : kind === 'local'
        ? { kind: 'local' as const }
        : { kind: 'slurm' as const, cpusPerTask: 1, gpus: 0, sbatchArgs: [], setup: [] };
  if (given.kind === 'local') return { ...given, maxParallel: given.maxParallel ?? Math.max(1, cpus().length) };
  return given;
}

/** The folder sweep folders are created in: --out, else the executor's "output" (relative to the sweep file), else sweeps/ beside the sweep file. */
export function outputRoot(sweepFile: string, executor: ExecutorConfig, out?: string): string {
  if (out !== undefined) return resolve(out);
  return resolve(dirname(sweepFile), executor.output ?? 'sweeps');
}

/** Creates `<root>/<name>/<sweep id>/` with the trials and the manifest; returns its path. */
export function writeSweepFolder(submission: SweepSubmission, executor: ExecutorConfig, root: string, now = new Date()): string {
  const parent = join(root, safeSegment(submission.name));
  mkdirSync(parent, { recursive: true });
  let dir = '';
  for (let attempt = 0; ; attempt++) {
    dir = join(parent, newRunId(now));
    try {
      mkdirSync(dir);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 20) throw e;
    }
  }
  for (const sub of [SWEEP_FILES.trials, SWEEP_FILES.runs, SWEEP_FILES.logs, SWEEP_FILES.state]) mkdirSync(join(dir, sub));
  const trials: SweepTrial[] = submission.trials.map((t) => {
    const experiment = join(SWEEP_FILES.trials, `${t.id}.gan.json`);
    writeJsonAtomic(join(dir, experiment), t.experiment);
    const runDir = join(SWEEP_FILES.runs, t.id);
    mkdirSync(join(dir, runDir));
    return {
      index: t.index,
      id: t.id,
      params: t.params,
      experiment: experiment.split('\\').join('/'),
      runDir: runDir.split('\\').join('/'),
    };
  });
  const manifest: SweepManifest = {
    format: SWEEP_FOLDER_FORMAT,
    name: submission.name,
    description: submission.sweep.description,
    sweepFile: submission.sweepFile,
    baseExperiment: submission.baseFile,
    createdAt: now.toISOString(),
    objective: submission.sweep.objective,
    executor,
    search: submission.sweep.search,
    parameters: submission.sweep.parameters,
    trials,
  };
  writeJsonAtomic(manifestFile(dir), manifest);
  return dir;
}
