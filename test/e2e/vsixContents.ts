/**
 * The .vsix content list, for the e2e suite's allowlist check (pure: no code-server, no browser).
 * A vsix is a zip; its central directory is read here directly (no dependency). Entries under
 * `extension/` are the packaged files; vsce renames README.md and LICENSE and adds its manifests.
 * The allowlist is read as vsce reads it by scripts/allowlist.ts (re-exported here).
 */
import { readFileSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';
import { allowedBy } from '../../scripts/allowlist';
import { DAWN_FOLDERS, targetFiles, targetIgnoreText, WEBGPU_BACKEND_FILES, type Target } from '../../scripts/packageTargets';

interface ZipEntry {
  name: string;
  /** 0: stored, 8: deflated. */
  method: number;
  compressedSize: number;
  localHeader: number;
}

/** The entries of a zip's central directory (no ZIP64: a vsix is far below 4 GiB). */
function centralDirectory(zip: Buffer): ZipEntry[] {
  const min = Math.max(0, zip.length - 0xffff - 22);
  let end = -1;
  for (let i = zip.length - 22; i >= min && end < 0; i--) if (zip.readUInt32LE(i) === 0x06054b50) end = i;
  if (end < 0) throw new Error('not a zip: no end of central directory');
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const entries: ZipEntry[] = [];
  for (let n = 0; n < count; n++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error(`bad central directory entry at ${at}`);
    const nameLength = zip.readUInt16LE(at + 28);
    entries.push({
      name: zip.toString('utf8', at + 46, at + 46 + nameLength),
      method: zip.readUInt16LE(at + 10),
      compressedSize: zip.readUInt32LE(at + 20),
      localHeader: zip.readUInt32LE(at + 42),
    });
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return entries;
}

/** Every entry name in a zip. */
export function zipEntries(zip: Buffer): string[] {
  return centralDirectory(zip).map((e) => e.name);
}

/** One entry's content as text (stored or deflated). */
export function zipEntryText(zip: Buffer, name: string): string {
  const entry = centralDirectory(zip).find((e) => e.name === name);
  if (!entry) throw new Error(`no ${name} in the zip`);
  const at = entry.localHeader;
  if (zip.readUInt32LE(at) !== 0x04034b50) throw new Error(`bad local header of ${name}`);
  const start = at + 30 + zip.readUInt16LE(at + 26) + zip.readUInt16LE(at + 28);
  const data = zip.subarray(start, start + entry.compressedSize);
  if (entry.method === 0) return data.toString('utf8');
  if (entry.method === 8) return inflateRawSync(data).toString('utf8');
  throw new Error(`${name}: compression method ${entry.method}`);
}

/** The TargetPlatform a vsix's manifest declares; undefined for a universal package. */
export function vsixTargetPlatform(zip: Buffer): string | undefined {
  return /<Identity\b[^>]*\bTargetPlatform="([^"]+)"/.exec(zipEntryText(zip, 'extension.vsixmanifest'))?.[1];
}

export { allowedBy };

/** What vsce writes beside the packaged files, and the files it renames. */
const VSCE_ENTRIES = ['extension.vsixmanifest', '[Content_Types].xml'];
const VSCE_RENAMES: Record<string, string> = { 'readme.md': 'README.md', 'LICENSE.txt': 'LICENSE' };

export const REQUIRED_FILES = [
  'package.json',
  'README.md',
  'LICENSE',
  'dist/extension.js',
  'dist/trainer.js',
  'dist/webview/main.js',
  'dist/webview/samples.js',
  'dist/cli/gan-train.js',
  'dist/cli/gan-export.js',
  'dist/cli/gan-sample.js',
  'dist/cli/gan-sweep.js',
  'dist/webview/sweep.js',
  'bin/gan-train.js',
  'bin/gan-export.js',
  'bin/gan-sample.js',
  'bin/gan-sweep.js',
  'bin/launch.js',
  'schemas/experiment.schema.json',
  'language/gan-experiment.language-configuration.json',
  'language/gan-experiment.tmLanguage.json',
  'media/mnist-classifier/mnist-classifier.json',
  'media/mnist-classifier/mnist-classifier.bin',
  'node_modules/@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm',
  'node_modules/@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm',
  'node_modules/@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm',
];

/** Never shipped, whatever the allowlist says. */
const FORBIDDEN = [
  /^src\//,
  /^test\//,
  /^webview\//,
  /\.map$/,
  /\.ts$/,
  /(^|\/)(coverage|\.nyc_output|test|tests|\.github)\//,
  /(^|\/)\.[^/]+$/,
];

/**
 * Problems with a vsix's file list (paths relative to the extension folder) for `target` (undefined:
 * the universal package), against the base allowlist; empty when it is right. A platform package is
 * checked against the allowlist its target was packaged with, must carry the target's Dawn folder
 * and the WebGPU backend, and no other target's Dawn files; the universal one none of them.
 */
export function vsixProblems(entries: readonly string[], baseIgnoreText: string, target?: Target): string[] {
  const problems: string[] = [];
  const allowed = allowedBy(target ? targetIgnoreText(baseIgnoreText, target) : baseIgnoreText);
  const files: string[] = [];
  for (const entry of entries) {
    if (VSCE_ENTRIES.includes(entry)) continue;
    if (!entry.startsWith('extension/')) {
      problems.push(`unexpected entry outside extension/: ${entry}`);
      continue;
    }
    const inside = entry.slice('extension/'.length);
    files.push(VSCE_RENAMES[inside] ?? inside);
  }
  const ownFiles = target ? targetFiles(target) : [];
  const gpuFile = (file: string) => WEBGPU_BACKEND_FILES.includes(file) || DAWN_FOLDERS.some((folder) => file.startsWith(`${folder}/`));
  for (const file of files) {
    if (!allowed(file)) problems.push(`not in the ${target ?? 'universal'} allowlist: ${file}`);
    if (FORBIDDEN.some((re) => re.test(file))) problems.push(`must never ship: ${file}`);
    if (file.startsWith('node_modules/') && !/^node_modules\/(@tensorflow\/[^/]+|seedrandom|long|webgpu)\//.test(file))
      problems.push(`a dependency that is not allowlisted: ${file}`);
    if (gpuFile(file) && !ownFiles.includes(file))
      problems.push(target ? `a Dawn file that is not ${target}'s: ${file}` : `a GPU backend file in the universal package: ${file}`);
  }
  for (const required of [...REQUIRED_FILES, ...ownFiles]) if (!files.includes(required)) problems.push(`missing: ${required}`);
  return problems;
}

/** The problems of a vsix file on disk (for `target`, or the universal one) against the repository's .vscodeignore. */
export function vsixFileProblems(vsixPath: string, vscodeignorePath: string, target?: Target): string[] {
  return vsixProblems(zipEntries(readFileSync(vsixPath)), readFileSync(vscodeignorePath, 'utf8'), target);
}
