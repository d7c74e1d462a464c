/**
 * The sample dumps bench/pytorch/mnist_dcgan.py writes into its output folder: `evals.jsonl`, one
 * JSON line per evaluation, each naming a raw file of `n` generated images as little-endian float32
 * rows of 784 values (28×28, row-major, in [−1, 1]); `run.json` describes the run.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const DUMP_IMAGE_DIM = 28 * 28;

export interface EvalRecord {
  step: number;
  /** Seconds spent in training steps up to this evaluation (evaluations not counted). */
  trainSeconds: number;
  /** Seconds since the first step, evaluations included. */
  wallSeconds: number;
  dLoss: number;
  gLoss: number;
  /** The dump's file name, inside the run folder. */
  samples: string;
  /** Images in the dump. */
  n: number;
}

const NUMBER_FIELDS = ['step', 'trainSeconds', 'wallSeconds', 'dLoss', 'gLoss', 'n'] as const;

function parseRecord(line: string, where: string): EvalRecord {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    throw new Error(`${where}: not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (typeof value !== 'object' || value === null) throw new Error(`${where}: not a JSON object`);
  const record = value as Record<string, unknown>;
  for (const field of NUMBER_FIELDS) if (typeof record[field] !== 'number') throw new Error(`${where}: "${field}" is not a number`);
  const samples = record.samples;
  if (typeof samples !== 'string' || samples.includes('/') || samples.includes('\\'))
    throw new Error(`${where}: "samples" must name a file in the run folder`);
  if (!Number.isInteger(record.n) || (record.n as number) < 1) throw new Error(`${where}: "n" must be a positive integer`);
  return record as unknown as EvalRecord;
}

/** The evaluations of a run folder, in file order; a line cut short by a killed run (the last, unterminated) is left out. */
export function readEvalRecords(runDir: string): EvalRecord[] {
  const path = join(runDir, 'evals.jsonl');
  const text = readFileSync(path, 'utf8');
  const lines = text.split('\n');
  // A complete file ends with a newline, so the last piece is empty; otherwise it is a partial write.
  const complete = lines.slice(0, -1).filter((line) => line.trim() !== '');
  return complete.map((line, i) => parseRecord(line, `${path} line ${i + 1}`));
}

/** The images of one evaluation, n × DUMP_IMAGE_DIM; the file's size must match. */
export function readSampleDump(runDir: string, record: EvalRecord): Float32Array {
  const path = join(runDir, record.samples);
  const bytes = readFileSync(path);
  const expected = record.n * DUMP_IMAGE_DIM * 4;
  if (bytes.length !== expected)
    throw new Error(`${path}: ${bytes.length} bytes, expected ${expected} (${record.n} images of ${DUMP_IMAGE_DIM} float32 values)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const images = new Float32Array(bytes.length / 4);
  for (let i = 0; i < images.length; i++) images[i] = view.getFloat32(4 * i, true);
  return images;
}

/** run.json's seed, if the file is there and has one. */
export function readRunSeed(runDir: string): number | undefined {
  try {
    const parsed: unknown = JSON.parse(readFileSync(join(runDir, 'run.json'), 'utf8'));
    const seed = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>).seed : undefined;
    return typeof seed === 'number' ? seed : undefined;
  } catch {
    return undefined;
  }
}
