/**
 * Continuing a run in its own directory from its latest checkpoint: records after the checkpoint
 * (written before the run stopped or crashed) are dropped so the files never hold two histories.
 * The JSONL files are streamed (src/shared/runDirectory/jsonlLines.ts, 1 MiB chunks): a resume's
 * memory does not grow with them, and the records it drops are read from the end back.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { truncateFile } from '../../shared/atomicFile';
import type { Experiment } from '../../shared/experiment/schema';
import { requireRunDirectorySync } from '../../shared/runDirectory/isRunDirectory';
import { readRunMetaSync } from '../../shared/runDirectory/readRunMeta';
import { RunFileError } from '../../shared/runDirectory/runFileError';
import { readRunExperimentSync } from '../../shared/runDirectory/runExperiment';
import { jsonlLinesBackwardSync, jsonlLinesSync, parseJsonLine } from '../../shared/runDirectory/jsonlLines';
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

/**
 * The run's hyperparameter edits (all withRecordedEdits reads), streamed: a line that does not
 * parse (cut short by a crash) is left out.
 */
function readEventsSync(runDir: string): RunEvent[] {
  const file = join(runDir, RUN_FILES.events);
  if (!existsSync(file)) return [];
  const edits: RunEvent[] = [];
  for (const line of jsonlLinesSync(file)) {
    // Only a line that mentions the kind is parsed: a long run's events are mostly other kinds.
    if (line.text === null || !line.text.includes('"hyperparameters"')) continue;
    const event = parseJsonLine(line) as RunEvent | undefined;
    if (typeof event === 'object' && event !== null && event.kind === 'hyperparameters') edits.push(event);
  }
  return edits;
}

/**
 * Cuts each JSONL file of the run after its last record at or before `step` (in place). Records
 * are appended in step order, so those after the checkpoint are the file's tail: it is read from
 * the end back to that record, and whatever follows it goes, a line cut short by a crash or a
 * corrupt one included. The events (a log of what happened) keep every record and lose only what
 * follows their last whole one. Lines before the cut are not read: a corrupt line in the middle
 * stays, and the readers pass over it with a warning. A file with nothing to drop is left as it is.
 * Returns the last record each file keeps, by file name.
 */
export function dropRecordsAfter(runDir: string, step: number): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const name of [RUN_FILES.metrics, RUN_FILES.quality, RUN_FILES.histograms, RUN_FILES.events]) {
    const file = join(runDir, name);
    if (!existsSync(file)) continue;
    const keep = (value: unknown) => {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
      const recorded = (value as { step?: unknown }).step;
      return name === RUN_FILES.events || (typeof recorded === 'number' && recorded <= step);
    };
    let cut = 0;
    let terminated = true;
    let size: number | undefined;
    for (const line of jsonlLinesBackwardSync(file)) {
      size ??= line.end;
      const value = parseJsonLine(line);
      if (keep(value)) {
        kept[name] = value;
        cut = line.end;
        terminated = line.terminated;
        break;
      }
    }
    if (size !== undefined && (cut < size || !terminated)) truncateFile(file, cut, !terminated);
  }
  return kept;
}
