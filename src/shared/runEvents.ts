/**
 * The events.jsonl records of pauses, resumes and MCMC sampling, built in one place for every
 * writer (the trainer, gan-sample, the host), and the check of a sampling event the host hands a
 * live trainer to write. Types: runFormat.ts.
 */
import type { PausedEventData, ResumedEventData, RunEvent, SamplingEventData, SamplingSettings } from './runFormat';
import { RUN_FILES } from './runFormat';
import { SAMPLING_FOLDER_NAME } from './samplingId';

/** An event before the writer stamps it with its step and time. */
export type EventContent = Pick<RunEvent, 'kind' | 'message'> & { data: Record<string, unknown> };

export function pausedEvent(since: number): EventContent {
  const data: PausedEventData = { since };
  return { kind: 'paused', message: 'paused', data: { ...data } };
}

export function resumedEvent(pausedMs: number): EventContent {
  const data: ResumedEventData = { pausedSeconds: Math.round(pausedMs / 100) / 10 };
  return { kind: 'resumed', message: `resumed after ${data.pausedSeconds} s paused`, data: { ...data } };
}

/** What a sampling event is made from: a gan-sample result (its record, or its --json result line). */
export interface SamplingOutcomeFields {
  id: string;
  settings: Pick<SamplingSettings, 'method' | 'steps' | 'chains'>;
  acceptanceRate: number;
  checkpointStep: number;
  durationSeconds: number;
}

const METHOD_NAMES = { langevin: 'Langevin', mala: 'MALA' } as const;

export function samplingEvent(result: SamplingOutcomeFields): EventContent {
  const { id, settings } = result;
  const data: SamplingEventData = {
    id,
    folder: `${RUN_FILES.sampling}/${id}`,
    method: settings.method,
    chains: settings.chains,
    steps: settings.steps,
    acceptanceRate: result.acceptanceRate,
    checkpointStep: result.checkpointStep,
    durationSeconds: result.durationSeconds,
  };
  const acceptance = `${(100 * result.acceptanceRate).toFixed(1)}%`;
  return {
    kind: 'sampling',
    message:
      `MCMC sampling: ${data.chains} chains × ${data.steps} ${METHOD_NAMES[data.method]} steps from the checkpoint at step ` +
      `${data.checkpointStep}, acceptance ${acceptance} → ${data.folder}`,
    data: { ...data },
  };
}

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/** Whether `v` is a sampling event's content as samplingEvent builds it (what a trainer accepts from the host). */
export function isSamplingEvent(v: unknown): v is EventContent {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const e = v as Record<string, unknown>;
  if (e.kind !== 'sampling' || typeof e.message !== 'string' || e.message.length > 1000) return false;
  const d = e.data as Record<string, unknown> | undefined;
  if (typeof d !== 'object' || d === null || Array.isArray(d)) return false;
  return (
    typeof d.id === 'string' &&
    SAMPLING_FOLDER_NAME.test(d.id) &&
    d.folder === `${RUN_FILES.sampling}/${d.id}` &&
    (d.method === 'langevin' || d.method === 'mala') &&
    isCount(d.chains) &&
    isCount(d.steps) &&
    isCount(d.checkpointStep) &&
    typeof d.acceptanceRate === 'number' &&
    d.acceptanceRate >= 0 &&
    d.acceptanceRate <= 1 &&
    typeof d.durationSeconds === 'number' &&
    Number.isFinite(d.durationSeconds)
  );
}
