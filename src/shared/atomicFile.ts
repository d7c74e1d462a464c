import { closeSync, fstatSync, fsyncSync, ftruncateSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** A failed write, naming the file (a failed write() names none: "ENOSPC: no space left on device, write"). */
export class FileWriteError extends Error {
  constructor(
    readonly path: string,
    cause: unknown,
  ) {
    super(`cannot write ${path}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

/** Writes all of `bytes` at the file's position: one write() may write part (a full disk) and only the next one fails. */
function writeAll(fd: number, bytes: Uint8Array): void {
  for (let offset = 0; offset < bytes.length;) offset += writeSync(fd, bytes, offset, bytes.length - offset);
}

/**
 * Writes `content` to `path` so that readers see the old file or the new one, never a part:
 * write a temp file beside it, flush, rename over. On failure the temp file is removed and a
 * FileWriteError names `path`.
 */
export function writeFileAtomic(path: string, content: string | Uint8Array): void {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  try {
    const fd = openSync(temp, 'w');
    try {
      writeAll(fd, typeof content === 'string' ? Buffer.from(content, 'utf8') : content);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw new FileWriteError(path, error);
  }
}

export function writeJsonAtomic(path: string, value: unknown, pretty = true): void {
  writeFileAtomic(path, `${JSON.stringify(value, null, pretty ? 2 : undefined)}\n`);
}

/**
 * Appends one JSON record as one line, all or nothing: when the write fails part way (a full
 * disk), the file is cut back to its previous end, so no line is ever left half-written.
 */
export function appendJsonLine(path: string, value: unknown): void {
  let fd: number;
  try {
    fd = openSync(path, 'a');
  } catch (error) {
    throw new FileWriteError(path, error);
  }
  try {
    const end = fstatSync(fd).size;
    try {
      writeAll(fd, Buffer.from(`${JSON.stringify(value)}\n`, 'utf8'));
    } catch (error) {
      try {
        ftruncateSync(fd, end);
      } catch {
        // the write's own error says more
      }
      throw error;
    }
  } catch (error) {
    throw new FileWriteError(path, error);
  } finally {
    closeSync(fd);
  }
}

/**
 * Cuts `path` to its first `length` bytes (and ends it with a "\n" when `newline`), in place:
 * truncation is one step a reader sees whole, costs nothing whatever the file's size, and needs no
 * room for a copy. Readers that follow the file notice it shrank (feeds/jsonlTail.ts).
 */
export function truncateFile(path: string, length: number, newline = false): void {
  try {
    const fd = openSync(path, 'r+');
    try {
      ftruncateSync(fd, length);
      if (newline) writeSync(fd, '\n', length);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    throw new FileWriteError(path, error);
  }
}
