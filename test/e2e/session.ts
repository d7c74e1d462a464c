/**
 * What the end-to-end suite runs against, set up by test/e2e/runE2e.ts before mocha starts and torn
 * down after it: the packaged extension (gan-workbench.vsix, what users install) installed into a
 * fresh extensions folder by code-server's own `--install-extension` (the platform packages,
 * gan-workbench-<target>.vsix, are made beside it and copied for the suite's steps to check and
 * install), code-server serving a fresh
 * temporary copy of examples/ (plus broken experiment files), and headless chromium with one page.
 * The page is not navigated here: opening the workspace is the suite's first step.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import type { Page } from 'playwright-core';
import { startCodeServer, type CodeServerHandle } from '../vscode/codeServerHost';
import { codeServerEntry } from '../../scripts/requirements';
import { TARGETS, vsixName } from '../../scripts/packageTargets';
import { launchChromium, type LaunchedChromium } from '../vscode/runInHost';
import {
  describeProcess,
  descendantsOf,
  listProcesses,
  processesMentioning,
  processesWithEnv,
  stillAlive,
  type ProcessInfo,
} from './processes';

export const repoRoot = join(__dirname, '..', '..');
export const VSIX = join(repoRoot, vsixName());
/** Every package the suite checks: the universal one, then one per target. */
export const PACKAGE_NAMES: readonly string[] = [vsixName(), ...TARGETS.map((t) => vsixName(t))];
export const EXTENSION_ID = 'gan-workbench.gan-workbench';
export const EXPERIMENT_FILE = 'ring8-nonsaturating.gan.json';
/** Schema errors (the JSON language service, from the extension's schema). */
export const BROKEN_FILE = 'broken.gan.json';
/** Valid against the schema, wrong in a way only the extension's own checks see. */
export const INCONSISTENT_FILE = 'inconsistent.gan.json';
/**
 * Total steps of the copied ring8 experiment (5000 in examples/). The suite stops the run itself
 * (step 05), so this does not set how long the suite takes; it must stay well above the step the
 * run reaches by then: about 40–60 steps/s on wasm on a 2-core machine shared with code-server and
 * chromium, 60–90 s in (3000 steps were finished before the stop on a slow run). It bounds a run
 * the suite fails to stop, until the teardown ends it with code-server.
 */
export const TRAINING_STEPS = 20_000;

export interface E2eSession {
  /** Temporary folder holding everything below (removed on close). */
  root: string;
  /** Private copies of the packages by file name (PACKAGE_NAMES; a missing one is absent). */
  packages: Record<string, string>;
  /** The universal package's installed folder (in the extensions folder code-server uses). */
  installedExtension: string;
  /** The workspace code-server opens: a copy of examples/. */
  workspace: string;
  experimentFile: string;
  server: CodeServerHandle;
  browser: LaunchedChromium;
  page: Page;
  /** The workbench URL that opens the workspace. */
  workbenchUrl: string;
  /** Where screenshots and logs go (out/test-artifacts/e2e). */
  artifacts: string;
  /** The page's console (every frame, webviews included) and page errors, oldest first. */
  consoleLog: string[];
  /** What the runner printed while setting up (packaging, installing). */
  setupLog: string[];
  /**
   * `NAME=value` in the environment of code-server, chromium and everything they start (inherited),
   * so that the teardown finds them even when they left their parent.
   */
  envMarker: string;
}

const ENV_MARKER_NAME = 'GAN_WORKBENCH_E2E_SESSION';

const SESSION_KEY = Symbol.for('gan-workbench.e2e.session');
type GlobalWithSession = typeof globalThis & { [SESSION_KEY]?: E2eSession };

/** The session the runner opened (the suite's files read it; it lives on globalThis). */
export function currentSession(): E2eSession {
  const session = (globalThis as GlobalWithSession)[SESSION_KEY];
  if (!session) throw new Error('no end-to-end session: run the suite with test/e2e/runE2e.ts');
  return session;
}

function setCurrentSession(session: E2eSession | undefined): void {
  (globalThis as GlobalWithSession)[SESSION_KEY] = session;
}

export interface GroupResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
  timedOut: boolean;
}

/** Runs a command in its own process group and ends the whole group if it runs past `timeoutMs`. */
export function runInGroup(
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs: number },
): Promise<GroupResult> {
  return new Promise((resolveRun) => {
    const child = spawn(command, args, {
      cwd: options.cwd ?? repoRoot,
      env: options.env ?? process.env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.length > 2_000_000) output = output.slice(-1_000_000);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    let timedOut = false;
    const killGroup = (signal: NodeJS.Signals) => {
      try {
        if (child.pid) process.kill(-child.pid, signal);
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup('SIGTERM');
      setTimeout(() => killGroup('SIGKILL'), 5000).unref();
    }, options.timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      resolveRun({ code: null, signal: null, output: `${output}\n${e.message}`, timedOut });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      killGroup('SIGKILL'); // anything it left behind in its group
      resolveRun({ code, signal, output, timedOut });
    });
  });
}

function tail(text: string, lines = 30): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n') || '(nothing)';
}

/** The newest modification time under `path` (a file or a folder, recursively). */
function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const name of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, name)));
  return newest;
}

/** What goes into the vsix: when any of these is newer than it, it is packaged again. */
const PACKAGE_INPUTS = [
  'package.json',
  'package-lock.json',
  'esbuild.mjs',
  '.vscodeignore',
  'README.md',
  'LICENSE',
  'src',
  'webview/src',
  'schemas',
  'media',
  'bin',
  'scripts/package.ts',
  'scripts/packageTargets.ts',
];

/**
 * `npm run package:targets` (one production build into dist/, then vsce for the universal package
 * and each target's), unless every package is newer than everything it is built from
 * (GAN_WORKBENCH_E2E_PACKAGE=always packages regardless), or the packages given by
 * GAN_WORKBENCH_E2E_VSIX (a release artifact, say: the universal vsix, with the platform ones taken
 * from its folder where they are there). Returns private copies by file name, so a concurrent
 * `npm run package` cannot change them mid-install.
 */
export async function packageExtension(into: string, log: (line: string) => void): Promise<Record<string, string>> {
  const copies: Record<string, string> = {};
  const given = process.env.GAN_WORKBENCH_E2E_VSIX;
  if (given) {
    if (!existsSync(given)) throw new Error(`GAN_WORKBENCH_E2E_VSIX names ${given}, which does not exist`);
    log(`testing ${given} (GAN_WORKBENCH_E2E_VSIX) and the platform packages beside it, not packages of this checkout`);
    for (const name of PACKAGE_NAMES) {
      const source = name === vsixName() ? given : join(dirname(given), name);
      if (existsSync(source)) cpSync(source, (copies[name] = join(into, name)));
    }
    return copies;
  }
  const newestInput = Math.max(...PACKAGE_INPUTS.map((p) => newestMtime(join(repoRoot, p))));
  const packages = PACKAGE_NAMES.map((name) => join(repoRoot, name));
  const fresh =
    packages.every((p) => existsSync(p) && statSync(p).mtimeMs > newestInput) && process.env.GAN_WORKBENCH_E2E_PACKAGE !== 'always';
  if (fresh) {
    log(`reusing the ${packages.length} packages: each newer than every file it is built from`);
  } else {
    const started = Date.now();
    log(`npm run package:targets (production build, vsce for the universal package and ${TARGETS.length} targets)`);
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const result = await runInGroup(npm, ['run', 'package:targets'], { timeoutMs: 8 * 60_000 });
    const missing = packages.filter((p) => !existsSync(p));
    if (result.code !== 0 || missing.length > 0) {
      throw new Error(
        `npm run package:targets failed (${result.timedOut ? 'timed out' : `exit ${result.code ?? result.signal}`}):\n${tail(result.output)}`,
      );
    }
    log(`packaged ${packages.length} packages in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  for (const name of PACKAGE_NAMES) cpSync(join(repoRoot, name), (copies[name] = join(into, name)));
  return copies;
}

/**
 * Installs the vsix into `extensionsDir` with code-server's CLI, as a user would, and returns the
 * installed extension's folder. `scratch` holds the CLI's configuration and temporary files.
 */
export async function installExtension(vsix: string, scratch: string, extensionsDir: string, log: (line: string) => void): Promise<string> {
  const started = Date.now();
  const cliTemp = join(scratch, 'install-tmp');
  mkdirSync(cliTemp, { recursive: true });
  const result = await runInGroup(
    process.execPath,
    [
      codeServerEntry,
      '--config',
      join(scratch, 'install-config.yaml'),
      '--user-data-dir',
      join(scratch, 'install-user-data'),
      '--extensions-dir',
      extensionsDir,
      '--install-extension',
      vsix,
    ],
    { env: { ...process.env, TMPDIR: cliTemp }, timeoutMs: 120_000 },
  );
  const installed = readdirSync(extensionsDir).find((name) => name.toLowerCase().startsWith(`${EXTENSION_ID}-`));
  if (result.code !== 0 || !installed || !existsSync(join(extensionsDir, installed, 'dist', 'extension.js'))) {
    throw new Error(
      `code-server --install-extension ${basename(vsix)} failed (${result.timedOut ? 'timed out' : `exit ${result.code ?? result.signal}`}; ` +
        `extensions folder: ${readdirSync(extensionsDir).join(', ') || 'empty'}):\n${tail(result.output)}`,
    );
  }
  log(`installed ${installed} from ${basename(vsix)} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return join(extensionsDir, installed);
}

const BROKEN_TEXT = `{
  // Deliberately broken (end-to-end suite): schema errors the Problems panel must list.
  "name": "broken",
  "seed": 1,
  "data": { "kind": "ring", "modes": 8, "radius": 2, "std": 0.02 },
  "generator": { "kind": "mlp", "hidden": [32, 32] },
  "discriminator": { "kind": "mlp", "hidden": [32, 32] },
  "loss": { "kind": "notALoss" },
  "schedule": { "steps": -5, "batchSize": 64 }
}
`;

const INCONSISTENT_TEXT = `{
  // Valid against the schema, but xMax is not above xMin (end-to-end suite).
  "name": "inconsistent",
  "data": { "kind": "parabola", "xMin": 1, "xMax": -1 },
  "generator": { "kind": "mlp" },
  "discriminator": { "kind": "mlp" },
  "loss": { "kind": "minimax" },
  "schedule": { "steps": 100 }
}
`;

/**
 * The workspace: `<root>/examples`, a copy of the repository's examples/ (no runs), with
 * `<root>/schemas` beside it so the examples' `"$schema": "../schemas/…"` resolves as in the
 * repository; the ring8 experiment shortened to TRAINING_STEPS; the two broken files added.
 */
function prepareWorkspace(root: string): { workspace: string; experimentFile: string } {
  const workspace = join(root, 'examples');
  cpSync(join(repoRoot, 'examples'), workspace, {
    recursive: true,
    filter: (source) => basename(source) !== 'runs' && basename(source) !== '.vscode',
  });
  mkdirSync(join(root, 'schemas'));
  cpSync(join(repoRoot, 'schemas', 'experiment.schema.json'), join(root, 'schemas', 'experiment.schema.json'));
  const experimentFile = join(workspace, EXPERIMENT_FILE);
  const text = readFileSync(experimentFile, 'utf8');
  const shortened = text.replace(/("steps"\s*:\s*)\d+/, `$1${TRAINING_STEPS}`);
  if (shortened === text && !text.includes(`"steps": ${TRAINING_STEPS}`)) {
    throw new Error(`could not set "steps" in the copy of examples/${EXPERIMENT_FILE}`);
  }
  writeFileSync(experimentFile, shortened);
  writeFileSync(join(workspace, BROKEN_FILE), BROKEN_TEXT);
  writeFileSync(join(workspace, INCONSISTENT_FILE), INCONSISTENT_TEXT);
  return { workspace, experimentFile };
}

/** Sets everything up (see the file comment) and makes it the current session. */
export async function openSession(options: { artifacts: string; log: (line: string) => void }): Promise<E2eSession> {
  const setupLog: string[] = [];
  const log = (line: string) => {
    setupLog.push(line);
    options.log(line);
  };
  const root = mkdtempSync(join(tmpdir(), 'gan-e2e-'));
  let server: CodeServerHandle | undefined;
  let browser: LaunchedChromium | undefined;
  try {
    const packages = await packageExtension(root, log);
    const vsix = packages[vsixName()];
    if (!vsix) throw new Error(`no ${vsixName()} to install`);
    const extensionsDir = join(root, 'extensions');
    mkdirSync(extensionsDir);
    const installedExtension = await installExtension(vsix, root, extensionsDir, log);
    const { workspace, experimentFile } = prepareWorkspace(root);
    const sessionId = randomBytes(8).toString('hex');
    server = await startCodeServer({ workspace, extensionsDir, startTimeoutMs: 60_000, env: { [ENV_MARKER_NAME]: sessionId } });
    log(`code-server on ${server.url} (pid ${server.pid}), workspace ${workspace}`);
    // launchChromium() takes no environment: set the marker only while chromium starts.
    process.env[ENV_MARKER_NAME] = sessionId;
    try {
      browser = await launchChromium();
    } finally {
      delete process.env[ENV_MARKER_NAME];
    }
    // code-server's own service worker (its PWA support, scope "/") claims every page of the
    // origin, webview frames included; VS Code's webview frames then wait for their own worker to
    // take over, which intermittently took 45–50 s here. Not registering it keeps webviews prompt.
    await browser.context.route('**/_static/out/browser/serviceWorker.js', (route) => route.fulfill({ status: 404, body: '' }));
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 1600, height: 1000 });
    const consoleLog: string[] = [];
    const stamp = () => new Date().toISOString().slice(11, 23);
    page.on('console', (m) => {
      const frame = m.page() ? '' : ' (worker)';
      consoleLog.push(`${stamp()} [${m.type()}]${frame} ${m.text()}`);
    });
    page.on('pageerror', (e) => consoleLog.push(`${stamp()} [pageerror] ${e.stack ?? e.message}`));
    page.on('crash', () => consoleLog.push(`${stamp()} [crash] the page crashed`));
    const session: E2eSession = {
      root,
      packages,
      installedExtension,
      workspace,
      experimentFile,
      server,
      browser,
      page,
      workbenchUrl: `${server.url}/?folder=${encodeURIComponent(workspace)}`,
      artifacts: options.artifacts,
      consoleLog,
      setupLog,
      envMarker: `${ENV_MARKER_NAME}=${sessionId}`,
    };
    setCurrentSession(session);
    return session;
  } catch (e) {
    await browser?.close().catch(() => undefined);
    await server?.stop().catch(() => undefined);
    rmSync(root, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
    throw e;
  }
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Closes chromium, ends code-server's whole process group, removes the temporary folders, then
 * checks that nothing the run started is still alive. Returns the problems found (a leftover is
 * ended with SIGKILL by its pid) and how many processes were checked; no problem is a clean end.
 */
export async function closeSession(session: E2eSession): Promise<{ problems: string[]; checked: number }> {
  setCurrentSession(undefined);
  const problems: string[] = [];
  // What the session started: code-server and everything under it (extension host, trainers,
  // watchers), chromium's browser process (found by its profile folder) and everything under it.
  // Not every descendant of this process: tsx keeps an esbuild service alive for the runner itself.
  const markers = [session.root, dirname(session.server.userDataDir), session.browser.profileDir];
  const all = listProcesses();
  const roots = [...all.filter((p) => p.pid === session.server.pid), ...processesMentioning([session.browser.profileDir], all)];
  const started = new Map<number, ProcessInfo>();
  for (const p of [...roots, ...roots.flatMap((r) => descendantsOf(r.pid, all)), ...processesWithEnv(session.envMarker, all)])
    started.set(p.pid, p);
  try {
    await Promise.race([session.browser.close(), sleep(20_000)]);
  } catch (e) {
    problems.push(`closing chromium failed: ${(e as Error).message}`);
  }
  try {
    await session.server.stop();
  } catch (e) {
    problems.push(`stopping code-server failed: ${(e as Error).message}`);
  }
  // Give exiting processes a moment to be reaped before calling them leftovers.
  const leftovers = () => {
    const seen = new Map<number, ProcessInfo>();
    for (const p of [...stillAlive([...started.values()]), ...processesMentioning(markers), ...processesWithEnv(session.envMarker)])
      seen.set(p.pid, p);
    return [...seen.values()];
  };
  const deadline = Date.now() + 10_000;
  while (leftovers().length > 0 && Date.now() < deadline) await sleep(200);
  for (const p of leftovers()) {
    problems.push(`left running: ${describeProcess(p)}`);
    try {
      process.kill(p.pid, 'SIGKILL');
    } catch {
      // gone meanwhile
    }
  }
  try {
    rmSync(session.root, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  } catch (e) {
    problems.push(`could not remove ${session.root}: ${(e as Error).message}`);
  }
  return { problems, checked: started.size };
}
