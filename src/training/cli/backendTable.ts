/** The table `gan-train --check-backends FILE` prints: each backend's state, speed and reason, then the fastest. */
import type { BackendCheckEntry, BackendCheckResult } from '../../shared/backendCheck';
import { candidateLabel } from '../backends/candidates';
import { stepsPerSecondText } from '../backends/measuredOrder';
import { MIN_SECONDS, MIN_TIMED_STEPS, WARMUP_STEPS } from '../backendCheck/timeSteps';

const label = (e: BackendCheckEntry) =>
  candidateLabel({ name: e.name, ...((e.variant === 'gpu' || e.variant === 'cpu') && { variant: e.variant }) });
const speed = (e: BackendCheckEntry) => (e.stepsPerSecond !== undefined ? e.stepsPerSecond.toFixed(e.stepsPerSecond < 1000 ? 1 : 0) : '—');

export function backendTable(result: BackendCheckResult, cachePath: string | undefined): string {
  const rows = [
    ['backend', 'state', 'steps/s', 'reason'],
    ...result.entries.map((e) => [label(e), e.state, speed(e), e.device ? `${e.reason} [${e.device}]` : e.reason]),
  ];
  const widths = [0, 1, 2].map((c) => Math.max(...rows.map((r) => r[c]!.length)));
  const line = (r: string[]) => `  ${r[0]!.padEnd(widths[0]!)}  ${r[1]!.padEnd(widths[1]!)}  ${r[2]!.padStart(widths[2]!)}  ${r[3]}`;
  const best = result.entries.find((e) => e.state === 'measured' && e.name === result.fastest && e.variant === result.fastestVariant);
  const verdict = best
    ? `fastest: ${label(best)} (${stepsPerSecondText(best.stepsPerSecond!)}); "auto" uses it for this model on this machine${cachePath ? ` (cached in ${cachePath})` : ''}`
    : 'no backend could be measured';
  return [
    `Backends for ${result.file} (${WARMUP_STEPS} warm-up steps, then at least ${MIN_TIMED_STEPS} steps and ${MIN_SECONDS} s timed on each):`,
    '',
    ...rows.map(line),
    '',
    verdict,
    '',
  ].join('\n');
}
