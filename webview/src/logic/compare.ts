/** Labels and ids of compared runs' series (the overlay of other runs on the loss and quality charts). */

const MAX_SHORT = 34;

/**
 * `experiment run id` from the host's `experiment · run id · status` label (or the run
 * directory's last two parts), shortened with an ellipsis for legends.
 */
export function shortRunLabel(label: string, runDir: string): string {
  const parts = label
    .split(' · ')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  let text = parts.length >= 2 ? `${parts[0]} ${parts[1]}` : (parts[0] ?? '');
  if (text === '') {
    const dirs = runDir.split(/[\\/]/).filter((p) => p !== '');
    text = dirs.slice(-2).join(' ') || runDir;
  }
  return text.length > MAX_SHORT ? `${text.slice(0, MAX_SHORT - 1)}…` : text;
}

/** The id of a compared run's series in a chart (also the key of its show/hide choice). */
export function compareSeriesId(runDir: string, key: string): string {
  return `compare:${runDir}:${key}`;
}

/** Legend text of a compared run's series: `D loss · ring8 20261121-…`. */
export function compareSeriesLabel(seriesLabel: string, short: string): string {
  return `${seriesLabel} · ${short}`;
}

/** Line dashes of a compared run's series, so they read as overlays next to the run's own solid lines. */
export const COMPARE_DASH = { dLoss: [6, 3], gLoss: [2, 3], quality: [4, 3] } as const;
