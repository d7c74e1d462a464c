/**
 * Stand-ins for the two programs the native backend's commands run, as real processes: an `npm`
 * script on a PATH of its own (findNpm finds it as it would the real one), and a `gan-train` that
 * prints the backend check's JSON lines, swapped in where the launcher would start bin/gan-train.js
 * (the launcher's spawn is replaceable). And a way to press Cancel on the fake vscode's progress.
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { window } from './fakeVscode';
import { testLauncher } from './launcher';
import { tempDir } from './experiments';
import type { LauncherDeps, ProcessLauncher } from '../../src/extension/trainingRuns/processLauncher';
import type { NpmSearch } from '../../src/extension/nativeBackend/findNpm';

/** A folder holding an executable `npm` that runs `body` (Node, CommonJS; `process.argv.slice(2)` are npm's arguments). */
export function fakeNpm(body: string): { search: () => NpmSearch; folder: string } {
  const folder = tempDir('gan-fake-npm-');
  const file = join(folder, 'npm');
  writeFileSync(file, `#!${process.execPath}\n${body}\n`);
  chmodSync(file, 0o755);
  return { folder, search: () => ({ env: { PATH: folder }, platform: process.platform, nodePath: '' }) };
}

/** The body of a fake npm that installs `packageName@version` into its `--prefix` (a package.json is all the check needs). */
export function installingNpm(packageName: string, version: string): string {
  return `
const fs = require('fs'), path = require('path');
const prefix = process.argv[process.argv.indexOf('--prefix') + 1];
console.error('npm http fetch GET 200 https://registry.npmjs.org/${packageName} 12ms (cache miss)');
console.error('npm http fetch GET 200 https://registry.npmjs.org/${packageName}/-/x-${version}.tgz 40ms (cache miss)');
console.log('');
console.log('> ${packageName}@${version} install');
console.log('> node scripts/install.js');
console.error('* Downloading libtensorflow');
const dir = path.join(prefix, 'node_modules', ...'${packageName}'.split('/'));
fs.mkdirSync(dir, { recursive: true });
fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: '${packageName}', version: '${version}' }));
console.log('added 1 package in 1s');
`;
}

/**
 * A launcher (the real one, trusted, this checkout) whose gan-train is `script` run by Node with
 * gan-train's arguments; everything else starts as it would.
 */
export function launcherWithGanTrain(script: string, overrides: Partial<LauncherDeps> = {}): ProcessLauncher {
  const folder = tempDir('gan-fake-train-');
  mkdirSync(folder, { recursive: true });
  const file = join(folder, 'gan-train.js');
  writeFileSync(file, script);
  const spawnSwapped = ((command: string, args: readonly string[], options: object) =>
    args[0]?.endsWith(join('bin', 'gan-train.js'))
      ? spawn(process.execPath, [file, ...args.slice(1)], options)
      : spawn(command, args, options)) as unknown as typeof spawn;
  return testLauncher({ spawn: spawnSwapped, ...overrides });
}

/**
 * Makes the fake vscode's progress notifications cancellable: Cancel is pressed at the first report
 * whose message matches `when`. Returns the messages reported and a function that puts the fake back.
 */
export function cancelProgressAt(when: RegExp): { reports: string[]; restore: () => void } {
  const original = window.withProgress;
  const reports: string[] = [];
  window.withProgress = <R>(
    _options: unknown,
    task: (progress: { report(value: unknown): void }, token: unknown) => Thenable<R>,
  ): Thenable<R> => {
    const listeners: (() => void)[] = [];
    const token = {
      isCancellationRequested: false,
      onCancellationRequested: (listener: () => void) => {
        listeners.push(listener);
        return { dispose: () => undefined };
      },
    };
    const progress = {
      report: (value: unknown) => {
        const message = (value as { message?: string }).message ?? '';
        reports.push(message);
        if (!token.isCancellationRequested && when.test(message)) {
          token.isCancellationRequested = true;
          for (const listener of listeners) listener();
        }
      },
    };
    return task(progress, token);
  };
  return { reports, restore: () => (window.withProgress = original) };
}
