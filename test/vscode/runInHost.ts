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
import { chromium, type BrowserContext } from 'playwright-core';
import { startCodeServer, type CodeServerHandle } from './codeServerHost';
import { CHROMIUM_PATH } from './ensureCodeServer';

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
  /** Whole-run limit (default: env GAN_WORKBENCH_TEST_TIMEOUT_MS or 5 minutes). */
  timeoutMs?: number;
  /** Where the suite's output goes (default: stdout; warnings and errors go to stderr). */
  log?: (level: string, message: string) => void;
  /** Print code-server's and the page's own messages too (default: env GAN_WORKBENCH_TEST_VERBOSE). */
  verbose?: boolean;
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

/** Launches Debian chromium with a fresh profile (the caller closes it and removes `profileDir`). */
export async function launchChromium(): Promise<{ context: BrowserContext; profileDir: string }> {
  const profileDir = mkdtempSync(join(tmpdir(), 'gan-chromium-'));
  try {
    const context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: [...CHROMIUM_ARGS],
      viewport: { width: 1280, height: 800 },
    });
    return { context, profileDir };
  } catch (e) {
    rmSync(profileDir, { recursive: true, force: true });
    throw new Error(`chromium (${CHROMIUM_PATH}) did not start: ${(e as Error).message}`);
  }
}

export async function runInHost(options: HostRunOptions): Promise<number> {
  const log = options.log ?? defaultLog;
  const verbose = options.verbose ?? !!process.env.GAN_WORKBENCH_TEST_VERBOSE;
  const timeoutMs = options.timeoutMs ?? (Number(process.env.GAN_WORKBENCH_TEST_TIMEOUT_MS) || 5 * 60_000);

  const server = await startCodeServer({
    ...(options.workspace ? { workspace: options.workspace } : {}),
    ...(options.userDataDir ? { userDataDir: options.userDataDir } : {}),
    ...(options.extensionsDir ? { extensionsDir: options.extensionsDir } : {}),
    env: { ...options.env, GAN_WORKBENCH_TEST_LOG_MARK: EXTENSION_HOST_LOG_MARK },
    ...(options.settings ? { settings: options.settings } : {}),
    ...(options.workspaceTrust !== undefined ? { workspaceTrust: options.workspaceTrust } : {}),
    ...(verbose ? { onOutput: (line: string) => process.stderr.write(`[code-server] ${line}\n`) } : {}),
  });
  let browser: { context: BrowserContext; profileDir: string } | undefined;
  let timer: NodeJS.Timeout | undefined;
  try {
    browser = await launchChromium();
    const { context } = browser;
    const outcome = new Promise<number>((resolveOutcome, rejectOutcome) => {
      timer = setTimeout(() => rejectOutcome(new Error(`the suite did not finish within ${Math.round(timeoutMs / 1000)} s`)), timeoutMs);
      void server.exited.then((how) =>
        rejectOutcome(new Error(`code-server exited (${how}) during the run. Its output:\n${tail(server.output())}`)),
      );
      context.on('close', () => rejectOutcome(new Error('the browser closed or crashed during the run')));
      void context.exposeFunction('codeAutomationExit', (code: unknown) => {
        resolveOutcome(typeof code === 'number' && Number.isInteger(code) ? code : 1);
      });
      void context.exposeFunction('codeAutomationLog', (level: unknown, message: unknown) => {
        const type = typeof level === 'string' ? level : 'info';
        const text = typeof message === 'string' ? message : String(message);
        const at = text.indexOf(EXTENSION_HOST_LOG_MARK);
        if (at >= 0) log(type, text.slice(at + EXTENSION_HOST_LOG_MARK.length));
        else if (verbose) log(type, `[workbench ${type}] ${text}`);
        else if (type === 'error' && !HARMLESS.test(text)) log(type, `[workbench error] ${text}`);
      });
    });
    // Register the outcome handlers above before loading the page; keep a rejection from being unhandled.
    outcome.catch(() => undefined);

    const page = await context.newPage();
    page.on('crash', () => log('error', '[runInHost] the page crashed'));
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
    return await Promise.race([outcome, crashed]);
  } finally {
    if (timer) clearTimeout(timer);
    if (browser) {
      await browser.context.close().catch(() => undefined);
      rmSync(browser.profileDir, { recursive: true, force: true });
    }
    await server.stop();
  }
}

function tail(text: string): string {
  return text.trimEnd().split('\n').slice(-40).join('\n') || '(nothing)';
}
