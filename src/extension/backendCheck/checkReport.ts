/**
 * The backend check's result as a Markdown page: a table with each backend's state, steps per
 * second, device and reason, the fastest marked, and what `auto` does with the measurement. Pure.
 */
import type { BackendCheckEntry, BackendCheckResult } from '../../shared/backendCheck';

const STATE_WORDS: Record<BackendCheckEntry['state'], string> = {
  measured: '✓ measured',
  skipped: '— skipped',
  failed: '✗ failed',
};

/** Text for a table cell: one line, pipes escaped. */
function cell(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/\\/g, '\\\\').replace(/\|/g, '\\|').trim();
}

function speed(stepsPerSecond: number): string {
  const digits = stepsPerSecond >= 100 ? 0 : stepsPerSecond >= 10 ? 1 : 2;
  return stepsPerSecond.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function nameOf(entry: BackendCheckEntry): string {
  return entry.variant === undefined ? entry.name : `${entry.name} (${entry.variant})`;
}

function timing(entry: BackendCheckEntry): string {
  if (entry.timedSteps === undefined) return '';
  return ` (${entry.timedSteps} steps timed${entry.warmupSteps === undefined ? '' : ` after ${entry.warmupSteps} warm-up`})`;
}

/** The fastest entry: the one the result names, measured, and the quickest of that name when there are several variants. */
export function fastestEntry(result: BackendCheckResult): BackendCheckEntry | undefined {
  return result.entries
    .filter((e) => e.state === 'measured' && e.name === result.fastest && e.stepsPerSecond !== undefined)
    .sort((a, b) => b.stepsPerSecond! - a.stepsPerSecond!)[0];
}

export function backendCheckMarkdown(result: BackendCheckResult, fileLabel: string): string {
  const fastest = fastestEntry(result);
  const rows = result.entries.map((e) => {
    const isFastest = e === fastest;
    const name = isFastest ? `**${nameOf(e)}** ⚡ fastest` : nameOf(e);
    const steps = e.stepsPerSecond === undefined ? '' : isFastest ? `**${speed(e.stepsPerSecond)}**` : speed(e.stepsPerSecond);
    return `| ${cell(name)} | ${STATE_WORDS[e.state]} | ${cell(steps + timing(e))} | ${cell(e.device ?? '')} | ${cell(e.reason)} |`;
  });
  const verdict = fastest
    ? `**Fastest: ${nameOf(fastest)}**, ${speed(fastest.stepsPerSecond!)} steps/s. A run of this model with \`"backend": "auto"\` now uses this measurement (cached for this model's shape on this machine) and records why it chose.`
    : 'No backend could be measured, so `"backend": "auto"` keeps its usual order (tensorflow on an NVIDIA GPU, webgpu, wasm, cpu). The reasons above say why each one did not start.';
  return [
    `# Backends for ${fileLabel}`,
    '',
    `Measured ${result.measuredAt} · a few training steps of this experiment's own model on each backend that starts.`,
    '',
    '| Backend | State | Steps/s | Device | Reason |',
    '| --- | --- | ---: | --- | --- |',
    ...(rows.length > 0 ? rows : ['| (none) | | | | the check listed no backend |']),
    '',
    verdict,
    '',
    `Cache key: \`${cell(result.cacheKey)}\``,
    '',
  ].join('\n');
}
