/**
 * The folder vsce packages from, outside the working tree: a production build of its own and hard
 * links to only the files some allowlist can ship.
 *
 * - Its own dist/: the working tree's dist/ is shared with every other build (`npm test` writes a
 *   development build there, with source maps), so a package made from it could mix two builds.
 *   esbuild.mjs runs with the stage as its working folder and src/ and webview/ linked in (removed
 *   again before vsce looks).
 * - vsce matches every file of the folder and of each production dependency against every
 *   allowlist line (minimatch, about 1.7 million matches here: 16 s a package on a free core, over a
 *   minute on a busy one). The stage holds only the files the allowlists name, and each production
 *   dependency's package.json, which `npm list` (vsce's dependency detection) reads; `npm list` then
 *   finds the same dependencies as in the working tree, and vsce still applies the allowlist.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, linkSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { allowedBy, includedRoots } from './allowlist';

/** Hard-links `from` to `to` (a copy across file systems). */
function place(from: string, to: string): void {
  mkdirSync(dirname(to), { recursive: true });
  try {
    linkSync(from, to);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EXDEV') throw e;
    copyFileSync(from, to);
  }
}

/** Every file at or under `path` (relative to `root`, with forward slashes). */
function filesUnder(root: string, path: string): string[] {
  const full = join(root, path);
  if (!existsSync(full)) return [];
  if (!statSync(full).isDirectory()) return [path];
  return readdirSync(full).flatMap((name) => filesUnder(root, path ? `${path}/${name}` : name));
}

/** The folders of the production dependencies, relative to `repo` (what `npm list --omit=dev` prints). */
function productionDependencies(repo: string): string[] {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const listed = spawnSync(npm, ['ls', '--omit=dev', '--parseable', '--all', '--loglevel=error'], { cwd: repo, encoding: 'utf8' });
  if (listed.status !== 0) throw new Error(`npm ls --omit=dev failed (exit ${listed.status ?? listed.signal}):\n${listed.stderr}`);
  return listed.stdout
    .split(/\r?\n/)
    .filter((dir) => dir && dir !== repo)
    .map((dir) => relative(repo, dir).split(sep).join('/'));
}

function run(command: string, args: string[], cwd: string, what: string): void {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${what} failed (exit ${result.status ?? result.signal}):\n${result.stdout}${result.stderr}`);
}

/**
 * Makes the stage for packages with any of `ignoreTexts` (the universal allowlist and each
 * target's) and returns its path; the caller removes it.
 */
export function stagePackage(repo: string, ignoreTexts: readonly string[]): string {
  const stage = mkdtempSync(join(tmpdir(), 'gan-package-stage-'));
  const folderLink = process.platform === 'win32' ? 'junction' : 'dir';
  for (const linked of ['src', 'webview']) symlinkSync(join(repo, linked), join(stage, linked), folderLink);
  run(process.execPath, [join(repo, 'esbuild.mjs'), '--production'], stage, 'the production build (esbuild.mjs --production)');
  for (const linked of ['src', 'webview']) rmSync(join(stage, linked));

  const staged = new Set<string>();
  for (const text of ignoreTexts) {
    const allowed = allowedBy(text);
    for (const { glob, root } of includedRoots(text)) {
      if (root === '') throw new Error(`allowlist line "!${glob}" starts with a wildcard: name the folder it brings back`);
      if (root === 'dist' || root.startsWith('dist/')) continue; // built into the stage above
      for (const file of filesUnder(repo, root)) if (allowed(file)) staged.add(file);
    }
  }
  for (const dependency of productionDependencies(repo)) staged.add(`${dependency}/package.json`);
  for (const file of staged) if (existsSync(join(repo, file))) place(join(repo, file), join(stage, file));
  return stage;
}
