/**
 * gan-sample's record of a result in the run's events.jsonl, when the run is not training in the
 * editor (the host passes `--no-event` and has the live trainer write it instead: one writer at a
 * time). One O_APPEND write of one line (appendJsonLine), so it never splits another line.
 */
import { join } from 'node:path';
import { appendJsonLine } from '../../shared/atomicFile';
import { tryReadRunMetaSync } from '../../shared/runDirectory/readRunMeta';
import { samplingEvent } from '../../shared/runEvents';
import { RUN_FILES, type RunEvent, type SamplingRecord } from '../../shared/runFormat';

/** The event of `record`, at the step the run has reached (run.json), never before the checkpoint sampled. */
export function samplingRunEvent(runDir: string, record: SamplingRecord, time = Date.now()): RunEvent {
  const meta = tryReadRunMetaSync(runDir);
  const step = Math.max(meta.ok ? meta.meta.lastStep : 0, record.checkpointStep);
  return { step, time, ...samplingEvent(record) };
}

export function appendSamplingEvent(runDir: string, record: SamplingRecord): RunEvent {
  const event = samplingRunEvent(runDir, record);
  appendJsonLine(join(runDir, RUN_FILES.events), event);
  return event;
}
