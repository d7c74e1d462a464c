/**
 * Starts code-server on 127.0.0.1 (a free port, no auth) with a fresh user-data-dir and
 * extensions-dir, in its own process group, and ends that whole group on stop(): ending only its pid
 * would leave the extension host, pty host and file watchers running. Used by the integration suite
 * (runInHost.ts) and by end-to-end suites that drive the workbench UI.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { codeServerEntry } from '../../scripts/requirements';

export interface CodeServerOptions {
  /** Folder code-server opens by default (the URL's `?folder=` can open another). */
  workspace?: string;
  /** Existing folders to use instead of fresh ones (they are not deleted on stop). */
  userDataDir?: string;
  extensionsDir?: string;
  /** Extra user settings, merged over the automation defaults. */
  settings?: Record<string, unknown>;
  /** Keep workspace trust on (default off: the workspace is trusted without a prompt). */
  workspaceTrust?: boolean;
  /** Extra environment for code-server and so for its extension host. */
  env?: Record<string, string>;
  /** Extra command-line arguments for code-server. */
  args?: string[];
  /** How long to wait for the port to answer (default 30 s). */
  startTimeoutMs?: number;
  /** Each line code-server prints (default: dropped; kept in output() either way). */
  onOutput?: (line: string) => void;
}

export interface CodeServerHandle {
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  readonly port: number;
  readonly pid: number;
  readonly userDataDir: string;
  readonly extensionsDir: string;
  /** Resolves when the code-server process exits (code, or signal name). */
  readonly exited: Promise<string>;
  /** Everything code-server printed so far. */
  output(): string;
  /** Ends the whole process group (TERM, then KILL after 5 s), waits for it, removes fresh folders. */
  stop(): Promise<void>;
}

/** The user settings that keep the workbench quiet and predictable under automation. */
export const AUTOMATION_SETTINGS: Readonly<Record<string, unknown>> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
};

/** Process group id → the temporary folder to remove, for every code-server not stopped yet. */
const live = new Map<number, string>();
let exitHookInstalled = false;

/** Last resort when the test process itself exits without stop(): KILL every group still alive. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const [pgid, base] of live) {
      killGroup(pgid, 'SIGKILL');
      try {
        rmSync(base, { recursive: true, force: true, maxRetries: 3, retryDelay: 50 });
      } catch {
        // best effort: the process is exiting
      }
    }
  });
}

function killGroup(pgid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => (port > 0 ? resolvePort(port) : reject(new Error('no free port'))));
    });
  });
}

function answers(url: string): Promise<boolean> {
  return new Promise((resolveAnswer) => {
    const req = request(`${url}/healthz`, { timeout: 2000 }, (res) => {
      res.resume();
      resolveAnswer((res.statusCode ?? 500) < 500);
    });
    req.on('error', () => resolveAnswer(false));
    req.on('timeout', () => {
      req.destroy();
      resolveAnswer(false);
    });
    req.end();
  });
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function startCodeServer(options: CodeServerOptions = {}): Promise<CodeServerHandle> {
  if (!existsSync(codeServerEntry)) {
    throw new Error(`code-server is not installed (${codeServerEntry} is missing): run "npm run setup" first.`);
  }
  // A port found free can be taken before code-server binds it: try again with another.
  let lastError: Error | undefined;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await startOnce(options, await freePort());
    } catch (e) {
      lastError = e as Error;
      if (!/EADDRINUSE/.test(lastError.message)) throw lastError;
    }
  }
  throw lastError ?? new Error('code-server did not start');
}

async function startOnce(options: CodeServerOptions, port: number): Promise<CodeServerHandle> {
  const base = mkdtempSync(join(tmpdir(), 'gan-code-server-'));
  const userDataDir = options.userDataDir ?? join(base, 'user-data');
  const extensionsDir = options.extensionsDir ?? join(base, 'extensions');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  const tempDir = join(base, 'tmp');
  mkdirSync(tempDir);
  const trust = options.workspaceTrust === true;
  const settings = {
    ...AUTOMATION_SETTINGS,
    'security.workspace.trust.enabled': trust,
    ...options.settings,
  };
  writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify(settings, null, 2));

  const url = `http://127.0.0.1:${port}`;
  const args = [
    codeServerEntry,
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--config',
    join(base, 'config.yaml'),
    '--user-data-dir',
    userDataDir,
    '--extensions-dir',
    extensionsDir,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    ...(trust ? [] : ['--disable-workspace-trust']),
    ...(options.args ?? []),
    ...(options.workspace ? [options.workspace] : []),
  ];
  const child = spawn(process.execPath, args, {
    detached: true, // its own process group, so stop() can end everything it started
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own TMPDIR: VS Code's server and extensions leave sockets and folders there (vscode-ipc-*,
    // vscode-git-*, vscode-typescript*), removed with the rest on stop().
    env: { ...process.env, TMPDIR: tempDir, ...options.env },
  });
  const pid = child.pid;
  if (pid === undefined) {
    rmSync(base, { recursive: true, force: true });
    throw new Error(`could not spawn code-server (${process.execPath} ${codeServerEntry})`);
  }
  live.set(pid, base);
  installExitHook();

  let output = '';
  let pending = '';
  const onData = (chunk: Buffer) => {
    const text = chunk.toString();
    output += text;
    if (output.length > 1_000_000) output = output.slice(-500_000);
    pending += text;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) options.onOutput?.(line);
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  let exitedWith: string | undefined;
  const exited = new Promise<string>((resolveExit) => {
    child.on('error', (e) => {
      exitedWith ??= `error ${e.message}`;
      resolveExit(exitedWith);
    });
    child.on('exit', (code, signal) => {
      exitedWith ??= signal ?? String(code);
      resolveExit(exitedWith);
    });
  });

  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopped ??= (async () => {
      if (groupAlive(pid)) {
        killGroup(pid, 'SIGTERM');
        const deadline = Date.now() + 5000;
        while (groupAlive(pid) && Date.now() < deadline) await sleep(100);
        if (groupAlive(pid)) {
          killGroup(pid, 'SIGKILL');
          const killDeadline = Date.now() + 5000;
          while (groupAlive(pid) && Date.now() < killDeadline) await sleep(100);
        }
      }
      if (exitedWith === undefined) await Promise.race([exited, sleep(2000)]);
      live.delete(pid);
      if (groupAlive(pid)) throw new Error(`code-server's process group ${pid} is still alive after SIGKILL`);
      try {
        rmSync(base, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
      } catch (e) {
        process.stderr.write(`[code-server] could not remove ${base}: ${(e as Error).message}\n`);
      }
    })();
    return stopped;
  };

  const handle: CodeServerHandle = {
    url,
    port,
    pid,
    userDataDir,
    extensionsDir,
    exited,
    output: () => output,
    stop,
  };

  const deadline = Date.now() + (options.startTimeoutMs ?? 30_000);
  for (;;) {
    if (exitedWith !== undefined) {
      await stop();
      throw new Error(`code-server exited (${exitedWith}) before listening on ${url}. Its output:\n${tailOf(output)}`);
    }
    if (await answers(url)) return handle;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(
        `code-server did not answer on ${url} within ${Math.round((options.startTimeoutMs ?? 30_000) / 1000)} s. ` +
          `Its output:\n${tailOf(output)}`,
      );
    }
    await sleep(100);
  }
}

function tailOf(text: string): string {
  return text.trimEnd().split('\n').slice(-40).join('\n') || '(nothing)';
}
