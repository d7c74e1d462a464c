/**
 * Follows one JSONL file from a byte offset (where a snapshot stopped reading): each `read` returns
 * the records appended since. Bytes are decoded as a stream, so a character split between two reads
 * (or two chunks of one read) is decoded whole, and a last line without its newline waits for it.
 * A file that shrank or was replaced, or was cut and has grown again since the last read (a resume
 * cuts the records after its checkpoint in place, then appends), is read again from its start: the
 * tail keeps the last bytes it read and checks they are still there.
 * An increment over TAIL_MAX_BYTES (a file replaced by a long run's, a feed that fell far behind)
 * is not read: `read` says 'resync', and the feed takes a new, bounded snapshot instead.
 * Pure Node (no `vscode`).
 */
import { open, stat, type FileHandle } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import { parseJsonLines } from '../trainingRuns/runSnapshot';

/** Bytes read per call to the file system. */
export const TAIL_CHUNK_BYTES = 1 << 20;
/** The most bytes one `read` reads; past it, a snapshot. */
export const TAIL_MAX_BYTES = 32 << 20;
/** Bytes before its offset that a tail checks are unchanged. */
const SEEN_BYTES = 64;

export class JsonlTail<T> {
  private offset: number;
  private decoder = new StringDecoder('utf8');
  /** Text after the last newline read so far: a line still being written. */
  private partial = '';
  private inode: number | undefined;
  /** The last bytes read, ending at `offset` (none yet after a restart). */
  private seen: Buffer | undefined;

  constructor(
    readonly file: string,
    private readonly valid: (v: unknown) => boolean,
    offset: number,
    private readonly chunkBytes = TAIL_CHUNK_BYTES,
    private readonly maxBytes = TAIL_MAX_BYTES,
  ) {
    this.offset = offset;
  }

  /** Bytes consumed so far (records returned, plus a partial last line held back). */
  get position(): number {
    return this.offset;
  }

  /** Goes on from `offset` (a newer snapshot's), forgetting any partial line. */
  restart(offset: number): void {
    this.offset = offset;
    this.decoder = new StringDecoder('utf8');
    this.partial = '';
    this.seen = undefined;
  }

  /** The records appended since the last read; 'resync' when there is more than `maxBytes` to read (take a snapshot, then `restart` at its offset). */
  async read(): Promise<T[] | 'resync'> {
    const info = await stat(this.file).catch(() => undefined);
    if (!info) return [];
    if (info.size < this.offset || (this.inode !== undefined && info.ino !== this.inode)) this.restart(0);
    this.inode = info.ino;
    if (info.size === this.offset) return [];
    const handle = await open(this.file, 'r');
    try {
      if (this.seen && !(await this.stillThere(handle, this.seen))) this.restart(0);
      if (info.size - this.offset > this.maxBytes) return 'resync';
      let text = this.partial;
      const buffer = Buffer.alloc(Math.min(this.chunkBytes, info.size - this.offset));
      while (this.offset < info.size) {
        const { bytesRead } = await handle.read(buffer, 0, Math.min(buffer.length, info.size - this.offset), this.offset);
        if (bytesRead === 0) break;
        this.offset += bytesRead;
        text += this.decoder.write(buffer.subarray(0, bytesRead));
      }
      this.seen = await this.bytesBefore(handle, this.offset);
      const end = text.lastIndexOf('\n');
      this.partial = text.slice(end + 1);
      return parseJsonLines<T>(text.slice(0, end + 1), this.file, this.valid, []);
    } finally {
      await handle.close();
    }
  }

  /** The SEEN_BYTES (or fewer, at the start) before `offset`. */
  private async bytesBefore(handle: FileHandle, offset: number): Promise<Buffer> {
    const length = Math.min(SEEN_BYTES, offset);
    const bytes = Buffer.alloc(length);
    const { bytesRead } = await handle.read(bytes, 0, length, offset - length);
    return bytes.subarray(0, bytesRead);
  }

  /** Whether the bytes before `offset` are still `seen` (not so once the file was cut and written again). */
  private async stillThere(handle: FileHandle, seen: Buffer): Promise<boolean> {
    return (await this.bytesBefore(handle, this.offset)).equals(seen);
  }
}
