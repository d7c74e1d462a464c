/**
 * The lines of a run's JSONL files, read in chunks of JSONL_CHUNK_BYTES, forwards or backwards from
 * the end, with each line's byte offsets: no reader holds a whole file, so a run's files may grow
 * past what one string can hold (about 512 MB) and a reader's memory does not grow with them.
 * A line ends at "\n"; a "\r" before it is dropped (CRLF). A line longer than JSONL_MAX_LINE_BYTES
 * is not a record the trainer writes: it is passed over unread (`text` null), so one unterminated
 * run of garbage cannot make a reader hold it. Bytes are split at "\n" before decoding, which never
 * occurs inside a UTF-8 character. Synchronous versions for the trainer and the CLIs, asynchronous
 * ones for the host.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';

/** Bytes read per call to the file system. */
export const JSONL_CHUNK_BYTES = 1 << 20;
/** The longest line read (a histogram record of the largest images is well under it). */
export const JSONL_MAX_LINE_BYTES = 16 << 20;

export interface JsonlLine {
  /** The line without its "\n" (and "\r"), or null when it is longer than JSONL_MAX_LINE_BYTES (not read). */
  text: string | null;
  /** Byte offset of its first byte. */
  start: number;
  /** Byte offset just past it: past its "\n", or the end of the file for an unterminated last line. */
  end: number;
  /** Whether a "\n" ends it (false: the file's last line, maybe still being written or cut short). */
  terminated: boolean;
}

export interface LineReadOptions {
  /** Where to start (forwards) or stop (backwards); default 0. */
  from?: number;
  /** Where to stop (forwards) or start (backwards); default the size of the file when it is opened. */
  to?: number;
  chunkBytes?: number;
}

function decode(pieces: Buffer[], length: number): string {
  const bytes = pieces.length === 1 ? pieces[0]! : Buffer.concat(pieces, length);
  const end = length > 0 && bytes[length - 1] === 0x0d ? length - 1 : length;
  return bytes.toString('utf8', 0, end);
}

/** Splits chunks read front to back into lines. */
class ForwardSplitter {
  private pieces: Buffer[] = [];
  private length = 0;
  private tooLong = false;
  private start: number;

  constructor(from: number) {
    this.start = from;
  }

  /** The lines that `chunk` (read at byte `at`) completes. */
  push(chunk: Buffer, at: number): JsonlLine[] {
    const lines: JsonlLine[] = [];
    let i = 0;
    for (;;) {
      const newline = chunk.indexOf(0x0a, i);
      const piece = chunk.subarray(i, newline < 0 ? chunk.length : newline);
      if (!this.tooLong && this.length + piece.length > JSONL_MAX_LINE_BYTES) {
        this.tooLong = true;
        this.pieces = [];
      }
      if (!this.tooLong) this.pieces.push(newline < 0 ? Buffer.from(piece) : piece);
      this.length += piece.length;
      if (newline < 0) return lines;
      const end = at + newline + 1;
      lines.push({ text: this.tooLong ? null : decode(this.pieces, this.length), start: this.start, end, terminated: true });
      this.pieces = [];
      this.length = 0;
      this.tooLong = false;
      this.start = end;
      i = newline + 1;
    }
  }

  /** The unterminated last line, if any. */
  finish(end: number): JsonlLine | undefined {
    if (this.length === 0 && !this.tooLong) return undefined;
    return { text: this.tooLong ? null : decode(this.pieces, this.length), start: this.start, end, terminated: false };
  }
}

/** Splits chunks read back to front into lines, last line first. */
class BackwardSplitter {
  /** Pieces of the line being assembled, last piece first. */
  private pieces: Buffer[] = [];
  private length = 0;
  private tooLong = false;
  /** Offset just past the line being assembled (past its "\n" when it has one). */
  private end: number;
  private terminated = false;

  constructor(to: number) {
    this.end = to;
  }

  /** `copy`: a piece of a line that goes on in the next chunk (the buffer is read into again). */
  private add(piece: Buffer, copy: boolean): void {
    if (!this.tooLong && this.length + piece.length > JSONL_MAX_LINE_BYTES) {
      this.tooLong = true;
      this.pieces = [];
    }
    if (!this.tooLong) this.pieces.push(copy ? Buffer.from(piece) : piece);
    this.length += piece.length;
  }

  private line(start: number): JsonlLine | undefined {
    const text = this.tooLong ? null : decode(this.pieces.reverse(), this.length);
    // An empty unterminated last line is no line (the file ends with "\n").
    return this.terminated || this.length > 0 || this.tooLong ? { text, start, end: this.end, terminated: this.terminated } : undefined;
  }

  /** The lines that `chunk` (read at byte `at`) completes, last first. */
  push(chunk: Buffer, at: number): JsonlLine[] {
    const lines: JsonlLine[] = [];
    let stop = chunk.length;
    for (;;) {
      const newline = stop === 0 ? -1 : chunk.lastIndexOf(0x0a, stop - 1);
      this.add(chunk.subarray(newline + 1, stop), newline < 0);
      if (newline < 0) return lines;
      const line = this.line(at + newline + 1);
      if (line) lines.push(line);
      this.pieces = [];
      this.length = 0;
      this.tooLong = false;
      this.end = at + newline + 1;
      this.terminated = true;
      stop = newline;
    }
  }

  /** The first line of the range (it starts at `from`). */
  finish(from: number): JsonlLine | undefined {
    return this.line(from);
  }
}

/** The lines of `file` from `from` to `to` (synchronous). */
export function* jsonlLinesSync(file: string, options: LineReadOptions = {}): Generator<JsonlLine> {
  const fd = openSync(file, 'r');
  try {
    const to = options.to ?? fstatSync(fd).size;
    let at = options.from ?? 0;
    const splitter = new ForwardSplitter(at);
    const buffer = Buffer.allocUnsafe(options.chunkBytes ?? JSONL_CHUNK_BYTES);
    while (at < to) {
      const read = readSync(fd, buffer, 0, Math.min(buffer.length, to - at), at);
      if (read === 0) break;
      yield* splitter.push(buffer.subarray(0, read), at);
      at += read;
    }
    const last = splitter.finish(at);
    if (last) yield last;
  } finally {
    closeSync(fd);
  }
}

/** The lines of `file` from `to` back to `from`, last line first (synchronous). */
export function* jsonlLinesBackwardSync(file: string, options: LineReadOptions = {}): Generator<JsonlLine> {
  const fd = openSync(file, 'r');
  try {
    const from = options.from ?? 0;
    let at = options.to ?? fstatSync(fd).size;
    const splitter = new BackwardSplitter(at);
    const buffer = Buffer.allocUnsafe(options.chunkBytes ?? JSONL_CHUNK_BYTES);
    while (at > from) {
      const length = Math.min(buffer.length, at - from);
      const read = readSync(fd, buffer, 0, length, at - length);
      if (read < length) throw new Error(`${file}: shrank while it was read`);
      at -= length;
      yield* splitter.push(buffer.subarray(0, length), at);
    }
    const first = splitter.finish(from);
    if (first) yield first;
  } finally {
    closeSync(fd);
  }
}

/** The lines of `file` from `from` to `to`. */
export async function* jsonlLines(file: string, options: LineReadOptions = {}): AsyncGenerator<JsonlLine> {
  const handle = await open(file, 'r');
  try {
    yield* jsonlLinesOf(handle, options.to ?? (await handle.stat()).size, options);
  } finally {
    await handle.close();
  }
}

/** The lines of an open file from `from` to `to` (the caller closes it). */
export async function* jsonlLinesOf(handle: FileHandle, to: number, options: LineReadOptions = {}): AsyncGenerator<JsonlLine> {
  let at = options.from ?? 0;
  const splitter = new ForwardSplitter(at);
  const buffer = Buffer.allocUnsafe(options.chunkBytes ?? JSONL_CHUNK_BYTES);
  while (at < to) {
    const { bytesRead } = await handle.read(buffer, 0, Math.min(buffer.length, to - at), at);
    if (bytesRead === 0) break;
    yield* splitter.push(buffer.subarray(0, bytesRead), at);
    at += bytesRead;
  }
  const last = splitter.finish(at);
  if (last) yield last;
}

/** The lines of `file` from `to` back to `from`, last line first. */
export async function* jsonlLinesBackward(file: string, options: LineReadOptions = {}): AsyncGenerator<JsonlLine> {
  const handle = await open(file, 'r');
  try {
    const from = options.from ?? 0;
    let at = options.to ?? (await handle.stat()).size;
    const splitter = new BackwardSplitter(at);
    const buffer = Buffer.allocUnsafe(options.chunkBytes ?? JSONL_CHUNK_BYTES);
    while (at > from) {
      const length = Math.min(buffer.length, at - from);
      const { bytesRead } = await handle.read(buffer, 0, length, at - length);
      if (bytesRead < length) throw new Error(`${file}: shrank while it was read`);
      at -= length;
      yield* splitter.push(buffer.subarray(0, length), at);
    }
    const first = splitter.finish(from);
    if (first) yield first;
  } finally {
    await handle.close();
  }
}

/** A line's JSON value, or undefined when it is not JSON (cut short, corrupt, too long). */
export function parseJsonLine(line: JsonlLine): unknown {
  if (line.text === null || line.text.trim() === '') return undefined;
  try {
    return JSON.parse(line.text) as unknown;
  } catch {
    return undefined;
  }
}
