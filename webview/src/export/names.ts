/** File names the views suggest for exports (the host asks the user where to save, starting from these). */

/** `<experiment>-<run id>-<what>.<ext>`, with anything but letters, digits, `.`, `_` and `-` replaced by `-`. */
export function exportFileName(experiment: string, runId: string, what: string, ext: 'png' | 'gif'): string {
  const parts = [experiment, runId, what].map(safePart).filter((p) => p !== '');
  const stem = (parts.join('-') || 'gan-run').slice(0, 180);
  return `${stem}.${ext}`;
}

function safePart(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '');
}
