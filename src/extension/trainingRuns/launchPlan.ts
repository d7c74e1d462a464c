/**
 * How a process of this extension is started, as data: the Node executable, the bundled script of
 * the tool, the environment and the stdio. Pure (no `vscode`, nothing started); the launcher
 * (processLauncher.ts) carries it out.
 */
import type { SpawnOptions, StdioOptions } from 'node:child_process';
import * as path from 'node:path';
import type { TrainerPriority } from '../settings';

/** The trainer (dist/trainer.js, with an IPC channel) and the two CLIs the extension runs. */
export type ProcessTool = 'trainer' | 'gan-sample' | 'gan-export';

/** Each tool's script, relative to the extension's root (the bins load dist/cli/<tool>.js and run it). */
export const TOOL_SCRIPTS: Readonly<Record<ProcessTool, readonly string[]>> = {
  trainer: ['dist', 'trainer.js'],
  'gan-sample': ['bin', 'gan-sample.js'],
  'gan-export': ['bin', 'gan-export.js'],
};

export interface LaunchRequest {
  tool: ProcessTool;
  args: readonly string[];
  /** The working directory; the host's when absent. */
  cwd?: string;
}

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
}

export interface LaunchPlan {
  command: string;
  args: string[];
  options: SpawnOptions & { stdio: StdioOptions };
  /** POSIX: the child leads its own process group, so a kill reaches whatever it started too. */
  processGroup: boolean;
}

export function launchPlan(request: LaunchRequest, settings: LaunchSettings, host: LaunchHost): LaunchPlan {
  const processGroup = host.platform !== 'win32';
  return {
    command: settings.nodePath.trim() || host.execPath,
    args: [path.join(host.extensionPath, ...TOOL_SCRIPTS[request.tool]), ...request.args],
    options: {
      ...(request.cwd !== undefined && { cwd: request.cwd }),
      // The extension host may be Electron: make its binary behave as plain Node.
      env: { ...host.env, ELECTRON_RUN_AS_NODE: '1' },
      // The trainer talks to the host over IPC (src/shared/protocol.ts); the CLIs print JSON lines.
      stdio: request.tool === 'trainer' ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
      detached: processGroup,
      windowsHide: true,
    },
    processGroup,
  };
}
