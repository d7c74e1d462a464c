/**
 * Where the host records an MCMC sampling result in the run's events.jsonl, so that the file has
 * one writer at a time. A run this window trains is written by its trainer: the host hands it the
 * event (`recordEvent`) and `gan-sample` runs with `--no-event`; the trainer appends it at its
 * current step and sends it back, which is how the views get it. If the trainer exits before it
 * sends it back, nothing writes the file any more and the host appends it; likewise for a run that
 * has ended in this window (then the live run passes it on to its views). Any other run is
 * recorded by `gan-sample` itself. Pure Node (no `vscode`).
 */
import { join } from 'node:path';
import { appendJsonLine } from '../../shared/atomicFile';
import { jsonlLinesBackward, parseJsonLine } from '../../shared/runDirectory/jsonlLines';
import type { Disposable } from '../feeds/feedEmitter';
import type { HostToTrainer, TrainerToHost } from '../../shared/protocol';
import { samplingEvent, type SamplingOutcomeFields } from '../../shared/runEvents';
import { RUN_FILES, type RunEvent, type RunMeta } from '../../shared/runFormat';

/** The live run a sampling result belongs to, as far as recording its event goes (LiveRun). */
export interface SampledRun {
  readonly live: boolean;
  /** Set once the trainer process has exited. */
  readonly exit: unknown;
  readonly meta: RunMeta | undefined;
  send(message: HostToTrainer): boolean;
  onDidChange(listener: (message: TrainerToHost | undefined) => void): Disposable;
  /** Tells the run's views of an event written for it on disk. */
  noteEvent(event: RunEvent): void;
}

/** Whether `gan-sample` should record its result itself: not when a trainer of this window writes the run. */
export function samplerRecordsEvent(run: SampledRun | undefined): boolean {
  return !(run?.live && run.exit === undefined);
}

/** Who wrote the event: the live trainer, the host (the run had ended), or nobody (gan-sample did). */
export type SamplingEventWriter = 'trainer' | 'host' | 'gan-sample';

/**
 * Records `result` (a sampling of `runDir`) unless gan-sample did (`samplerRecorded`: it ran
 * without --no-event, as `samplerRecordsEvent` said when it started).
 */
export async function recordSamplingEvent(
  run: SampledRun | undefined,
  runDir: string,
  result: SamplingOutcomeFields,
  samplerRecorded: boolean,
): Promise<SamplingEventWriter> {
  if (samplerRecorded) return 'gan-sample';
  const content = samplingEvent(result);
  if (run && (await writtenByTrainer(run, content, result.id))) return 'trainer';
  // The trainer may have written it and exited before its message came: never record it twice.
  if (await fileHasSampling(runDir, result.id)) return 'trainer';
  const event: RunEvent = { step: Math.max(run?.meta?.lastStep ?? 0, result.checkpointStep), time: Date.now(), ...content };
  appendJsonLine(join(runDir, RUN_FILES.events), event);
  run?.noteEvent(event);
  return 'host';
}

/** Whether events.jsonl records sampling `id`: read from the end back (it is recent), in 1 MiB chunks. */
async function fileHasSampling(runDir: string, id: string): Promise<boolean> {
  try {
    for await (const line of jsonlLinesBackward(join(runDir, RUN_FILES.events))) {
      if (!line.text?.includes(id)) continue;
      const e = parseJsonLine(line) as RunEvent | undefined;
      if (e?.kind === 'sampling' && e.data?.id === id) return true;
    }
  } catch {
    // no events file: nothing recorded
  }
  return false;
}

/** Hands the event to the trainer; true once it sends it back, false if it cannot take it or exits first. */
function writtenByTrainer(run: SampledRun, content: ReturnType<typeof samplingEvent>, id: string): Promise<boolean> {
  if (!run.live || run.exit !== undefined) return Promise.resolve(false);
  return new Promise<boolean>((resolve) => {
    const subscription = run.onDidChange((m) => {
      const echoed = m?.type === 'event' && m.payload.kind === 'sampling' && m.payload.data?.id === id;
      if (!echoed && run.exit === undefined) return;
      subscription.dispose();
      resolve(echoed);
    });
    if (!run.send({ type: 'recordEvent', payload: content })) {
      subscription.dispose();
      resolve(false);
    }
  });
}
