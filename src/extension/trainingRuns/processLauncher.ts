/**
 * The one place the extension starts a process: trainers, `gan-sample`, `gan-export`, `gan-train`
 * (the backend check) and npm (the native backend's install). It checks workspace trust where the
 * process starts (so no path can start one untrusted), resolves the Node executable and the tool's
 * script, builds the environment (the native backend's folder when one is installed), applies the
 * priority setting, and
 * tracks every child: disposing the launcher (the window closes, the extension deactivates) kills
 * each one still running, its process group on POSIX. Pure Node (no `vscode`): the host's trust,
 * settings and log are handed in.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { constants as osConstants, setPriority } from 'node:os';
import { launchPlan, type LaunchHost, type LaunchRequest, type LaunchSettings, type ProcessTool } from './launchPlan';

export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A started child. Its events and pipes are the ChildProcess's; signals go through `kill`. */
export interface LaunchedProcess {
  readonly tool: ProcessTool;
  readonly child: ChildProcess;
  readonly pid: number | undefined;
  readonly hasExited: boolean;
  /** Resolves when the process has exited (or could not be started). */
  readonly exited: Promise<ProcessExit>;
  /** Signals the process (its process group on POSIX); nothing once it has exited. */
  kill(signal?: NodeJS.Signals): void;
}

/** What the parts that start processes are given. */
export interface Launcher {
  /** Starts `request`; throws UntrustedWorkspaceError in an untrusted workspace, LauncherDisposedError after dispose. */
  launch(request: LaunchRequest): LaunchedProcess;
}

const TOOL_NAMES: Record<ProcessTool, string> = {
  trainer: 'Training',
  'gan-sample': 'Sampling',
  'gan-export': 'Exporting',
  'gan-train': 'Checking the backends',
  'gan-sweep': 'Running a sweep',
  npm: 'Installing the native backend',
};

export class UntrustedWorkspaceError extends Error {
  constructor(readonly tool: ProcessTool) {
    super(`${TOOL_NAMES[tool]} needs a trusted workspace; nothing was started.`);
  }
}

export class LauncherDisposedError extends Error {
  constructor(readonly tool: ProcessTool) {
    super(`${TOOL_NAMES[tool]} was not started: the extension is shutting down.`);
  }
}

export interface LauncherDeps {
  extensionPath: string;
  /** The workspace's trust, read at every launch. */
  isTrusted(): boolean;
  /** The Node path and priority settings, read at every launch. */
  settings(): LaunchSettings;
  log(line: string): void;
  /** The folder of a complete install of the native backend, read at every launch (undefined: none). */
  nativeBackendDir?: () => string | undefined;
  /** Replaceable in tests. */
  spawn?: typeof spawn;
  setPriority?: (pid: number, priority: number) => void;
  host?: Partial<Omit<LaunchHost, 'extensionPath'>>;
}

/** How long a child has after SIGTERM on dispose before SIGKILL (a trainer checkpoints on SIGTERM). */
export const DISPOSE_KILL_GRACE_MS = 5_000;

class TrackedProcess implements LaunchedProcess {
  readonly exited: Promise<ProcessExit>;
  private exit: ProcessExit | undefined;

  constructor(
    readonly tool: ProcessTool,
    readonly child: ChildProcess,
    private readonly processGroup: boolean,
  ) {
    this.exited = new Promise((resolve) => {
      const done = (exit: ProcessExit) => {
        this.exit ??= exit;
        resolve(this.exit);
      };
      child.once('exit', (code, signal) => done({ code, signal }));
      // A child that could not be started emits only `error`.
      child.on('error', () => {
        if (child.pid === undefined) done({ code: null, signal: null });
      });
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get hasExited(): boolean {
    return this.exit !== undefined || this.child.exitCode !== null || this.child.signalCode !== null;
  }

  kill(signal: NodeJS.Signals = 'SIGTERM'): void {
    if (this.hasExited || this.child.pid === undefined) return;
    if (this.processGroup) {
      try {
        process.kill(-this.child.pid, signal);
        return;
      } catch {
        // No such group (it has just exited, or was never made): signal the process itself.
      }
    }
    this.child.kill(signal);
  }
}

export class ProcessLauncher implements Launcher {
  private readonly running = new Set<LaunchedProcess>();
  private disposed = false;

  constructor(private readonly deps: LauncherDeps) {}

  launch(request: LaunchRequest): LaunchedProcess {
    if (this.disposed) throw new LauncherDisposedError(request.tool);
    if (!this.deps.isTrusted()) throw new UntrustedWorkspaceError(request.tool);
    const settings = this.deps.settings();
    const plan = launchPlan(request, settings, {
      extensionPath: this.deps.extensionPath,
      env: this.deps.host?.env ?? process.env,
      execPath: this.deps.host?.execPath ?? process.execPath,
      platform: this.deps.host?.platform ?? process.platform,
      nativeBackendDir: this.deps.nativeBackendDir?.(),
    });
    const child = (this.deps.spawn ?? spawn)(plan.command, plan.args, plan.options);
    const launched = new TrackedProcess(request.tool, child, plan.processGroup);
    child.on('error', (e) => this.deps.log(`[host] ${request.tool} process error: ${e.message}`));
    this.running.add(launched);
    void launched.exited.then(() => this.running.delete(launched));
    if (settings.priority === 'belowNormal' && child.pid !== undefined) this.lowerPriority(request.tool, child.pid);
    return launched;
  }

  /** The children started here that have not exited yet. */
  get live(): readonly LaunchedProcess[] {
    return [...this.running];
  }

  /**
   * Children use every core they get; below normal priority the editor (extension host, renderer)
   * stays responsive, and they still get all the CPU nothing else wants.
   */
  private lowerPriority(tool: ProcessTool, pid: number): void {
    try {
      (this.deps.setPriority ?? setPriority)(pid, osConstants.priority.PRIORITY_BELOW_NORMAL);
    } catch (e) {
      this.deps.log(`[host] could not lower the ${tool} process's priority: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  /** Refuses further launches and kills every child still running: SIGTERM, then SIGKILL after a grace period. */
  dispose(): void {
    this.disposed = true;
    const left = this.live;
    for (const p of left) p.kill('SIGTERM');
    if (left.length === 0) return;
    const timer = setTimeout(() => {
      for (const p of left) p.kill('SIGKILL');
    }, DISPOSE_KILL_GRACE_MS);
    // The host may exit before the grace period ends; the timer must not keep it alive.
    timer.unref();
  }
}
