/**
 * The launcher of this window (the composition root builds one): the workspace's trust and the
 * Node path and priority settings, read from VS Code at every launch, so a process never starts in
 * an untrusted workspace whatever path asked for it; and the native backend's install folder in the
 * extension's global storage, handed to every process while it holds a complete install.
 */
import * as vscode from 'vscode';
import { nativeBackendDirFor } from '../nativeBackend/nativeInstallFolder';
import { readSettings } from '../settings';
import { ProcessLauncher, type LauncherDeps } from './processLauncher';

export function createHostLauncher(
  extensionPath: string,
  log: (line: string) => void,
  /** The extension's global storage folder, where the native backend is installed on demand. */
  storageDir: string,
  /** Replaceable in tests: how a child is spawned and reprioritised. */
  overrides: Pick<LauncherDeps, 'spawn' | 'setPriority'> = {},
): ProcessLauncher {
  return new ProcessLauncher({
    extensionPath,
    isTrusted: () => vscode.workspace.isTrusted,
    settings: () => {
      const { trainerNodePath, trainerPriority } = readSettings();
      return { nodePath: trainerNodePath, priority: trainerPriority };
    },
    log,
    nativeBackendDir: () => nativeBackendDirFor(storageDir),
    ...overrides,
  });
}
