/** Splits a child's output stream into lines as they come (a last line without its newline at the end). Pure Node. */
import type { Readable } from 'node:stream';

export function onLines(stream: Readable | null | undefined, listener: (line: string) => void): void {
  if (!stream) return;
  let partial = '';
  stream.on('data', (chunk: Buffer | string) => {
    const parts = (partial + chunk.toString()).split('\n');
    partial = parts.pop() ?? '';
    for (const line of parts) listener(line.replace(/\r$/, ''));
  });
  stream.on('end', () => {
    if (partial !== '') listener(partial);
    partial = '';
  });
}
