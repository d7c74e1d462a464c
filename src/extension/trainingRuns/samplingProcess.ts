/**
 * Runs `gan-sample` in a Node child process through the launcher (the extension host never loads
 * TensorFlow.js) and reads its JSON result (src/shared/cliResult.ts). Aborting kills the child: it
 * writes its result folder only at the end, in one rename, so nothing is left. Pure Node (no `vscode`).
 */
import { describeCliError, samplingHeadline, type SampleSuccess } from '../../shared/cliResult';
import type { RequestedSettings } from '../../shared/samplingSettings';
import { runCliTool } from './cliProcess';
import type { Launcher } from './processLauncher';
import { recordSamplingEvent, samplerRecordsEvent, type SampledRun, type SamplingEventWriter } from './samplingEvent';

export interface SamplingRequest {
  runDir: string;
  settings: RequestedSettings;
  /** A checkpoint folder (or a step, or a folder name); the run's latest when absent. */
  checkpoint?: string;
  /** false: gan-sample does not add the result to events.jsonl (`--no-event`; the host has it recorded). */
  recordEvent?: boolean;
}

export interface SamplingOutcome {
  ok: boolean;
  cancelled: boolean;
  /** A one-line summary of the result, or why it failed. */
  message: string;
  folder?: string;
  /** The result's id (its folder name). */
  id?: string;
  /** Everything gan-sample reported about the result. */
  result?: SampleSuccess;
  /** Who added the result to the run's events.jsonl (absent when it was not recorded). */
  event?: SamplingEventWriter;
  /** The checkpoint was damaged: the run's newest intact checkpoint folder, to offer instead. */
  intactCheckpoint?: string;
}

export interface SamplingProcessOptions {
  request: SamplingRequest;
  onProgress?: (step: number, total: number) => void;
  signal?: AbortSignal;
  /** The run this window trains (or trained) in `request.runDir`, if any: its trainer records the result's event. */
  run?: SampledRun;
}

/** The command line for `request` (every setting spelled out, so the result does not depend on the CLI's defaults). */
export function samplingArgs({ runDir, settings, checkpoint, recordEvent }: SamplingRequest): string[] {
  const args = [runDir, '--method', settings.method, '--steps', String(settings.steps), '--step-size', String(settings.stepSize)];
  args.push('--temperature', String(settings.temperature), '--start', settings.start);
  if (settings.chains !== undefined) args.push('--chains', String(settings.chains));
  if (settings.seed !== undefined) args.push('--seed', String(settings.seed));
  if (!settings.prior) args.push('--no-prior');
  if (checkpoint !== undefined) args.push('--checkpoint', checkpoint);
  if (recordEvent === false) args.push('--no-event');
  return args;
}

/** The notification's summary: acceptance, mean energy before → after, and the quality after. */
export function samplingSummary(result: SampleSuccess): string {
  return [samplingHeadline(result), ...(result.qualityText ? [`after: ${result.qualityText.after}`] : [])].join(' · ');
}

export async function runSampling(launcher: Launcher, options: SamplingProcessOptions): Promise<SamplingOutcome> {
  const samplerRecords = samplerRecordsEvent(options.run);
  const outcome = await runCliTool(launcher, {
    tool: 'gan-sample',
    args: samplingArgs({ ...options.request, recordEvent: samplerRecords }),
    ...(options.onProgress && { onProgress: options.onProgress }),
    ...(options.signal && { signal: options.signal }),
  });
  if (outcome.kind === 'cancelled') return { ok: false, cancelled: true, message: 'Sampling was cancelled; nothing was written.' };
  if (outcome.kind === 'failed') return { ok: false, cancelled: false, message: outcome.message };
  const { result } = outcome;
  if (!result.ok) {
    const { intactCheckpoint } = result.error;
    return {
      ok: false,
      cancelled: false,
      message: describeCliError(result.error),
      ...(intactCheckpoint !== undefined && { intactCheckpoint }),
    };
  }
  if (result.tool !== 'gan-sample') return { ok: false, cancelled: false, message: `gan-sample printed a ${result.tool} result` };
  const done: SamplingOutcome = {
    ok: true,
    cancelled: false,
    message: samplingSummary(result),
    folder: result.folder,
    id: result.id,
    result,
  };
  try {
    done.event = await recordSamplingEvent(options.run, options.request.runDir, result, samplerRecords);
  } catch {
    // The result is written; only its line in the run's events is missing (a full or read-only disk).
  }
  return done;
}
