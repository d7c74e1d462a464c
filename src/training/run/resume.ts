/**
 * Continuing a run in its own directory from its latest checkpoint: records after the checkpoint
 * (written before the run stopped or crashed) are dropped so the files never hold two histories.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../../shared/atomicFile';
import type { Experiment } from '../../shared/experiment/schema';
import { requireRunDirectorySync } from '../../shared/runDirectory/isRunDirectory';
import { readRunMetaSync } from '../../shared/runDirectory/readRunMeta';
import { RunFileError } from '../../shared/runDirectory/runFileError';
import { readRunExperimentSync } from '../../shared/runDirectory/runExperiment';
import { withRecordedEdits } from '../../shared/hyperparameterValues';
import { RUN_FILES, type RunEvent, type RunMeta } from '../../shared/runFormat';
import { resumeCheckpoint } from './resumeCheckpoint';

export interface ResumePoint {
  runDir: string;
  previous: RunMeta;
  /** experiment.json with the live edits events.jsonl records: the values the run used last. */
  config: Experiment;
  /** The newest intact checkpoint (resumeCheckpoint.ts). */
  checkpoint: string;
  /** Newer checkpoints passed over as damaged, each naming its file and problem: printed and recorded as warnings. */
  warnings: string[];
  /** What to know about the checkpoint (an earlier version's has no checksum). */
  notes: string[];
}

export class ResumeError extends Error {}

/** Reads what resuming `runDir` needs; throws ResumeError with the reason and the fix. */
export function resumePoint(runDir: string): ResumePoint {
  let previous: RunMeta;
  let config: Experiment;
  try {
    requireRunDirectorySync(runDir);
    previous = readRunMetaSync(runDir);
    config = readRunExperimentSync(runDir);
  } catch (e) {
    throw e instanceof RunFileError ? new ResumeError(e.message) : e;
  }
  const chosen = resumeCheckpoint(runDir);
  if ('error' in chosen) throw new ResumeError(chosen.error);
  return { runDir, previous, config: withRecordedEdits(config, readEventsSync(runDir)), ...chosen };
}

/** The run's events (a line that does not parse, cut short by a crash, is left out). */
function readEventsSync(runDir: string): RunEvent[] {
  const file = join(runDir, RUN_FILES.events);
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .flatMap((line) => {
      try {
        const event = JSON.parse(line) as RunEvent;
        return typeof event === 'object' && event !== null ? [event] : [];
      } catch {
        return [];
      }
    });
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
