/**
 * Continuing a run in its own directory from its latest checkpoint: records after the checkpoint
 * (written before the run stopped or crashed) are dropped so the files never hold two histories.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../../shared/atomicFile';
import { validateExperiment, formatProblem } from '../../shared/experiment/validate';
import type { Experiment } from '../../shared/experiment/schema';
import { RUN_FILES, type RunMeta } from '../../shared/runFormat';
import { latestCheckpoint } from './checkpoint';

export interface ResumePoint {
  runDir: string;
  previous: RunMeta;
  config: Experiment;
  checkpoint: string;
}

export class ResumeError extends Error {}

/** Reads what resuming `runDir` needs; throws ResumeError with the reason and the fix. */
export function resumePoint(runDir: string): ResumePoint {
  const metaFile = join(runDir, RUN_FILES.meta);
  const experimentFile = join(runDir, RUN_FILES.experiment);
  if (!existsSync(metaFile) || !existsSync(experimentFile))
    throw new ResumeError(`${runDir}: not a run directory (run.json or experiment.json is missing)`);
  let previous: RunMeta;
  try {
    previous = JSON.parse(readFileSync(metaFile, 'utf8')) as RunMeta;
  } catch (e) {
    throw new ResumeError(`${metaFile}: cannot be read: ${(e as Error).message}`);
  }
  const result = validateExperiment(readFileSync(experimentFile, 'utf8'));
  if (!result.ok) throw new ResumeError(result.problems.map((p) => formatProblem(experimentFile, p)).join('\n'));
  const checkpoint = latestCheckpoint(join(runDir, RUN_FILES.checkpoints));
  if (!checkpoint)
    throw new ResumeError(
      `${runDir}: no checkpoint to resume from (checkpoints are written every logging.checkpointEvery steps and when a run stops)`,
    );
  return { runDir, previous, config: result.config, checkpoint };
}

/**
 * Rewrites each JSONL file of the run without the records after `step` (atomically). The events
 * (a log of what happened) keep every record; like the others they lose a line cut short by a
 * crash, which the resumed run's first record would otherwise be appended to.
 */
export function dropRecordsAfter(runDir: string, step: number): void {
  for (const name of [RUN_FILES.metrics, RUN_FILES.quality, RUN_FILES.histograms, RUN_FILES.events]) {
    const file = join(runDir, name);
    if (!existsSync(file)) continue;
    const kept = readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => {
        if (line.trim() === '') return false;
        try {
          const record = JSON.parse(line) as { step?: number };
          return name === RUN_FILES.events || record.step! <= step;
        } catch {
          return false; // a line cut short by a crash
        }
      });
    writeFileAtomic(file, kept.length > 0 ? `${kept.join('\n')}\n` : '');
  }
}
