/**
 * Parses IDX files, the format of MNIST and Fashion-MNIST: a big-endian header (two zero bytes, a
 * data type byte, a dimension count, then one 32-bit size per dimension) and the values row-major.
 * Images are 3-D unsigned bytes (magic 0x00000803, count × rows × columns); labels 1-D unsigned
 * bytes (magic 0x00000801, one per image).
 */
import { gunzipSync } from 'node:zlib';

export interface IdxImages {
  count: number;
  rows: number;
  columns: number;
  /** count × rows × columns bytes, 0 black to 255 white. */
  pixels: Uint8Array;
}

const TYPE_NAMES: Record<number, string> = {
  0x08: 'unsigned byte',
  0x09: 'signed byte',
  0x0b: 'int16',
  0x0c: 'int32',
  0x0d: 'float32',
  0x0e: 'float64',
};

/** What one kind of IDX file must hold, and how its errors read. */
interface IdxContent {
  noun: 'images' | 'labels';
  dims: number;
  magic: string;
  /** The dimensions' meaning, for the message about a wrong dimension count. */
  axes: string;
  /** What a file of `dims` dimensions is likely to be instead, by dimension count. */
  otherFiles: Record<number, string>;
  fix: string;
  /** "3 images of 28×28", "60000 labels": what the sizes describe. */
  describe(sizes: readonly number[]): string;
  /** Checks the sizes beyond a non-zero count; returns the problem, if any. */
  checkSizes?(sizes: readonly number[]): string | undefined;
}

const IMAGES: IdxContent = {
  noun: 'images',
  dims: 3,
  magic: '0x00000803',
  axes: 'count, rows, columns',
  otherFiles: { 1: ' (1-D data such as a labels file)' },
  fix: 'point "path" at an images file such as train-images-idx3-ubyte or train-images-idx3-ubyte.gz',
  describe: ([count, rows, columns]) => `${count} images of ${rows}×${columns}`,
  checkSizes: ([, rows = 0, columns = 0]) =>
    rows === 0 || columns === 0 || rows > 4096 || columns > 4096
      ? `the header gives images of ${rows}×${columns} pixels; each side must be 1 to 4096 — the file is not an images file`
      : undefined,
};

const LABELS: IdxContent = {
  noun: 'labels',
  dims: 1,
  magic: '0x00000801',
  axes: 'count',
  otherFiles: { 3: ' (3-D data such as an images file)' },
  fix: 'point "labels" at a labels file such as train-labels-idx1-ubyte or train-labels-idx1-ubyte.gz',
  describe: ([count]) => `${count} labels`,
};

/** The largest label value read (so that every class index fits below 255 classes). */
export const MAX_LABEL = 254;

const hex = (value: number) => `0x${value.toString(16).padStart(8, '0')}`;

/** `raw` is the file's content, gzipped or not (told by its first bytes); `label` names the file in errors. */
export function parseIdxImages(raw: Buffer, label: string): IdxImages {
  const { sizes, values } = parseIdx(raw, label, IMAGES);
  const [count = 0, rows = 0, columns = 0] = sizes;
  return { count, rows, columns, pixels: values };
}

/** An idx1-ubyte labels file, raw or gzipped: one value 0 … MAX_LABEL per image. */
export function parseIdxLabels(raw: Buffer, label: string): Uint8Array {
  const { values } = parseIdx(raw, label, LABELS);
  const bad = values.findIndex((v) => v > MAX_LABEL);
  if (bad >= 0)
    throw new Error(
      `${label}: label ${values[bad]} at index ${bad} is out of range (labels are 0 … ${MAX_LABEL}) — the file is damaged or not a labels file; ${LABELS.fix}`,
    );
  return values;
}

/** The one header parser: checks magic, type, dimensions and length against `content`. */
function parseIdx(raw: Buffer, label: string, content: IdxContent): { sizes: number[]; values: Uint8Array } {
  const bytes = isGzip(raw) ? gunzipIdx(raw, label) : raw;
  const sizes = checkIdxHeader(bytes, bytes.length, label, content);
  return { sizes, values: bytes.subarray(4 + 4 * sizes.length) };
}

/** Whether `raw` starts as gzip data does (IDX files are read raw or gzipped). */
export const isGzip = (raw: Uint8Array) => raw[0] === 0x1f && raw[1] === 0x8b;

function gunzipIdx(raw: Buffer, label: string): Buffer {
  try {
    return gunzipSync(raw);
  } catch (error) {
    throw new Error(gunzipFailed(label, error));
  }
}

/** The message for gzip data that cannot be decompressed. */
export function gunzipFailed(label: string, error: unknown): string {
  const reason = error instanceof Error ? error.message : String(error);
  return `${label}: cannot decompress the gzip data (${reason}) — the file is corrupt or truncated; download it again`;
}

/** The longest header of the IDX files read here (3 dimensions), in bytes. */
export const IDX_HEADER_BYTES = 16;

/**
 * Checks an IDX header against what `content` must hold and returns its sizes; throws the message
 * that names `label` and says what to do. `head` is the start of the (decompressed) content, at
 * least IDX_HEADER_BYTES where the content is that long; `length` the content's whole length.
 * The trainer (whole files) and the editor's check before a run (the start and the length) use it.
 */
export function checkIdxHeader(head: Uint8Array, length: number, label: string, which: IdxContent | 'images' | 'labels'): number[] {
  const content = which === 'images' ? IMAGES : which === 'labels' ? LABELS : which;
  const { noun, magic: expectedMagic, fix } = content;
  const bytes = Buffer.from(head.buffer, head.byteOffset, head.byteLength);
  if (length < 4) throw new Error(`${label}: ${length} bytes is too short for an IDX file (it needs a 4-byte magic number) — ${fix}`);
  const magic = bytes.readUInt32BE(0);
  const type = bytes[2]!;
  const dims = bytes[3]!;
  if (bytes[0] !== 0 || bytes[1] !== 0 || TYPE_NAMES[type] === undefined)
    throw new Error(`${label}: not an IDX file: magic number ${hex(magic)} (${noun} of unsigned bytes have ${expectedMagic}) — ${fix}`);
  if (type !== 0x08)
    throw new Error(
      `${label}: magic number ${hex(magic)} says ${TYPE_NAMES[type]} values; only unsigned bytes (${expectedMagic}) are read — ${fix}`,
    );
  if (dims !== content.dims) {
    const what = content.otherFiles[dims] ?? '';
    throw new Error(
      `${label}: magic number ${hex(magic)} says ${dims} dimension${dims === 1 ? '' : 's'}${what}; ${noun} have ${content.dims} (${content.axes}: ${expectedMagic}) — ${fix}`,
    );
  }
  const headerLength = 4 + 4 * dims;
  if (length < headerLength)
    throw new Error(`${label}: the header is cut short (${length} of ${headerLength} bytes) — download the file again`);
  const sizes = Array.from({ length: dims }, (_, i) => bytes.readUInt32BE(4 + 4 * i));
  if (sizes[0] === 0) throw new Error(`${label}: the header says it holds 0 ${noun} — ${fix}`);
  const sizeProblem = content.checkSizes?.(sizes);
  if (sizeProblem !== undefined) throw new Error(`${label}: ${sizeProblem}`);
  const expected = headerLength + sizes.reduce((a, b) => a * b, 1);
  if (length < expected)
    throw new Error(
      `${label}: truncated: the header promises ${content.describe(sizes)} (${expected} bytes) but the data has ${length} bytes — download the file again`,
    );
  if (length > expected)
    throw new Error(
      `${label}: ${length - expected} bytes beyond the ${content.describe(sizes)} the header declares (${expected} bytes) — the file is damaged or not an IDX ${noun} file; download it again`,
    );
  return sizes;
}
