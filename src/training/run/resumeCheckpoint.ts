/**
 * The checkpoint a resume starts from: the newest intact one (checkpointIntegrity.ts). A newer one
 * that is damaged is passed over with a warning naming its file and problem; the trainer then sets
 * it aside (`step-N.damaged`), since the resumed run writes its own checkpoints after that step.
 */
import { basename } from 'node:path';
import { checkpointsDirOf } from '../../shared/runDirectory/checkpoints';
import { describeDamage, newestIntactCheckpointSync } from '../../shared/runDirectory/checkpointIntegrity';
import { DAMAGED_SUFFIX } from './checkpoint';

export interface ResumeCheckpoint {
  /** The folder of the newest intact checkpoint. */
  checkpoint: string;
  /** Each newer checkpoint passed over, with its file and problem (printed and recorded as warnings). */
  warnings: string[];
  /** What the reader should know about the checkpoint resumed from (an earlier version's has no checksum). */
  notes: string[];
}

/** The newest intact checkpoint of `runDir`; a message (for ResumeError) when there is none. */
export function resumeCheckpoint(runDir: string): ResumeCheckpoint | { error: string } {
  const { intact, damaged } = newestIntactCheckpointSync(checkpointsDirOf(runDir));
  if (!intact) {
    if (damaged.length === 0)
      return {
        error: `${runDir}: no checkpoint to resume from (checkpoints are written every logging.checkpointEvery steps and when a run stops)`,
      };
    const each = damaged.map((d) => `  ${describeDamage(d)}`).join('\n');
    return {
      error: `${runDir}: no intact checkpoint to resume from; ${damaged.length === 1 ? 'its only checkpoint is' : 'every checkpoint is'} damaged (restore the files or train the run again):\n${each}`,
    };
  }
  const name = basename(intact.folder);
  const warnings = damaged.map(
    (d) =>
      `resuming from ${name}, the newest intact checkpoint: ${describeDamage(d)}; it is kept as ${basename(d.folder)}${DAMAGED_SUFFIX} and the run continues from step ${intact.manifest.step}`,
  );
  return { checkpoint: intact.folder, warnings, notes: intact.notes };
}
