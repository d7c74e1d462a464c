/** Run ids: sortable by start time, unique, safe as a folder name on every OS. */
export function newRunId(now = new Date(), suffix = Math.random().toString(36).slice(2, 6)): string {
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
