/**
 * Installs the native backend with npm: `npm install --prefix <staging> <package>@<version>` in a
 * fresh staging folder beside the install folder, through the launcher (its own process group, so a
 * cancel or the window closing ends npm and the install script it runs). Only when npm succeeds and
 * the package is there is the marker written and the staging folder renamed over the install folder;
 * a failure or a cancel removes the staging folder, so a half-written install is never where the
 * trainer looks (nativeInstallFolder.ts). Staging folders left by a window that died are removed at
 * the next install. Pure Node (no `vscode`).
 */
import { readdir, readFile, rename, rm, writeFile, mkdir, mkdtemp } from 'node:fs/promises';
import * as path from 'node:path';
import { NATIVE_PACKAGES, type NativeVariant } from '../../shared/backendCheck';
import { onLines } from '../trainingRuns/childLines';
import type { NpmCommand } from '../trainingRuns/launchPlan';
import type { Launcher, LaunchedProcess, ProcessExit } from '../trainingRuns/processLauncher';
import { NATIVE_MARKER, nativeInstallDir, nativePackageDir, type NativeInstall } from './nativeInstallFolder';
import { npmFailure, type NpmFailure } from './npmFailure';
import { NpmProgress } from './npmProgress';

export interface NativeInstallOptions {
  launcher: Launcher;
  npm: NpmCommand;
  /** The extension's global storage folder; the install goes to `<storageDir>/native`. */
  storageDir: string;
  variant: NativeVariant;
  /** The package version: the trainer's TensorFlow.js version. */
  version: string;
  signal?: AbortSignal;
  /** npm's stage as it moves on (npmProgress.ts). */
  onStage?: (text: string) => void;
  /** How long npm has after SIGTERM (on cancel) before SIGKILL. */
  killGraceMs?: number;
}

export type NativeInstallOutcome =
  { kind: 'installed'; dir: string; install: NativeInstall } | { kind: 'cancelled' } | { kind: 'failed'; failure: NpmFailure };

const STAGING = 'native-staging-';
const OLD = 'native-old-';
/** How much of npm's output is kept for the failure message (its end). */
const KEPT_OUTPUT = 64 * 1024;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes staging and replaced folders whose installing process (named in the folder) is gone. */
async function removeLeftovers(storageDir: string): Promise<void> {
  const names = await readdir(storageDir).catch(() => [] as string[]);
  for (const name of names) {
    const prefix = [STAGING, OLD].find((p) => name.startsWith(p));
    if (prefix === undefined) continue;
    const pid = Number(name.slice(prefix.length).split('-')[0]);
    if (pid === process.pid && prefix === STAGING) continue;
    if (prefix === OLD || !Number.isInteger(pid) || !isAlive(pid)) await rm(path.join(storageDir, name), { recursive: true, force: true });
  }
}

function waitForExit(launched: LaunchedProcess): Promise<ProcessExit & { startError?: string }> {
  return new Promise((resolve) => {
    let startError: string | undefined;
    launched.child.on('error', (e) => (startError = e.message));
    // `close` comes after the pipes have ended, so every line has been read.
    launched.child.on('close', (code: number | null, signal: NodeJS.Signals | null) =>
      resolve({ code, signal, ...(startError !== undefined && { startError }) }),
    );
    void launched.exited.then((exit) => {
      if (launched.pid === undefined) resolve({ ...exit, startError: startError ?? 'it could not be started' });
    });
  });
}

async function installedVersion(packageDir: string): Promise<string | undefined> {
  try {
    const json = JSON.parse(await readFile(path.join(packageDir, 'package.json'), 'utf8')) as { version?: unknown };
    return typeof json.version === 'string' ? json.version : undefined;
  } catch {
    return undefined;
  }
}

/** Puts the complete staging folder where the trainer looks, replacing an earlier install. */
async function moveIntoPlace(staging: string, storageDir: string): Promise<string> {
  const target = nativeInstallDir(storageDir);
  const old = path.join(storageDir, `${OLD}${process.pid}-${Date.now()}`);
  const replaced = await rename(target, old).then(
    () => true,
    (e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return false;
      throw e;
    },
  );
  await rename(staging, target);
  // A trainer may still have the old libtensorflow loaded (Windows refuses then): the next install removes what is left.
  if (replaced) await rm(old, { recursive: true, force: true }).catch(() => undefined);
  return target;
}

export async function installNativeBackend(options: NativeInstallOptions): Promise<NativeInstallOutcome> {
  const { variant, version, storageDir, signal } = options;
  const packageName = NATIVE_PACKAGES[variant];
  if (signal?.aborted) return { kind: 'cancelled' };
  await mkdir(storageDir, { recursive: true });
  await removeLeftovers(storageDir);
  const staging = await mkdtemp(path.join(storageDir, `${STAGING}${process.pid}-`));
  let placed = false;
  try {
    let launched: LaunchedProcess;
    try {
      launched = options.launcher.launch({
        tool: 'npm',
        npm: options.npm,
        args: [
          'install',
          '--prefix',
          staging,
          '--no-audit',
          '--no-fund',
          '--foreground-scripts',
          '--loglevel=http',
          `${packageName}@${version}`,
        ],
        cwd: staging,
      });
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      return { kind: 'failed', failure: { what: message, keyLine: '', advice: '' } };
    }
    let text = '';
    const progress = new NpmProgress(packageName);
    const read = (line: string) => {
      text = (text + line + '\n').slice(-KEPT_OUTPUT);
      const stage = progress.feed(line);
      if (stage !== undefined) options.onStage?.(stage);
    };
    onLines(launched.child.stdout, read);
    onLines(launched.child.stderr, read);
    let killTimer: NodeJS.Timeout | undefined;
    const abort = () => {
      launched.kill('SIGTERM');
      killTimer = setTimeout(() => launched.kill('SIGKILL'), options.killGraceMs ?? 3_000);
    };
    signal?.addEventListener('abort', abort, { once: true });
    const exit = await waitForExit(launched);
    signal?.removeEventListener('abort', abort);
    clearTimeout(killTimer);
    if (signal?.aborted) return { kind: 'cancelled' };
    if (exit.startError !== undefined) {
      return {
        kind: 'failed',
        failure: {
          what: `npm could not be started (${options.npm.command}): ${exit.startError}.`,
          keyLine: '',
          advice: 'Check that Node.js and npm are installed.',
        },
      };
    }
    if (exit.code !== 0) return { kind: 'failed', failure: npmFailure({ text, code: exit.code, signal: exit.signal }, packageName) };
    const found = await installedVersion(nativePackageDir(staging, variant));
    if (found !== version) {
      return {
        kind: 'failed',
        failure: {
          what: `npm ended without error, but ${packageName} ${version} is not in the folder (${found === undefined ? 'no package' : `found ${found}`}).`,
          keyLine: text.trim().split('\n').pop() ?? '',
          advice: 'Run the command again; if it persists, install the package by hand with npm and read its output.',
        },
      };
    }
    const install: NativeInstall = { variant, packageName, version, installedAt: new Date().toISOString() };
    await writeFile(path.join(staging, NATIVE_MARKER), JSON.stringify(install, null, 2) + '\n');
    const dir = await moveIntoPlace(staging, storageDir);
    placed = true;
    return { kind: 'installed', dir, install };
  } finally {
    if (!placed) await rm(staging, { recursive: true, force: true });
  }
}
