/**
 * Parses IDX image files, the format of MNIST and Fashion-MNIST: a big-endian header (two zero
 * bytes, a data type byte, a dimension count, then one 32-bit size per dimension) and the values
 * row-major. Images are 3-D unsigned bytes: magic 0x00000803, count × rows × columns.
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
const IMAGES_MAGIC = '0x00000803';
const FIX = 'point "path" at an images file such as train-images-idx3-ubyte or train-images-idx3-ubyte.gz';

const hex = (value: number) => `0x${value.toString(16).padStart(8, '0')}`;

/** `raw` is the file's content, gzipped or not (told by its first bytes); `label` names the file in errors. */
export function parseIdxImages(raw: Buffer, label: string): IdxImages {
  let bytes = raw;
  if (raw[0] === 0x1f && raw[1] === 0x8b) {
    try {
      bytes = gunzipSync(raw);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`${label}: cannot decompress the gzip data (${reason}) — the file is corrupt or truncated; download it again`);
    }
  }
  if (bytes.length < 4)
    throw new Error(`${label}: ${bytes.length} bytes is too short for an IDX file (it needs a 4-byte magic number) — ${FIX}`);
  const magic = bytes.readUInt32BE(0);
  const type = bytes[2]!;
  const dims = bytes[3]!;
  if (bytes[0] !== 0 || bytes[1] !== 0 || TYPE_NAMES[type] === undefined)
    throw new Error(`${label}: not an IDX file: magic number ${hex(magic)} (images of unsigned bytes have ${IMAGES_MAGIC}) — ${FIX}`);
  if (type !== 0x08)
    throw new Error(
      `${label}: magic number ${hex(magic)} says ${TYPE_NAMES[type]} values; only unsigned bytes (${IMAGES_MAGIC}) are read — ${FIX}`,
    );
  if (dims !== 3) {
    const what = dims === 1 ? ' (1-D data such as a labels file)' : '';
    throw new Error(
      `${label}: magic number ${hex(magic)} says ${dims} dimension${dims === 1 ? '' : 's'}${what}; images have 3 (count, rows, columns: ${IMAGES_MAGIC}) — ${FIX}`,
    );
  }
  const headerLength = 4 + 4 * dims;
  if (bytes.length < headerLength)
    throw new Error(`${label}: the header is cut short (${bytes.length} of ${headerLength} bytes) — download the file again`);
  const count = bytes.readUInt32BE(4);
  const rows = bytes.readUInt32BE(8);
  const columns = bytes.readUInt32BE(12);
  if (count === 0) throw new Error(`${label}: the header says it holds 0 images — ${FIX}`);
  if (rows === 0 || columns === 0 || rows > 4096 || columns > 4096)
    throw new Error(
      `${label}: the header gives images of ${rows}×${columns} pixels; each side must be 1 to 4096 — the file is not an images file`,
    );
  const expected = headerLength + count * rows * columns;
  if (bytes.length < expected)
    throw new Error(
      `${label}: truncated: the header promises ${count} images of ${rows}×${columns} (${expected} bytes) but the data has ${bytes.length} bytes — download the file again`,
    );
  if (bytes.length > expected)
    throw new Error(
      `${label}: ${bytes.length - expected} bytes beyond the ${count} images of ${rows}×${columns} the header declares (${expected} bytes) — the file is damaged or not an IDX images file; download it again`,
    );
  return { count, rows, columns, pixels: bytes.subarray(headerLength) };
}
