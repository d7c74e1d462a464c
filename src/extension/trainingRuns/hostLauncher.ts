/**
 * The launcher of this window (the composition root builds one): the workspace's trust and the
 * Node path and priority settings, read from VS Code at every launch, so a process never starts in
 * an untrusted workspace whatever path asked for it.
 */
import * as vscode from 'vscode';
import { readSettings } from '../settings';
import { ProcessLauncher, type LauncherDeps } from './processLauncher';

export function createHostLauncher(
  extensionPath: string,
  log: (line: string) => void,
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
    ...overrides,
  });
}
