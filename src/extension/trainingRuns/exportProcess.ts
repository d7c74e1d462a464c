/**
 * Runs `gan-export` (the same code as the CLI, in a Node child process through the launcher, so the
 * extension host never loads TensorFlow.js) on a run and reads its JSON result. Pure Node (no `vscode`).
 */
import { describeCliError, type ExportSuccess } from '../../shared/cliResult';
import { runCliTool } from './cliProcess';
import type { Launcher } from './processLauncher';

export interface ExportOutcome {
  ok: boolean;
  /** Where the model went, or why it could not be written. */
  message: string;
  folder?: string;
  /** Everything gan-export reported about the result. */
  result?: ExportSuccess;
  /** The checkpoint was damaged: the run's newest intact checkpoint folder, to offer instead. */
  intactCheckpoint?: string;
}

/** An export that takes longer than this is killed and reported as failed. */
export const EXPORT_TIMEOUT_MS = 120_000;

/** Exports the generator of `runDir` from `checkpoint` (a checkpoint folder, a step or a folder name; the latest when absent). */
export async function runGeneratorExport(launcher: Launcher, runDir: string, checkpoint?: string): Promise<ExportOutcome> {
  const args = checkpoint === undefined ? [runDir] : [runDir, '--checkpoint', checkpoint];
  const outcome = await runCliTool(launcher, { tool: 'gan-export', args, timeoutMs: EXPORT_TIMEOUT_MS });
  if (outcome.kind !== 'result') return { ok: false, message: outcome.kind === 'failed' ? outcome.message : 'The export was cancelled.' };
  const { result } = outcome;
  if (!result.ok) {
    const { intactCheckpoint } = result.error;
    return { ok: false, message: describeCliError(result.error), ...(intactCheckpoint !== undefined && { intactCheckpoint }) };
  }
  if (result.tool !== 'gan-export') return { ok: false, message: `gan-export printed a ${result.tool} result` };
  return { ok: true, message: `exported the generator at step ${result.step} to ${result.folder}`, folder: result.folder, result };
}
