/** Step, total, speed, elapsed time and ETA of a run, from its meta, config and newest metrics. */
import type { RunView } from '../../../src/shared/protocol';
import { trainingSpeed } from '../../../src/shared/trainingSpeed';
import type { MetricColumns } from './metricColumns';

export interface Progress {
  step: number;
  total: number;
  /** 0..1 */
  fraction: number;
  stepsPerSecond: number | null;
  elapsedSeconds: number | null;
  etaSeconds: number | null;
}

export function computeProgress(run: RunView | null, columns: MetricColumns, now: number): Progress {
  const n = columns.steps.length;
  const lastStep = n > 0 ? columns.steps[n - 1]! : 0;
  const step = Math.max(lastStep, run?.meta?.lastStep ?? 0);
  const total = run?.meta?.totalSteps || run?.config?.schedule.steps || 0;
  const stepsPerSecond = speed(columns);
  const elapsedSeconds = elapsed(run, columns, now);
  const running = run?.live === true && run.phase === 'running';
  let etaSeconds: number | null = null;
  if (total > 0 && step >= total) etaSeconds = 0;
  else if (running && stepsPerSecond && total > step) etaSeconds = (total - step) / stepsPerSecond;
  return { step, total, fraction: total > 0 ? Math.min(1, step / total) : 0, stepsPerSecond, elapsedSeconds, etaSeconds };
}

/** The status bar's speed (src/shared/trainingSpeed.ts) over the records shown. */
function speed(columns: MetricColumns): number | null {
  const n = columns.steps.length;
  return n === 0 ? null : trainingSpeed(columns.steps, columns.scalars.time, columns.scalars.stepsPerSecond[n - 1]);
}

/**
 * Training time: run.json's `trainingSeconds` (summed over the run's sessions, pauses excluded) for
 * a run that has ended; while it trains, the newest record's `elapsed` (the same clock), plus the
 * time since it while this window's trainer runs. Runs recorded before training time was kept: from run.json's start, which a resumed run
 * keeps from its first session.
 */
function elapsed(run: RunView | null, columns: MetricColumns, now: number): number | null {
  const trained = run?.meta?.trainingSeconds;
  const n = columns.steps.length;
  if (typeof trained === 'number') {
    if (run?.meta?.endedAt || n === 0) return trained;
    const last = columns.scalars.elapsed[n - 1]!;
    if (!Number.isFinite(last) || last < trained) return trained;
    return run?.live && run.phase === 'running' ? last + Math.max(0, (now - columns.scalars.time[n - 1]!) / 1000) : last;
  }
  const started = Date.parse(run?.meta?.startedAt ?? '');
  if (Number.isFinite(started)) {
    const ended = Date.parse(run?.meta?.endedAt ?? '');
    if (Number.isFinite(ended)) return (ended - started) / 1000;
    if (run?.live) return (now - started) / 1000;
  }
  return n > 0 && Number.isFinite(columns.scalars.elapsed[n - 1]!) ? columns.scalars.elapsed[n - 1]! : null;
}
