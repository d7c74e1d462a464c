/**
 * The files phase 2 of validation asks about (`checkDataFiles`), read in Node, asynchronously. What
 * a read finds (a CSV file's rows and width, an IDX file's header and length) is kept by the file's
 * absolute path, modification time and size, so validating again — the editor does at every pause
 * in typing — costs one `stat` per named file and reads nothing until the file changes. The editor,
 * the check before a run and the trainer's command line share this.
 */
import { createReadStream } from 'node:fs';
import * as fsp from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { createGunzip } from 'node:zlib';
import type { CsvShape, CsvShapeOptions, DataFiles, FileState } from '../../shared/experiment/dataFileChecks';
import { checkIdxHeader, gunzipFailed, IDX_HEADER_BYTES, isGzip } from './image/idxFile';
import { findsMnist } from './mnistFiles';

export interface FileStamp {
  isFile: boolean;
  mtimeMs: number;
  size: number;
}

/** The start of an IDX file's content (decompressed when gzipped) and the content's length, or why the gzip data cannot be read. */
export type IdxStart = { head: Buffer; length: number } | { gzipError: unknown };

/** The raw file access under the cache; replaceable (tests count the reads). */
export interface DataFileReader {
  /** Rejects when there is nothing at `file`. */
  stat(file: string): Promise<FileStamp>;
  readText(file: string): Promise<string>;
  readIdxStart(file: string): Promise<IdxStart>;
  findsMnist(experimentDir: string): boolean;
}

export const nodeDataFileReader: DataFileReader = {
  async stat(file) {
    const stats = await fsp.stat(file);
    return { isFile: stats.isFile(), mtimeMs: stats.mtimeMs, size: stats.size };
  },
  readText: (file) => fsp.readFile(file, 'utf8'),
  readIdxStart,
  findsMnist,
};

/** The first IDX_HEADER_BYTES of the content and its length; a gzipped file is decompressed as a stream and not kept. */
async function readIdxStart(file: string): Promise<IdxStart> {
  const handle = await fsp.open(file, 'r');
  let magic: Buffer;
  let size: number;
  try {
    size = (await handle.stat()).size;
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(IDX_HEADER_BYTES), 0, IDX_HEADER_BYTES, 0);
    magic = buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
  if (!isGzip(magic)) return { head: magic, length: size };
  return new Promise<IdxStart>((resolvePromise, reject) => {
    const chunks: Buffer[] = [];
    let kept = 0;
    let length = 0;
    const source = createReadStream(file);
    const gunzip = createGunzip();
    source.on('error', reject);
    gunzip.on('error', (gzipError) => {
      source.destroy();
      resolvePromise({ gzipError });
    });
    gunzip.on('data', (chunk: Buffer) => {
      length += chunk.length;
      if (kept < IDX_HEADER_BYTES) {
        chunks.push(chunk.subarray(0, IDX_HEADER_BYTES - kept));
        kept += chunks.at(-1)!.length;
      }
    });
    gunzip.on('end', () => resolvePromise({ head: Buffer.concat(chunks), length }));
    source.pipe(gunzip);
  });
}

/** Rows (non-empty lines, less a header) and width (the first line's cells) of a CSV text, as the editor has always counted them. */
export function csvShape(text: string, { delimiter, header }: CsvShapeOptions): CsvShape {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const first = lines[0]?.split(delimiter) ?? [];
  const isHeader = header === 'yes' || (header === 'auto' && first.some((cell) => cell.trim() === '' || !Number.isFinite(Number(cell))));
  return { rows: lines.length - (isHeader ? 1 : 0), width: first.length };
}

/** What is read once per version of a file, kept by path, modification time and size (and how it was read). */
export class DataFileCache {
  private readonly entries = new Map<string, Promise<unknown>>();

  constructor(
    private readonly reader: DataFileReader = nodeDataFileReader,
    private readonly capacity = 64,
  ) {}

  /**
   * The files named relative to `experimentFile`, for one validation: each is stat'ed at most once
   * in it, and read only when no read of the same path, modification time and size is kept.
   */
  filesFor(experimentFile: string): DataFiles {
    const folder = dirname(resolve(experimentFile));
    const stamps = new Map<string, Promise<FileStamp | undefined>>();
    const stamp = (relative: string) => {
      const file = resolve(folder, relative);
      let found = stamps.get(file);
      if (!found) {
        found = this.reader.stat(file).catch(() => undefined);
        stamps.set(file, found);
      }
      return found.then((s) => ({ file, stamp: s }));
    };
    const read = async <T>(relative: string, what: string, compute: (file: string) => Promise<T>): Promise<T> => {
      const { file, stamp: s } = await stamp(relative);
      if (!s) throw new Error(`ENOENT: no such file or directory, open '${file}'`);
      return this.kept(JSON.stringify([what, file, s.mtimeMs, s.size]), () => compute(file));
    };
    return {
      state: async (relative): Promise<FileState> => {
        const { stamp: s } = await stamp(relative);
        return s === undefined ? 'missing' : s.isFile ? 'file' : 'notAFile';
      },
      csvShape: (relative, options) =>
        read(relative, `csv ${options.delimiter} ${options.header}`, async (file) => csvShape(await this.reader.readText(file), options)),
      idxSizes: async (relative, content) => {
        const start = await read(relative, 'idx', (file) => this.reader.readIdxStart(file));
        if ('gzipError' in start) throw new Error(gunzipFailed(relative, start.gzipError));
        return checkIdxHeader(start.head, start.length, relative, content);
      },
      findsMnist: async () => this.reader.findsMnist(folder),
    };
  }

  /** The kept result of `key`, or `compute`'s, kept unless it fails (a failed read is tried again next time). */
  private kept<T>(key: string, compute: () => Promise<T>): Promise<T> {
    const found = this.entries.get(key) as Promise<T> | undefined;
    if (found) {
      // Most recently used last: the first entry is the one to drop.
      this.entries.delete(key);
      this.entries.set(key, found);
      return found;
    }
    const result = compute();
    this.entries.set(key, result);
    result.catch(() => {
      if (this.entries.get(key) === result) this.entries.delete(key);
    });
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    return result;
  }
}

/** The process's cache: the extension host's editor checks and check before a run, or the trainer's. */
export const dataFileCache = new DataFileCache();
