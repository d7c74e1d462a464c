/**
 * Runs an extension test suite inside a real VS Code extension host: code-server (VS Code 1.100.3)
 * serves the workbench, headless Debian chromium (driven by playwright-core) opens it. This is the
 * method of VS Code's own browser integration tests: code-server refuses
 * `--extensionDevelopmentPath`/`--extensionTestsPath` on its command line, but the workbench takes
 * them from the URL's `payload`, runs the suite's `run()` in the (remote, Node) extension host, and
 * reports through two functions on the page: `codeAutomationLog(level, message)` (the extension
 * host's console, so mocha's output) and `codeAutomationExit(code)`.
 *
 * Resolves with the suite's exit code; a timeout, a server that does not start or dies, or a
 * browser that crashes rejects with the reason (it never resolves 0 for those).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startCodeServer, type CodeServerHandle } from './codeServerHost';
import { CHROMIUM_PATH } from '../../scripts/requirements';

export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export interface HostRunOptions {
  extensionDevelopmentPath: string;
  /** The compiled suite module (exports `run(): Promise<void>`). */
  extensionTestsPath: string;
  /** Folder opened in the workbench (default: none). */
  workspace?: string;
  /** Folders for code-server (default: fresh temporary ones, deleted afterwards). */
  userDataDir?: string;
  extensionsDir?: string;
  /** Environment for code-server and so for the extension host running the suite. */
  env?: Record<string, string>;
  /** Extra user settings. */
  settings?: Record<string, unknown>;
  /** Keep workspace trust on (default off). */
  workspaceTrust?: boolean;
  /** Whole-run limit (default: env GAN_WORKBENCH_TEST_TIMEOUT_MS or 9 minutes, under test/run.mjs's 10). */
  timeoutMs?: number;
  /** Where the suite's output goes (default: stdout; warnings and errors go to stderr). */
  log?: (level: string, message: string) => void;
  /** Print code-server's and the page's own messages too (default: env GAN_WORKBENCH_TEST_VERBOSE). */
  verbose?: boolean;
  /**
   * Called once the workbench page has loaded, while the suite runs (benchmarks probe webviews from
   * the browser's side with it); it must return by the time the suite ends. Its error fails the run.
   */
  whileRunning?: (page: Page) => Promise<void>;
}

/**
 * The workbench's log, which codeAutomationLog receives, mixes the extension host's console with the
 * workbench's own messages; the suite's index prefixes its console lines with this mark (passed as
 * GAN_WORKBENCH_TEST_LOG_MARK) so that only those are printed by default.
 */
export const EXTENSION_HOST_LOG_MARK = '\u001fexthost\u001f';

/** Workbench errors that are expected offline: the gallery lookup and the missing vsda module. */
const HARMLESS = /ENOTFOUND|vsda|open-vsx|marketplace/i;

function defaultLog(level: string, message: string): void {
  const stream = level === 'error' || level === 'warn' ? process.stderr : process.stdout;
  stream.write(message.endsWith('\n') ? message : `${message}\n`);
}

/** Builds the workbench URL that runs the suite (exported for e2e suites that want the same page). */
export function extensionTestUrl(
  server: Pick<CodeServerHandle, 'url' | 'port'>,
  options: { extensionDevelopmentPath: string; extensionTestsPath?: string; workspace?: string },
): string {
  const remote = (p: string) => `vscode-remote://127.0.0.1:${server.port}${resolve(p)}`;
  const payload: [string, string][] = [['extensionDevelopmentPath', remote(options.extensionDevelopmentPath)]];
  if (options.extensionTestsPath) payload.push(['extensionTestsPath', remote(options.extensionTestsPath)]);
  payload.push(['skipWelcome', 'true']);
  const query = [
    ...(options.workspace ? [`folder=${encodeURIComponent(resolve(options.workspace))}`] : []),
    `payload=${encodeURIComponent(JSON.stringify(payload))}`,
  ];
  return `${server.url}/?${query.join('&')}`;
}

export interface LaunchedChromium {
  context: BrowserContext;
  profileDir: string;
  /** Closes the browser and removes its profile. */
  close(): Promise<void>;
}

/** Launches Debian chromium (headless) with a fresh profile, for the suite runner and e2e suites. */
export async function launchChromium(): Promise<LaunchedChromium> {
  const profileDir = mkdtempSync(join(tmpdir(), 'gan-chromium-'));
  const removeProfile = (retries: number) => {
    try {
      rmSync(profileDir, { recursive: true, force: true, maxRetries: retries, retryDelay: 100 });
    } catch (e) {
      process.stderr.write(`[chromium] could not remove ${profileDir}: ${(e as Error).message}\n`);
    }
  };
  // playwright kills the browser when this process exits; remove the profile then too.
  const onExit = () => removeProfile(3);
  process.once('exit', onExit);
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: [...CHROMIUM_ARGS],
      viewport: { width: 1280, height: 800 },
    });
  } catch (e) {
    process.removeListener('exit', onExit);
    removeProfile(3);
    throw new Error(`chromium (${CHROMIUM_PATH}) did not start: ${(e as Error).message}`);
  }
  return {
    context,
    profileDir,
    close: async () => {
      await context.close().catch(() => undefined);
      process.removeListener('exit', onExit);
      removeProfile(10);
    },
  };
}

export async function runInHost(options: HostRunOptions): Promise<number> {
  const log = options.log ?? defaultLog;
  const verbose = options.verbose ?? !!process.env.GAN_WORKBENCH_TEST_VERBOSE;
  const timeoutMs = options.timeoutMs ?? (Number(process.env.GAN_WORKBENCH_TEST_TIMEOUT_MS) || 9 * 60_000);

  const { promise: outcome, resolve: succeed, reject: fail } = deferred<number>();
  outcome.catch(() => undefined); // awaited below; never an unhandled rejection
  let exthostExit: NodeJS.Timeout | undefined;
  const onServerLine = (line: string) => {
    if (verbose) process.stderr.write(`[code-server] ${line}\n`);
    // The workbench reports the exit code once the extension host is done; should it not
    // (it found no codeAutomationExit, or the host crashed), fail soon rather than at the timeout.
    const exited = /Extension Host Process exited with code: (\S+), signal: (\S+)\./.exec(line);
    if (exited && !exthostExit) {
      exthostExit = setTimeout(
        () => fail(new Error(`the extension host exited (code ${exited[1]}, signal ${exited[2]}) but the workbench reported no result`)),
        15_000,
      );
    }
  };
  const server = await startCodeServer({
    ...(options.workspace ? { workspace: options.workspace } : {}),
    ...(options.userDataDir ? { userDataDir: options.userDataDir } : {}),
    ...(options.extensionsDir ? { extensionsDir: options.extensionsDir } : {}),
    env: { ...options.env, GAN_WORKBENCH_TEST_LOG_MARK: EXTENSION_HOST_LOG_MARK },
    ...(options.settings ? { settings: options.settings } : {}),
    ...(options.workspaceTrust !== undefined ? { workspaceTrust: options.workspaceTrust } : {}),
    onOutput: onServerLine,
  });
  let browser: LaunchedChromium | undefined;
  let timer: NodeJS.Timeout | undefined;
  let exitCode: number | undefined;
  let runError: Error | undefined;
  try {
    browser = await launchChromium();
    const { context } = browser;
    timer = setTimeout(() => fail(new Error(`the suite did not finish within ${Math.round(timeoutMs / 1000)} s`)), timeoutMs);
    void server.exited.then((how) => fail(new Error(`code-server exited (${how}) during the run. Its output:\n${tail(server.output())}`)));
    context.on('close', () => fail(new Error('the browser closed or crashed during the run')));
    // Both must be in place before the workbench loads: it looks for them once, silently.
    await context.exposeFunction('codeAutomationExit', (code: unknown) => {
      succeed(typeof code === 'number' && Number.isInteger(code) ? code : 1);
    });
    await context.exposeFunction('codeAutomationLog', (level: unknown, message: unknown) => {
      const type = typeof level === 'string' ? level : 'info';
      const text = typeof message === 'string' ? message : String(message);
      const at = text.indexOf(EXTENSION_HOST_LOG_MARK);
      if (at >= 0) log(type, text.slice(at + EXTENSION_HOST_LOG_MARK.length));
      else if (verbose) log(type, `[workbench ${type}] ${text}`);
      else if (type === 'error' && !HARMLESS.test(text)) log(type, `[workbench error] ${text}`);
    });

    const page = await context.newPage();
    if (verbose) {
      page.on('console', (m) => process.stderr.write(`[page ${m.type()}] ${m.text()}\n`));
      page.on('pageerror', (e) => process.stderr.write(`[page error] ${e.message}\n`));
    }
    const crashed = new Promise<never>((_, rejectCrash) =>
      page.on('crash', () => rejectCrash(new Error('the workbench page crashed (out of memory?)'))),
    );
    crashed.catch(() => undefined);
    const url = extensionTestUrl(server, options);
    const response = await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
    if (!response || !response.ok()) {
      throw new Error(`the workbench page ${url} answered ${response ? response.status() : 'nothing'}`);
    }
    const watching = options.whileRunning?.(page);
    watching?.catch(() => undefined); // awaited below, after the suite's outcome
    exitCode = await Promise.race([outcome, crashed]);
    await watching;
  } catch (e) {
    runError = e instanceof Error ? e : new Error(String(e));
  }
  // Clean up without hiding the run's own failure; a code-server group that will not end is one.
  if (timer) clearTimeout(timer);
  if (exthostExit) clearTimeout(exthostExit);
  if (browser) await browser.close();
  try {
    await server.stop();
  } catch (e) {
    runError ??= e instanceof Error ? e : new Error(String(e));
  }
  if (runError) throw runError;
  if (exitCode === undefined) throw new Error('the run ended without an exit code');
  return exitCode;
}

function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void; reject: (error: Error) => void } {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

function tail(text: string): string {
  return text.trimEnd().split('\n').slice(-40).join('\n') || '(nothing)';
}
