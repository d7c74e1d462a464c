/**
 * The .vsix content list, for the e2e suite's allowlist check (pure: no code-server, no browser).
 * A vsix is a zip; its central directory is read here directly (no dependency). Entries under
 * `extension/` are the packaged files; vsce renames README.md and LICENSE and adds its manifests.
 */
import { readFileSync } from 'node:fs';

/** Every entry name in a zip's central directory (no ZIP64: a vsix is far below 4 GiB). */
export function zipEntries(zip: Buffer): string[] {
  const min = Math.max(0, zip.length - 0xffff - 22);
  let end = -1;
  for (let i = zip.length - 22; i >= min && end < 0; i--) if (zip.readUInt32LE(i) === 0x06054b50) end = i;
  if (end < 0) throw new Error('not a zip: no end of central directory');
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const names: string[] = [];
  for (let n = 0; n < count; n++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error(`bad central directory entry at ${at}`);
    const nameLength = zip.readUInt16LE(at + 28);
    const skip = nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    names.push(zip.toString('utf8', at + 46, at + 46 + nameLength));
    at += 46 + skip;
  }
  return names;
}

/** A .vscodeignore glob (`*` within a segment, `**` across) as a regular expression. */
function globRegExp(glob: string): RegExp {
  const body = glob
    .split(/(\*\*\/?|\*)/)
    .map((part) =>
      part === '**' ? '.*' : part === '**/' ? '(?:.*/)?' : part === '*' ? '[^/]*' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'),
    )
    .join('');
  return new RegExp(`^${body}(?:/.*)?$`);
}

/**
 * Whether `.vscodeignore` lets `path` ship, as vsce decides: a path no exclude line matches ships,
 * and so does one any `!` line matches, whatever the order of the lines (not gitignore's last match).
 */
export function allowedBy(ignoreText: string): (path: string) => boolean {
  const rules = ignoreText
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => ({ include: l.startsWith('!'), re: globRegExp(l.replace(/^!/, '')) }));
  const matches = (include: boolean, path: string) => rules.some((rule) => rule.include === include && rule.re.test(path));
  return (path) => !matches(false, path) || matches(true, path);
}

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
  'bin/gan-train.js',
  'bin/gan-export.js',
  'bin/gan-sample.js',
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

/** Problems with a vsix's file list (paths relative to the extension folder); empty when it is right. */
export function vsixProblems(entries: readonly string[], ignoreText: string): string[] {
  const problems: string[] = [];
  const allowed = allowedBy(ignoreText);
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
  for (const file of files) {
    if (!allowed(file)) problems.push(`not in the .vscodeignore allowlist: ${file}`);
    if (FORBIDDEN.some((re) => re.test(file))) problems.push(`must never ship: ${file}`);
    if (file.startsWith('node_modules/') && !/^node_modules\/(@tensorflow\/[^/]+|seedrandom|long)\//.test(file))
      problems.push(`a dependency that is not allowlisted: ${file}`);
  }
  for (const required of REQUIRED_FILES) if (!files.includes(required)) problems.push(`missing: ${required}`);
  return problems;
}

/** The problems of a vsix file on disk against the repository's .vscodeignore. */
export function vsixFileProblems(vsixPath: string, vscodeignorePath: string): string[] {
  return vsixProblems(zipEntries(readFileSync(vsixPath)), readFileSync(vscodeignorePath, 'utf8'));
}
