/**
 * The MNIST classifier's committed weights: `mnist-classifier.json` (a manifest: every tensor's name,
 * shape and byte offset, the sha256 of the weights, the measured test accuracy and how they were
 * trained) beside `mnist-classifier.bin` (the tensors one after the other, float32 little-endian,
 * row-major in tfjs's layouts). numpy reads a tensor as
 * `np.frombuffer(bin, '<f4', count=prod(shape), offset=offset).reshape(shape)`.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { writeFileAtomic, writeJsonAtomic } from '../../../shared/atomicFile';
import { WEIGHT_NAMES, WEIGHT_SHAPES, weightSize, type WeightName } from './mnistNetwork';

export const MANIFEST_FILE = 'mnist-classifier.json';
export const WEIGHTS_FILE = 'mnist-classifier.bin';
export const WEIGHTS_FORMAT = 'gan-workbench mnist-classifier 1';

export interface TensorEntry {
  name: string;
  shape: number[];
  /** Byte offset of the tensor's first value in the weights file. */
  offset: number;
}

/** How the weights were made, for the manifest (the training script fills it in). */
export interface TrainingRecord {
  testAccuracy: number;
  testImages: number;
  trainImages: number;
  epochs: number;
  batchSize: number;
  optimizer: string;
  augmentation: string;
  seed: number;
  backend: string;
  trainingSeconds: number;
  script: string;
}

export interface WeightsManifest extends TrainingRecord {
  format: string;
  architecture: string;
  input: string;
  weightsFile: string;
  dtype: 'float32';
  byteOrder: 'little-endian';
  byteLength: number;
  sha256: string;
  tensors: TensorEntry[];
}

export const ARCHITECTURE =
  'conv 5x5 32 valid, ReLU, max-pool 2; conv 5x5 64 valid, ReLU, max-pool 2; flatten (NHWC); dense 1024->128, ReLU (features); dense 128->10 (logits). Conv kernels [h, w, in, out], dense kernels [in, out].';
export const INPUT = '28x28 grayscale, flattened row-major, values in [-1, 1] (-1 black, 1 white): MNIST byte b becomes b / 127.5 - 1';

/** The folder of the committed weights: `media/mnist-classifier/` of the package this code belongs to. */
export function defaultWeightsDirectory(from: string = __dirname): string {
  // Bundled (dist/trainer.js, dist/cli/*.js) and from source (src/training/quality/learned/) alike:
  // walk up to the package's own package.json.
  for (let dir = from; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && packageName(manifest) === 'gan-workbench') return join(dir, 'media', 'mnist-classifier');
    if (dirname(dir) === dir) throw new Error(`cannot find the gan-workbench package (and its media/mnist-classifier/) above ${from}`);
  }
}

function packageName(path: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
    return typeof parsed === 'object' && parsed !== null && 'name' in parsed && typeof parsed.name === 'string' ? parsed.name : undefined;
  } catch {
    return undefined;
  }
}

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** Reads and checks the weights in `directory`; every error names the file at fault. */
export async function readMnistWeights(
  directory: string,
): Promise<{ manifest: WeightsManifest; values: Record<WeightName, Float32Array> }> {
  const manifestPath = join(directory, MANIFEST_FILE);
  const manifest = parseManifest(await readOrExplain(manifestPath), manifestPath);
  const weightsPath = join(directory, manifest.weightsFile);
  const bytes = await readOrExplain(weightsPath);
  if (bytes.length !== manifest.byteLength)
    throw new Error(`${weightsPath}: ${bytes.length} bytes, but ${manifestPath} says ${manifest.byteLength} — the weights file is damaged`);
  const digest = sha256(bytes);
  if (digest !== manifest.sha256)
    throw new Error(
      `${weightsPath}: sha256 ${digest} does not match ${manifest.sha256} in ${manifestPath} — the weights file is damaged; restore it from the repository`,
    );
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const values = {} as Record<WeightName, Float32Array>;
  for (const { name, offset } of manifest.tensors) {
    const tensor = new Float32Array(weightSize(name as WeightName));
    for (let i = 0; i < tensor.length; i++) tensor[i] = view.getFloat32(offset + 4 * i, true);
    values[name as WeightName] = tensor;
  }
  return { manifest, values };
}

async function readOrExplain(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`${path}: cannot read the MNIST classifier's weights (${reason})`);
  }
}

/** The manifest, checked against the network's tensors (names, shapes, offsets inside the file). */
function parseManifest(raw: Buffer, path: string): WeightsManifest {
  let manifest: WeightsManifest;
  try {
    manifest = JSON.parse(raw.toString('utf8')) as WeightsManifest;
  } catch (error) {
    throw new Error(`${path}: not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (manifest.format !== WEIGHTS_FORMAT)
    throw new Error(`${path}: format ${JSON.stringify(manifest.format)}, expected "${WEIGHTS_FORMAT}"`);
  const tensors = Array.isArray(manifest.tensors) ? manifest.tensors : [];
  for (const name of WEIGHT_NAMES) {
    const entry = tensors.find((t) => t.name === name);
    const shape = WEIGHT_SHAPES[name];
    if (!entry || !Array.isArray(entry.shape) || entry.shape.join('x') !== shape.join('x'))
      throw new Error(`${path}: tensor ${name} missing or not of shape [${shape.join(', ')}] as the network needs`);
    if (!Number.isInteger(entry.offset) || entry.offset < 0 || entry.offset + 4 * weightSize(name) > manifest.byteLength)
      throw new Error(`${path}: tensor ${name} at byte ${entry.offset} lies outside the ${manifest.byteLength}-byte weights file`);
  }
  if (typeof manifest.sha256 !== 'string' || typeof manifest.weightsFile !== 'string')
    throw new Error(`${path}: "sha256" and "weightsFile" must be strings`);
  return manifest;
}

/** Writes the weights file, then the manifest, each atomically (the manifest last, so it never names missing weights). */
export function writeMnistWeights(directory: string, values: Record<WeightName, Float32Array>, training: TrainingRecord): WeightsManifest {
  const byteLength = WEIGHT_NAMES.reduce((sum, name) => sum + 4 * weightSize(name), 0);
  const bytes = new Uint8Array(byteLength);
  const view = new DataView(bytes.buffer);
  const tensors: TensorEntry[] = [];
  let offset = 0;
  for (const name of WEIGHT_NAMES) {
    const tensor = values[name];
    if (tensor.length !== weightSize(name)) throw new Error(`${name}: ${tensor.length} values, the network needs ${weightSize(name)}`);
    tensors.push({ name, shape: [...WEIGHT_SHAPES[name]], offset });
    for (let i = 0; i < tensor.length; i++) view.setFloat32(offset + 4 * i, tensor[i]!, true);
    offset += 4 * tensor.length;
  }
  const manifest: WeightsManifest = {
    format: WEIGHTS_FORMAT,
    architecture: ARCHITECTURE,
    input: INPUT,
    weightsFile: WEIGHTS_FILE,
    dtype: 'float32',
    byteOrder: 'little-endian',
    byteLength,
    sha256: sha256(bytes),
    tensors,
    ...training,
  };
  writeFileAtomic(join(directory, WEIGHTS_FILE), bytes);
  writeJsonAtomic(join(directory, MANIFEST_FILE), manifest);
  return manifest;
}
