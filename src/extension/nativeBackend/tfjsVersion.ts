/**
 * The TensorFlow.js version the trainer runs (the extension's own `@tensorflow/tfjs`), which the
 * native package must match: tfjs-node registers its kernels with the engine of the same version.
 * Pure Node.
 */
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';

export async function trainerTfjsVersion(extensionPath: string): Promise<string> {
  const file = path.join(extensionPath, 'node_modules', '@tensorflow', 'tfjs', 'package.json');
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (e) {
    throw new Error(`cannot read the TensorFlow.js version the trainer uses (${file}): ${e instanceof Error ? e.message : String(e)}`);
  }
  const version = typeof json === 'object' && json !== null ? (json as { version?: unknown }).version : undefined;
  if (typeof version !== 'string' || !/^\d+\.\d+\.\d+/.test(version)) throw new Error(`${file} names no version`);
  return version;
}
