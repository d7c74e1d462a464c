/**
 * Bounded reads of a run's JSONL files for the views (the dashboard's snapshot, a compared run):
 * at most `limit` records spread evenly over the run, whatever the file's size, and the byte offset
 * they were read to, where a tail goes on. A file up to SPREAD_FULL_READ_BYTES is read whole, line
 * by line (every line checked, at most 2 × `limit` records held while reading); a larger one is
 * sampled: the first whole line at each of `limit` evenly spaced byte offsets, plus the last record,
 * so that the time and memory of a read do not grow with the file (about `limit` reads of 4 KiB).
 * Records are appended at a steady size, so evenly spaced bytes are evenly spaced steps. Pure Node.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { errorCode, errorText } from './runFileError';
import { JSONL_CHUNK_BYTES, JSONL_MAX_LINE_BYTES, jsonlLinesBackward, jsonlLinesOf, type JsonlLine } from './jsonlLines';

/** Files up to this size are read whole; larger ones are sampled. */
export const SPREAD_FULL_READ_BYTES = 32 << 20;
/** Bytes read at each sampled offset to begin with (a line longer than this is read on). */
const SAMPLE_READ_BYTES = 4096;

export interface JsonlRead<T> {
  records: T[];
  /**
   * Bytes the records were read from: the end of the last complete line, or of the file when its
   * unterminated last line is whole JSON already. A line still being written is left to the tail.
   */
  offset: number;
  /** Lines read that are not records (blank lines aside). */
  bad: number;
  /** Whether the file was sampled (only the lines at the sampled offsets were read). */
  sampled: boolean;
  /** Records in the file when it was read whole (sampled: unknown). */
  total?: number;
  /** Why the file could not be read (it is missing: no records, no error). */
  error?: string;
}

const empty = <T>(error?: string): JsonlRead<T> => ({ records: [], offset: 0, bad: 0, sampled: false, ...(error && { error }) });

function parse(line: JsonlLine): { value?: unknown; blank: boolean } {
  if (line.text !== null && line.text.trim() === '') return { blank: true };
  if (line.text === null) return { blank: false };
  try {
    return { value: JSON.parse(line.text) as unknown, blank: false };
  } catch {
    return { blank: false };
  }
}

/** Keeps at most `limit` records, evenly spaced, always including the last. */
export function thin<T>(records: T[], limit: number): T[] {
  if (records.length <= limit) return records;
  const stride = records.length / limit;
  const out: T[] = [];
  for (let i = 0; i < limit - 1; i++) out.push(records[Math.floor(i * stride)]!);
  out.push(records[records.length - 1]!);
  return out;
}

/** Records offered one at a time, of which at most 2 × `limit` are held: every `stride`-th, the stride doubling as needed. */
class Decimator<T> {
  private kept: T[] = [];
  private stride = 1;
  private count = 0;
  private last: T | undefined;

  constructor(private readonly limit: number) {}

  add(record: T): void {
    if (this.count % this.stride === 0) {
      this.kept.push(record);
      if (this.kept.length >= 2 * this.limit) {
        this.kept = this.kept.filter((_, i) => i % 2 === 0);
        this.stride *= 2;
      }
    }
    this.last = record;
    this.count++;
  }

  get total(): number {
    return this.count;
  }

  /** At most `limit` records, evenly spaced, the last one included. */
  result(): T[] {
    const kept = this.kept;
    if (this.last !== undefined && kept[kept.length - 1] !== this.last) kept.push(this.last);
    return thin(kept, this.limit);
  }
}

/** The offset the records of a file of `size` bytes are read to (see JsonlRead.offset). */
async function wholeLinesEnd(file: string, size: number): Promise<number> {
  for await (const line of jsonlLinesBackward(file, { to: size })) {
    if (line.terminated) return size;
    return parse(line).value !== undefined ? size : line.start;
  }
  return size;
}

/** At most `limit` records of `file` (those `valid` accepts), evenly spread over it, the last one included. */
export async function readJsonlSpread<T>(
  file: string,
  valid: (v: unknown) => boolean,
  limit: number,
  fullReadBytes = SPREAD_FULL_READ_BYTES,
): Promise<JsonlRead<T>> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (e) {
    return errorCode(e) === 'ENOENT' ? empty() : empty(errorText(e));
  }
  try {
    const size = (await handle.stat()).size;
    const offset = await wholeLinesEnd(file, size);
    let bad = 0;
    if (offset <= fullReadBytes) {
      const kept = new Decimator<T>(Math.max(1, limit));
      for await (const line of jsonlLinesOf(handle, offset)) {
        const { value, blank } = parse(line);
        if (blank) continue;
        if (value !== undefined && valid(value)) kept.add(value as T);
        else bad++;
      }
      return { records: limit > 0 ? kept.result() : [], offset, bad, sampled: false, total: kept.total };
    }
    const records: { record: T; start: number }[] = [];
    let readTo = 0;
    for (let i = 0; i < limit; i++) {
      const at = Math.floor((i * offset) / limit);
      if (at < readTo) continue; // the line there was read already
      const found = await lineFrom(handle, at, offset);
      readTo = found.next;
      if (!found.line) {
        if (found.next >= offset) break;
        bad++; // no line within JSONL_MAX_LINE_BYTES there: not records
        continue;
      }
      const { value, blank } = parse(found.line);
      if (blank) continue;
      if (value !== undefined && valid(value)) records.push({ record: value as T, start: found.line.start });
      else bad++;
    }
    // The last record, read back from the end (past the last sampled line at most).
    for await (const line of jsonlLinesBackward(file, { from: readTo, to: offset })) {
      const { value } = parse(line);
      if (value !== undefined && valid(value)) {
        if (records.length === limit) records.pop();
        records.push({ record: value as T, start: line.start });
        break;
      }
    }
    return { records: records.map((r) => r.record), offset, bad, sampled: true };
  } catch (e) {
    return empty(errorText(e));
  } finally {
    await handle.close();
  }
}

/** The first "\n" at or after `from` and before `to`, reading at most JSONL_MAX_LINE_BYTES (-1: none), and where the search stopped. */
async function findNewline(handle: FileHandle, from: number, to: number): Promise<{ at: number; stopped: number }> {
  let at = from;
  let length = SAMPLE_READ_BYTES;
  while (at < to && at - from <= JSONL_MAX_LINE_BYTES) {
    const buffer = Buffer.allocUnsafe(Math.min(length, to - at));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, at);
    if (bytesRead === 0) break;
    const newline = buffer.subarray(0, bytesRead).indexOf(0x0a);
    if (newline >= 0) return { at: at + newline, stopped: at + newline + 1 };
    at += bytesRead;
    length = Math.min(length * 4, JSONL_CHUNK_BYTES);
  }
  return { at: -1, stopped: at };
}

/**
 * The first whole line that starts at or after `at` and ends by `to` (a last line without its
 * "\n" ends at `to`), and where to go on from. No line: none there within JSONL_MAX_LINE_BYTES.
 */
async function lineFrom(handle: FileHandle, at: number, to: number): Promise<{ line?: JsonlLine; next: number }> {
  let start = 0;
  if (at > 0) {
    // From the byte before `at`: when it is a "\n", the line at `at` is whole.
    const before = await findNewline(handle, at - 1, to);
    if (before.at < 0) return { next: before.stopped };
    start = before.at + 1;
  }
  if (start >= to) return { next: to };
  const after = await findNewline(handle, start, to);
  if (after.at < 0 && after.stopped < to) return { next: after.stopped };
  const end = after.at < 0 ? to : after.at;
  const bytes = Buffer.allocUnsafe(end - start);
  const { bytesRead } = await handle.read(bytes, 0, bytes.length, start);
  const length = bytesRead > 0 && bytes[bytesRead - 1] === 0x0d ? bytesRead - 1 : bytesRead;
  const line: JsonlLine = { text: bytes.toString('utf8', 0, length), start, end: after.stopped, terminated: after.at >= 0 };
  return { line, next: line.end };
}

/**
 * The events of `file` to show: the last `limit` of them, and every one `always` keeps (the
 * hyperparameter edits, which the run's current values are made of), in the file's order. The file
 * is read line by line; at most `limit` events besides those are held.
 */
export async function readJsonlTail<T>(
  file: string,
  valid: (v: unknown) => boolean,
  limit: number,
  always: (record: T) => boolean = () => false,
): Promise<JsonlRead<T>> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (e) {
    return errorCode(e) === 'ENOENT' ? empty() : empty(errorText(e));
  }
  try {
    const size = (await handle.stat()).size;
    const offset = await wholeLinesEnd(file, size);
    const kept: { record: T; index: number }[] = [];
    const recent: { record: T; index: number }[] = [];
    let bad = 0;
    let index = 0;
    for await (const line of jsonlLinesOf(handle, offset)) {
      const { value, blank } = parse(line);
      if (blank) continue;
      if (value === undefined || !valid(value)) {
        bad++;
        continue;
      }
      const entry = { record: value as T, index: index++ };
      if (always(entry.record)) kept.push(entry);
      else {
        recent.push(entry);
        // Dropped in batches, so that keeping the last `limit` costs O(1) per record.
        if (recent.length >= 2 * limit) recent.splice(0, recent.length - limit);
      }
    }
    const merged = [...kept, ...recent.slice(Math.max(0, recent.length - limit))].sort((a, b) => a.index - b.index);
    return { records: merged.map((m) => m.record), offset, bad, sampled: false, total: index };
  } catch (e) {
    return empty(errorText(e));
  } finally {
    await handle.close();
  }
}
