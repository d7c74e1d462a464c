/**
 * How auto uses a Check Backends measurement of this model on this machine: the measured backends,
 * fastest first, then the rest of the usual order; and the words the run records for it.
 */
import type { BackendCheckEntry, BackendCheckResult } from '../../shared/backendCheck';
import { AUTO_ORDER, candidateLabel, sameCandidate, type Candidate } from './candidates';

const asCandidate = (e: BackendCheckEntry): Candidate => ({
  name: e.name,
  ...((e.variant === 'gpu' || e.variant === 'cpu') && { variant: e.variant }),
});

/** The measured candidates, fastest first. */
export function fastestFirst(measured: BackendCheckResult): Candidate[] {
  return measured.entries
    .filter((e) => e.state === 'measured' && (e.stepsPerSecond ?? 0) > 0)
    .sort((a, b) => b.stepsPerSecond! - a.stepsPerSecond!)
    .map(asCandidate);
}

/** The order auto tries with a measurement: fastest measured first, then the others in the usual order. */
export function measuredOrder(measured: BackendCheckResult): Candidate[] {
  const fast = fastestFirst(measured);
  return [...fast, ...AUTO_ORDER.filter((c) => !fast.some((f) => sameCandidate(f, c)))];
}

/** "steps/s" with one decimal below 1000. */
export const stepsPerSecondText = (v: number): string => `${v < 1000 ? v.toFixed(1) : v.toFixed(0)} steps/s`;

/** "wasm 41.2 steps/s, cpu 9.8 steps/s, webgpu skipped: …": every entry, measured ones fastest first. */
export function measurementSummary(measured: BackendCheckResult): string {
  const fast = fastestFirst(measured);
  const measuredEntries = fast.map((c) => measured.entries.find((e) => sameCandidate(asCandidate(e), c))!);
  const others = measured.entries.filter((e) => !measuredEntries.includes(e));
  return [
    ...measuredEntries.map((e) => `${candidateLabel(asCandidate(e))} ${stepsPerSecondText(e.stepsPerSecond!)}`),
    ...others.map((e) => `${candidateLabel(asCandidate(e))} ${e.state}: ${e.reason}`),
  ].join(', ');
}

/** The opening of the run's reason when auto chose `chosen` by the measurement. */
export function measuredReason(measured: BackendCheckResult, chosen: Candidate): string {
  const rank = fastestFirst(measured).findIndex((c) => sameCandidate(c, chosen));
  const which =
    rank === 0
      ? 'fastest measured'
      : rank > 0
        ? 'fastest measured that starts now'
        : 'first candidate that started (none measured starts now)';
  return `auto: ${which} for this model on this machine (Check Backends, ${measured.measuredAt.slice(0, 10)}): ${measurementSummary(measured)}`;
}
