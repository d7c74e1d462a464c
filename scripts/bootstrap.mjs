#!/usr/bin/env node
// The first step of `npm start` and `npm test` on a fresh clone: installs the npm packages when they
// are missing or older than package-lock.json (npm ci, which also builds the bundles through
// `prepare`), then runs the rest of the command. Plain Node with no dependencies, since it runs
// before anything is installed.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** Why the installed packages do not match the lockfile, or undefined when they do. */
function installNeeded() {
  const installed = join(repo, 'node_modules', '.package-lock.json');
  if (!existsSync(installed)) return 'node_modules is missing';
  if (!existsSync(join(repo, 'node_modules', '.bin', 'tsx'))) return 'node_modules is incomplete';
  if (statSync(join(repo, 'package-lock.json')).mtimeMs > statSync(installed).mtimeMs)
    return 'package-lock.json changed since the last install';
  return undefined;
}

function run(command, args) {
  const result = spawnSync(command, args, { cwd: repo, stdio: 'inherit' });
  if (result.error) {
    console.error(`could not run ${command}: ${result.error.message}`);
    process.exit(1);
  }
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const reason = installNeeded();
if (reason) {
  console.log(`[bootstrap] ${reason}: npm ci (installs the packages in package-lock.json and builds the bundles)`);
  run(npm, ['ci']);
}

const [command, ...rest] = process.argv.slice(2);
if (command) run(command, rest);
