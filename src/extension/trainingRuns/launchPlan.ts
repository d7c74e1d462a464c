/**
 * How a process of this extension is started, as data: the executable, the bundled script of the
 * tool, the environment and the stdio. Pure (no `vscode`, nothing started); the launcher
 * (processLauncher.ts) carries it out.
 */
import type { SpawnOptions, StdioOptions } from 'node:child_process';
import * as path from 'node:path';
import { NATIVE_BACKEND_DIR_ENV } from '../../shared/backendCheck';
import type { TrainerPriority } from '../settings';

/** The tools of this extension, each a bundled script run by Node: the trainer (with an IPC channel) and the CLIs. */
export type NodeTool = 'trainer' | 'gan-sample' | 'gan-export' | 'gan-train' | 'gan-sweep';
/** Every process the extension starts: its own tools, and npm (which installs the native backend). */
export type ProcessTool = NodeTool | 'npm';

/** Each tool's script, relative to the extension's root (the bins load dist/cli/<tool>.js and run it). */
export const TOOL_SCRIPTS: Readonly<Record<NodeTool, readonly string[]>> = {
  trainer: ['dist', 'trainer.js'],
  'gan-sample': ['bin', 'gan-sample.js'],
  'gan-export': ['bin', 'gan-export.js'],
  'gan-train': ['bin', 'gan-train.js'],
  'gan-sweep': ['bin', 'gan-sweep.js'],
};

/** How npm is started on this machine (nativeBackend/findNpm.ts finds it): an executable and the arguments before npm's own. */
export interface NpmCommand {
  command: string;
  args: readonly string[];
}

interface LaunchBase {
  args: readonly string[];
  /** The working directory; the host's when absent. */
  cwd?: string;
  /** Variables set over the host's environment for this process only (they win over everything else). */
  env?: Readonly<Record<string, string>>;
}

export type LaunchRequest = (LaunchBase & { tool: NodeTool }) | (LaunchBase & { tool: 'npm'; npm: NpmCommand });

/** The settings a launch reads (both machine-scoped). */
export interface LaunchSettings {
  /** Node executable; empty: the extension host's own runtime. */
  nodePath: string;
  /** `belowNormal`: the OS schedules the editor first, the child gets every idle cycle. */
  priority: TrainerPriority;
}

/** What the launch depends on besides the request and the settings (the host's, in the extension). */
export interface LaunchHost {
  extensionPath: string;
  env: NodeJS.ProcessEnv;
  /** The host's own runtime (`process.execPath`). */
  execPath: string;
  platform: NodeJS.Platform;
  /** The folder of a complete on-demand install of the native backend, if there is one (nativeBackend/nativeInstallFolder.ts). */
  nativeBackendDir?: string;
}

export interface LaunchPlan {
  command: string;
  args: string[];
  options: SpawnOptions & { stdio: StdioOptions };
  /** POSIX: the child leads its own process group, so a kill reaches whatever it started too. */
  processGroup: boolean;
}

/**
 * The environment of every child: the host's, the native backend's folder when one is installed
 * (a value the user set in the environment is kept), the request's own variables, and Electron made
 * to behave as plain Node.
 */
function childEnv(request: LaunchRequest, host: LaunchHost): NodeJS.ProcessEnv {
  const userSet = (host.env[NATIVE_BACKEND_DIR_ENV] ?? '') !== '';
  return {
    ...host.env,
    ...(host.nativeBackendDir !== undefined && !userSet && { [NATIVE_BACKEND_DIR_ENV]: host.nativeBackendDir }),
    ...request.env,
    ELECTRON_RUN_AS_NODE: '1',
  };
}

export function launchPlan(request: LaunchRequest, settings: LaunchSettings, host: LaunchHost): LaunchPlan {
  const processGroup = host.platform !== 'win32';
  const [command, args] =
    request.tool === 'npm'
      ? [request.npm.command, [...request.npm.args, ...request.args]]
      : [settings.nodePath.trim() || host.execPath, [path.join(host.extensionPath, ...TOOL_SCRIPTS[request.tool]), ...request.args]];
  return {
    command,
    args,
    options: {
      ...(request.cwd !== undefined && { cwd: request.cwd }),
      env: childEnv(request, host),
      // The trainer talks to the host over IPC (src/shared/protocol.ts); the CLIs and npm print lines.
      stdio: request.tool === 'trainer' ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
      detached: processGroup,
      windowsHide: true,
    },
    processGroup,
  };
}
