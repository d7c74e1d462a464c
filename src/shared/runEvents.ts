/**
 * The events.jsonl records of pauses, resumes, MCMC sampling, blow-ups and alarms, built in one place for
 * every writer (the trainer, gan-sample, the host), and the check of a sampling event the host
 * hands a live trainer to write. Types: runFormat.ts.
 */
import type {
  AlarmEventData,
  AlarmKind,
  BlowUpEventData,
  BlowUpSignal,
  PausedEventData,
  ResumedEventData,
  RunEvent,
  SamplingEventData,
  SamplingSettings,
} from './runFormat';
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

/** A loss or gradient norm in a message: 3 significant digits, a power of ten from 10⁵ or under 10⁻³ (3.57e+6, 1e-4, 10000). */
export function formatMagnitude(v: number): string {
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e5 || a < 1e-3)) return v.toExponential(2).replace(/\.?0+e/, 'e');
  return String(Number(v.toPrecision(3)));
}

/** How a blow-up's message names each signal. */
export const BLOW_UP_SIGNAL_NAMES: Record<BlowUpSignal, string> = {
  dLoss: 'D loss',
  gLoss: 'G loss',
  gradNormD: "D's gradient norm",
  gradNormG: "G's gradient norm",
  saturation: 'D saturated',
  noGradient: 'no gradient',
};

/**
 * What happened, in words, without the step or the advice: "D loss 3.57e+6 is 2.6e+6× its running
 * scale (1.39) since step 25" or "D saturated for 500 steps since step
 * 25 (D(real) 1.000, D(fake) 0.000): the sigmoid is flat there, so neither network gets a gradient",
 * or "no gradient for 500 steps since step 75: …"".
 */
export function blowUpFinding(data: BlowUpEventData): string {
  if (data.signal === 'saturation')
    return (
      `D saturated for ${data.steps} steps since step ${data.since} (D(real) ${(data.dReal ?? NaN).toFixed(3)}, ` +
      `D(fake) ${(data.dFake ?? NaN).toFixed(3)}): the sigmoid is flat there, so neither network gets a gradient`
    );
  if (data.signal === 'noGradient')
    return `no gradient for ${data.steps} steps since step ${data.since}: D's and G's gradient norms are 0 (their units are dead or saturated), so nothing trains`;
  const name = BLOW_UP_SIGNAL_NAMES[data.signal];
  const ratio = data.ratio ?? NaN;
  const times = ratio >= 1e4 ? ratio.toExponential(1).replace('.0e', 'e') : String(Math.round(ratio));
  return `${name} ${formatMagnitude(data.value ?? NaN)} is ${times}× its running scale (${formatMagnitude(data.scale ?? NaN)}) since step ${data.since}`;
}

/**
 * The warning event of a blow-up that stays finite (the divergence watch). Its message reads on its
 * own in the Events table and on gan-train's stderr: "blow-up at step 75: <finding> — try: <advice>;
 * <advice>", and with action `stop`, that the run stops.
 */
export function blowUpEvent(step: number, data: BlowUpEventData): EventContent {
  const advice = data.advice.length > 0 ? ` — try: ${data.advice.join('; ')}` : '';
  const stops = data.action === 'stop' ? ' (divergence.action "stop": the run stops)' : '';
  return { kind: 'warning', message: `blow-up at step ${step}: ${blowUpFinding(data)}${advice}${stops}`, data: { ...data } };
}

/** A blow-up warning's data (as blowUpEvent writes it), or undefined for any other event. */
export function blowUpData(e: Pick<RunEvent, 'kind' | 'data'>): BlowUpEventData | undefined {
  const d = e.data;
  if (e.kind !== 'warning' || !d || d.detector !== 'blowUp' || typeof d.signal !== 'string' || !(d.signal in BLOW_UP_SIGNAL_NAMES))
    return undefined;
  return d as unknown as BlowUpEventData;
}

/** How messages, notifications and chart marks name each alarm. */
export const ALARM_NAMES: Record<AlarmKind, string> = {
  modeCollapse: 'mode collapse',
  discriminatorWins: 'D wins',
  oscillation: 'oscillation',
  blowUp: 'blow-up',
};

/**
 * The `alarm` event of the run watching itself. Its message reads on its own in the Events table,
 * the notification and gan-train's output: "mode collapse at step 1500: <finding> — try: <advice>"
 * and what the action did.
 */
export function alarmEvent(step: number, finding: string, data: AlarmEventData): EventContent {
  const advice = data.advice.length > 0 ? ` — try: ${data.advice.join('; ')}` : '';
  const action =
    data.action === 'checkpoint'
      ? ' (checkpoint written at this step)'
      : data.action === 'pause'
        ? ' (checkpoint written; the run pauses)'
        : '';
  return { kind: 'alarm', message: `${ALARM_NAMES[data.alarm]} at step ${step}: ${finding}${advice}${action}`, data: { ...data } };
}

/** Which alarm an event is: an `alarm` event's, or `blowUp` for the divergence watch's warning; undefined for any other event. */
export function alarmOf(e: Pick<RunEvent, 'kind' | 'data'>): AlarmKind | undefined {
  if (blowUpData(e)) return 'blowUp';
  const alarm = e.data?.alarm;
  if (e.kind !== 'alarm' || typeof alarm !== 'string' || !(alarm in ALARM_NAMES) || alarm === 'blowUp') return undefined;
  return alarm as AlarmKind;
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
