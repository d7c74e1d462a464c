/**
 * Six base-36 characters from the platform's random source (Node and browsers alike): 2·10⁹ values,
 * so runs started in the same second (a sweep's trials) do not share an id but once in millions of
 * such seconds. (Math.random().toString(36) gave four at most and sometimes fewer.)
 */
function randomSuffix(): string {
  const [value] = globalThis.crypto.getRandomValues(new Uint32Array(1));
  return (value! % 36 ** 6).toString(36).padStart(6, '0');
}

/** Run ids: sortable by start time, unique, safe as a folder name on every OS. */
export function newRunId(now = new Date(), suffix = randomSuffix()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const date = `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}`;
  const time = `${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}`;
  return `${date}-${time}-${suffix}`;
}

/** A name reduced to characters that cannot escape or break a path (for folder names). */
export function safeSegment(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_');
  return cleaned.length > 0 ? cleaned.slice(0, 64) : '_';
}

/**
 * A run id as the Runs tree's row shows it: `20260105-140312-ab12` → `01-05 14:03:12` (its start,
 * short enough to leave the row room for the result); any other id as it is.
 */
export function runRowLabel(runId: string): string {
  const m = /^\d{4}(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})-[A-Za-z0-9]+$/.exec(runId);
  return m ? `${m[1]}-${m[2]} ${m[3]}:${m[4]}:${m[5]}` : runId;
}
